from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from tuanjie.core import views_pages
from tuanjie.leadership.api import LeadingGroupViewSet
from tuanjie.people.api import UserViewSet
from tuanjie.people.views_auth import LoginView
from tuanjie.places.api import PlaceViewSet

router = DefaultRouter()
router.register("places", PlaceViewSet, basename="place")
router.register("people", UserViewSet, basename="user")
router.register("leading-groups", LeadingGroupViewSet, basename="leadinggroup")

urlpatterns = [
    path("", views_pages.home, name="home"),
    path("healthz", views_pages.healthz, name="healthz"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html",
                                                            success_url="/"), name="password_change"),
    path("places/", include("tuanjie.places.urls")),
    path("people/", include("tuanjie.people.urls")),
    path("leading-groups/", include("tuanjie.leadership.urls")),
    path("system/", include("tuanjie.core.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
