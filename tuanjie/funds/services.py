"""Writes to the funds ledger. Every function checks the actor's right at the record's place (user=None is the
system: demo builder, commands). Public money (every source but 单位自筹) is recorded by creation offices only;
a unit records its own self-funding, its needs and its spending."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.attachments.services import attach_files
from tuanjie.core import recyclebin
from tuanjie.core.access import ADD, CHANGE, DELETE, may, reach
from tuanjie.core.models import DeletedRecord
from tuanjie.core.roles import Role
from tuanjie.funds.models import Allocation, Expenditure, FundNeed, FundSource

ALLOCATION_FIELDS = ("year", "source", "amount", "for_site", "allocated_on", "document_no", "purpose")
NEED_FIELDS = ("year", "amount", "purpose")
EXPENDITURE_FIELDS = ("spent_on", "amount", "source", "purpose", "activity")


def _check(user, action: str, model, place) -> None:
    if user is not None and not may(user, action, model, place):
        raise PermissionDenied(_("您无权在“%(place)s”下登记或修改%(what)s") % {
            "place": place, "what": model._meta.verbose_name})


def may_record_public_money(user, place) -> bool:
    """Only a creation office (or an admin) above or at `place` records money other than self-funding."""
    if user is None or user.is_superuser:
        return True
    return any(place.path.startswith(path) for path in reach(user, {Role.OFFICE, Role.ADMIN}))


def _check_source(user, source: str, place) -> None:
    if source and source != FundSource.SELF and not may_record_public_money(user, place):
        raise PermissionDenied(_("“%(s)s”由创建办登记；单位只能登记单位自筹经费") % {
            "s": FundSource(source).label})


def _stored(obj):
    """The record as saved: a model form may already have changed the instance in memory, so rights are checked
    against what is in the database, not against what the form put there."""
    return type(obj).objects.select_related("place").get(pk=obj.pk)


def _apply(obj, allowed: tuple, fields: dict):
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown field {name}")
        setattr(obj, name, value)


def _save(obj, user):
    if getattr(user, "pk", None) and not obj.recorded_by_id:
        obj.recorded_by = user
    obj.full_clean()
    obj.save()
    return obj


def _move(obj, user, model, place) -> None:
    if place is not None and place.pk != obj.place_id:
        _check(user, CHANGE, model, place)
        obj.place = place


# --- allocations -------------------------------------------------------------------------------------------

def _validate_allocation(allocation: Allocation) -> None:
    if allocation.for_site and allocation.source == FundSource.SELF:
        raise ValidationError({"for_site": _("示范点建设补助是上级下达的资金，来源不能是“单位自筹”")})
    if allocation.allocated_on and allocation.allocated_on.year != allocation.year:
        raise ValidationError({"allocated_on": _("下达日期应在%(y)d年内") % {"y": allocation.year}})


@transaction.atomic
def allocation_create(*, by, place, **fields) -> Allocation:
    _check(by, ADD, Allocation, place)
    _check_source(by, fields.get("source", ""), place)
    allocation = Allocation(place=place)
    _apply(allocation, ALLOCATION_FIELDS, fields)
    _validate_allocation(allocation)
    return _save(allocation, by)


@transaction.atomic
def allocation_update(*, by, allocation: Allocation, place=None, **fields) -> Allocation:
    stored = _stored(allocation)
    _check(by, CHANGE, Allocation, stored.place)
    _check_source(by, stored.source, stored.place)
    _check(by, CHANGE, Allocation, allocation.place)
    _check_source(by, allocation.source, allocation.place)
    if place is not None:
        _check(by, CHANGE, Allocation, place)
    _check_source(by, fields.get("source", allocation.source), place or allocation.place)
    _move(allocation, by, Allocation, place)
    _apply(allocation, ALLOCATION_FIELDS, fields)
    _validate_allocation(allocation)
    return _save(allocation, by)


@transaction.atomic
def allocation_delete(*, by, allocation: Allocation) -> DeletedRecord:
    stored = _stored(allocation)
    _check(by, DELETE, Allocation, stored.place)
    _check_source(by, stored.source, stored.place)
    return recyclebin.record_delete(by=by, obj=allocation)


# --- needs -------------------------------------------------------------------------------------------------

@transaction.atomic
def need_create(*, by, place, **fields) -> FundNeed:
    _check(by, ADD, FundNeed, place)
    need = FundNeed(place=place)
    _apply(need, NEED_FIELDS, fields)
    return _save(need, by)


@transaction.atomic
def need_update(*, by, need: FundNeed, place=None, **fields) -> FundNeed:
    _check(by, CHANGE, FundNeed, _stored(need).place)
    _check(by, CHANGE, FundNeed, need.place)
    _move(need, by, FundNeed, place)
    _apply(need, NEED_FIELDS, fields)
    return _save(need, by)


@transaction.atomic
def need_delete(*, by, need: FundNeed) -> DeletedRecord:
    _check(by, DELETE, FundNeed, _stored(need).place)
    return recyclebin.record_delete(by=by, obj=need)


# --- expenditures ------------------------------------------------------------------------------------------

def _validate_expenditure(expenditure: Expenditure) -> None:
    # The date's range (not before 1980, not after today) is the model field's validator (core/dates.py).
    activity = expenditure.activity
    if activity is not None and not activity.place.path.startswith(expenditure.place.path):
        raise ValidationError({"activity": _("所选活动不是本单位（或其下级）开展的")})


@transaction.atomic
def expenditure_create(*, by, place, files=(), **fields) -> Expenditure:
    _check(by, ADD, Expenditure, place)
    expenditure = Expenditure(place=place)
    _apply(expenditure, EXPENDITURE_FIELDS, fields)
    _validate_expenditure(expenditure)
    _save(expenditure, by)
    if files:
        attach_files(owner=expenditure, files=files, by=by)
    return expenditure


@transaction.atomic
def expenditure_update(*, by, expenditure: Expenditure, place=None, files=(), **fields) -> Expenditure:
    _check(by, CHANGE, Expenditure, _stored(expenditure).place)
    _check(by, CHANGE, Expenditure, expenditure.place)
    _move(expenditure, by, Expenditure, place)
    _apply(expenditure, EXPENDITURE_FIELDS, fields)
    _validate_expenditure(expenditure)
    _save(expenditure, by)
    if files:
        attach_files(owner=expenditure, files=files, by=by)
    return expenditure


@transaction.atomic
def expenditure_delete(*, by, expenditure: Expenditure) -> DeletedRecord:
    _check(by, DELETE, Expenditure, _stored(expenditure).place)
    return recyclebin.record_delete(by=by, obj=expenditure)     # receipts go along, kept until the bin is purged
