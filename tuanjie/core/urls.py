from django.urls import path

from tuanjie.core import pwa, sessions, views_help, views_pages

app_name = "core"
urlpatterns = [
    path("session/keep-alive/", sessions.keep_alive, name="session_keep_alive"),
    path("queue/", pwa.offline_queue, name="offline_queue"),
    path("guide/dismiss/", views_help.guide_dismiss_view, name="guide_dismiss"),
    path("todo/", views_pages.todo_list, name="todo"),
    path("changes/", views_pages.ChangeLogListView.as_view(), name="changelog_list"),
    path("changes/<int:pk>/", views_pages.ChangeLogDetailView.as_view(), name="changelog_detail"),
    path("security/", views_pages.SecurityEventListView.as_view(), name="security_events"),
    path("bin/", views_pages.DeletedListView.as_view(), name="deleted_list"),
    path("bin/<int:pk>/", views_pages.DeletedDetailView.as_view(), name="deleted_detail"),
    path("bin/<int:pk>/restore/", views_pages.DeletedRestoreView.as_view(), name="deleted_restore"),
]
