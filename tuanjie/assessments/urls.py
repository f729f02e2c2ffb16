from django.urls import path

from tuanjie.assessments import views

app_name = "assessments"
urlpatterns = [
    path("systems/", views.SystemListView.as_view(), name="system_list"),
    path("systems/import/", views.SystemImportView.as_view(), name="system_import"),
    path("systems/template.xlsx", views.system_template, name="system_template"),
    path("systems/from-template/", views.SystemFromTemplateView.as_view(), name="system_from_template"),
    path("systems/<int:pk>/", views.SystemDetailView.as_view(), name="system_detail"),
    path("systems/<int:pk>/derive/", views.SystemDeriveView.as_view(), name="system_derive"),
    path("systems/upper/", views.UpperSystemListView.as_view(), name="upper_systems"),
    path("systems/<int:pk>/export.xlsx", views.SystemExportView.as_view(), name="system_export"),
    path("systems/<int:pk>/new-version/", views.SystemNewVersionView.as_view(), name="system_new_version"),
    path("distance/", views.DistanceView.as_view(), name="distance"),
    path("candidates/", views.CandidatesView.as_view(), name="candidates"),
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("add/", views.CampaignCreateView.as_view(), name="campaign_add"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/finish/", views.CampaignFinishView.as_view(), name="campaign_finish"),
    path("<int:pk>/results.xlsx", views.CampaignResultsExportView.as_view(), name="campaign_export"),
    path("entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:pk>/self/", views.EntrySelfAssessView.as_view(), name="entry_self"),
    path("entries/<int:pk>/review/", views.EntryReviewView.as_view(), name="entry_review"),
    path("entries/<int:pk>/return/", views.EntryReturnView.as_view(), name="entry_return"),
]
