"""Generated documents (文稿) and the templates offices adjust.

A GeneratedDocument is one request to write a document (kind, place, period): it is queued, run in the background
(django-tasks), and ends done (with its .docx, and a PDF when LibreOffice is installed) or failed (with the reason).
A DocumentTemplate holds an office's wording for one kind of document: opening and closing paragraphs, issuer and
the doc-number pattern; the generators fall back to built-in defaults where an office has written nothing."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import OFFICE, AccessPolicy
from tuanjie.core.models import PlaceScopedModel
from tuanjie.core.roles import Role
from tuanjie.core.search import TextSearchQuerySet

OFFICE_AND_LEADERS = frozenset({Role.OFFICE, Role.LEADER})


class DocumentKind(models.TextChoices):
    PROGRESS = "progress", _("工作进展情况汇报")
    ANNUAL = "annual", _("年度工作总结")
    MONTHLY = "monthly", _("月报表")
    INSPECTION_NOTICE = "inspection_notice", _("督查通报")
    PLAN = "plan", _("实施方案")
    CADRE_FILE = "cadre_file", _("一人一档")


class DocumentTemplate(PlaceScopedModel):
    """An office's wording for one kind of document at its place (used for documents of its subtree)."""

    kind = models.CharField(_("文稿类型"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=120, blank=True,
                             help_text=_("可用 {place}（地区名称）、{year}（年度）、{period}（期间）；留空用默认标题"))
    issuer = models.CharField(_("发文机关署名"), max_length=100, blank=True,
                              help_text=_("留空则用“{place}民族团结进步创建工作领导小组办公室”"))
    doc_number_pattern = models.CharField(_("发文字号格式"), max_length=60, blank=True,
                                          help_text=_("如：团创办〔{year}〕{n}号；{n} 为本年度该类文稿的序号；留空不编号"))
    opening = models.TextField(_("开头段落"), blank=True,
                               help_text=_("可用 {place}、{year}、{period}；留空用默认开头"))
    closing = models.TextField(_("结尾段落"), blank=True, help_text=_("留空用默认结尾"))

    access = AccessPolicy(view=OFFICE_AND_LEADERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("文稿模板")
        verbose_name_plural = _("文稿模板")
        ordering = ["place__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["place", "kind"], name="documents_template_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.place}{self.get_kind_display()}模板"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:template_detail", args=[self.pk])


class GeneratedDocument(PlaceScopedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("文稿类型"), max_length=20, choices=DocumentKind.choices)
    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    period_label = models.CharField(_("期间"), max_length=40)
    # the record the document is about, for kinds that need one (a plan, an inspection round, a cadre)
    subject_id = models.PositiveIntegerField(_("对象编号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True, help_text=_("不填则为期间的最后一天"))
    file = models.FileField(_("Word 文件"), upload_to="documents/%Y/%m/", blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to="documents/%Y/%m/", blank=True)
    sheet = models.FileField(_("Excel 文件"), upload_to="documents/%Y/%m/", blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)

    objects = TextSearchQuerySet.as_manager()
    search_fields = ("title", "period_label")
    search_place = "place"
    access = AccessPolicy(view=OFFICE_AND_LEADERS, add=OFFICE_AND_LEADERS, change=OFFICE, delete=OFFICE)
    changelog_exclude = ("created", "updated", "started_at", "finished_at", "seconds")

    class Meta:
        verbose_name = _("生成的文稿")
        verbose_name_plural = _("生成的文稿")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.place}{self.period_label}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:download", args=[self.pk])

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def filename(self, ext: str = "docx") -> str:
        """Place, period and kind ("团结县2026年1—6月工作进展情况汇报.docx"), and the subject's title for a notice
        or a plan, so two documents never download under one name."""
        name = f"{self.place.name}{self.period_label}{self.get_kind_display()}"
        if self.subject_id and self.title and self.kind != DocumentKind.CADRE_FILE:
            name += f"（{self.title}）"
        elif self.kind == DocumentKind.CADRE_FILE and self.title:
            name = f"{self.title}（{self.period_label}）"
        return f"{name}.{ext}".replace("/", "-").replace("\\", "-")


class KeyResult(PlaceScopedModel):
    """A result an office records for its place (重要成效, e.g. "贫困村出列 7 个"), stated in section 一 of the
    reports whose period holds `achieved_on`; evidence files attach to it."""

    name = models.CharField(_("成效名称"), max_length=100, help_text=_("如：贫困村出列、创建示范村"))
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0"))])
    unit = models.CharField(_("计量单位"), max_length=10, help_text=_("如：个、户、万元"))
    achieved_on = models.DateField(_("取得日期"), help_text=_("计入该日期所在期间的汇报和总结"))
    note = models.CharField(_("说明"), max_length=200, blank=True,
                            help_text=_("写入汇报的补充说明，如：经省级验收"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    access = AccessPolicy(view=OFFICE_AND_LEADERS, add=OFFICE, change=OFFICE, delete=OFFICE)

    class Meta:
        verbose_name = _("重要成效")
        verbose_name_plural = _("重要成效")
        ordering = ["-achieved_on", "-id"]
        indexes = [models.Index(fields=["place", "achieved_on"], name="documents_result_place_day_idx")]

    def __str__(self) -> str:
        return f"{self.name}{self.value_text}"

    @property
    def value_text(self) -> str:
        """7.00 → "7个", 12.50 → "12.5万元"."""
        text = f"{self.value:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text}{self.unit}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:result_detail", args=[self.pk])
