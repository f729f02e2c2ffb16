"""Writes of target responsibility agreements and the five inclusions.

The agreement workflow (AGREEMENTS): the issuing office drafts the agreement and its targets, issues it (下达);
the party (the township's office or the unit's staff, at exactly that place) uploads the scan of the signed copy
and signs (签订); at the year's end the issuing office assesses it (核定), which fixes each target's achieved figure
and met/not met from the records, so the year-end assessment campaign counts fulfilled agreements from the ledger.
Targets and the agreement's wording change only before signing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.agreements.models import (
    DEFAULT_INCLUSIONS,
    Agreement,
    AgreementTarget,
    InclusionChecklist,
    InclusionItem,
)
from tuanjie.attachments.models import Attachment
from tuanjie.attachments.services import attach_files
from tuanjie.core import countables, recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, assignments_of, may, reach, reach_q
from tuanjie.core.models import DeletedRecord
from tuanjie.core.roles import Role
from tuanjie.core.workflow import Actor, Notice, Step, Transition, Waiting, Workflow, table
from tuanjie.places.models import Place
from tuanjie.plans.services import is_staff_of

S = Agreement.Status
K = AgreementTarget.Kind
AGREEMENT_FIELDS = ("year", "title", "issuer_post", "party_post", "preamble")
EDITABLE = (S.DRAFT, S.ISSUED)
# The year-end assessment opens in November, when the year's ledger is nearly complete.
ASSESS_FROM_MONTH = 11


def office_over(user, place: Place) -> bool:
    """Does `user` hold an office role at `place` or above it (the issuing office, or an office over it)?"""
    if user is None or user.is_superuser:
        return True
    return any(place.path.startswith(path) for path in reach(user, {Role.OFFICE, Role.ADMIN}))


def party_staff(user, place: Place) -> bool:
    """Is `user` staff of exactly the party: its office (an area) or its unit staff (a unit)?"""
    if user is None or user.is_superuser:
        return True
    role = Role.OFFICE if place.is_area else Role.UNIT
    return any(r == role and path == place.path for r, path in assignments_of(user))


def _requireoffice_over(by, place: Place) -> None:
    if not office_over(by, place):
        raise PermissionDenied(_("只有%(p)s或其上级的创建办可以办理目标责任书") % {"p": place})


# ---------------------------------------------------------------------------------------------------- agreements

def _validate_agreement(agreement: Agreement) -> None:
    issuer, party = agreement.issuer, agreement.place
    if not issuer.is_area:
        raise ValidationError({"issuer": _("目标责任书由行政区域的创建办下达")})
    if party.pk == issuer.pk or not party.path.startswith(issuer.path):
        raise ValidationError({"place": _("乙方须是“%(i)s”下级的地区或单位") % {"i": issuer}})
    if not 2000 <= int(agreement.year) <= 2100:
        raise ValidationError({"year": _("年度应为四位年份，如2026")})
    labels = {"title": _("标题"), "issuer_post": _("甲方签订岗位"), "party_post": _("乙方签订岗位")}
    for name, label in labels.items():
        if not (getattr(agreement, name) or "").strip():
            raise ValidationError({name: _("请填写%(f)s") % {"f": label}})
    clash = Agreement.objects.filter(issuer=issuer, place=party, year=agreement.year).exclude(pk=agreement.pk)
    if clash.exists():
        raise ValidationError({"place": ValidationError(_("%(i)s已与%(p)s签订%(y)s年目标责任书，请修改已有的责任书") % {
            "i": issuer, "p": party, "y": agreement.year}, code="unique")})   # a duplicate: 409 in the API


@transaction.atomic
def agreement_create(*, by, place: Place, issuer: Place, year: int, title: str, issuer_post: str,
                     party_post: str, preamble: str = "") -> Agreement:
    if by is not None and not may(by, ADD, Agreement, place):
        raise PermissionDenied(_("您无权向“%(p)s”下达目标责任书") % {"p": place})
    _requireoffice_over(by, issuer)
    agreement = Agreement(place=place, issuer=issuer, year=year, title=(title or "").strip(),
                          issuer_post=(issuer_post or "").strip(), party_post=(party_post or "").strip(),
                          preamble=preamble or "")
    _validate_agreement(agreement)
    agreement.save()
    return agreement


def _editable(agreement: Agreement) -> None:
    if agreement.status not in EDITABLE:
        raise ValidationError(_("“%(t)s”已签订，内容和目标不能再改；如有调整请另行签订补充责任书") % {"t": agreement.title})


@transaction.atomic
def agreement_update(*, by, instance: Agreement, place: Place | None = None, issuer: Place | None = None,
                     **fields) -> Agreement:
    stored = Agreement.objects.select_for_update().select_related("place", "issuer").get(pk=instance.pk)
    if by is not None and not may(by, CHANGE, Agreement, stored.place):
        raise PermissionDenied(_("您无权修改该目标责任书"))
    _requireoffice_over(by, stored.issuer)
    _editable(stored)
    for name, value in fields.items():
        if name not in AGREEMENT_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(stored, name, value)
    if place is not None and place.pk != stored.place_id:
        if stored.status != S.DRAFT:
            raise ValidationError({"place": _("已下达的责任书不能改换乙方")})
        if by is not None and not may(by, CHANGE, Agreement, place):
            raise PermissionDenied(_("您无权向“%(p)s”下达目标责任书") % {"p": place})
        stored.place = place
    if issuer is not None and issuer.pk != stored.issuer_id:
        _requireoffice_over(by, issuer)
        stored.issuer = issuer
    _validate_agreement(stored)
    stored.save()
    return stored


@transaction.atomic
def agreement_delete(*, by, obj: Agreement) -> DeletedRecord:
    if by is not None and not may(by, DELETE, Agreement, obj.place):
        raise PermissionDenied(_("您无权删除该目标责任书"))
    _requireoffice_over(by, obj.issuer)
    return recyclebin.record_delete(by=by, obj=obj)


@transaction.atomic
def agreement_attach_scan(*, by, agreement: Agreement, files: Sequence) -> list[Attachment]:
    """The scan (or photo) of the signed copy: uploaded by the party or by the issuing office."""
    agreement = Agreement.objects.select_related("place", "issuer").get(pk=agreement.pk)
    if not files:
        raise ValidationError(_("请选择签订后的责任书扫描件或照片"))
    if not (party_staff(by, agreement.place) or office_over(by, agreement.issuer)):
        raise PermissionDenied(_("只有乙方或下达责任书的创建办可以上传扫描件"))
    if agreement.status == S.DRAFT:
        raise ValidationError(_("责任书还未下达，下达并签订后再上传扫描件"))
    return attach_files(owner=agreement, files=files, by=by, caption=_("签订的目标责任书"))


def has_scan(agreement: Agreement) -> bool:
    return Attachment.objects.for_object(agreement).exists()


# ---------------------------------------------------------------------------------------------------- targets

TARGET_FIELDS = ("number", "kind", "text", "quota_rule", "plan_task", "countable", "quantity", "responsible")


def _validate_target(target: AgreementTarget) -> None:
    from tuanjie.quotas.selectors import rule_subjects

    agreement, party = target.agreement, target.agreement.place
    target.text = (target.text or "").strip()
    if target.kind == K.QUOTA:
        rule = target.quota_rule
        if rule is None:
            raise ValidationError({"quota_rule": _("请选择规定动作")})
        if rule.year != agreement.year:
            raise ValidationError({"quota_rule": _("规定动作“%(r)s”不是%(y)s年度的") % {"r": rule, "y": agreement.year}})
        if not rule_subjects(rule).filter(pk=party.pk).exists():
            raise ValidationError({"quota_rule": _("规定动作“%(r)s”不考核“%(p)s”，请选择适用于乙方的规定动作") % {
                "r": rule, "p": party}})
        target.text = target.text or rule.name
    elif target.kind == K.TASK:
        task = target.plan_task
        if task is None:
            raise ValidationError({"plan_task": _("请选择重点任务")})
        if task.plan.year != agreement.year:
            raise ValidationError({"plan_task": _("重点任务“%(t)s”不属于%(y)s年度实施方案") % {
                "t": task, "y": agreement.year}})
        responsible = {task.lead_unit_id, *task.partner_units.values_list("pk", flat=True)}
        if party.pk not in responsible:
            raise ValidationError({"plan_task": _("“%(p)s”不是重点任务“%(t)s”的牵头或配合单位") % {"p": party, "t": task}})
        target.text = target.text or (f"{task.title}（{task.target_text}）" if task.target_text else task.title)
    elif target.kind == K.COUNT:
        if not target.countable or not countables.exists(target.countable):
            raise ValidationError({"countable": _("请从列表中选择计数项目")})
        if not target.quantity:
            raise ValidationError({"quantity": _("请填写目标数量（至少1）")})
        countable = countables.get(target.countable)
        target.text = target.text or _("全年%(what)s不少于%(n)d%(unit)s") % {
            "what": countable.label, "n": target.quantity, "unit": countable.unit}
    elif target.kind == K.WRITTEN:
        if not target.text:
            raise ValidationError({"text": _("请填写目标内容")})
    else:
        raise ValidationError({"kind": _("请选择目标类型")})
    if target.kind != K.QUOTA:
        target.quota_rule = None
    if target.kind != K.TASK:
        target.plan_task = None
    if target.kind != K.COUNT:
        target.countable = ""
        if target.kind != K.TASK:
            target.quantity = None
    if target.responsible_id and not is_staff_of(target.responsible, party):
        raise ValidationError({"responsible": _("责任人“%(r)s”不是乙方“%(p)s”的工作人员") % {
            "r": target.responsible, "p": party}})


def _target_writer(by, agreement: Agreement) -> None:
    if by is not None and not may(by, CHANGE, Agreement, agreement.place):
        raise PermissionDenied(_("您无权修改该目标责任书的目标"))
    _requireoffice_over(by, agreement.issuer)
    _editable(agreement)


@transaction.atomic
def target_create(*, by, agreement: Agreement, kind: str, text: str = "", **fields) -> AgreementTarget:
    agreement = Agreement.objects.select_for_update().select_related("place", "issuer").get(pk=agreement.pk)
    _target_writer(by, agreement)
    if fields.get("number") is None:
        fields["number"] = agreement.targets.count() + 1
    target = AgreementTarget(agreement=agreement, kind=kind, text=text or "")
    for name, value in fields.items():
        if name not in TARGET_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(target, name, value)
    _validate_target(target)
    target.save()
    return target


@transaction.atomic
def target_update(*, by, instance: AgreementTarget, agreement: Agreement | None = None, **fields) -> AgreementTarget:
    stored = AgreementTarget.objects.select_for_update().select_related("agreement__place", "agreement__issuer").get(
        pk=instance.pk)
    _target_writer(by, stored.agreement)
    if agreement is not None and agreement.pk != stored.agreement_id:
        raise ValidationError({"agreement": _("目标不能移到另一份责任书，请在那份责任书中新增")})
    for name, value in fields.items():
        if name not in TARGET_FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(stored, name, value)
    if stored.number is None:
        stored.number = 1
    _validate_target(stored)
    stored.save()
    return stored


@transaction.atomic
def target_delete(*, by, obj: AgreementTarget) -> DeletedRecord:
    _target_writer(by, obj.agreement)
    return recyclebin.record_delete(by=by, obj=obj)


@transaction.atomic
def target_assign(*, by, target: AgreementTarget, responsible) -> AgreementTarget:
    """The party names (or changes) the person who answers for a target, also after signing (落实到人)."""
    target = AgreementTarget.objects.select_for_update().select_related("agreement__place").get(pk=target.pk)
    party = target.agreement.place
    if not (party_staff(by, party) or office_over(by, target.agreement.issuer)):
        raise PermissionDenied(_("只有乙方或下达责任书的创建办可以指定责任人"))
    if target.agreement.status == S.ASSESSED:
        raise ValidationError(_("责任书已核定，不能再指定责任人"))
    if responsible is not None and not is_staff_of(responsible, party):
        raise ValidationError(_("责任人“%(r)s”不是乙方“%(p)s”的工作人员") % {"r": responsible, "p": party})
    target.responsible = responsible
    target.save()
    return target


# ---------------------------------------------------------------------------------------------------- from a template

def template_targets(issuer: Place, party: Place, year: int, quota_rules: Iterable, include_tasks: bool,
                     written: Iterable[str]) -> list[dict]:
    """The targets an agreement from the template gets for `party`: the chosen quota rules that cover it, the tasks
    of the issuer's plan of the year that it leads, then the written targets, in that order."""
    from tuanjie.plans.models import PlanTask
    from tuanjie.quotas.selectors import rule_subjects

    found: list[dict] = []
    for rule in quota_rules:
        if rule.year == year and rule_subjects(rule).filter(pk=party.pk).exists():
            found.append({"kind": K.QUOTA, "quota_rule": rule})
    if include_tasks:
        tasks = PlanTask.objects.filter(plan__place=issuer, plan__year=year, lead_unit=party).order_by("number", "id")
        found += [{"kind": K.TASK, "plan_task": task, "responsible": task.responsible} for task in tasks]
    found += [{"kind": K.WRITTEN, "text": line.strip()} for line in written if line.strip()]
    return found


@transaction.atomic
def agreements_from_template(*, by, issuer: Place, year: int, parties: Iterable[Place], title: str,
                             issuer_post: str, party_post: str, preamble: str = "", quota_rules: Iterable = (),
                             include_tasks: bool = True, written: Iterable[str] = (),
                             issue: bool = False, issued_on: date | None = None
                             ) -> tuple[list[Agreement], list[Place]]:
    """One agreement per party from the same template ({place} in the title is the party's name). A party that
    already has this issuer's agreement for the year is skipped (returned second), so sending the form twice
    makes nothing twice."""
    quota_rules, written, created, skipped = list(quota_rules), list(written), [], []
    parties = list(parties)
    if not parties:
        raise ValidationError({"parties": _("请选择至少一个乙方（下级地区或单位）")})
    for party in parties:
        if Agreement.objects.filter(issuer=issuer, place=party, year=year).exists():
            skipped.append(party)
            continue
        agreement = agreement_create(by=by, place=party, issuer=issuer, year=year,
                                     title=(title or "").replace("{place}", party.name), issuer_post=issuer_post,
                                     party_post=party_post, preamble=preamble)
        specs = template_targets(issuer, party, year, quota_rules, include_tasks, written)
        if not specs:
            raise ValidationError(_("“%(p)s”没有可列入的目标：所选规定动作不考核它、它不牵头任务，也没有填写文字目标") % {
                "p": party})
        for spec in specs:
            if spec.get("responsible") is not None and not is_staff_of(spec["responsible"], party):
                spec["responsible"] = None
            target_create(by=by, agreement=agreement, **spec)
        if issue:
            agreement = AGREEMENTS.take(by=by, record=agreement, action="issue", issued_on=issued_on).record
        created.append(agreement)
    return created, skipped


# ---------------------------------------------------------------------------------------------------- the workflow

def _issue(step: Step) -> None:
    agreement = step.record
    if not agreement.targets.exists():
        raise ValidationError(_("请先列出责任书的目标，再下达"))
    agreement.issued_on = step.params.get("issued_on") or agreement.issued_on or timezone.localdate()


def _sign(step: Step) -> None:
    agreement = step.record
    files = step.params.get("files") or ()
    if files:
        attach_files(owner=agreement, files=files, by=step.by, caption=_("签订的目标责任书"))
    if not has_scan(agreement):
        raise ValidationError(_("请上传签订后的责任书扫描件或照片，再确认签订"))
    signed_on = step.params.get("signed_on") or timezone.localdate()
    if signed_on > timezone.localdate():
        raise ValidationError(_("签订日期不能晚于今天"))
    if agreement.issued_on and signed_on < agreement.issued_on:
        raise ValidationError(_("签订日期不能早于下达日期"))
    agreement.signed_on = signed_on


def _assess(step: Step) -> None:
    """Fix each target's achieved figure and met from the records; written targets as the office judges them."""
    from tuanjie.agreements.selectors import target_progress

    agreement = step.record
    today = step.params.get("today") or timezone.localdate()
    if today < date(agreement.year, ASSESS_FROM_MONTH, 1):
        raise ValidationError(_("%(y)d年度的责任书在%(y)d年%(m)d月起核定完成情况") % {
            "y": agreement.year, "m": ASSESS_FROM_MONTH})
    judged = step.params.get("met") or {}
    targets = list(agreement.targets.select_related("quota_rule__place", "plan_task", "agreement__place"))
    for target in targets:
        progress = target_progress(target, today=today)
        target.achieved = progress.done
        target.met = bool(judged.get(target.pk, False)) if target.kind == K.WRITTEN else progress.met
        target.assessed_on = today
        target.save()
    agreement.fulfilled = bool(targets) and all(t.met for t in targets)
    agreement.assessed_on = today
    agreement.assessment_note = step.note


def people_of(place: Place) -> list:
    from tuanjie.people.selectors import people_with_role

    return people_with_role(Role.OFFICE if place.is_area else Role.UNIT, place, upward=False)


def _notify(step: Step) -> Notice | None:
    from tuanjie.people.selectors import people_with_role

    agreement = step.record
    if step.action == "issue":
        return Notice(people_of(agreement.place), _("请签订目标责任书：%(t)s") % {"t": agreement.title},
                      _("%(i)s下达了%(y)d年目标责任书，请上传签订后的扫描件并确认签订。") % {
                          "i": agreement.issuer, "y": agreement.year}, kind="task")
    if step.action == "sign":
        return Notice(people_with_role(Role.OFFICE, agreement.issuer, upward=False),
                      _("目标责任书已签订：%(t)s") % {"t": agreement.title}, kind="info")
    return Notice(people_of(agreement.place), _("目标责任书已核定：%(t)s") % {"t": agreement.title},
                  _("全部目标完成") if agreement.fulfilled else _("有目标未完成"), kind="info")


def _issuer_may(user, agreement: Agreement) -> bool:
    # by=None is the system (the demo, commands): it plays every part
    return user is None or (getattr(user, "is_authenticated", False) and office_over(user, agreement.issuer))


def _issuer_holds(user):
    return reach_q(user, {Role.OFFICE}, "issuer__path")


def _party_may(user, agreement: Agreement) -> bool:
    return user is None or (getattr(user, "is_authenticated", False) and party_staff(user, agreement.place))


def _party_holds(user):
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    held = False
    for role, path in assignments_of(user):
        if role == Role.OFFICE:
            q |= Q(place__path=path, place__kind=Place.Kind.AREA)
            held = True
        elif role == Role.UNIT:
            q |= Q(place__path=path, place__kind=Place.Kind.UNIT)
            held = True
    return q if held else None


ISSUER, PARTY = "issuer", "party"
AGREEMENTS = Workflow(
    model=Agreement,
    transitions=table(
        Transition("issue", _l("下达"), frozenset({S.DRAFT}), S.ISSUED, ISSUER, apply=_issue),
        Transition("sign", _l("确认签订"), frozenset({S.ISSUED}), S.SIGNED, PARTY, apply=_sign),
        Transition("assess", _l("核定完成情况"), frozenset({S.SIGNED}), S.ASSESSED, ISSUER, apply=_assess),
    ),
    actors={
        ISSUER: Actor(may=_issuer_may, who=lambda a: _("%(i)s或其上级的创建办") % {"i": a.issuer}, holds=_issuer_holds),
        PARTY: Actor(may=_party_may, who=lambda a: _("乙方“%(p)s”的工作人员") % {"p": a.place}, holds=_party_holds),
    },
    noun=_l("该目标责任书"),
    related=("place", "issuer"),
    notify=_notify,
    waiting=(Waiting(S.ISSUED, PARTY, _l("目标责任书待签订")),),
)


def agreement_act(*, by, agreement: Agreement, action: str, note: str = "", **params) -> Agreement:
    return AGREEMENTS.take(by=by, record=agreement, action=action, note=note, **params).record


# ---------------------------------------------------------------------------------------------------- five inclusions

def _require_inclusions(by, action: str, place: Place) -> None:
    if by is not None and not may(by, action, InclusionChecklist, place):
        raise PermissionDenied(_("您无权填报“%(p)s”的五个纳入") % {"p": place})


@transaction.atomic
def checklist_create(*, by, place: Place, year: int, names: Iterable[str] | None = None) -> InclusionChecklist:
    """A place's checklist for a year, with the items named (the five defaults when none are given)."""
    _require_inclusions(by, ADD, place)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("年度应为四位年份，如2026")})
    if InclusionChecklist.objects.filter(place=place, year=year).exists():
        raise ValidationError({"year": _("%(p)s已有%(y)s年的五个纳入清单") % {"p": place, "y": year}})
    items = [n.strip() for n in (names if names is not None else DEFAULT_INCLUSIONS) if n and n.strip()]
    if not items:
        raise ValidationError(_("请至少列出一个纳入事项"))
    if len(set(items)) != len(items):
        raise ValidationError(_("纳入事项有重复，请检查"))
    checklist = InclusionChecklist.objects.create(place=place, year=year)
    for order, name in enumerate(items, start=1):
        InclusionItem.objects.create(checklist=checklist, order=order, name=name[:100])
    return checklist


@transaction.atomic
def checklist_update(*, by, instance: InclusionChecklist, place: Place, year: int) -> InclusionChecklist:
    stored = InclusionChecklist.objects.select_for_update().select_related("place").get(pk=instance.pk)
    _require_inclusions(by, CHANGE, stored.place)
    _require_inclusions(by, CHANGE, place)
    if InclusionChecklist.objects.filter(place=place, year=year).exclude(pk=stored.pk).exists():
        raise ValidationError({"year": _("%(p)s已有%(y)s年的五个纳入清单") % {"p": place, "y": year}})
    stored.place, stored.year = place, year
    stored.save()
    return stored


@transaction.atomic
def checklists_for_children(*, by, parent: Place, year: int, names: Iterable[str] | None = None
                            ) -> list[InclusionChecklist]:
    """Checklists for every area directly below `parent` that has none for the year (the office above configures
    the items once for all of them)."""
    names = list(names) if names is not None else None
    children = Place.objects.subtree(parent).filter(depth=parent.depth + 1, kind=Place.Kind.AREA)
    have = set(InclusionChecklist.objects.filter(place__in=children, year=year).values_list("place_id", flat=True))
    return [checklist_create(by=by, place=child, year=year, names=names)
            for child in children.order_by("path") if child.pk not in have]


@transaction.atomic
def item_add(*, by, checklist: InclusionChecklist, name: str) -> InclusionItem:
    _require_inclusions(by, CHANGE, checklist.place)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("请填写纳入事项"))
    if checklist.items.filter(name=name).exists():
        raise ValidationError(_("清单中已有“%(n)s”") % {"n": name})
    order = (checklist.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return InclusionItem.objects.create(checklist=checklist, order=order, name=name[:100])


@transaction.atomic
def item_record(*, by, instance: InclusionItem, document_title: str, document_no: str = "",
                document_date: date | None = None, note: str = "", files: Sequence = (), name: str | None = None,
                order: int | None = None) -> InclusionItem:
    """The evidence of one item: the document's title, number and date, with the document itself attached. The
    item counts as included once it has a title and at least one file."""
    item = InclusionItem.objects.select_for_update().select_related("checklist__place").get(pk=instance.pk)
    _require_inclusions(by, CHANGE, item.checklist.place)
    if name is not None and name.strip():
        item.name = name.strip()[:100]
    if order is not None:
        item.order = order
    item.document_title, item.document_no = (document_title or "").strip(), (document_no or "").strip()
    item.document_date, item.note = document_date, (note or "").strip()
    if document_date and document_date > timezone.localdate():
        raise ValidationError({"document_date": _("文件日期不能晚于今天")})
    if files:
        if not item.document_title:
            raise ValidationError({"document_title": _("上传佐证文件时请填写文件名称")})
        attach_files(owner=item, files=files, by=by, caption=item.document_title[:200])
    item.included = bool(item.document_title) and Attachment.objects.for_object(item).exists()
    item.save()
    return item


@transaction.atomic
def item_delete(*, by, obj: InclusionItem) -> DeletedRecord:
    _require_inclusions(by, CHANGE, obj.checklist.place)
    return recyclebin.record_delete(by=by, obj=obj)
