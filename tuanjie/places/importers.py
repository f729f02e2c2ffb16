"""Import of places from Excel/CSV: code, name, parent code, type. Parents may be earlier rows of the same file."""

from django.utils.translation import gettext as _

from tuanjie.core.access import ADD, may
from tuanjie.core.imports import ImportResult, TabularImporter
from tuanjie.places.forms import PlaceImportForm
from tuanjie.places.models import Place
from tuanjie.places.services import place_create, place_update

HEADERS = {"代码": "code", "名称": "name", "上级代码": "parent_code", "类型": "type_name"}


class PlaceImporter(TabularImporter):
    columns = HEADERS
    form_class = PlaceImportForm

    def save_row(self, form, result: ImportResult) -> None:
        from django.core.exceptions import ValidationError

        data = form.cleaned_data
        parent = None
        if data["parent_code"]:
            parent = Place.objects.filter(code=data["parent_code"]).first()
            if parent is None:
                raise ValidationError(_("上级代码“%(c)s”不存在（上级须已在系统中，或在本文件中更靠前的行）") % {"c": data["parent_code"]})
        elif not self.user.is_superuser:
            raise ValidationError(_("请填写上级代码"))
        level, field = data["level_obj"], data["field_obj"]
        fields = {
            "name": data["name"],
            "kind": Place.Kind.AREA if level is not None else Place.Kind.UNIT,
            "level": level,
            "creation_field": field,
        }
        existing = Place.objects.filter(code=data["code"]).first()
        if existing is not None:
            if not may(self.user, "change", Place, existing):
                raise ValidationError(_("代码“%(c)s”已被您管辖范围以外的地区或单位使用") % {"c": data["code"]})
            if parent is not None and existing.depth > 1 and Place.objects.get_parent(existing) != parent:
                raise ValidationError(_("代码“%(c)s”已存在且上级不同；调整隶属关系请使用“移动”功能") % {"c": data["code"]})
            place_update(place=existing, **fields)
            result.updated += 1
        else:
            if parent is not None and not may(self.user, ADD, Place, parent):
                raise ValidationError(_("您无权在“%(p)s”下新增地区或单位") % {"p": parent.name})
            place_create(parent=parent, code=data["code"], **fields)
            result.created += 1


def export_rows(queryset):
    """Rows in the import's own columns, so an export can be edited and imported back."""
    for place in queryset.select_related("level", "creation_field").with_parent().iterator(chunk_size=2000):
        yield [place.code or "", place.name, place.parent_code or "", place.type_label]
