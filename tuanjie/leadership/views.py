from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core import versioning
from tuanjie.core.tables import Column
from tuanjie.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from tuanjie.leadership.forms import DutyFormSet, LeadingGroupForm, MemberFormSet
from tuanjie.leadership.models import LeadingGroup


class GroupListView(ObjectListView):
    lede = _l("各级创建工作领导小组及其成员和办公室分工")
    model = LeadingGroup
    select_related = ("place",)
    create_url_name = "leadership:group_add"
    search = False
    columns = [
        Column("place", _l("地区/单位")),
        Column("name", _l("名称"), link=True),
        Column("office_location", _l("办公室设在")),
        Column("document_no", _l("成立文号")),
    ]


class GroupDetailView(ObjectDetailView):
    lede = _l("领导小组的组成、成员和分工")
    model = LeadingGroup
    template_name = "leadership/group_detail.html"
    edit_url_name = "leadership:group_edit"
    delete_url_name = "leadership:group_delete"
    fields = [Column("place", _l("地区/单位")), Column("document_no", _l("成立文号")),
              Column("established_on", _l("成立日期")), Column("office_location", _l("办公室设在")),
              Column("office_phone", _l("办公室电话"))]

    def get_context_data(self, obj):
        ctx = super().get_context_data(obj)
        ctx["members"] = obj.members.all()
        ctx["duties"] = obj.duties.all()
        return ctx


class GroupEditView(ObjectEditView):
    """The group with its members and office duties, saved together or not at all."""

    model = LeadingGroup
    form_class = LeadingGroupForm
    template_name = "leadership/group_form.html"
    plain_crud = True   # a roster (members and duties as listed in the founding document): no rule or derived field

    def render_form(self, form, obj, members=None, duties=None):
        return render(self.request, self.template_name, {
            "form": form, "object": obj,
            "members": members or MemberFormSet(instance=obj or LeadingGroup(), prefix="members"),
            "duties": duties or DutyFormSet(instance=obj or LeadingGroup(), prefix="duties"),
            "title": _("修改领导小组") if obj else _("新增领导小组"),
        })

    def post(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        from tuanjie.core.access import ADD, CHANGE, may

        obj = self.get_object()
        form = self.get_form(obj, request.POST)
        versioning.add_token(form, obj)
        members = MemberFormSet(request.POST, instance=obj or LeadingGroup(), prefix="members")
        duties = DutyFormSet(request.POST, instance=obj or LeadingGroup(), prefix="duties")
        if form.is_valid() and members.is_valid() and duties.is_valid():
            if not may(request.user, CHANGE if obj else ADD, LeadingGroup, form.cleaned_data["place"]):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    versioning.check_form(form, obj)
                    group = form.save()
                    members.instance = duties.instance = group
                    members.save()
                    duties.save()
            except versioning.EditConflict as exc:
                for message in exc.messages:
                    form.add_error(None, message)
                return self.render_form(form, obj, members, duties)
            messages.success(request, _("已保存：%(obj)s") % {"obj": group})
            return redirect(group.get_absolute_url())
        return self.render_form(form, obj, members, duties)


class GroupDeleteView(ObjectDeleteView):
    model = LeadingGroup
    success_url_name = "leadership:group_list"
