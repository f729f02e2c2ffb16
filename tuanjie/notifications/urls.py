from django.urls import path

from tuanjie.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_note, name="open"),
    path("read-all/", views.read_all, name="read_all"),
]
