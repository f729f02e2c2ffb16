"""Configuration shared by the whole installation: hierarchy levels and creation fields. Only system
administrators change it; everyone signed in may read it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tuanjie.core.access import reach
from tuanjie.core.roles import Role
from tuanjie.places.models import CreationField, PlaceLevel


def is_system_admin(user) -> bool:
    return user.is_superuser or bool(reach(user, {Role.ADMIN}))


class CreationFieldForm(forms.ModelForm):
    class Meta:
        model = CreationField
        fields = ["name", "code", "theme", "order", "is_active"]


class PlaceLevelForm(forms.ModelForm):
    class Meta:
        model = PlaceLevel
        fields = ["name", "rank", "description"]


CONFIG = {
    "fields": (CreationField, CreationFieldForm, _("创建领域"), ["name", "theme", "order", "is_active"]),
    "levels": (PlaceLevel, PlaceLevelForm, _("行政层级"), ["name", "rank", "description"]),
}


def config_list(request, kind):
    model, _form, title, fields = CONFIG[kind]
    rows = [[getattr(obj, f) for f in fields] for obj in model.objects.all()]
    objects = list(model.objects.all())
    headers = [model._meta.get_field(f).verbose_name for f in fields]
    return render(request, "places/config_list.html", {
        "title": title, "kind": kind, "rows": zip(objects, rows, strict=True), "headers": headers,
        "can_edit": is_system_admin(request.user)})


def config_edit(request, kind, pk=None):
    if not is_system_admin(request.user):
        raise PermissionDenied(_("只有系统管理员可以修改全局配置"))
    model, form_class, title, _fields = CONFIG[kind]
    obj = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("已保存：%(obj)s") % {"obj": saved})
        return redirect("places:config_list", kind=kind)
    return render(request, "core/object_form.html", {"form": form, "title": title})
