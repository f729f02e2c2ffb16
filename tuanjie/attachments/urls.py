from django.urls import path

from tuanjie.attachments import views

app_name = "attachments"
urlpatterns = [
    path("<int:pk>/", views.download, name="download"),
    path("<int:pk>/thumb/", views.thumbnail, name="thumbnail"),
    path("resumable/", views.resumable_create, name="resumable"),
    path("resumable/<str:upload_id>/", views.resumable_upload, name="resumable_upload"),
]
