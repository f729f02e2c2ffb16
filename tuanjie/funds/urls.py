from django.urls import path

from tuanjie.funds import views

app_name = "funds"
urlpatterns = [path("", views.FundSummaryView.as_view(), name="summary")]
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
