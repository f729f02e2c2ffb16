from django.urls import path

from tuanjie.information import views

app_name = "information"
urlpatterns = [
    path("", views.ItemListView.as_view(), name="item_list"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("add/", views.ItemEditView.as_view(), name="item_add"),
    path("add/late/", views.LateItemEditView.as_view(), name="item_add_late"),
    path("<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("<int:pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("<int:pk>/review/", views.ReviewView.as_view(), name="item_review"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="item_publish"),
    path("<int:pk>/publications/<int:publication_pk>/withdraw/", views.WithdrawView.as_view(),
         name="publication_withdraw"),
    path("<int:pk>/<slug:step>/", views.ItemActionView.as_view(), name="item_step"),
]
