"""Target responsibility agreements (目标责任书) and the five inclusions (五个纳入).

An agreement is issued by an office (`issuer`, its area) for a year to a place below it (`place`: the township or
unit that signs and answers for it), with numbered targets. A target is one of four kinds: a quota rule the party
must meet (规定动作), a plan task it leads, a count of ledger records (a countable), or written words. Its progress is
computed from the records (selectors.py), never typed in; at the year's end the issuing office assesses (核定) the
agreement, which fixes each target's achieved figure and whether it was met, so the assessment campaign counts the
fulfilled agreements as it counts any other ledger record (countables.py).

The five inclusions are a checklist per area and year: each item (development plan, the Party committee's agenda,
the target appraisal, the cadre training plan, the budget, or what the office configured) is included once its
evidence document is recorded with the document file attached."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import ADD, CHANGE, DELETE, OFFICE, READERS, AccessPolicy
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role
from tuanjie.core.search import TextSearchQuerySet

YEAR = [MinValueValidator(2000, _("年度应为四位年份，如2026")), MaxValueValidator(2100, _("年度应为四位年份，如2026"))]


class Agreement(PlaceScopedModel):
    """One agreement between an office's area (甲方, `issuer`) and a place below it (乙方, `place`) for a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        ISSUED = "issued", _("已下达待签订")
        SIGNED = "signed", _("已签订")
        ASSESSED = "assessed", _("已核定完成情况")

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.ForeignKey("places.Place", verbose_name=_("下达单位（甲方）"), on_delete=models.PROTECT,
                               related_name="+")
    # Posts sign, not citizens: "县委书记", "镇党委书记" (the holder changes, the responsibility stays with the post).
    issuer_post = models.CharField(_("甲方签订岗位"), max_length=60, help_text=_("如：县民族团结进步创建工作领导小组组长"))
    party_post = models.CharField(_("乙方签订岗位"), max_length=60, help_text=_("如：镇党委书记"))
    preamble = models.TextField(_("责任书说明"), blank=True,
                                help_text=_("如：为全面落实民族团结进步创建工作责任，经研究，签订本责任书。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    issued_on = models.DateField(_("下达日期"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    assessed_on = models.DateField(_("核定日期"), null=True, blank=True)
    fulfilled = models.BooleanField(_("全部目标完成"), null=True, blank=True)
    assessment_note = models.TextField(_("核定意见"), blank=True)

    objects = TextSearchQuerySet.as_manager()
    search_fields = ("title",)
    search_place = "place"
    # An office writes the agreements of the places below it; the party signs through the workflow step.
    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE,
                          below_only=frozenset({ADD, CHANGE, DELETE}))

    class Meta:
        verbose_name = _("目标责任书")
        verbose_name_plural = _("目标责任书")
        ordering = ["-year", "place__path", "id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "place", "year"],
                                               name="agreements_one_per_issuer_party_year")]
        indexes = [models.Index(fields=["year", "status"], name="agreement_year_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])

    def deletion_refusal(self) -> str | None:
        if self.status in (self.Status.DRAFT, self.Status.ISSUED):
            return None
        return _("“%(t)s”已签订，考核以它为依据，不能删除") % {"t": self.title}


class AgreementTarget(RestrictedModel):
    class Kind(models.TextChoices):
        QUOTA = "quota", _("规定动作")
        TASK = "task", _("重点任务")
        COUNT = "count", _("台账数量")
        WRITTEN = "written", _("文字目标")

    agreement = models.ForeignKey(Agreement, verbose_name=_("目标责任书"), on_delete=models.CASCADE,
                                  related_name="targets")
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    kind = models.CharField(_("目标类型"), max_length=10, choices=Kind.choices, default=Kind.WRITTEN)
    text = models.CharField(_("目标内容"), max_length=300)
    quota_rule = models.ForeignKey("quotas.QuotaRule", verbose_name=_("规定动作"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    plan_task = models.ForeignKey("plans.PlanTask", verbose_name=_("重点任务"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="agreement_targets")
    countable = models.CharField(_("计数项目"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("目标数量"), null=True, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    help_text=_("乙方单位的工作人员，负责推进该目标"))
    # Fixed when the agreement is assessed; until then progress is computed (selectors.target_progress).
    achieved = models.PositiveIntegerField(_("核定完成数"), null=True, blank=True)
    met = models.BooleanField(_("是否完成"), null=True, blank=True)
    assessed_on = models.DateField(_("核定日期"), null=True, blank=True)

    place_path_lookup = "agreement__place__path"
    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE,
                          below_only=frozenset({ADD, CHANGE, DELETE}))

    class Meta:
        verbose_name = _("责任书目标")
        verbose_name_plural = _("责任书目标")
        ordering = ["agreement", "number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url() + f"#target-{self.pk}"


# ---------------------------------------------------------------------------------------------- five inclusions

DEFAULT_INCLUSIONS = (
    "纳入经济社会发展规划",
    "纳入党委（党组）重要议事日程",
    "纳入目标管理和绩效考核",
    "纳入干部教育培训计划",
    "纳入财政预算",
)


class InclusionChecklist(PlaceScopedModel):
    """五个纳入 of one area for one year."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)

    access = AccessPolicy(view=READERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("五个纳入")
        verbose_name_plural = _("五个纳入")
        ordering = ["-year", "place__path"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="agreements_one_checklist_a_year")]

    def __str__(self) -> str:
        return _("%(p)s%(y)d年“五个纳入”") % {"p": self.place, "y": self.year}

    def get_absolute_url(self) -> str:
        return reverse("agreements:checklist_detail", args=[self.pk])


class InclusionItem(RestrictedModel):
    """One item of the checklist and the document that shows it is included (规划、议事日程、考核办法、培训计划、预算)."""

    checklist = models.ForeignKey(InclusionChecklist, verbose_name=_("五个纳入"), on_delete=models.CASCADE,
                                  related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("纳入事项"), max_length=100)
    document_title = models.CharField(_("佐证文件名称"), max_length=200, blank=True,
                                      help_text=_("如：《团结县国民经济和社会发展第十五个五年规划纲要》"))
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    document_date = models.DateField(_("文件日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True, help_text=_("如：第三章第五节写入民族团结进步创建"))
    included = models.BooleanField(_("已纳入"), default=False)

    place_path_lookup = "checklist__place__path"

    class Meta:
        verbose_name = _("纳入事项")
        verbose_name_plural = _("纳入事项")
        ordering = ["checklist", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:inclusion_item_edit", args=[self.pk])


TARGET_KINDS_COMPUTED = (AgreementTarget.Kind.QUOTA, AgreementTarget.Kind.TASK, AgreementTarget.Kind.COUNT)
UNIT_OR_OFFICE = frozenset({Role.UNIT, Role.OFFICE})
