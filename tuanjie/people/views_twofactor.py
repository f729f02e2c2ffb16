"""The second factor's pages (enrol, verify, an office's reset) and a person's API tokens."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from tuanjie.core.access import CHANGE
from tuanjie.core.models import SecurityEvent
from tuanjie.core.pagehelp import lede
from tuanjie.core.security import security_event_record
from tuanjie.people import tokens, twofactor
from tuanjie.people.models import ApiToken, User

Kind = SecurityEvent.Kind


class CodeForm(forms.Form):
    code = forms.CharField(label=_l("动态口令"), max_length=20, strip=True,
                           help_text=_l("手机身份验证器上的6位数字；手机不在身边时，可输入一个恢复码（每个只能用一次）"),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return "/"
    return target


@lede(_l("登录的第二步：输入手机身份验证器上的动态口令"))
def twofactor_verify(request):
    if twofactor.session_verified(request) or not twofactor.requires_second_factor(request.user):
        return redirect(_next(request))
    if twofactor.confirmed_totp(request.user) is None:
        return redirect(reverse("twofactor_enrol") + "?" + urlencode({"next": _next(request)}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if not form.cleaned_data["code"].strip().isdigit():
                security_event_record(kind=Kind.RECOVERY_USED, request=request,
                                      detail=_("剩余恢复码 %(n)d 个") % {"n": device.token_set.count()})
            return redirect(_next(request))
        security_event_record(kind=Kind.OTP_FAILED, request=request)
        form.add_error("code", _("动态口令不正确或已用过。请输入验证器上当前的6位数字；连续输错会逐次延长等待时间。"))
    return render(request, "registration/twofactor_verify.html", {"form": form, "next": _next(request),
                                                                  "title": _("双因素认证")})


@lede(_l("用手机身份验证器扫描二维码，输入显示的6位数字，即可启用双因素认证"))
def twofactor_enrol(request):
    if twofactor.confirmed_totp(request.user) is not None:
        return redirect(reverse("twofactor_verify") + "?" + urlencode({"next": _next(request)}))
    device = twofactor.totp_enrol_start(by=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.totp_enrol_confirm(by=request.user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, twofactor.confirmed_totp(request.user))
            security_event_record(kind=Kind.OTP_ENROL, request=request)
            # Shown in this answer only: never stored in readable form, never shown again.
            return render(request, "registration/twofactor_recovery.html",
                          {"codes": codes, "next": _next(request), "title": _("恢复码")})
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return render(request, "registration/twofactor_enrol.html", {
        "form": form, "next": _next(request), "qr": qr, "secret": secret,
        "secret_groups": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), "title": _("启用双因素认证")})


@require_POST
def twofactor_reset(request, pk):
    person = User.objects.restrict(request.user, CHANGE).select_related("home_place").filter(pk=pk).first()
    if person is None:
        raise Http404
    twofactor.second_factor_reset(by=request.user, person=person)
    security_event_record(kind=Kind.OTP_RESET, request=request,
                          detail=_("重置了%(p)s（%(u)s）的双因素认证") % {"p": person, "u": person.username})
    messages.success(request, _("已重置%(p)s的双因素认证，其下次登录时重新绑定手机验证器") % {"p": person})
    return redirect(person.get_absolute_url())


# --- API tokens ------------------------------------------------------------------------------------------------

class TokenForm(forms.Form):
    name = forms.CharField(label=_l("用途"), max_length=60, help_text=_l("例如“统计局数据对接”，便于日后识别和吊销"))


@lede(_l("供其他系统调用接口的令牌：以您本人的权限访问，只在创建时显示一次，不用时请吊销"))
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = tokens.api_token_create(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            security_event_record(kind=Kind.TOKEN_CREATE, request=request, detail=str(token))
            form = TokenForm()
    return render(request, "people/token_list.html", {
        "form": form, "created": created, "tokens": ApiToken.objects.filter(user=request.user),
        "title": _("我的接口令牌")})


@require_POST
def token_revoke(request, pk):
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    tokens.api_token_revoke(by=request.user, token=token)
    security_event_record(kind=Kind.TOKEN_REVOKE, request=request, detail=str(token))
    messages.success(request, _("已吊销令牌“%(t)s”，使用它的系统将无法再调用接口") % {"t": token})
    return redirect("people:token_list")
