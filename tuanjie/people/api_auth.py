"""How systems and people authenticate to the API.

- `TokenAuthentication` (first, for systems): `Authorization: Token tj_…` or `Bearer tj_…`. A token is looked up
  by the sha256 of the secret (one indexed query, no password hash), acts as the person who created it with exactly
  that person's reach, and stops working when revoked or when the person is switched off.
- `CachedBasicAuthentication`: a person's own login name and password. Verifying a password costs about half a
  second of CPU on purpose (PBKDF2), so a verified pair is remembered for a few minutes, keyed by a keyed hash of the
  pair and valid only while the stored password hash is the same (a password change ends it at once). People who
  must pass the second factor cannot use Basic: their password alone is not enough, so they use a token.
- Session authentication for the browsable API and the pages' scripts (people/twofactor.py gates the session).

Every failure answers 401 with a `WWW-Authenticate` challenge (DRF takes it from the first class here)."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from tuanjie.people.models import ApiToken

BASIC_CACHE_SECONDS = 300
# last_used is rewritten at most this often: a system polling every second would otherwise write on every call.
LAST_USED_GRANULARITY = timedelta(minutes=1)
REALM = "tuanjie"


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        scheme, _sep, secret = request.headers.get("Authorization", "").strip().partition(" ")
        if scheme.lower() not in self.keywords:
            return None
        secret = secret.strip()
        if not secret or " " in secret:
            raise exceptions.AuthenticationFailed("接口令牌格式不正确：应为 Authorization: Token <令牌>")
        token = (ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(secret),
                                                                revoked__isnull=True).first())
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("接口令牌无效或已吊销")
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token

    def authenticate_header(self, request):
        """The challenge of every 401: Basic when the caller tried Basic (so a client knows to ask again), else the
        token scheme (a browser shows no password dialog for it)."""
        if request.headers.get("Authorization", "").lower().startswith("basic"):
            return f'Basic realm="{REALM}", charset="UTF-8"'
        return f'Token realm="{REALM}"'


def _pair_key(username: str, password: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{username}\0{password}".encode(), hashlib.sha256)
    return "tuanjie:basic:" + digest.hexdigest()


class CachedBasicAuthentication(authentication.BasicAuthentication):
    www_authenticate_realm = REALM

    def authenticate_credentials(self, userid, password, request=None):
        from tuanjie.people.twofactor import requires_second_factor

        key = _pair_key(userid, password)
        remembered = cache.get(key)
        user = None
        if remembered is not None:
            user_id, password_hash = remembered
            user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
            if user is None or not hmac.compare_digest(user.password, password_hash):
                cache.delete(key)
                user = None
        if user is None:
            user = authenticate(request=request, username=userid, password=password)
            if user is None:
                raise exceptions.AuthenticationFailed("登录名或密码不正确")
            if not user.is_active:
                raise exceptions.AuthenticationFailed("该账号已停用")
            cache.set(key, (user.pk, user.password), BASIC_CACHE_SECONDS)
        if requires_second_factor(user):
            raise exceptions.AuthenticationFailed(
                "该账号须通过双因素认证，接口调用请使用接口令牌（登录后在“我的接口令牌”页面创建）")
        return user, None


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and Swagger's 认证 button) describes the token."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Authorization: Token <令牌>（登录后在“我的接口令牌”页面创建，只显示一次）"}


class CachedBasicScheme(OpenApiAuthenticationExtension):
    target_class = CachedBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic",
                "description": "登录名和密码；须双因素认证的角色（创建办、督查、管理员）请改用接口令牌"}
