"""Import of a staff list: one person per row with the roles they hold at their place, checked by the same rules as
the new-person page (the form's fields, the model's validation, the roles the office may grant there) and written
in bulk (user_bulk_create), since a county's staff runs to thousands.

A person is known by their login name: a row naming an existing account updates it (name, phone, title, place) and
grants the roles it lacks, so importing the same file again changes nothing. A new account gets a random initial
password, given once in the result sheet the import answers with; nothing else keeps it."""

import re

from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, CHANGE, may, places_for
from tuanjie.core.bulk import instance
from tuanjie.core.imports import BulkTabularImporter, ImportResult, ModelChecks
from tuanjie.core.pinyin import search_key
from tuanjie.core.roles import Role
from tuanjie.people.forms import ROLE_REFUSED
from tuanjie.people.hashers import RandomInitialPasswordHasher
from tuanjie.people.models import RoleAssignment, User
from tuanjie.people.passwords import initial_password
from tuanjie.people.services import grantable_roles, role_grant, user_bulk_create, user_update
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
    "一次最多导入10000行，人多时请拆分成几个文件。新账号的初始密码由系统随机生成，导入成功后随结果表下载一次，请分发给本人并提醒其登录后修改。",
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
    """One row: the new-person page's fields, the place by code or name path, the roles by their names. Whether
    the office may grant those roles there is PersonImporter.build_record's check (it knows each place once)."""

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


_HOME_PLACE = User._meta.get_field("home_place")
_INITIAL_HASHER = RandomInitialPasswordHasher()
_CHUNK = 5000   # names per IN (...): well inside SQLite's and PostgreSQL's limits on parameters


class PersonImporter(BulkTabularImporter):
    """Rows are checked against the accounts, grants and places the file names, loaded once, and new people are
    written in bulk with their grants (see BulkTabularImporter); a row that changes an existing account goes
    through user_update and role_grant as before, and one that changes nothing costs nothing."""

    columns = HEADERS
    required_headers = REQUIRED
    form_class = PersonImportForm
    # Initial passwords are hashed cheaply (people/hashers.py): 10,000 people import in well under a minute, inside
    # the web server's 120 s request timeout; a whole county's staff fits in one file.
    max_rows = 10_000

    def __init__(self, user):
        super().__init__(user)
        self.places = PlaceNames(places_for(user, User, ADD))
        self.issued: list[tuple[str, str, str, str]] = []   # (name, login, place, initial password)

    def check_rows(self, rows, result: ImportResult):
        rows = list(rows)
        if len(rows) > self.max_rows:
            result.errors.append(_("文件有%(n)d行，人员一次最多导入%(max)d行：请拆分成几个文件分批导入"
                                   "（已导入的人再次导入不会重复）") % {"n": len(rows), "max": self.max_rows})
            return len(rows), []
        return super().check_rows(rows, result)

    def prepare(self, rows) -> None:
        logins = sorted({str(data.get("username") or "").strip() for _n, data in rows} - {""})
        self.existing: dict[str, User] = {}
        for start in range(0, len(logins), _CHUNK):
            found = User.objects.filter(username__in=logins[start:start + _CHUNK]).select_related("home_place")
            self.existing.update((user.username, user) for user in found)
        ids = [user.pk for user in self.existing.values()]
        self.held: set[tuple[int, str, int]] = set()
        for start in range(0, len(ids), _CHUNK):
            self.held.update(RoleAssignment.objects.filter(user_id__in=ids[start:start + _CHUNK], active=True)
                             .values_list("user_id", "role", "place_id"))
        self.rows_of: dict[str, int] = {}
        self._grantable: dict[int, set[str]] = {}
        self._changeable: dict[int, bool] = {}

    def make_form(self):
        form = self.form_class(user=self.user, places=self.places)
        # The rest of full_clean (the login's characters and the like); the home place comes from the database.
        self.model_checks = ModelChecks(User, ["username", "full_name", "phone", "title"], form.fields)
        return form

    def build_record(self, cleaned: dict, number: int):
        username, place, roles = cleaned["username"], cleaned["place"], cleaned["roles"]
        if username in self.rows_of:
            raise ValidationError({"username": _("登录名“%(u)s”与第%(n)d行重复：一人写一行，多个角色用“、”分隔") % {
                "u": username, "n": self.rows_of[username]}})
        self.rows_of[username] = number
        if place.pk not in self._grantable:
            self._grantable[place.pk] = grantable_roles(self.user, place)
        if any(role not in self._grantable[place.pk] for role in roles):
            raise ValidationError({"roles": ROLE_REFUSED})   # the new-person page's words
        fields = {"username": username, "full_name": cleaned["full_name"], "home_place": place,
                  "phone": cleaned["phone"], "title": cleaned["title"]}
        person = instance(User, {"username": username, "full_name": fields["full_name"], "home_place_id": place.pk,
                                 "phone": fields["phone"], "title": fields["title"],
                                 "search_key": search_key(fields["full_name"])})
        _HOME_PLACE.set_cached_value(person, place)
        self.model_checks(person)
        stored = self.existing.get(username)
        if stored is None:
            return None, person, roles
        home = stored.home_place
        if home is not None and home.pk not in self._changeable:
            self._changeable[home.pk] = may(self.user, CHANGE, User, home)
        if home is None or not self._changeable[home.pk]:
            raise ValidationError(_("登录名“%(u)s”已被您管辖范围以外的人员使用，请换一个登录名") % {"u": username})
        return stored, fields, roles

    def save_records(self, records: list, result: ImportResult) -> None:
        new = [(person, roles) for stored, person, roles in records if stored is None]
        for person, _roles in new:
            if self.dry_run:   # a preview is rolled back: no password to give out
                person.set_unusable_password()
                continue
            password = initial_password()
            person.password = make_password(password, hasher=_INITIAL_HASHER)
            self.issued.append((person.full_name, person.username, str(person.home_place), password))
        user_bulk_create(by=self.user, users=[person for person, _r in new], roles=[roles for _p, roles in new])
        result.created += len(new)
        for stored, fields, roles in records:
            if stored is not None:
                self._update(stored, fields, roles, result)

    def _update(self, stored: User, fields: dict, roles: tuple[str, ...], result: ImportResult) -> None:
        changed = any(getattr(stored, name) != value for name, value in fields.items())
        missing = [role for role in roles if (stored.pk, role, fields["home_place"].pk) not in self.held]
        if not changed and not missing:
            return
        stored = User.objects.select_for_update(of=("self",)).select_related("home_place").get(pk=stored.pk)
        if changed:
            user_update(by=self.user, instance=stored, is_active=stored.is_active, **fields)
        for role in missing:
            role_grant(by=self.user, user=stored, role=role, place=fields["home_place"])
        result.updated += 1


RESULT_HEADERS = ["姓名", "登录名", "所在地区/单位", "初始密码"]
