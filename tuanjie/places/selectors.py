"""Reads of the place tree that compare it with something else: the official division list."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, CHANGE, may
from tuanjie.places import divisions
from tuanjie.places.divisions import Division
from tuanjie.places.models import Place, PlaceLevel

LEVEL_NAMES = {1: "省", 2: "市", 3: "县", 4: "乡", 5: "村"}


@dataclass
class DivisionChanges:
    """What bringing the tree in line with the official list under `division` would do."""

    division: Division
    anchor: Place | None                # the lowest existing place of the division's line (None: a new province)
    new: list[Division] = field(default_factory=list)
    renamed: list[tuple[Place, str]] = field(default_factory=list)   # (place, official name)
    gone: list[Place] = field(default_factory=list)                  # areas under it that the list no longer has
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.new or self.renamed or self.gone)


def division_levels() -> dict[int, PlaceLevel]:
    levels = {lv.name: lv for lv in PlaceLevel.objects.filter(name__in=LEVEL_NAMES.values())}
    missing = [name for name in LEVEL_NAMES.values() if name not in levels]
    if missing:
        raise ValidationError(_("缺少行政层级：%(names)s，请先在“行政层级”中添加") % {"names": "、".join(missing)})
    return {rank: levels[name] for rank, name in LEVEL_NAMES.items()}


def division_changes(*, user, code: str) -> DivisionChanges:
    """New, renamed and gone areas for the division `code` and its line above it, as `user` may apply them.

    The line above (province, city) is created where it is missing, so a province office can start a county of
    a city nobody has entered yet; places above the lowest existing one are never touched. An area is "gone"
    when it sits under the division with a 12-digit code the list does not have; units are never gone."""
    division = divisions.find(code)
    line = divisions.chain(division.code)
    official = line[:-1] + divisions.subtree(division.code)
    by_code = {d.code: d for d in official}
    # By prefix, not `code__in`: a province is more codes than SQLite takes as parameters.
    near = Place.objects.filter(Q(code__in=[d.code for d in line]) | Q(code__startswith=division.short_code))
    existing = {p.code: p for p in near.select_related("level") if p.code in by_code}
    for place in existing.values():
        if not place.is_area:
            raise ValidationError(_("代码“%(c)s”已被创建单位“%(n)s”使用，不能再用作行政区域") % {
                "c": place.code, "n": place.name})
    anchor = next((existing[d.code] for d in reversed(line) if d.code in existing), None)
    if anchor is None:
        if not user.is_superuser:
            raise PermissionDenied(_("“%(n)s”的上级地区还不在系统中，请联系上级创建办或系统管理员") % {
                "n": divisions.label(division)})
    elif not may(user, ADD, Place, anchor):
        raise PermissionDenied(_("您无权在“%(n)s”下新增地区") % {"n": anchor.name})
    changes = DivisionChanges(division=division, anchor=anchor)
    inside = (lambda p: True) if anchor is None else (lambda p: p.path.startswith(anchor.path))
    for d in official:
        place = existing.get(d.code)
        if place is None:
            changes.new.append(d)
        elif not inside(place):
            continue   # above the anchor: not this office's to change
        elif place.name != d.name:
            if not may(user, CHANGE, Place, place):
                raise PermissionDenied(_("您无权修改“%(n)s”") % {"n": place.name})
            changes.renamed.append((place, d.name))
        else:
            changes.unchanged += 1
    top = existing.get(division.code)
    if top is not None:
        below = (Place.objects.subtree(top).filter(kind=Place.Kind.AREA, code__regex=r"^\d{12}$",
                                                   active_until__isnull=True).exclude(pk=top.pk))
        changes.gone = [p for p in below.select_related("level") if p.code not in by_code]
    return changes
