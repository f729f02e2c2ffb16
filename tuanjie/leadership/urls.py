from django.urls import path

from tuanjie.leadership import views

app_name = "leadership"
urlpatterns = [
    path("", views.GroupListView.as_view(), name="group_list"),
    path("add/", views.GroupEditView.as_view(), name="group_add"),
    path("import/", views.LeadingGroupImportView.as_view(), name="group_import"),
    path("import/template/", views.group_import_template, name="group_import_template"),
    path("<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("<int:pk>/edit/", views.GroupEditView.as_view(), name="group_edit"),
    path("<int:pk>/delete/", views.GroupDeleteView.as_view(), name="group_delete"),
]
