from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tuanjie.core.access import ADD, places_for
from tuanjie.core.roles import Role
from tuanjie.people.models import RoleAssignment, User
from tuanjie.people.services import grantable_roles, grantable_somewhere

ROLE_REFUSED = _("您无权授予该角色")


class UserForm(forms.ModelForm):
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, required=False,
                               help_text=_("至少10位，含大小写字母、数字、符号中的三类；留空则不能登录"))
    role = forms.ChoiceField(label=_("角色"), choices=[("", "—")] + list(Role.choices), required=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "title", "home_place", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["home_place"].queryset = places_for(user, User, ADD).select_related("level")
        self.fields["home_place"].required = True
        if self.instance.pk:
            del self.fields["password"]
            del self.fields["role"]
        else:
            # Offer only the roles this person may grant (an office is never offered 系统管理员); the field still
            # accepts every role, so a forged one is refused by clean() with the reason, not as an unknown choice.
            offered = grantable_somewhere(user)
            self.fields["role"].widget.choices = [("", "—")] + [(v, label) for v, label in Role.choices
                                                                if v in offered]

    def clean(self):
        data = super().clean()
        role, place = data.get("role"), data.get("home_place")
        if role and place and role not in grantable_roles(self.user, place):
            self.add_error("role", ROLE_REFUSED)
        return data


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "place", "active", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["place"].queryset = places_for(user, RoleAssignment, ADD).select_related("level")
        self.fields["user"].queryset = User.objects.restrict(user)

    def clean(self):
        data = super().clean()
        role, place = data.get("role"), data.get("place")
        if role and place and role not in grantable_roles(self.user, place):
            raise ValidationError(_("您无权在该地区授予“%(r)s”角色") % {"r": Role(role).label})
        return data
