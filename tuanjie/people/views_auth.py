from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("登录名或密码不正确。连续输错5次，账号将被锁定15分钟。"),
        "inactive": _("该账号已停用，请联系本级创建办。"),
    }
    username = forms.CharField(label=_("登录名"), widget=forms.TextInput(attrs={"autofocus": True,
                                                                             "autocomplete": "username"}))
    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password (also the forced change when it expired, people/password_expiry.py)."""

    template_name = "registration/password_change.html"
    success_url = "/"

    def get_context_data(self, **kwargs):
        from tuanjie.people.password_expiry import password_expired

        ctx = super().get_context_data(**kwargs)
        ctx["expired"] = password_expired(self.request.user)
        return ctx

    def form_valid(self, form):
        from tuanjie.core.models import SecurityEvent
        from tuanjie.core.security import security_event_record

        response = super().form_valid(form)
        security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGE, request=self.request)
        return response
