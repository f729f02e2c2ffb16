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
]
