"""Writes to the place tree. Every function is atomic and leaves the tree consistent."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.core import changelog
from tuanjie.places.models import DivisionSync, Place
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


# ------------------------------------------------------------------------------ the official division list
DIVISION_BATCH = 5000


def division_sync_queue(*, by, code: str) -> DivisionSync:
    """Start bringing the areas under the division `code` in line with the official list, as a background job.

    The changes are worked out now, so that an office that may not make them is told at once (in Chinese) and
    nothing is queued; the job works them out again when it runs, so a list refreshed in between is followed."""
    from tuanjie.places import divisions
    from tuanjie.places.selectors import division_changes, division_levels

    levels = division_levels()
    changes = division_changes(user=by, code=code)
    with transaction.atomic():
        anchor = changes.anchor
        if anchor is None:   # an administrator starting a province: its root now, the rest in the job
            province = changes.new[0]
            anchor = place_create(parent=None, kind=Place.Kind.AREA, name=province.name, code=province.code,
                                  level=levels[province.rank])
        sync = DivisionSync.objects.create(
            place=anchor, code=changes.division.code, title=divisions.label(changes.division),
            total=len(changes.new), requested_by=by if getattr(by, "pk", None) else None)
        from tuanjie.places.tasks import sync_divisions

        # With the database backend the task row is written in this transaction (the worker never sees a task
        # without its job); with the immediate backend (tests, demo) it runs here, after the job row exists.
        sync_divisions.enqueue(sync.pk)
    sync.refresh_from_db()
    return sync


def division_sync_country(*, by, provinces: list[str] | None = None) -> list[DivisionSync]:
    """Start bringing the whole country (or the provinces named by code) in line with the official list: one job
    per province, so each shows its own progress, fails alone and resumes alone; run again, it adds only what is
    missing. Only an administrator may, since provinces are roots of the tree."""
    from tuanjie.places import divisions

    if not getattr(by, "is_superuser", False):
        raise PermissionDenied(_("只有系统管理员可以按区划代码表建立全国的地区"))
    codes = provinces if provinces is not None else [d.code for d in divisions.children("")]
    return [division_sync_queue(by=by, code=code) for code in codes]


def division_sync_run(*, sync_id: int) -> DivisionSync:
    """Apply a queued division job. New areas go in level by level, a few thousand per transaction, so progress
    shows while it runs and SQLite's write lock is never held for long. A job that stops halfway loses nothing and
    is simply run again: every area is known by its code, so what is there already is not created twice."""
    from tuanjie.places.selectors import division_changes, division_levels

    with transaction.atomic():
        sync = DivisionSync.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=sync_id)
        if sync.status not in (DivisionSync.Status.QUEUED, DivisionSync.Status.FAILED):
            return sync
        sync.status, sync.started_at, sync.error = DivisionSync.Status.RUNNING, timezone.now(), ""
        sync.save()
    try:
        by = sync.requested_by
        levels = division_levels()
        changes = division_changes(user=by, code=sync.code)
        DivisionSync.objects.filter(pk=sync.pk).update(total=len(changes.new), done=0)
        today = timezone.localdate()
        with transaction.atomic():
            for place, name in changes.renamed:
                place_update(place=place, name=name)
            for place in changes.gone:   # retired, not deleted: records may hang on it, and history needs it
                place_update(place=place, active_until=today)
        done = 0
        for batch in _batches(changes.new):
            with transaction.atomic():
                _insert_divisions(batch, levels)
            done += len(batch)
            DivisionSync.objects.filter(pk=sync.pk).update(done=done)
    except (ValidationError, PermissionDenied) as exc:
        DivisionSync.objects.filter(pk=sync.pk).update(
            status=DivisionSync.Status.FAILED, error="；".join(getattr(exc, "messages", [str(exc)])),
            finished_at=timezone.now())
    except Exception:
        DivisionSync.objects.filter(pk=sync.pk).update(
            status=DivisionSync.Status.FAILED, error=_("同步中断，已新增的地区保留；请重新发起同步，会从中断处继续"),
            finished_at=timezone.now())
        raise   # the worker logs it and retries; nothing is hidden
    else:
        DivisionSync.objects.filter(pk=sync.pk).update(
            status=DivisionSync.Status.DONE, renamed=len(changes.renamed), retired=len(changes.gone),
            finished_at=timezone.now())
    sync.refresh_from_db()
    return sync


def _batches(new):
    """Divisions of one level at a time (a level's parents are all in before it starts), at most DIVISION_BATCH."""
    batch: list = []
    for division in new:
        if batch and (division.rank != batch[-1].rank or len(batch) >= DIVISION_BATCH):
            yield batch
            batch = []
        batch.append(division)
    if batch:
        yield batch


def _insert_divisions(batch, levels) -> None:
    """Insert official divisions whose parents are all in the tree: treebeard's paths are worked out here, the
    rows go in by COPY (PostgreSQL) or bulk INSERT, and each parent's numchild is raised once."""
    from django.db.models import Case, F, Max, When

    from tuanjie.core.bulk import insert_new, instance
    from tuanjie.core.pinyin import search_key

    parents = {p.code: p for p in Place.objects.select_for_update().filter(
        code__in={d.parent_code for d in batch})}
    step = {}
    for parent in parents.values():
        last = None
        if parent.numchild:   # a parent without children (every new one) needs no look
            last = Place.objects.subtree(parent).filter(depth=parent.depth + 1).aggregate(m=Max("path"))["m"]
        step[parent.code] = Place._str2int(last[-Place.steplen:]) if last else 0
    places = []
    added: dict[str, int] = {}
    for division in batch:
        parent = parents[division.parent_code]
        step[parent.code] += 1
        added[parent.code] = added.get(parent.code, 0) + 1
        places.append(instance(Place, {
            "path": Place._get_path(parent.path, parent.depth + 1, step[parent.code]), "depth": parent.depth + 1,
            "numchild": 0, "kind": Place.Kind.AREA, "name": division.name, "code": division.code,
            "level_id": levels[division.rank].pk, "search_key": search_key(division.name)}))
    insert_new(places)
    Place.objects.filter(code__in=list(added)).update(numchild=F("numchild") + Case(
        *(When(code=code, then=n) for code, n in added.items()), default=0))
    changelog.log_bulk_created(places)
