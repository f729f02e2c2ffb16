from django.urls import path

from tuanjie.archives import views

app_name = "archives"
urlpatterns = [
    path("", views.ArchiveHomeView.as_view(), name="home"),
    path("<int:place>/<int:year>/", views.YearView.as_view(), name="year"),
    path("<int:place>/<int:year>/close/", views.CloseView.as_view(), name="close"),
    path("<int:place>/<int:year>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("<int:place>/<int:year>/package/", views.PackageRequestView.as_view(), name="package_request"),
    path("packages/<int:pk>/download/", views.PackageDownloadView.as_view(), name="package_download"),
    path("paper/", views.PaperListView.as_view(), name="paper_list"),
    path("paper/add/", views.PaperEditView.as_view(), name="paper_add"),
    path("paper/<int:pk>/", views.PaperDetailView.as_view(), name="paper_detail"),
    path("paper/<int:pk>/edit/", views.PaperEditView.as_view(), name="paper_edit"),
    path("paper/<int:pk>/delete/", views.PaperDeleteView.as_view(), name="paper_delete"),
]
