"""Generated documents (文稿) and the templates offices adjust.

A GeneratedDocument is one request to write a document (kind, place, period): it is queued, run in the background
(django-tasks), and ends done (with its .docx, and a PDF when LibreOffice is installed) or failed (with the reason).
A DocumentTemplate holds an office's wording for one kind of document: opening and closing paragraphs, issuer and
the doc-number pattern; the generators fall back to built-in defaults where an office has written nothing."""

from django.conf import settings
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
    file = models.FileField(_("Word 文件"), upload_to="documents/%Y/%m/", blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to="documents/%Y/%m/", blank=True)
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
        return f"{self}.{ext}".replace("/", "-")
