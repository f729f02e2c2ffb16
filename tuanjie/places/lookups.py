"""How an import row names a place: by its code, by its name when that is unique, or by its name path
("团结县/城关镇/城关镇中心学校", the last names of its line from the top), only among the places the row may use."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _

from tuanjie.places.models import Place

PATH_SEPARATORS = re.compile(r"\s*[/／>＞\\]\s*")


class PlaceNames:
    """Resolves names within `allowed` (a Place queryset), remembering each answer for the file's other rows."""

    def __init__(self, allowed):
        self.allowed = allowed
        self._known: dict[str, Place] = {}

    def __call__(self, value) -> Place:
        value = str(value).strip()
        if value not in self._known:
            self._known[value] = self._find(value)
        return self._known[value]

    def _find(self, value: str) -> Place:
        names = [n for n in PATH_SEPARATORS.split(value) if n]
        if not names:
            raise forms.ValidationError(_("请填写地区或单位的代码或完整名称"))
        matches = list(self.allowed.filter(Q(code=value) | Q(name=names[-1])).order_by("path")[:50])
        exact = [p for p in matches if p.code == value]
        if exact:
            return exact[0]
        if len(names) > 1:
            lines = {p.pk: [a.name for a in p.ancestors_and_self().order_by("depth")] for p in matches}
            matches = [p for p in matches if lines[p.pk][-len(names):] == names]
        if not matches:
            raise forms.ValidationError(
                _("找不到“%(v)s”，或它不在您的管辖范围内；请填写代码或完整名称（如：团结县/城关镇）") % {"v": value})
        if len(matches) > 1:
            raise forms.ValidationError(
                _("“%(v)s”对应多个地区或单位，请改填代码，或带上上级名称（如：城关镇/%(n)s）") % {
                    "v": value, "n": names[-1]})
        return matches[0]
