"""The search page behind the top bar's box: every kind of record this person may see, grouped by kind."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from tuanjie.core.pagehelp import lede
from tuanjie.core.search import search_everything, searchables


@login_required
@lede("按名称、标题或拼音首字母查找您有权查看的单位、人员、活动、信息、文稿和整改事项")
def search(request):
    text = request.GET.get("q", "").strip()
    only = request.GET.get("type") or None
    kinds = {s.key: s for s in searchables()}
    if only not in kinds:
        only = None
    groups = search_everything(request.user, text, only=only)
    # Not "groups": the menu in base.html regroups into that name before the content is drawn.
    return render(request, "core/search.html", {
        "title": _("搜索"), "query": text, "search_groups": groups, "only": kinds.get(only),
        "total": sum(len(g.hits) for g in groups),
    })
