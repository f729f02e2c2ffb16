from django.urls import path

from tuanjie.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.FundSummaryView.as_view(), name="summary"),
    path("allocations/import/", views.AllocationImportView.as_view(), name="allocation_import"),
    path("allocations/import/template/", views.allocation_import_template, name="allocation_import_template"),
]
for name, prefix, list_view, detail, edit, delete in [
    ("allocation", "allocations", views.AllocationListView, views.AllocationDetailView, views.AllocationEditView,
     views.AllocationDeleteView),
    ("need", "needs", views.NeedListView, views.NeedDetailView, views.NeedEditView, views.NeedDeleteView),
    ("expenditure", "expenditures", views.ExpenditureListView, views.ExpenditureDetailView,
     views.ExpenditureEditView, views.ExpenditureDeleteView),
]:
    urlpatterns += [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]
