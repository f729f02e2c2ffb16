from django.contrib.auth.decorators import login_required
from django.urls import path

from tuanjie.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("add/", views.ActivityEditView.as_view(), name="activity_add"),
    path("import/", views.ActivityImportView.as_view(), name="activity_import"),
    path("import/template.xlsx", login_required(views.import_template), name="activity_import_template"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("kinds/", views.KindListView.as_view(), name="kind_list"),
    path("kinds/add/", views.KindEditView.as_view(), name="kind_add"),
    path("kinds/<int:pk>/", views.KindDetailView.as_view(), name="kind_detail"),
    path("kinds/<int:pk>/edit/", views.KindEditView.as_view(), name="kind_edit"),
    path("kinds/<int:pk>/delete/", views.KindDeleteView.as_view(), name="kind_delete"),
]
