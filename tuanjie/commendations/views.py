from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.commendations import selectors, services
from tuanjie.commendations.filtersets import CampaignFilterSet, NominationFilterSet
from tuanjie.commendations.forms import (
    CampaignForm,
    DecisionForm,
    NominationForm,
    NoticeForm,
    RecommendationQuotaForm,
)
from tuanjie.commendations.models import Campaign, Nomination
from tuanjie.core.access import VIEW
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.places.models import Place


def _errors(request, exc):
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


def _form_errors(request, form):
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


class CampaignListView(ObjectListView):
    lede = _l("评选表彰：推荐、审核、公示和表彰决定")
    model = Campaign
    select_related = ("place",)
    filterset_class = CampaignFilterSet
    create_url_name = "commendations:campaign_add"
    search = False
    columns = [Column("name", _l("评选名称"), link=True), Column("place", _l("组织单位")),
               Column("year", _l("年度"), order_by="year"), Column("status", _l("状态")),
               Column("notice_start", _l("公示开始")), Column("notice_end", _l("公示结束")),
               Column("decision_no", _l("表彰文号"))]


class CampaignDetailView(ObjectDetailView):
    model = Campaign
    template_name = "commendations/campaign_detail.html"
    edit_url_name = "commendations:campaign_edit"
    fields = [Column("place", _l("组织单位")), Column("year", _l("年度")), Column("status", _l("状态")),
              Column("nomination_deadline", _l("推荐截止日期")), Column("notice_start", _l("公示开始")),
              Column("notice_end", _l("公示结束")), Column("decision_no", _l("表彰决定文号")),
              Column("decided_on", _l("表彰日期")), Column("description", _l("评选说明"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        ctx["can_change"] = ctx["can_change"] and obj.status == Campaign.Status.OPEN
        ctx["counts"] = selectors.category_counts(obj)
        ctx["nominations"] = (Nomination.objects.restrict(user, VIEW).filter(campaign=obj)
                              .select_related("place").order_by("category", "id"))
        ctx["actions"] = services.campaign_available_actions(obj, user)
        ctx["notice_form"] = NoticeForm()
        ctx["decision_form"] = DecisionForm()
        ctx["recommendation_quotas"] = selectors.recommendation_quotas(obj)
        ctx["quota_form"] = (RecommendationQuotaForm(campaign=obj) if obj.recommend_level_id
                             and obj.status == Campaign.Status.OPEN and services.is_campaign_office(user, obj)
                             else None)
        ctx["may_nominate"] = obj.status == Campaign.Status.OPEN and NominationForm(
            user=user, campaign=obj).fields["unit"].queryset.exists()
        return ctx


class CampaignEditView(ObjectEditView):
    model = Campaign
    form_class = CampaignForm
    create_service = services.campaign_create
    update_service = services.campaign_update

    def perform_save(self, form, obj):
        if obj is not None:
            return super().perform_save(form, obj)
        data = form.cleaned_data
        return self.create_service(
            by=self.request.user, place=data["place"], name=data["name"], year=data["year"],
            description=data["description"], nomination_deadline=data["nomination_deadline"],
            quota_collective=data["quota_collective"], quota_individual=data["quota_individual"],
            quota_family=data["quota_family"], recommend_level=data.get("recommend_level"))


class CampaignActionView(RestrictedMixin, View):
    model = Campaign

    def post(self, request, pk, action):
        campaign = self.get_object()
        form_class = {"start_notice": NoticeForm, "decide": DecisionForm}.get(action)
        if form_class is None:
            raise Http404
        form = form_class(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(campaign.get_absolute_url())
        try:
            services.campaign_act(by=request.user, campaign=campaign, action=action, **form.cleaned_data)
        except ValidationError as exc:   # a refusal (PermissionDenied) is a 403 with its reason
            _errors(request, exc)
        else:
            messages.success(request, _("已办理：%(a)s") % {"a": services.CAMPAIGN_TRANSITIONS[action].label})
        return redirect(campaign.get_absolute_url())


class RecommendationQuotaView(RestrictedMixin, View):
    """The campaign's office gives a lower office its quota of recommendations."""

    model = Campaign

    def post(self, request, pk):
        campaign = self.get_object()
        form = RecommendationQuotaForm(request.POST, campaign=campaign)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(campaign.get_absolute_url())
        data = form.cleaned_data
        try:
            quota = services.recommendation_quota_set(by=request.user, campaign=campaign, office=data["office"],
                                                      category=data["category"], limit=data["limit"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已分配：%(q)s") % {"q": quota})
        return redirect(campaign.get_absolute_url())


class NominationCreateView(RestrictedMixin, View):
    model = Campaign
    template_name = "core/object_form.html"

    def render_form(self, form, campaign):
        return render(self.request, self.template_name, {
            "form": form, "title": _("推荐：%(c)s") % {"c": campaign}})

    def get(self, request, pk):
        campaign = self.get_object()
        return self.render_form(NominationForm(user=request.user, campaign=campaign), campaign)

    def post(self, request, pk):
        campaign = self.get_object()
        form = NominationForm(request.POST, request.FILES, user=request.user, campaign=campaign)
        if form.is_valid():
            data = form.cleaned_data
            try:
                nomination = services.nomination_create(
                    by=request.user, campaign=campaign, unit=data["unit"], category=data["category"],
                    nominee_name=data["nominee_name"], summary=data["summary"], deeds=data["deeds"],
                    files=request.FILES.getlist("files"))
            except (ValidationError, PermissionDenied) as exc:
                for message in getattr(exc, "messages", None) or [str(exc)]:
                    form.add_error(None, message)
            else:
                messages.success(request, _("已推荐：%(n)s") % {"n": nomination})
                return redirect(nomination.get_absolute_url())
        return self.render_form(form, campaign)


class NominationListView(ObjectListView):
    lede = _l("各单位报送的表彰推荐对象")
    model = Nomination
    select_related = ("place", "campaign")
    filterset_class = NominationFilterSet
    search = False
    columns = [Column("nominee_name", _l("推荐对象"), link=True), Column("category", _l("类别")),
               Column("place", _l("推荐单位")), Column("campaign", _l("评选")), Column("status", _l("状态"))]


class NominationDetailView(ObjectDetailView):
    model = Nomination
    template_name = "commendations/nomination_detail.html"
    fields = [Column("campaign", _l("评选")), Column("category", _l("类别")), Column("nominee_name", _l("推荐对象")),
              Column("place", _l("推荐单位")), Column("status", _l("状态")), Column("summary", _l("事迹摘要")),
              Column("review_reason", _l("审核意见")), Column("honoured_on", _l("表彰日期"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["deeds"] = mark_safe(services.clean_deeds(obj.deeds))  # noqa: S308 - sanitised by nh3 just now
        ctx["actions"] = services.nomination_available_actions(obj, self.request.user)
        return ctx


class NominationActionView(RestrictedMixin, View):
    model = Nomination

    def post(self, request, pk, action):
        nomination = self.get_object()
        try:
            services.nomination_act(by=request.user, nomination=nomination, action=action,
                                    reason=request.POST.get("reason", ""))
        except ValidationError as exc:   # a refusal (PermissionDenied) is a 403 with its reason
            _errors(request, exc)
        else:
            messages.success(request, _("已办理：%(a)s") % {"a": services.NOMINATION_TRANSITIONS[action].label})
        return redirect(nomination.get_absolute_url())


class HonoursView(View):
    """Honours per unit and per person, inside the reader's reach."""

    lede = _l("已表彰的集体和个人")
    def get(self, request):
        unit = None
        if request.GET.get("unit"):
            unit = Place.objects.restrict(request.user, VIEW).filter(pk=request.GET["unit"]).first()
        name = request.GET.get("name", "").strip()
        rows = selectors.honours(Nomination.objects.restrict(request.user, VIEW), unit=unit, name=name)[:500]
        return render(request, "commendations/honours.html", {
            "title": _("荣誉榜"), "rows": rows, "unit": unit, "name": name})


# ---------------------------------------------------------------- public pages (no sign-in)

def public_notice_list(request):
    today = timezone.localdate()
    return render(request, "commendations/public_list.html", {
        "title": _("评选表彰公示"), "campaigns": selectors.notices_in_period(today)})


def public_notice_detail(request, pk):
    campaign = get_object_or_404(selectors.notices_in_period(timezone.localdate()), pk=pk)
    return render(request, "commendations/public_detail.html", {
        "title": campaign.name, "campaign": campaign, "nominees": selectors.public_nominees(campaign)})
