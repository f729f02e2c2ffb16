from datetime import date

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View

from tuanjie.core.access import within
from tuanjie.core.spreadsheets import xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, RestrictedMixin
from tuanjie.quotas import selectors, services
from tuanjie.quotas.filtersets import QuotaRuleFilterSet
from tuanjie.quotas.forms import ComplianceFilterForm, QuotaRuleForm
from tuanjie.quotas.models import QuotaRule
from tuanjie.quotas.selectors import compliance as calc


def _fields(rule: QuotaRule) -> str:
    return "、".join(f.name for f in rule.creation_fields.all()) or _("全部创建单位")


class RuleListView(ObjectListView):
    lede = _l("规定动作：每个单位每月、每季或每年至少要做几次某类活动，系统按活动台账自动统计")
    model = QuotaRule
    filterset_class = QuotaRuleFilterSet
    select_related = ("place",)
    create_url_name = "quotas:rule_add"
    search = False
    columns = [
        Column("place", _l("设定单位")),
        Column("name", _l("名称"), link=True, order_by="name"),
        Column("year", _l("年度"), order_by="year"),
        Column("requirement", _l("要求")),
        Column("fields", _l("适用领域"), value=_fields),
        Column("is_active", _l("启用")),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("creation_fields")


class RuleDetailView(ObjectDetailView):
    lede = _l("一条规定动作的要求和适用单位")
    model = QuotaRule
    template_name = "quotas/rule_detail.html"
    edit_url_name = "quotas:rule_edit"
    delete_url_name = "quotas:rule_delete"
    fields = [
        Column("place", _l("设定单位")), Column("year", _l("年度")), Column("requirement", _l("要求")),
        Column("fields", _l("适用领域"), value=_fields), Column("basis", _l("依据")), Column("is_active", _l("启用")),
    ]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        today = date.today()
        current = calc.period_containing(today, obj.period) if today.year == obj.year else None
        if current is not None:
            table = selectors.compliance_table(obj, today=today, periods=[current])
            ctx.update(current=current, summary=table.summaries[0], behind=table.behind_rows[:20])
        return ctx


class RuleEditView(ObjectEditView):
    model = QuotaRule
    form_class = QuotaRuleForm
    create_service = services.quota_rule_create
    update_service = services.quota_rule_update

    def perform_save(self, form, obj):
        data = dict(form.cleaned_data)
        fields = data.pop("creation_fields")
        if obj is None:
            return self.create_service(by=self.request.user, creation_fields=fields, **data)
        return self.update_service(by=self.request.user, rule=obj, creation_fields=fields, **data)


class RuleDeleteView(ObjectDeleteView):
    model = QuotaRule
    success_url_name = "quotas:rule_list"


class ComplianceView(RestrictedMixin, View):
    """The office's table: units × periods of one rule, who is behind, by field and township; Excel export."""

    lede = _l("各单位完成这条规定动作的情况，未完成的排在前面")
    model = QuotaRule
    template_name = "quotas/compliance.html"

    def get(self, request, pk):
        rule = self.get_object()
        today = date.today()
        form = ComplianceFilterForm(request.GET or None, rule=rule)
        units = selectors.rule_subjects(rule)
        only_behind = False
        if form.is_valid():
            if form.cleaned_data["field"]:
                units = units.filter(creation_field=form.cleaned_data["field"])
            if form.cleaned_data["area"]:
                units = units.filter(within(form.cleaned_data["area"], ""))
            only_behind = form.cleaned_data["behind"]
        table = selectors.compliance_table(rule, today=today, units=units)
        rows = table.behind_rows if only_behind else table.rows
        if request.GET.get("export") == "xlsx":
            headers = [_("单位"), _("创建领域")] + [f"{s.label}（完成/应完成）" for s in table.periods]
            data = ([row.place.name, row.place.type_label] + [
                "" if st.state == calc.UPCOMING else (st.label if st.state == calc.EXEMPT else f"{st.done}/{st.due}")
                for st in row.standings] for row in rows)
            return xlsx_response(f"{rule.name}-完成情况.xlsx", headers, data, _("完成情况"))
        return render(request, self.template_name, {
            "title": _("%(name)s：完成情况") % {"name": rule.name}, "rule": rule, "table": table, "rows": rows,
            "form": form, "today": today,
        })


class StandingView(View):
    """A unit's own standing under the rules that cover it."""

    lede = _l("本单位各项规定动作今年和本期的完成情况：还差几次一目了然，活动登记后自动计入")
    template_name = "quotas/standing.html"

    def get(self, request):
        today = date.today()
        units = list(selectors.my_units(request.user))
        chosen = units[0] if units else None
        wanted = request.GET.get("unit")
        if wanted:
            chosen = next((u for u in units if str(u.pk) == wanted), chosen)
        standings = selectors.unit_standing(chosen, today=today) if chosen else []
        return render(request, self.template_name, {
            "title": _("本单位规定动作完成情况"), "units": units, "unit": chosen, "standings": standings,
            "today": today,
        })
