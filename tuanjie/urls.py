from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tuanjie.core import pwa, views_pages, views_search
from tuanjie.core.api import ApiRouter, collect_routes
from tuanjie.people import views_twofactor
from tuanjie.people.views_auth import LoginView, PasswordChangeView

# A Chinese page (JSON for the API) that says whether the action was saved; 503 when the database is away.
handler500 = "tuanjie.core.errors.server_error"
# A refusal (PermissionDenied) shows its own reason, e.g. "只有申报单位的创建单位工作人员可以撤回申报".
handler403 = "tuanjie.core.errors.permission_denied"
handler404 = "tuanjie.core.errors.page_not_found"

# Each app lists its API endpoints in api.py as ROUTES = [(prefix, ViewSet, basename)].
router = ApiRouter()
for prefix, viewset, basename in collect_routes():
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("", views_pages.home, name="home"),
    path("healthz", views_pages.healthz, name="healthz"),
    # The installable app (core/pwa.py); the worker sits at the root so that its scope is the whole site.
    path("sw.js", pwa.service_worker, name="pwa_worker"),
    path("app/manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("app/icons/<int:size>.png", pwa.icon, name="pwa_icon"),
    path("app/icons/<int:size>-maskable.png", pwa.icon, {"maskable": True}, name="pwa_icon_maskable"),
    path("app/offline/", pwa.offline, name="pwa_offline"),
    path("search/", views_search.search, name="search"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/verify/", views_twofactor.twofactor_verify, name="twofactor_verify"),
    path("2fa/enrol/", views_twofactor.twofactor_enrol, name="twofactor_enrol"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("places/", include("tuanjie.places.urls")),
    path("people/", include("tuanjie.people.urls")),
    path("leading-groups/", include("tuanjie.leadership.urls")),
    path("system/", include("tuanjie.core.urls")),
    path("attachments/", include("tuanjie.attachments.urls")),
    path("inbox/", include("tuanjie.notifications.urls")),
    path("plans/", include("tuanjie.plans.urls")),
    path("quotas/", include("tuanjie.quotas.urls")),
    path("activities/", include("tuanjie.activities.urls")),
    path("funds/", include("tuanjie.funds.urls")),
    path("information/", include("tuanjie.information.urls")),
    path("pairing/", include("tuanjie.pairing.urls")),
    path("inspections/", include("tuanjie.inspections.urls")),
    path("assessments/", include("tuanjie.assessments.urls")),
    path("titles/", include("tuanjie.titles.urls")),
    path("commendations/", include("tuanjie.commendations.urls")),
    path("analytics/", include("tuanjie.analytics.urls")),
    path("documents/", include("tuanjie.documents.urls")),
    path("agreements/", include("tuanjie.agreements.urls")),
    path("registers/", include("tuanjie.registers.urls")),
    path("archives/", include("tuanjie.archives.urls")),
    path("quizzes/", include("tuanjie.quizzes.urls")),
    path("public/commendations/", include("tuanjie.commendations.public_urls")),
    path("public/titles/", include("tuanjie.titles.public_urls")),
    path("public/quiz/", include("tuanjie.quizzes.public_urls")),
    path("public/", include("tuanjie.information.public_urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file (no inline script under the CSP); both need a signed-in person.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
