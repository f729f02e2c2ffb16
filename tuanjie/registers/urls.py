from django.urls import path

from tuanjie.registers import views

app_name = "registers"
urlpatterns = [
    path("briefings/<int:pk>/document/", views.BriefingDocumentView.as_view(), name="briefing_document"),
]
for name, prefix, list_view, detail, edit, delete in [
    ("base", "bases", views.BaseListView, views.BaseDetailView, views.BaseEditView, views.BaseDeleteView),
    ("cultivation", "cultivation", views.CultivationListView, views.CultivationDetailView, views.CultivationEditView,
     views.CultivationDeleteView),
    ("liaison", "liaisons", views.LiaisonListView, views.LiaisonDetailView, views.LiaisonEditView,
     views.LiaisonDeleteView),
    ("briefing", "briefings", views.BriefingListView, views.BriefingDetailView, views.BriefingEditView,
     views.BriefingDeleteView),
    ("decision", "decisions", views.DecisionListView, views.DecisionDetailView, views.DecisionEditView,
     views.DecisionDeleteView),
]:
    urlpatterns += [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]
