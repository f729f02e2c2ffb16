from django.urls import path

from tuanjie.quotas import views

app_name = "quotas"
urlpatterns = [
    path("", views.RuleListView.as_view(), name="rule_list"),
    path("add/", views.RuleEditView.as_view(), name="rule_add"),
    path("mine/", views.StandingView.as_view(), name="standing"),
    path("<int:pk>/", views.RuleDetailView.as_view(), name="rule_detail"),
    path("<int:pk>/edit/", views.RuleEditView.as_view(), name="rule_edit"),
    path("<int:pk>/delete/", views.RuleDeleteView.as_view(), name="rule_delete"),
    path("<int:pk>/compliance/", views.ComplianceView.as_view(), name="compliance"),
]
