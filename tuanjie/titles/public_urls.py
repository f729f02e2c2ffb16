"""Public honours page of demonstration titles, no sign-in."""
from django.urls import path

from tuanjie.titles import views

app_name = "public_titles"
urlpatterns = [path("", views.public_honours, name="honours")]
