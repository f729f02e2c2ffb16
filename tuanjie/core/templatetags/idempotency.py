"""`{% csrf_token %}`, as Django's, plus the form's idempotency key: a hidden `idempotency_key` with a fresh UUID.

Loaded as a template builtin (settings.TEMPLATES), so it replaces Django's tag of the same name. Every form that
posts already carries the CSRF token (Django refuses it otherwise), so every form that posts carries a key too,
including forms added later, and no template has to remember a second tag. The key is new at each rendering: a
form shown again after a refusal is a new submission, while the same page sent twice (a double tap, back and
resubmit) sends the same key and is saved once (core/idempotency.py)."""

from uuid import uuid4

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from tuanjie.core.idempotency import FIELD

register = template.Library()


class KeyedCsrfTokenNode(CsrfTokenNode):
    def render(self, context):
        token = super().render(context)
        if not token:
            return token
        return token + format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid4())


@register.tag
def csrf_token(parser, token):
    return KeyedCsrfTokenNode()
