"""Public notice (公示) pages of commendations, no sign-in."""
from django.urls import path

from tuanjie.commendations import views

app_name = "public_commendations"
urlpatterns = [
    path("", views.public_notice_list, name="notice_list"),
    path("<int:pk>/", views.public_notice_detail, name="notice_detail"),
]
