from django.urls import path

from tuanjie.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("records/", views.RecordsView.as_view(), name="records"),
    path("lagging/", views.LaggingView.as_view(), name="lagging"),
    path("countables/", views.CountableListView.as_view(), name="countable_list"),
    path("countables/add/", views.CountableEditView.as_view(), name="countable_add"),
    path("countables/<int:pk>/", views.CountableDetailView.as_view(), name="countable_detail"),
    path("countables/<int:pk>/edit/", views.CountableEditView.as_view(), name="countable_edit"),
    path("countables/<int:pk>/delete/", views.CountableDeleteView.as_view(), name="countable_delete"),
]
