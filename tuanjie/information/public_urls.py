"""The public pages (no sign-in): published news, model stories, commendation notices, policy knowledge."""
from django.urls import path

from tuanjie.information import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.home, name="home"),
    path("news/", public_views.news_list, name="news_list"),
    path("news/<int:pk>/", public_views.news_detail, name="news_detail"),
    path("photos/<int:pk>/", public_views.photo, name="photo"),
    path("photos/<int:pk>/thumb/", public_views.photo_thumb, name="photo_thumb"),
]
