from django.db.models import Count, Q

from tuanjie.core.focus import breadcrumb, focus_place
from tuanjie.core.navigation import menu_sections


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    place = focus_place(request)
    from tuanjie.core.todo import request_total

    return {
        "unread_count": _unread_events(request, user),
        "todo_count": request_total(request),
        "menu": menu_sections(user),
        "focus_place": place,
        "focus_breadcrumb": breadcrumb(request, place),
    }


def _unread_events(request, user) -> int:
    """Unread messages about events (退回, 复检不合格…). Those about a step awaiting the person (kind 待办) are not
    counted: the to-do shows them live, and a message cannot know the step was taken. Opening a message's record
    marks it read, so this page's own message is not counted either. One query, two on the page that reads one."""
    from tuanjie.notifications.models import Notification
    from tuanjie.notifications.services import mark_read_on_open

    here = Q(url=request.path)
    figures = Notification.objects.for_user(user).unread().aggregate(
        events=Count("pk", filter=~here & ~Q(kind=Notification.Kind.TASK)), here=Count("pk", filter=here))
    if figures["here"] and request.method == "GET":
        mark_read_on_open(by=user, url=request.path)
    return figures["events"]
