from tuanjie.core.focus import breadcrumb, focus_place
from tuanjie.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    place = focus_place(request)
    from tuanjie.notifications.models import Notification

    return {
        "unread_count": Notification.objects.for_user(user).unread().count(),
        "menu": menu_for(user),
        "focus_place": place,
        "focus_breadcrumb": breadcrumb(request, place),
    }
