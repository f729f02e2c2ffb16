from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tuanjie.core.pagehelp import lede
from tuanjie.notifications.models import Notification
from tuanjie.notifications.services import mark_read


@lede("系统发给您的提醒和通知：退回、复检结果、临近的时限等；点开即标为已读")
def inbox(request):
    qs = Notification.objects.for_user(request.user)
    if request.GET.get("unread"):
        qs = qs.unread()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page, "title": "消息"})


def open_note(request, pk):
    note = Notification.objects.for_user(request.user).filter(pk=pk).first()
    if note is None:
        return redirect("notifications:inbox")
    mark_read(by=request.user, ids=[note.pk])
    return redirect(note.url or "notifications:inbox")


@require_POST
def read_all(request):
    mark_read(by=request.user)
    return redirect("notifications:inbox")
