"""Public notice (公示) pages of commendations, no sign-in."""
from django.urls import path  # noqa: F401

app_name = "public_commendations"
urlpatterns: list = []
