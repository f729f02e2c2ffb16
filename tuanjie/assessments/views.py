"""Pages of indicator systems and assessment campaigns; every write goes through the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.assessments import selectors, services
from tuanjie.assessments.imports import SYSTEM_TEMPLATE_EXAMPLE, SYSTEM_TEMPLATE_NOTES, IndicatorSystemImporter
from tuanjie.assessments.models import Campaign, Entry, IndicatorSystem
from tuanjie.core.spreadsheets import template_response, xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDetailView, ObjectListView, RestrictedMixin


def _messages(exc) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc) or _("无权操作")])


def _step(request, obj, fn):
    """What is wrong with the record comes back as a message; a refusal (PermissionDenied) is the 403 page."""
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    else:
        messages.success(request, _("操作成功"))
    return redirect(obj.get_absolute_url())


# ---------------------------------------------------------------------------------------------------- systems

class SystemListView(ObjectListView):
    lede = _l("测评指标体系：指标、分值和评分方法，可从Excel导入")
    model = IndicatorSystem
    select_related = ("place", "category", "subject_level")
    import_url_name = "assessments:system_import"
    create_url_name = "assessments:system_from_template"
    search = False
    columns = [Column("name", _l("名称"), link=True), Column("year", _l("年度"), order_by="year"),
               Column("category_label", _l("适用类别")), Column("version", _l("版本")), Column("place", _l("制定单位")),
               Column("derived_from", _l("依据的上级体系"))]


class SystemDetailView(ObjectDetailView):
    model = IndicatorSystem
    template_name = "assessments/system_detail.html"
    fields = [Column("place", _l("制定单位")), Column("year", _l("年度")), Column("category_label", _l("适用类别")),
              Column("version", _l("版本")), Column("derived_from", _l("依据的上级体系")), Column("note", _l("说明"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["indicators"] = selectors.indicator_tree(obj)
        ctx["full_points"] = selectors.full_points(obj)
        ctx["may_revise"] = services.covers(self.request.user, {"office"}, obj.place)
        ctx["own_places"] = selectors.offices_that_may_adopt(self.request.user, obj)
        ctx["adoptions"] = obj.adoptions.select_related("place").order_by("place__path")
        return ctx


class SystemImportView(View):
    template_name = "assessments/system_import.html"

    def get(self, request):
        from tuanjie.assessments.forms import SystemImportForm

        return render(request, self.template_name, {"form": SystemImportForm(user=request.user),
                                                    "title": _("导入测评指标体系")})

    def post(self, request):
        from tuanjie.assessments.forms import SystemImportForm

        form = SystemImportForm(request.POST, request.FILES, user=request.user)
        errors = []
        if form.is_valid():
            d = form.cleaned_data
            importer = IndicatorSystemImporter(request.user, place=d["place"], year=d["year"],
                                               category=d["category"], name=d["name"],
                                               subject_level=d["subject_level"])
            result = importer.run(d["file"])
            if result.ok:
                messages.success(request, _("已导入%(n)d项指标") % {"n": result.created})
                return redirect(importer.system.get_absolute_url())
            errors = result.errors
        return render(request, self.template_name, {"form": form, "errors": errors,
                                                    "title": _("导入测评指标体系")}, status=422 if errors else 200)


def system_template(request):
    return template_response("测评指标体系导入模板.xlsx", selectors.SYSTEM_HEADERS, SYSTEM_TEMPLATE_EXAMPLE,
                             SYSTEM_TEMPLATE_NOTES)


class SystemExportView(RestrictedMixin, View):
    model = IndicatorSystem

    def get(self, request, pk):
        system = self.get_object()
        return xlsx_response(f"{system.name}.xlsx", selectors.SYSTEM_HEADERS, selectors.system_rows(system),
                             _("测评指标"))


class SystemNewVersionView(RestrictedMixin, View):
    model = IndicatorSystem

    def post(self, request, pk):
        system = self.get_object()
        try:
            copy = services.indicator_system_new_version(by=request.user, system=system)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _messages(exc))
            return redirect(system.get_absolute_url())
        messages.success(request, _("已生成第%(v)d版") % {"v": copy.version})
        return redirect(copy.get_absolute_url())


# ---------------------------------------------------------------------------------------------------- campaigns

class CampaignListView(ObjectListView):
    lede = _l("测评考核：单位自评、评审打分、定等级和排名")
    model = Campaign
    select_related = ("place", "system")
    create_url_name = "assessments:campaign_add"
    search = False
    columns = [Column("name", _l("名称"), link=True), Column("year", _l("考核年度"), order_by="year"),
               Column("system", _l("指标体系")), Column("place", _l("组织单位")), Column("state", _l("状态"))]


class CampaignCreateView(View):
    def get(self, request):
        from tuanjie.assessments.forms import CampaignForm

        return render(request, "core/object_form.html", {"form": CampaignForm(user=request.user),
                                                          "title": _("新增考核验收")})

    def post(self, request):
        from tuanjie.assessments.forms import CampaignForm

        form = CampaignForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                campaign = services.campaign_create(by=request.user, **d)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _messages(exc))
            else:
                messages.success(request, _("已新建考核验收，参评对象可以开始自评"))
                return redirect(campaign.get_absolute_url())
        return render(request, "core/object_form.html", {"form": form, "title": _("新增考核验收")})


class CampaignDetailView(ObjectDetailView):
    lede = _l("一次测评的单位、得分、等级和排名")
    model = Campaign
    template_name = "assessments/campaign_detail.html"
    fields = [Column("place", _l("组织单位")), Column("year", _l("考核年度")), Column("system", _l("指标体系")),
              Column("rule", _l("评审计分规则")),
              Column("thresholds", _l("等次分数线"), value=lambda c: _("优秀≥%(e)s，良好≥%(g)s，合格≥%(p)s") % {
                  "e": c.excellent_from, "g": c.good_from, "p": c.pass_from}),
              Column("self_deadline", _l("自评截止日期")), Column("state", _l("状态"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["entries"] = (Entry.objects.restrict(self.request.user).filter(campaign=obj)
                          .select_related("subject").order_by("rank", "subject__path"))
        ctx["reviewers"] = obj.reviewers.all()
        ctx["may_finish"] = obj.state == Campaign.State.OPEN and services.covers(self.request.user, {"office"},
                                                                                  obj.place)
        return ctx


class CampaignFinishView(RestrictedMixin, View):
    model = Campaign

    def post(self, request, pk):
        campaign = self.get_object()
        return _step(request, campaign, lambda: services.campaign_finish(by=request.user, campaign=campaign))


class CampaignResultsExportView(RestrictedMixin, View):
    model = Campaign

    def get(self, request, pk):
        campaign = self.get_object()
        visible = set(Entry.objects.restrict(request.user).filter(campaign=campaign).values_list("pk", flat=True))
        rows = [row for entry, row in zip(selectors.results(campaign), selectors.result_rows(campaign), strict=True)
                if entry.pk in visible]
        return xlsx_response(f"{campaign.name}结果.xlsx", selectors.RESULT_HEADERS, rows, _("考核结果"))


class EntryDetailView(ObjectDetailView):
    model = Entry
    template_name = "assessments/entry_detail.html"
    fields = [Column("subject", _l("参评对象")), Column("campaign", _l("考核验收")), Column("state", _l("状态")),
              Column("self_total", _l("自评总分")), Column("total", _l("得分")), Column("percent", _l("百分制得分")),
              Column("vetoed", _l("一票否决")), Column("grade", _l("等次")), Column("rank", _l("名次")),
              Column("return_comment", _l("退回意见")), Column("self_summary", _l("自评报告"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        user = self.request.user
        lines = list(selectors.entry_lines(obj))
        for line in lines:
            line.mine = next((r for r in line.reviews.all() if r.reviewer_id == user.pk), None)
        campaign = obj.campaign
        is_reviewer = campaign.reviewers.filter(pk=user.pk).exists()
        allowed = services.allowed_entry_transitions(user, obj)
        ctx.update(lines=lines, allowed=allowed,
                   may_self="submit" in allowed,  # self-scores are saved while the unit may still submit
                   may_review=(obj.state == Entry.State.SUBMITTED and is_reviewer
                               and campaign.state == Campaign.State.OPEN))
        return ctx


class EntrySelfAssessView(RestrictedMixin, View):
    """All the unit's self-scores in one form, saved together or not at all (and submitted if asked)."""

    model = Entry

    def post(self, request, pk):
        entry = self.get_object()
        scores = {}
        for line_id in entry.lines.values_list("pk", flat=True):
            score = request.POST.get(f"score-{line_id}", "").strip()
            if score:
                scores[line_id] = services.SelfScore(score, request.POST.get(f"note-{line_id}", ""),
                                                     bool(request.POST.get(f"veto-{line_id}")),
                                                     tuple(request.FILES.getlist(f"files-{line_id}")))
        try:
            with transaction.atomic():
                services.entry_self_assess(by=request.user, entry=entry, scores=scores)
                if request.POST.get("submit"):
                    services.entry_submit(by=request.user, entry=entry, summary=request.POST.get("summary"))
        except ValidationError as exc:
            messages.error(request, _messages(exc))
        else:
            messages.success(request, _("已提交自评") if request.POST.get("submit") else _("已保存自评"))
        return redirect(entry.get_absolute_url())


class EntryReviewView(RestrictedMixin, View):
    """A reviewer's scores of an entry's lines, saved together or not at all."""

    model = Entry

    def post(self, request, pk):
        entry = self.get_object()
        scores = {}
        for line_id in entry.lines.values_list("pk", flat=True):
            score = request.POST.get(f"score-{line_id}", "").strip()
            if score:
                scores[line_id] = services.Review(score, bool(request.POST.get(f"veto-{line_id}")),
                                                  request.POST.get(f"reason-{line_id}", ""))
        return _step(request, entry, lambda: services.entry_review(by=request.user, entry=entry, scores=scores))


class EntryReturnView(RestrictedMixin, View):
    model = Entry

    def post(self, request, pk):
        entry = self.get_object()
        return _step(request, entry, lambda: services.entry_return(by=request.user, entry=entry,
                                                                   comment=request.POST.get("comment", "")))


# ---------------------------------------------------------------------------------------------------- distance

def _subject_from(request):
    """The subject asked for (?place=), else the focused place: always through `restrict`."""
    from django.http import Http404

    from tuanjie.core.focus import focus_place
    from tuanjie.places.models import Place

    place_id = request.GET.get("place", "")
    if place_id:
        place = (Place.objects.restrict(request.user).select_related("level", "creation_field")
                 .filter(pk=place_id if place_id.isdigit() else 0).first())
    else:
        place = focus_place(request)
    if place is None:
        raise Http404(_("没有找到该地区/单位，或您无权查看"))
    return place


def _level_from(request, subject):
    from tuanjie.titles.models import TitleLevel

    level_id = request.GET.get("level", "")
    levels = TitleLevel.objects.filter(is_active=True, indicator_system__isnull=False).select_related(
        "indicator_system")
    if level_id:
        return levels.filter(pk=level_id if level_id.isdigit() else 0).first(), list(levels)
    return (selectors.aimed_level(subject) if subject is not None else None), list(levels)


class DistanceView(View):
    """How far a subject stands from its title: proposed score, gaps, veto risks and the next steps."""

    lede = _l("距称号还差多少：按称号的测评指标体系，台账指标按今年记录自动计分，其余按最近一次自评或评审，逐项列出差距和下一步")

    def get(self, request):
        subject = _subject_from(request)
        level, levels = _level_from(request, subject)
        distance = selectors.title_distance(subject, level) if level is not None else None
        return render(request, "assessments/distance.html", {
            "title": _("距称号还差多少"), "subject": subject, "level": level, "levels": levels,
            "distance": distance})


class CandidatesView(View):
    """The office's candidates for a title level, nearest the title first."""

    lede = _l("本地区申报或准备申报称号的创建对象，按距申报门槛的差距排序")

    def get(self, request):
        subject = _subject_from(request)
        level, levels = _level_from(request, None)
        if level is None and levels:
            level = levels[0]
        ranked = selectors.title_candidates(subject, level) if level is not None else []
        return render(request, "assessments/candidates.html", {
            "title": _("创建对象距称号排名"), "office": subject, "level": level, "levels": levels, "ranked": ranked})


class SystemFromTemplateView(View):
    """Start an indicator system from one of the default templates."""

    def _form(self, request, data=None):
        from tuanjie.assessments.forms import SystemTemplateForm

        return SystemTemplateForm(data, user=request.user)

    def get(self, request):
        return render(request, "core/object_form.html", {"form": self._form(request), "title": _("按模板新建指标体系")})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                system = services.indicator_system_from_template(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _messages(exc))
            else:
                messages.success(request, _("已按模板新建“%(name)s”，可导出修改后重新导入，或生成新版本") % {
                    "name": system.name})
                return redirect(system.get_absolute_url())
        return render(request, "core/object_form.html", {"form": form, "title": _("按模板新建指标体系")})


class UpperSystemListView(ObjectListView):
    lede = _l("上级创建办制定的测评指标体系：本地区可直接采用，或依据它制定本地区版本")
    model = IndicatorSystem
    title = _l("上级测评指标体系")
    select_related = ("place", "category", "subject_level")
    follow_focus = False
    search = False
    columns = [Column("name", _l("名称")), Column("year", _l("年度")), Column("category_label", _l("适用类别")),
               Column("version", _l("版本")), Column("place", _l("制定单位"))]
    template_name = "assessments/upper_systems.html"

    def base_queryset(self):
        return selectors.upper_systems_for(self.request.user).order_by("-year", "place__path", "-version")


class SystemDeriveView(RestrictedMixin, View):
    """An upper (or own) system seen from below: adopt it as it stands, or derive the office's own version."""

    model = IndicatorSystem
    lede = _l("采用上级版本，本地区的测评和“距称号还差多少”即按此版本计算；也可依据它制定本地区版本后修改")

    def base_queryset(self):
        return selectors.systems_for(self.request.user).select_related("place", "category", "subject_level")

    def get(self, request, pk):
        system = self.get_object()
        return render(request, "assessments/upper_system.html", {
            "object": system, "title": system.name, "indicators": selectors.indicator_tree(system),
            "full_points": selectors.full_points(system),
            "own_places": selectors.offices_that_may_adopt(request.user, system)})

    def post(self, request, pk):
        from tuanjie.places.models import Place

        system = self.get_object()
        place = Place.objects.restrict(request.user).filter(pk=request.POST.get("place") or 0).first()
        if place is None:
            messages.error(request, _("请选择本地区"))
            return redirect(system.get_absolute_url())
        try:
            if request.POST.get("adopt"):
                services.indicator_system_adopt(by=request.user, system=system, place=place)
                messages.success(request, _("%(place)s已采用此版本") % {"place": place.name})
                return redirect(system.get_absolute_url())
            copy = services.indicator_system_derive(by=request.user, system=system, place=place)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _messages(exc))
            return redirect(system.get_absolute_url())
        messages.success(request, _("已制定%(place)s的版本，可修改后供下级采用") % {"place": place.name})
        return redirect(copy.get_absolute_url())
