"""Writes to the place tree. Every function is atomic and leaves the tree consistent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from tuanjie.core import changelog
from tuanjie.places.models import Place
from tuanjie.places.signals import subtree_moved


def _check_parent(kind: str, level, parent: Place | None) -> None:
    if parent is None:
        if kind != Place.Kind.AREA:
            raise ValidationError(_("创建单位必须隶属于某个地区或单位"))
        return
    if kind == Place.Kind.AREA:
        if not parent.is_area:
            raise ValidationError(_("行政区域不能隶属于创建单位“%(parent)s”") % {"parent": parent.name})
        if level is not None and parent.level is not None and level.rank <= parent.level.rank:
            raise ValidationError(
                _("“%(level)s”不能隶属于同级或更低层级的“%(parent)s”（%(parent_level)s）")
                % {"level": level.name, "parent": parent.name, "parent_level": parent.level.name}
            )


@transaction.atomic
def place_create(*, parent: Place | None, **fields) -> Place:
    place = Place(**fields)
    _check_parent(place.kind, place.level, parent)
    place.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Place.objects.add_root(instance=place)
    # treebeard keeps numchild on the parent; reload it so concurrent children do not collide.
    parent = Place.objects.select_for_update().get(pk=parent.pk)
    return Place.objects.add_child(parent, instance=place)


@transaction.atomic
def place_update(*, place: Place, **fields) -> Place:
    for name, value in fields.items():
        setattr(place, name, value)
    parent = Place.objects.get_parent(place)
    _check_parent(place.kind, place.level, parent)
    if place.kind == Place.Kind.AREA and Place.objects.get_children(place).filter(kind=Place.Kind.AREA).exists():
        child_ranks = Place.objects.get_children(place).filter(kind=Place.Kind.AREA, level__isnull=False)
        if place.level and child_ranks.filter(level__rank__lte=place.level.rank).exists():
            raise ValidationError(_("下级地区的层级须低于本地区的层级"))
    if place.kind == Place.Kind.UNIT and Place.objects.get_children(place).filter(kind=Place.Kind.AREA).exists():
        raise ValidationError(_("该地区下还有行政区域，不能改为创建单位"))
    place.full_clean(exclude=["path", "depth", "numchild"])
    place.save()
    return place


@transaction.atomic
def place_move(*, place: Place, new_parent: Place) -> Place:
    """Move a place with everything below it. Records keep pointing at their places, so nothing else changes."""
    if new_parent.path.startswith(place.path):
        raise ValidationError(_("不能把“%(name)s”移到它自己或它的下级之下") % {"name": place.name})
    _check_parent(place.kind, place.level, new_parent)
    before = changelog.snapshot(place)
    old_ancestors = list(Place.objects.get_ancestors(place).values_list("pk", flat=True))
    Place.objects.move(place, new_parent, pos="last-child")
    place = Place.objects.get(pk=place.pk)
    subtree_moved.send(sender=Place, place=place, old_ancestor_ids=old_ancestors)
    changelog.write(place, "update", before, changelog.snapshot(place))
    return place


@transaction.atomic
def place_delete(*, place: Place) -> None:
    if Place.objects.filter(pk=place.pk).values_list("numchild", flat=True).first():
        raise ValidationError(_("“%(name)s”下还有下级地区或单位，请先移走或删除它们") % {"name": place.name})
    place = Place.objects.get(pk=place.pk)
    try:
        place.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("“%(name)s”下已有%(count)d条业务记录，不能删除；可以填写停用日期")
            % {"name": place.name, "count": len(exc.protected_objects)}
        ) from exc
