"""Answering without signing in: a place's link (or its QR code) opens the quiz; the sheet is the device's own."""
from django.urls import path

from tuanjie.quizzes import answering

app_name = "public_quizzes"
urlpatterns = [
    path("<str:token>/", answering.public_start, name="start"),
    path("sheet/<str:token>/", answering.public_sheet, name="sheet"),
]
