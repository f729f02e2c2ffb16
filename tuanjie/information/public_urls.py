"""The public pages (no sign-in): published news, model stories, commendation notices, policy knowledge."""
from django.urls import path  # noqa: F401

app_name = "public"
urlpatterns: list = []
