"""Import of a staff list: one person per row with the roles they hold at their place, created and granted through
the same services, and checked by the same rules, as the new-person page.

A person is known by their login name: a row naming an existing account updates it (name, phone, title, place) and
grants the roles it lacks, so importing the same file again changes nothing. A new account gets a random initial
password, given once in the result sheet the import answers with; nothing else keeps it."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, CHANGE, may, places_for
from tuanjie.core.imports import ImportResult, TabularImporter
from tuanjie.core.roles import Role
from tuanjie.people.forms import ROLE_REFUSED
from tuanjie.people.models import User
from tuanjie.people.passwords import initial_password
from tuanjie.people.services import grantable_roles, role_grant, user_create, user_update
from tuanjie.places.lookups import PlaceNames

HEADERS = {
    "姓名": "full_name",
    "登录名": "username",
    "手机": "phone",
    "所在地区/单位": "place",
    "角色": "roles",
    "职务": "title",
}
REQUIRED = ("姓名", "登录名", "所在地区/单位")
ROLE_SPLIT = re.compile(r"\s*[、，,；;]\s*")

EXAMPLE = ["张明", "zhangming", "13800000000", "团结县/城关镇", "创建办工作人员、督查/评审人员", "城关镇创建办主任"]
NOTES = [
    "一行一个人，不要改动第一行表头；示例行导入前请删除。",
    "登录名：字母、数字或 @ . + - _，不能与他人重复；已有账号按登录名更新姓名、手机、职务和所在地区/单位，"
    "并补授缺少的角色，不改密码。",
    "所在地区/单位：填代码，或从县开始的完整名称，用“/”分隔，如：团结县/城关镇/城关镇中心学校；"
    "只能是您管辖范围内的地区或单位。",
    "角色（可不填，多个用“、”分隔），授予在所在地区/单位：" + "、".join(str(label) for label in Role.labels) + "。"
    "您只能授予您有权授予的角色。",
    "一次最多导入200行，人多时请拆分成几个文件。新账号的初始密码由系统随机生成，导入成功后随结果表下载一次，请分发给本人并提醒其登录后修改。",
    "文件中任何一行有错，整个文件都不会导入；系统会列出每一行的问题，改正后重新上传即可。",
]


def _role_values() -> dict[str, str]:
    names = {}
    for value, label in Role.choices:
        names[value] = value
        names[str(label)] = value
        names[re.sub(r"（.*）$", "", str(label))] = value   # 领导（只读） may be written 领导
    return names


class PersonImportForm(forms.ModelForm):
    """One row: the new-person page's fields, the place by code or name path, the roles by their names."""

    place = forms.CharField(label=_l("所在地区/单位"), max_length=300)
    roles = forms.CharField(label=_l("角色"), max_length=200, required=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "title"]

    def __init__(self, *args, user, places: PlaceNames, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.places = places

    def clean_place(self):
        return self.places(self.cleaned_data["place"])

    def clean_roles(self):
        known = _role_values()
        roles = []
        for name in ROLE_SPLIT.split(self.cleaned_data.get("roles") or ""):
            if not name:
                continue
            if name not in known:
                raise forms.ValidationError(_("“%(v)s”不是角色，可填：%(names)s") % {
                    "v": name, "names": "、".join(str(label) for label in Role.labels)})
            roles.append(known[name])
        return tuple(dict.fromkeys(roles))

    def clean(self):
        data = super().clean()
        place, roles = data.get("place"), data.get("roles") or ()
        if place is not None and any(role not in grantable_roles(self.user, place) for role in roles):
            self.add_error("roles", ROLE_REFUSED)   # the new-person page's words
        return data


class PersonImporter(TabularImporter):
    columns = HEADERS
    required_headers = REQUIRED
    form_class = PersonImportForm
    # Hashing a new account's password takes about 0.3 s (PBKDF2, measured 3.5 accounts/s on the 2-core test
    # machine): 200 rows stay well inside the web server's 120 s request timeout.
    max_rows = 200

    def __init__(self, user):
        super().__init__(user)
        self.places = PlaceNames(places_for(user, User, ADD))
        self.issued: list[tuple[str, str, str, str]] = []   # (name, login, place, initial password)

    def check_rows(self, rows, result: ImportResult):
        rows = list(rows)
        if len(rows) > self.max_rows:
            result.errors.append(_("文件有%(n)d行，人员一次最多导入%(max)d行：请拆分成几个文件分批导入"
                                   "（已导入的人再次导入不会重复）") % {"n": len(rows), "max": self.max_rows})
        return rows

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        username = str(data.get("username") or "").strip()
        existing = User.objects.filter(username=username).select_related("home_place").first() if username else None
        return self.form_class(data=data, instance=existing, user=self.user, places=self.places)

    def save_row(self, form, result: ImportResult) -> None:
        data = form.cleaned_data
        fields = {"username": data["username"], "full_name": data["full_name"], "home_place": data["place"],
                  "phone": data["phone"], "title": data["title"]}
        if form.instance.pk is None:
            # A preview is rolled back: no password to hash (a third of a second each) or to give out.
            password = None if self.dry_run else initial_password()
            user_create(by=self.user, password=password, roles=data["roles"], **fields)
            if password:
                self.issued.append((fields["full_name"], fields["username"], str(fields["home_place"]), password))
            result.created += 1
            return
        stored = User.objects.select_for_update(of=("self",)).select_related("home_place").get(pk=form.instance.pk)
        if stored.home_place is None or not may(self.user, CHANGE, User, stored.home_place):
            raise ValidationError(_("登录名“%(u)s”已被您管辖范围以外的人员使用，请换一个登录名") % {
                "u": fields["username"]})
        changed = any(getattr(stored, name) != value for name, value in fields.items())
        if changed:
            user_update(by=self.user, instance=stored, is_active=stored.is_active, **fields)
        held = set(stored.assignments.filter(place=fields["home_place"], active=True).values_list("role", flat=True))
        for role in data["roles"]:
            if role not in held:
                role_grant(by=self.user, user=stored, role=role, place=fields["home_place"])
                changed = True
        if changed:
            result.updated += 1


RESULT_HEADERS = ["姓名", "登录名", "所在地区/单位", "初始密码"]
