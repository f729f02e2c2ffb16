"""Sending messages to people: in the inbox always, by email too when email is configured."""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from tuanjie.notifications.models import Notification


def email_enabled() -> bool:
    return settings.EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend" or getattr(
        settings, "TUANJIE_EMAIL_ALWAYS", False)


def notify(recipients: Iterable, *, title: str, body: str = "", url: str = "", kind: str = "info",
           dedupe_key: str | None = None) -> int:
    """Send one message to each recipient; with a dedupe_key a person gets it at most once (reminders rerun daily)."""
    sent = 0
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        note = Notification.objects.create(recipient=user, kind=kind, title=title[:200], body=body, url=url[:300],
                                           dedupe_key=dedupe_key or "")
        sent += 1
        if user.email and email_enabled():
            transaction.on_commit(partial(_email, note, user))
    return sent


def _email(note: Notification, user) -> None:
    text = note.body + (f"\n\n{note.url}" if note.url else "")
    send_mail(f"【团结】{note.title}", text, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def mark_read_on_open(*, by, url: str) -> int:
    """A message is read once its record is opened, however the person got there (the bell must not keep
    counting what they have already seen)."""
    return Notification.objects.for_user(by).unread().filter(url=url).update(read_at=timezone.now())


def mark_read(*, by, ids=None) -> int:
    qs = Notification.objects.for_user(by).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
