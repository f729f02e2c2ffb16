from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.spreadsheets import template_response, xlsx_response
from tuanjie.core.tables import Column
from tuanjie.core.views import ImportView, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from tuanjie.people import bulk, services
from tuanjie.people.filtersets import RoleAssignmentFilterSet, UserFilterSet
from tuanjie.people.forms import RoleAssignmentForm, UserForm
from tuanjie.people.importers import EXAMPLE, HEADERS, NOTES, RESULT_HEADERS, PersonImporter
from tuanjie.people.models import RoleAssignment, User


def _roles(user) -> str:
    return "、".join(sorted({a.get_role_display() for a in user.assignments.all() if a.active}))


class UserListView(ObjectListView):
    lede = _l("本地区及下级的人员账号；一个人的身份和可见范围由“角色”决定")
    empty_hint = _l("人员可逐个新增，或用人员名单表格批量导入（初始密码在结果表中给出）。")
    model = User
    filterset_class = UserFilterSet
    select_related = ("home_place",)
    create_url_name = "people:user_add"
    import_url_name = "people:user_import"
    bulk_actions = bulk.ACTIONS
    columns = [
        Column("full_name", _l("姓名"), link=True, order_by="full_name"),
        Column("username", _l("登录名"), order_by="username"),
        Column("home_place", _l("所在地区/单位")),
        Column("title", _l("职务")),
        Column("roles", _l("角色"), value=_roles),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("assignments")


class UserDetailView(ObjectDetailView):
    lede = _l("一个人的账号、所在单位和角色")
    model = User
    template_name = "people/user_detail.html"
    edit_url_name = "people:user_edit"
    fields = [
        Column("username", _l("登录名")),
        Column("home_place", _l("所在地区/单位")),
        Column("title", _l("职务")),
        Column("phone", _l("手机号")),
        Column("is_active", _l("账号有效")),
        Column("last_login", _l("最近登录")),
    ]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["assignments"] = obj.assignments.select_related("place")
        ctx["can_change"] = ctx["can_change"] and obj.home_place is not None
        from tuanjie.people.twofactor import confirmed_totp

        ctx["second_factor_on"] = confirmed_totp(obj) is not None
        return ctx


class UserEditView(ObjectEditView):
    model = User
    form_class = UserForm
    create_service = services.user_create
    update_service = services.user_update

    def service_fields(self, form) -> dict:
        data = dict(form.cleaned_data)
        if "role" in data:   # only the new-person form asks for a first role and password
            role = data.pop("role")
            data.update(roles=(role,) if role else (), password=data.get("password") or None)
        return data


class RoleAssignmentListView(ObjectListView):
    lede = _l("谁在哪个地区或单位担任什么角色：角色决定他能看到和办理哪些事")
    model = RoleAssignment
    filterset_class = RoleAssignmentFilterSet
    select_related = ("user", "place")
    create_url_name = "people:assignment_add"
    search = False
    columns = [
        Column("user", _l("人员"), link=True),
        Column("role", _l("角色")),
        Column("place", _l("地区/单位")),
        Column("active", _l("有效")),
    ]


class RoleAssignmentDetailView(ObjectDetailView):
    model = RoleAssignment
    edit_url_name = "people:assignment_edit"
    delete_url_name = "people:assignment_delete"
    fields = [Column("user", _l("人员")), Column("role", _l("角色")), Column("place", _l("地区/单位")),
              Column("active", _l("有效")), Column("note", _l("备注"))]


class RoleAssignmentEditView(ObjectEditView):
    model = RoleAssignment
    form_class = RoleAssignmentForm
    create_service = services.role_grant
    update_service = services.role_update


class RoleAssignmentDeleteView(ObjectDeleteView):
    model = RoleAssignment
    success_url_name = "people:assignment_list"

    def perform_delete(self, obj):
        services.role_revoke(by=self.request.user, assignment=obj)


class PersonImportView(ImportView):
    model = User
    importer_class = PersonImporter
    title = _l("导入人员与角色")
    template_url_name = "people:user_import_template"
    success_url_name = "people:user_list"

    def succeeded(self, importer, result):
        if not importer.issued:
            return super().succeeded(importer, result)
        # The initial passwords leave the server once, in this answer; they are stored nowhere but as hashes.
        messages.success(self.request, _("导入成功：新增%(c)d人，更新%(u)d人；初始密码见下载的结果表") % {
            "c": result.created, "u": result.updated})
        response = xlsx_response("人员导入结果（含初始密码）.xlsx", RESULT_HEADERS, importer.issued, _("初始密码"))
        response["Cache-Control"] = "no-store"   # no proxy or browser cache keeps a copy of the passwords
        return response


def import_template(request):
    from tuanjie.core.roles import Role

    return template_response("人员导入模板.xlsx", list(HEADERS), EXAMPLE, NOTES,
                             lookups={"角色": [str(label) for label in Role.labels]})
