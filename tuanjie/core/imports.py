"""Bulk import: adapter (Excel, CSV) → the same form as manual entry → one transaction → row-level errors.

Nothing is half-written: if any row fails, the whole file is rolled back and every failing row is named."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.core.context import acting_as, current_actor
from tuanjie.core.spreadsheets import SpreadsheetError, read_rows


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


class TabularImporter:
    """Subclasses name their columns ({header: form field}), the form, and how a valid row is saved."""

    columns: dict[str, str] = {}
    required_headers: tuple[str, ...] = ()
    form_class: type[forms.Form]
    max_errors = 200

    def __init__(self, user):
        self.user = user

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        return self.form_class(data=data, user=self.user)

    def save_row(self, form: forms.Form, result: ImportResult) -> None:
        raise NotImplementedError

    def _row_errors(self, number: int, form: forms.Form) -> list[str]:
        labels = {fname: header for header, fname in self.columns.items()}
        messages = []
        for fname, errs in form.errors.items():
            prefix = labels.get(fname) or (form.fields[fname].label if fname in form.fields else "")
            for err in errs:
                messages.append(_("第%(row)d行%(col)s：%(msg)s") % {
                    "row": number, "col": f"“{prefix}”" if prefix else "", "msg": err})
        return messages

    def run(self, uploaded) -> ImportResult:
        result = ImportResult()
        try:
            headers, rows = read_rows(uploaded)
        except SpreadsheetError as exc:
            result.errors.append(str(exc))
            return result
        missing = [h for h in (self.required_headers or self.columns) if h not in headers]
        if missing:
            result.errors.append(_("缺少列：%(cols)s。请使用下载的模板，不要改动表头") % {"cols": "、".join(missing)})
            return result
        actor = current_actor()
        source = "import" if actor.source in {"web", "system"} else actor.source
        try:
            with acting_as(self.user, source=source, request_id=actor.request_id), transaction.atomic():
                seen = 0
                for number, row in rows:
                    seen += 1
                    data = {fname: row.get(header, "") for header, fname in self.columns.items()}
                    form = self.form_for(data, number)
                    if not form.is_valid():
                        result.errors.extend(self._row_errors(number, form))
                    else:
                        try:
                            with transaction.atomic():
                                self.save_row(form, result)
                        except ValidationError as exc:
                            for msg in exc.messages:
                                result.errors.append(_("第%(row)d行：%(msg)s") % {"row": number, "msg": msg})
                    if len(result.errors) >= self.max_errors:
                        result.errors.append(_("错误过多，已停止检查，请先修改以上各行"))
                        break
                if not seen:
                    result.errors.append(_("文件里没有数据行"))
                if result.errors:
                    raise _Rollback
        except _Rollback:
            result.created = result.updated = 0
        return result
