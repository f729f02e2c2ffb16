from django.urls import path

from tuanjie.titles import views

app_name = "titles"
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("apply/", views.ApplicationEditView.as_view(), name="application_add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/edit/", views.ApplicationEditView.as_view(), name="application_edit"),
    path("applications/<int:pk>/<slug:action>/", views.ApplicationActionView.as_view(), name="application_act"),
    path("named/", views.TitleListView.as_view(), name="title_list"),
    path("named/<int:pk>/", views.TitleDetailView.as_view(), name="title_detail"),
    path("named/<int:pk>/reinspect/", views.TitleReinspectView.as_view(), name="title_reinspect"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/add/", views.CallEditView.as_view(), name="call_add"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", views.CallEditView.as_view(), name="call_edit"),
    path("calls/<int:pk>/windows/<int:window>/reopen/", views.CallReopenView.as_view(), name="call_reopen"),
    path("quotas/", views.QuotaListView.as_view(), name="quota_list"),
    path("quotas/add/", views.QuotaEditView.as_view(), name="quota_add"),
    path("quotas/<int:pk>/", views.QuotaDetailView.as_view(), name="quota_detail"),
    path("quotas/<int:pk>/edit/", views.QuotaEditView.as_view(), name="quota_edit"),
    path("configuration/", views.ConfigView.as_view(), name="config"),
    path("configuration/add/", views.ConfigEditView.as_view(), name="config_add"),
    path("configuration/<int:pk>/", views.ConfigEditView.as_view(), name="config_edit"),
]
