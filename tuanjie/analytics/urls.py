from django.urls import path

from tuanjie.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("records/", views.RecordsView.as_view(), name="records"),
    path("lagging/", views.LaggingView.as_view(), name="lagging"),
]
