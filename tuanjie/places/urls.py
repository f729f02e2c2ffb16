from django.urls import path

from tuanjie.places import views, views_config, views_divisions

app_name = "places"
urlpatterns = [
    path("", views.PlaceListView.as_view(), name="place_list"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("tree/", views.PlaceTreeView.as_view(), name="place_tree"),
    path("add/", views.PlaceEditView.as_view(), name="place_add"),
    path("import/", views.PlaceImportView.as_view(), name="place_import"),
    path("import/template/", views.import_template, name="place_import_template"),
    path("divisions/", views_divisions.division_pick, name="division_pick"),
    path("divisions/preview/", views_divisions.division_preview, name="division_preview"),
    path("divisions/jobs/<int:pk>/", views_divisions.division_sync, name="division_sync"),
    path("config/<str:kind>/", views_config.config_list, name="config_list"),
    path("config/fields/", views_config.config_list, {"kind": "fields"}, name="config_fields"),
    path("config/levels/", views_config.config_list, {"kind": "levels"}, name="config_levels"),
    path("config/<str:kind>/add/", views_config.config_edit, name="config_add"),
    path("config/<str:kind>/<int:pk>/", views_config.config_edit, name="config_edit"),
    path("<int:pk>/", views.PlaceDetailView.as_view(), name="place_detail"),
    path("<int:pk>/children/", views.PlaceChildrenView.as_view(), name="place_children"),
    path("<int:pk>/focus/", views.PlaceFocusView.as_view(), name="place_focus"),
    path("<int:pk>/edit/", views.PlaceEditView.as_view(), name="place_edit"),
    path("<int:pk>/move/", views.PlaceMoveView.as_view(), name="place_move"),
    path("<int:pk>/delete/", views.PlaceDeleteView.as_view(), name="place_delete"),
]
