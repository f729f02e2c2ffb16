from django.urls import path

from tuanjie.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("add/", views.AgreementEditView.as_view(), name="agreement_add"),
    path("issue-many/", views.agreement_template, name="agreement_template"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/edit/", views.AgreementEditView.as_view(), name="agreement_edit"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement_delete"),
    path("<int:pk>/scan/", views.AgreementScanView.as_view(), name="agreement_scan"),
    path("<int:pk>/document/", views.AgreementDocumentView.as_view(), name="agreement_document"),
    path("<int:pk>/<str:action>/", views.AgreementStepView.as_view(), name="agreement_step"),
    path("targets/add/", views.TargetEditView.as_view(), name="target_add"),
    path("targets/<int:pk>/edit/", views.TargetEditView.as_view(), name="target_edit"),
    path("targets/<int:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("targets/<int:pk>/assign/", views.TargetAssignView.as_view(), name="target_assign"),
    path("inclusions/", views.ChecklistListView.as_view(), name="checklist_list"),
    path("inclusions/add/", views.ChecklistEditView.as_view(), name="checklist_add"),
    path("inclusions/for-children/", views.checklist_batch, name="checklist_batch"),
    path("inclusions/summary/", views.inclusion_summary, name="inclusion_summary"),
    path("inclusions/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("inclusions/<int:pk>/edit/", views.ChecklistEditView.as_view(), name="checklist_edit"),
    path("inclusions/<int:pk>/delete/", views.ChecklistDeleteView.as_view(), name="checklist_delete"),
    path("inclusions/<int:pk>/items/add/", views.ItemAddView.as_view(), name="inclusion_item_add"),
    path("inclusions/items/<int:pk>/edit/", views.ItemEditView.as_view(), name="inclusion_item_edit"),
    path("inclusions/items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="inclusion_item_delete"),
]
