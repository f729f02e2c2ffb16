"""Two-factor sign-in (TOTP, with one-time recovery codes) for the roles that manage people and data: offices,
inspectors and admins (GB/T 22239 level 3: 双因素鉴别). django-otp keeps the devices and checks the codes (with
its back-off on wrong codes); this module says who must pass, gates the session until they have, and holds the
three writes: enrolment, its confirmation, and an office's reset of a person in its reach.

A session passes the second factor once, at sign-in (django_otp.login stores the device in the session); a device
that is reset or removed no longer verifies any session that used it (OTPMiddleware reloads it on every request)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tuanjie.core.access import CHANGE, assignments_of, may
from tuanjie.core.roles import Role

SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.INSPECTOR})
RECOVERY_CODES = 10
# What an unverified session may still open: the second-factor pages themselves, signing out, and what any
# anonymous visitor may (static files, the service worker, health).
_OPEN_PREFIXES = ("/2fa/", "/logout/", "/login/", "/static/", "/healthz", "/sw.js", "/app/", "/public/",
                  "/media/public/")


def requires_second_factor(user) -> bool:
    if not settings.TUANJIE_2FA_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role in SECOND_FACTOR_ROLES for role, _path in assignments_of(user))


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def session_verified(request) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


class SecondFactorMiddleware:
    """A signed-in person who must pass the second factor and has not, in this session, sees only the enrolment or
    the verification page (the API answers 403 saying so); everything else waits until they have."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES)
                and requires_second_factor(request.user) and not session_verified(request)):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request):
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": "请先完成双因素认证（登录页的动态口令）后再调用接口"}, status=403,
                                json_dumps_params={"ensure_ascii": False})
        page = "twofactor_verify" if confirmed_totp(request.user) else "twofactor_enrol"
        target = reverse(page) + "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            from django.http import HttpResponse

            answer = HttpResponse(status=200)
            answer["HX-Redirect"] = target
            return answer
        return redirect(target)


# --- services --------------------------------------------------------------------------------------------------

@transaction.atomic
def totp_enrol_start(*, by) -> TOTPDevice:
    """The device a person is enrolling: a new secret, unconfirmed until a code from it is typed back. Asking
    again while unconfirmed keeps the same secret (the QR code already scanned stays good)."""
    if confirmed_totp(by) is not None:
        raise ValidationError(_("您已启用双因素认证；如更换手机，请联系本级创建办重置"))
    device = TOTPDevice.objects.filter(user=by, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=by, name=_("手机身份验证器"), confirmed=False)


def totp_enrol_confirm(*, by, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code from it and issue the recovery codes (returned once, stored only as
    django-otp's single-use tokens). A wrong code is committed to django-otp's back-off before the refusal, so the
    check is outside the transaction that confirms."""
    device = TOTPDevice.objects.get(pk=device.pk, user=by)
    if device.confirmed:
        raise ValidationError(_("该设备已启用"))
    if not device.verify_token(_digits(code)):
        raise ValidationError(_("动态口令不正确：请输入手机验证器上当前显示的6位数字（注意手机时间须准确）"))
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=by, confirmed=False).delete()
        StaticDevice.objects.filter(user=by).delete()
        recovery = StaticDevice.objects.create(user=by, name=_("恢复码"), confirmed=True)
        codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    device.confirmed = True
    return codes


@transaction.atomic
def second_factor_reset(*, by, person) -> int:
    """An office takes away a person's authenticator and recovery codes (a lost phone); the person enrols again
    at the next sign-in, and any session verified by the old device stops passing. Only inside the office's reach."""
    if person.home_place is None or not may(by, CHANGE, type(person), person.home_place):
        raise PermissionDenied(_("只有该人员所在地区或上级的创建办可以重置其双因素认证"))
    removed, _detail = TOTPDevice.objects.filter(user=person).delete()
    static, _detail = StaticDevice.objects.filter(user=person).delete()
    return removed + static


def verify_code(user, code: str):
    """The device that accepts `code`: the authenticator's six digits, or one unused recovery code (then spent)."""
    code = code.strip().replace(" ", "").lower()
    if code.isdigit():
        device = confirmed_totp(user)
        return device if device is not None and device.verify_token(code) else None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _digits(code: str) -> str:
    return "".join(c for c in str(code) if c.isdigit())


def second_factor_context(request) -> dict:
    """Context processor: with the requirement switched off, the people it would apply to see a warning."""
    if settings.TUANJIE_2FA_REQUIRED or not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    held = request.user.is_superuser or any(r in SECOND_FACTOR_ROLES for r, _p in assignments_of(request.user))
    return {"second_factor_off": held}
