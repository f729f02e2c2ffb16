from django.urls import path

from tuanjie.commendations import views

app_name = "commendations"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("add/", views.CampaignEditView.as_view(), name="campaign_add"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:pk>/edit/", views.CampaignEditView.as_view(), name="campaign_edit"),
    path("<int:pk>/nominate/", views.NominationCreateView.as_view(), name="nomination_add"),
    path("<int:pk>/recommendation-quota/", views.RecommendationQuotaView.as_view(), name="recommendation_quota"),
    path("<int:pk>/<slug:action>/", views.CampaignActionView.as_view(), name="campaign_act"),
    path("nominations/", views.NominationListView.as_view(), name="nomination_list"),
    path("nominations/<int:pk>/", views.NominationDetailView.as_view(), name="nomination_detail"),
    path("nominations/<int:pk>/<slug:action>/", views.NominationActionView.as_view(), name="nomination_act"),
    path("honours/", views.HonoursView.as_view(), name="honours"),
]
