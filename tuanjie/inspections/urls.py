from django.urls import path

from tuanjie.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("add/", views.RoundCreateView.as_view(), name="round_add"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/delete/", views.RoundDeleteView.as_view(), name="round_delete"),
    path("<int:pk>/findings/", views.FindingRecordView.as_view(), name="finding_record"),
    path("<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
    path("<int:pk>/notice.docx", views.RoundNoticeView.as_view(), name="round_notice"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/rectify/", views.RectificationCreateView.as_view(), name="rectification_add"),
    path("rectifications/", views.RectificationListView.as_view(), name="rectification_list"),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification_detail"),
    path("rectifications/<int:pk>/<str:action>/", views.RectificationStepView.as_view(), name="rectification_step"),
    path("talks/", views.TalkListView.as_view(), name="talk_list"),
    path("talks/add/", views.TalkEditView.as_view(), name="talk_add"),
    path("talks/<int:pk>/", views.TalkDetailView.as_view(), name="talk_detail"),
    path("talks/<int:pk>/edit/", views.TalkEditView.as_view(), name="talk_edit"),
    path("talks/<int:pk>/delete/", views.TalkDeleteView.as_view(), name="talk_delete"),
]
