"""A place's leading group for creation work (创建工作领导小组) and its office with written duties. An area's office
registers the area's; a creation unit's staff register the unit's own (the progress report counts them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuanjie.core import dates
from tuanjie.core.access import AccessPolicy
from tuanjie.core.models import PlaceScopedModel, RestrictedModel
from tuanjie.core.roles import Role

# An area's office keeps its area's group and those below; a unit's staff keep their unit's own.
KEEPERS = frozenset({Role.OFFICE, Role.UNIT})


class LeadingGroup(PlaceScopedModel):
    name = models.CharField(_("名称"), max_length=100, default=_("民族团结进步创建工作领导小组"))
    document_no = models.CharField(_("成立文号"), max_length=60, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True, validators=[dates.happened])
    office_location = models.CharField(_("办公室设在"), max_length=100, blank=True,
                                       help_text=_("如：县委统战部"))
    office_phone = models.CharField(_("办公室电话"), max_length=40, blank=True)

    access = AccessPolicy(add=KEEPERS, change=KEEPERS, delete=KEEPERS)

    class Meta:
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")
        ordering = ["place__path"]

    def __str__(self) -> str:
        return f"{self.place}{self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("leadership:group_detail", args=[self.pk])


class Member(RestrictedModel):
    """A member of the group or its office. Members are officials acting in office, named with their post."""

    class Position(models.TextChoices):
        LEADER = "leader", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")
        OFFICE_DIRECTOR = "office_director", _("办公室主任")
        OFFICE_DEPUTY = "office_deputy", _("办公室副主任")
        OFFICE_STAFF = "office_staff", _("办公室成员")

    group = models.ForeignKey(LeadingGroup, verbose_name=_("领导小组"), on_delete=models.CASCADE, related_name="members")
    position = models.CharField(_("职位"), max_length=20, choices=Position.choices)
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=100, help_text=_("如：县委常委、统战部部长"))
    unit = models.ForeignKey("places.Place", verbose_name=_("所在单位"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    access = AccessPolicy(add=KEEPERS, change=KEEPERS, delete=KEEPERS)
    place_path_lookup = "group__place__path"

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.name}"


class OfficeDuty(RestrictedModel):
    group = models.ForeignKey(LeadingGroup, verbose_name=_("领导小组"), on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    text = models.TextField(_("职责"))

    access = AccessPolicy(add=KEEPERS, change=KEEPERS, delete=KEEPERS)
    place_path_lookup = "group__place__path"

    class Meta:
        verbose_name = _("办公室职责")
        verbose_name_plural = _("办公室职责")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:30]


DEFAULT_OFFICE_DUTIES = [
    "负责起草创建工作实施方案、阶段性总结和年度总结",
    "负责创建工作信息、简报的起草、报送和归档",
    "负责收集、整理、归档创建工作的各类文字、图片和影像资料",
    "负责协调、督促各成员单位落实创建任务",
    "负责组织创建工作的阶段性检查和总结",
]
