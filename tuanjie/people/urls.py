from django.urls import path

from tuanjie.people import views, views_twofactor

app_name = "people"
urlpatterns = [
    path("", views.UserListView.as_view(), name="user_list"),
    path("add/", views.UserEditView.as_view(), name="user_add"),
    path("import/", views.PersonImportView.as_view(), name="user_import"),
    path("import/template/", views.import_template, name="user_import_template"),
    path("<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("<int:pk>/2fa-reset/", views_twofactor.twofactor_reset, name="twofactor_reset"),
    path("tokens/", views_twofactor.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views_twofactor.token_revoke, name="token_revoke"),
    path("roles/", views.RoleAssignmentListView.as_view(), name="assignment_list"),
    path("roles/add/", views.RoleAssignmentEditView.as_view(), name="assignment_add"),
    path("roles/<int:pk>/", views.RoleAssignmentDetailView.as_view(), name="assignment_detail"),
    path("roles/<int:pk>/edit/", views.RoleAssignmentEditView.as_view(), name="assignment_edit"),
    path("roles/<int:pk>/delete/", views.RoleAssignmentDeleteView.as_view(), name="assignment_delete"),
]
