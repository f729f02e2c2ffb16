from django.urls import path

from tuanjie.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.GenerateView.as_view(), name="generate"),
    path("<int:pk>/download/", views.DownloadView.as_view(), name="download"),
    path("<int:pk>/delete/", views.GeneratedDeleteView.as_view(), name="delete"),
    path("my-file/", views.CadreFileView.as_view(), name="cadre_file"),
    path("templates/", views.TemplateListView.as_view(), name="template_list"),
    path("templates/add/", views.TemplateEditView.as_view(), name="template_add"),
    path("templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template_detail"),
    path("templates/<int:pk>/edit/", views.TemplateEditView.as_view(), name="template_edit"),
    path("templates/<int:pk>/delete/", views.TemplateDeleteView.as_view(), name="template_delete"),
    path("results/", views.KeyResultListView.as_view(), name="result_list"),
    path("results/add/", views.KeyResultEditView.as_view(), name="result_add"),
    path("results/<int:pk>/", views.KeyResultDetailView.as_view(), name="result_detail"),
    path("results/<int:pk>/edit/", views.KeyResultEditView.as_view(), name="result_edit"),
    path("results/<int:pk>/delete/", views.KeyResultDeleteView.as_view(), name="result_delete"),
]
