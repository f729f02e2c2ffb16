"""Closing the first-visit guide (core/pagehelp.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tuanjie.core.pagehelp import GUIDES
from tuanjie.core.services import guide_dismiss


@login_required
@require_POST
def guide_dismiss_view(request):
    key = request.POST.get("guide", "")
    if key not in {g.key for g in GUIDES.values()}:
        return HttpResponse("没有这个引导，请刷新页面后再关闭", status=400, content_type="text/plain; charset=utf-8")
    guide_dismiss(by=request.user, guide=key)
    if getattr(request, "htmx", False):
        return HttpResponse("")      # the card swaps itself out
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
