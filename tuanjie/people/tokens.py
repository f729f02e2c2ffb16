"""API tokens: a person creates one for a system, sees its secret once, and revokes it (people/api_auth.py checks
them). Only the sha256 of the secret is kept."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuanjie.people.models import ApiToken

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def api_token_create(*, by, name: str) -> tuple[ApiToken, str]:
    """A new token acting as `by`; returns it with its secret, which is not stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写令牌的用途"))
    if ApiToken.objects.filter(user=by, revoked__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(_("有效令牌已达 %(n)d 个，请先吊销不用的令牌") % {"n": MAX_ACTIVE_TOKENS})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=by, name=name, digest=ApiToken.digest_of(secret), hint=secret[:8])
    return token, secret


@transaction.atomic
def api_token_revoke(*, by, token: ApiToken) -> ApiToken:
    if token.user_id != by.pk:
        raise ValidationError(_("只能吊销自己的令牌"))
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token
