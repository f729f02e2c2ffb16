"""Creating an office's areas from the official division list: pick the county (or province), preview what would
be created, renamed and retired, confirm; the job runs in the background and its page shows how far it is."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, VIEW, places_for
from tuanjie.places import divisions
from tuanjie.places.models import DivisionSync, Place
from tuanjie.places.selectors import division_changes
from tuanjie.places.services import division_sync_queue

PREVIEW_ROWS = 50   # of each list on the preview page; the counts are always whole


def _offices_only(user) -> None:
    if not places_for(user, Place, ADD).exists():
        raise PermissionDenied(_("只有创建办工作人员可以按区划代码表建立地区"))


def division_pick(request):
    """Browse the list from the provinces down, or search by name or code."""
    _offices_only(request.user)
    query = request.GET.get("q", "").strip()
    parent_code = request.GET.get("parent", "").strip()
    error = None
    parent = None
    try:
        if query:
            found = divisions.search(query)
        else:
            parent = divisions.find(parent_code) if parent_code else None
            found = divisions.children(parent.code if parent else "") if not parent or parent.rank < 3 else []
    except ValidationError as exc:
        found, error = [], exc.messages[0]
    rows = [(d, divisions.label(d) if query else d.name) for d in found]
    own = [p for p in places_for(request.user, Place, ADD).filter(code__regex=r"^\d{12}$").order_by("depth")[:1]]
    return render(request, "places/division_pick.html", {
        "title": _("按区划代码表建立地区"), "rows": rows, "query": query, "parent": parent,
        "line": divisions.chain(parent.code) if parent else [], "error": error, "own": own[0] if own else None,
        "recent": DivisionSync.objects.restrict(request.user, VIEW).select_related("place")[:10]})


def division_preview(request):
    _offices_only(request.user)
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    try:
        if request.method == "POST":
            sync = division_sync_queue(by=request.user, code=code)
            return redirect(sync.get_absolute_url())
        changes = division_changes(user=request.user, code=code)
    except (ValidationError, PermissionDenied) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        return render(request, "places/division_pick.html", {
            "title": _("按区划代码表建立地区"), "rows": [], "error": message}, status=422)
    ranks = {}
    for d in changes.new:
        ranks[d.rank] = ranks.get(d.rank, 0) + 1
    return render(request, "places/division_preview.html", {
        "title": _("预览：%(n)s") % {"n": divisions.label(changes.division)}, "changes": changes,
        "new_by_level": [(divisions.LEVEL_LABELS[r], n) for r, n in sorted(ranks.items())],
        "new": changes.new[:PREVIEW_ROWS], "renamed": changes.renamed[:PREVIEW_ROWS],
        "gone": changes.gone[:PREVIEW_ROWS], "limit": PREVIEW_ROWS})


def division_sync(request, pk):
    sync = get_object_or_404(DivisionSync.objects.restrict(request.user, VIEW).select_related("place"), pk=pk)
    return render(request, "places/division_sync.html", {"title": sync.title, "sync": sync})
