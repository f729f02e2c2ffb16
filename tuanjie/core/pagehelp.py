"""Help where it is needed: the one line that says what a page is for, and the first-visit guide of each role.

A page's line (its lede) is declared on its view: `lede = _("…")` on a class-based view (the generic list, detail
and edit views carry it to their templates), or `@lede("…")` on a function view. The context processor below reads
it from the view that answered, so templates never repeat the text: the shared templates and the hand-made ones
include `core/partials/lede.html`, which shows `lede` from the context when a view computes one (by role, say),
else the declared one."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core.roles import Role


def lede(text):
    """Declare a function view's line: @lede(_("…"))."""
    def declare(view):
        view.lede = text
        return view
    return declare


def declared_lede(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    view_class = getattr(match.func, "view_class", None)
    return getattr(view_class, "lede", None) or getattr(match.func, "lede", None)


# --- the first-visit guide ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    text: str
    url_name: str | None = None
    button: str = ""

    def url(self) -> str | None:
        if not self.url_name:
            return None
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class Guide:
    key: str          # stored with the dismissal: a new role brings its own guide
    title: str
    steps: tuple


GUIDES = {
    Role.OFFICE: Guide("office", _("创建办工作人员：从这里开始"), (
        Step(_("核对本地区的下级地区和创建单位，缺的单位可批量导入"), "places:unit_list", _("地区与单位")),
        Step(_("制定本年度实施方案，把重点任务分解到牵头单位"), "plans:plan_list", _("实施方案")),
        Step(_("设定规定动作（每单位每月/季/年至少几次），系统按台账自动统计完成情况"), "quotas:rule_list", _("规定动作")),
        Step(_("在统计分析里看覆盖率和落后单位，生成汇报材料"), "analytics:dashboard", _("统计分析")),
    )),
    Role.UNIT: Guide("unit", _("创建单位工作人员：从这里开始"), (
        Step(_("每次活动后登记活动台账，附上照片，一次即可"), "activities:activity_add", _("登记活动")),
        Step(_("把本单位的创建信息写好后报送，创建办审核采用"), "information:item_add", _("报送信息")),
        Step(_("查看本单位承担的重点任务，按时填报进展"), "plans:my_tasks", _("本单位任务")),
        Step(_("看规定动作完成情况，哪项还差几次"), "quotas:standing", _("规定动作")),
    )),
    Role.CADRE: Guide("cadre", _("结对干部：从这里开始"), (
        Step(_("打开“我的结对”，看到您联系的每一户和上次联系时间"), "pairing:my_pairs", _("我的结对")),
        Step(_("每次走访、电话或微信联系后记一笔，群众提出的诉求一并登记"), "pairing:contact_add", _("记录联系")),
        Step(_("一人一档汇总您全年的联系和办的实事"), "pairing:my_file", _("一人一档")),
    )),
    Role.GROUP_LEADER: Guide("group_leader", _("结对分组负责人：从这里开始"), (
        Step(_("月度台账看本组每户本月是否联系"), "pairing:ledger", _("月度台账")),
        Step(_("处理结对干部上报的群众诉求，办不了的上报"), "pairing:need_list", _("群众诉求")),
        Step(_("新登记的结对户在这里分配给干部"), "pairing:household_list", _("结对户")),
    )),
    Role.LEADER: Guide("leader", _("领导：从这里开始"), (
        Step(_("统计分析页是全地区的主要数字，点击下级名称可逐级查看"), "analytics:dashboard", _("统计分析")),
        Step(_("落后单位一览：长期没有开展活动的单位"), "analytics:lagging", _("落后单位")),
        Step(_("创建办生成的汇报材料和总结在文稿生成页下载"), "documents:generate", _("文稿")),
    )),
    Role.INSPECTOR: Guide("inspector", _("督查/评审人员：从这里开始"), (
        Step(_("在督查检查中记录每轮督查发现的问题"), "inspections:round_list", _("督查检查")),
        Step(_("责任单位反馈后，在整改事项中核验销号或退回"), "inspections:rectification_list", _("整改事项")),
        Step(_("测评考核中为各单位打分"), "assessments:campaign_list", _("测评考核")),
    )),
}
# A person with several roles sees the guide of the one that shapes their day most: cadres and group leaders are
# usually unit staff as well (to read their unit's pages), but they come for their households.
PRECEDENCE = (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GROUP_LEADER, Role.CADRE, Role.UNIT)


def guide_for(user) -> Guide | None:
    """The guide of the person's main role, unless they have dismissed it (one query)."""
    from tuanjie.core.access import assignments_of
    from tuanjie.core.models import GuideDismissal

    if not getattr(user, "is_authenticated", False):
        return None
    roles = {role for role, _path in assignments_of(user)}
    guide = next((GUIDES[role] for role in PRECEDENCE if role in roles), None)
    if guide is None or GuideDismissal.objects.filter(user=user, guide=guide.key).exists():
        return None
    return guide


def page_help(request) -> dict:
    """Context processor: the page's declared line, and on the home page the guide not yet dismissed."""
    ctx = {"page_lede": declared_lede(request)}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "home" and not match.namespace:
        ctx["first_visit_guide"] = guide_for(getattr(request, "user", None))
    return ctx
