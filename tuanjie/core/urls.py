from django.urls import path

from tuanjie.core import views_pages

app_name = "core"
urlpatterns = [
    path("changes/", views_pages.ChangeLogListView.as_view(), name="changelog_list"),
    path("changes/<int:pk>/", views_pages.ChangeLogDetailView.as_view(), name="changelog_detail"),
]
