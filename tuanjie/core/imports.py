"""Bulk import: adapter (Excel, CSV) → the same form as manual entry → one transaction → row-level errors.

Nothing is half-written: if any row fails, the whole file is rolled back and every failing row is named.

`TabularImporter` runs each row through a bound form and saves it by itself. `BulkTabularImporter` is for files of
tens of thousands of rows: it checks every row with the same form's fields and clean_<field> methods against
lookups loaded once for the whole file, and writes all rows together when none failed."""

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuanjie.core.context import acting_as, current_actor
from tuanjie.core.spreadsheets import MAX_ROWS, SpreadsheetError, cell_date, cell_number, read_rows

PREVIEW_ROWS = 200


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    preview: list[tuple[str, str, str]] = field(default_factory=list)   # (新增/修改, kind of record, record)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def _last_log_entry() -> int:
    from tuanjie.core.models import ChangeLogEntry

    return ChangeLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _logged_since(pk: int) -> list[tuple[str, str, str]]:
    """The change-log entries this import wrote (inside its own transaction, so no one else's): the preview says
    what each row creates or changes in the words of the change log, for every kind of import alike."""
    from tuanjie.core.models import ChangeLogEntry

    actor = current_actor()
    entries = (ChangeLogEntry.objects.filter(pk__gt=pk, source=actor.source).select_related("content_type")
               .order_by("pk")[:PREVIEW_ROWS])
    return [(entry.get_action_display(), str(entry.content_type.model_class()._meta.verbose_name)
             if entry.content_type.model_class() else entry.content_type.model, entry.object_repr)
            for entry in entries]


class TabularImporter:
    """Subclasses name their columns ({header: form field}), the form, and how a valid row is saved."""

    columns: dict[str, str] = {}
    required_headers: tuple[str, ...] = ()
    form_class: type[forms.Form]
    max_errors = 200
    max_rows = MAX_ROWS

    def __init__(self, user):
        self.user = user
        self.dry_run = False

    def form_for(self, data: dict, row_number: int) -> forms.Form:
        return self.form_class(data=data, user=self.user)

    def save_row(self, form: forms.Form, result: ImportResult) -> None:
        raise NotImplementedError

    def _row_errors(self, number: int, form: forms.Form) -> list[str]:
        return self.row_messages(number, form.errors, form.fields)

    def row_messages(self, number: int, errors: dict, fields: dict) -> list[str]:
        """"第N行“列名”：…" for each message of {field name: [messages]}; a name that is no column or field
        (such as "__all__") gives "第N行：…"."""
        labels = {fname: header for header, fname in self.columns.items()}
        messages = []
        for fname, errs in errors.items():
            prefix = labels.get(fname) or (fields[fname].label if fname in fields else "")
            for err in errs:
                messages.append(_("第%(row)d行%(col)s：%(msg)s") % {
                    "row": number, "col": f"“{prefix}”" if prefix else "", "msg": err})
        return messages

    def run(self, uploaded, *, dry_run: bool = False) -> ImportResult:
        """Import the file; with `dry_run`, do everything and roll it back, keeping the counts and, in
        `result.preview`, what would be created and updated (read from the change log the import wrote)."""
        result = ImportResult()
        self.dry_run = dry_run
        try:
            headers, rows = read_rows(uploaded, expected=self.columns, max_rows=self.max_rows)
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
            with acting_as(self.user, source=source, request_id=actor.request_id):
                rows = self.check_rows(rows, result)   # before the transaction: on SQLite it holds the write lock
                if result.errors:
                    raise _Rollback
                with transaction.atomic():
                    logged_before = _last_log_entry()
                    seen = self.import_rows(rows, result)
                    if not seen:
                        result.errors.append(_("文件里没有数据行"))
                    if result.errors:
                        raise _Rollback
                    if dry_run:
                        result.preview = _logged_since(logged_before)
                        raise _Rollback
        except _Rollback:
            if not dry_run or result.errors:
                result.created = result.updated = 0
        return result

    def row_data(self, row: dict) -> dict:
        data = {fname: row.get(header, "") for header, fname in self.columns.items()}
        for fname, tidy in self._tidiers().items():
            if data.get(fname, "") != "":
                data[fname] = tidy(data[fname])
        return data

    def _tidiers(self) -> dict:
        """Date and number columns as offices type them (2026年3月5日, Excel serials, full-width digits), read
        into what the form's fields take; a form field given a number where it expects text would raise."""
        tidiers = getattr(type(self), "_tidiers_cache", None)
        if tidiers is None or tidiers[0] is not self.form_class:
            found = {}
            for fname, form_field in self.form_class.base_fields.items():
                if isinstance(form_field, forms.DateField | forms.DateTimeField):
                    found[fname] = cell_date
                elif isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
                    found[fname] = cell_number
            tidiers = (self.form_class, found)
            type(self)._tidiers_cache = tidiers
        return tidiers[1]

    def too_many_errors(self, result: ImportResult) -> bool:
        if len(result.errors) >= self.max_errors:
            result.errors.append(_("错误过多，已停止检查，请先修改以上各行"))
            return True
        return False

    def check_rows(self, rows: Iterable[tuple[int, dict]], result: ImportResult):
        """Whatever can be checked before the write transaction begins; returns what import_rows receives."""
        return rows

    def import_rows(self, rows: Iterable[tuple[int, dict]], result: ImportResult) -> int:
        """Check and save the rows inside the import's transaction; returns how many data rows there were."""
        seen = 0
        for number, row in rows:
            seen += 1
            form = self.form_for(self.row_data(row), number)
            if not form.is_valid():
                result.errors.extend(self._row_errors(number, form))
            else:
                try:
                    with transaction.atomic():
                        self.save_row(form, result)
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):   # a service's check of one field: name its column
                        result.errors.extend(self.row_messages(number, exc.message_dict, form.fields))
                    else:
                        for msg in exc.messages:
                            result.errors.append(_("第%(row)d行：%(msg)s") % {"row": number, "msg": msg})
                except PermissionDenied as exc:   # a service's refusal says who may do it: the row's fix
                    result.errors.append(_("第%(row)d行：%(msg)s") % {"row": number, "msg": exc})
            if self.too_many_errors(result):
                break
        return seen


class ModelChecks:
    """The checks full_clean makes on each of `names` (Model.clean_fields) less the validators that the form's field
    of the same name has already run, so that a row checked by the form's fields and then by these has had the
    model's validation once, not twice. A name without a form field gets the model field's full clean."""

    def __init__(self, model, names, form_fields: dict):
        self.checks = []
        for name in names:
            model_field = model._meta.get_field(name)
            form_field = form_fields.get(name)
            if form_field is None:
                self.checks.append((model_field, None))
            else:
                extra = [v for v in model_field.validators if v not in form_field.validators]
                if extra:
                    self.checks.append((model_field, extra))

    def __call__(self, instance) -> None:
        errors = {}
        for model_field, validators in self.checks:
            value = getattr(instance, model_field.attname)
            if model_field.blank and value in model_field.empty_values:
                continue
            try:
                if validators is None:
                    setattr(instance, model_field.attname, model_field.clean(value, instance))
                else:
                    _run_validators(model_field, validators, value)
            except ValidationError as exc:
                errors[model_field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)


def _run_validators(field, validators, value) -> None:
    """Model Field.run_validators for some of the field's validators, with the field's own messages."""
    errors = []
    for validator in validators:
        try:
            validator(value)
        except ValidationError as exc:
            if hasattr(exc, "code") and exc.code in field.error_messages:
                exc.message = field.error_messages[exc.code]
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)


@contextmanager
def _collector_paused():
    """Python's cycle collector off while a big file's rows become records: the hundreds of thousands of dicts and
    instances kept alive would set off full collections that find nothing (about an eighth of the check's time).
    Whatever cycles a bad row's error leaves are collected once it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class BulkTabularImporter(TabularImporter):
    """Subclasses load what the rows refer to (`prepare`), turn one row's cleaned values into a record or raise
    ValidationError (`build_record`), and write the records (`save_records`).

    A row is cleaned by the fields and clean_<field> methods of one unbound `form_class` instance, so the rules and
    messages are the form's, without the cost of a bound form per row. The form's clean() and model validation do
    not run: `build_record` does the checks they stand for."""

    def prepare(self, rows: list[tuple[int, dict]]) -> None:
        """Load, once, whatever the rows ({form field: value}) name: units, kinds and the like."""

    def make_form(self) -> forms.Form:
        return self.form_class(user=self.user)

    def build_record(self, cleaned: dict, number: int):
        raise NotImplementedError

    def save_records(self, records: list, result: ImportResult) -> None:
        raise NotImplementedError

    def clean_fields(self, form: forms.Form, data: dict) -> tuple[dict, dict[str, list[str]]]:
        """What a bound form's field cleaning would give for `data`: (cleaned values, {field: [messages]})."""
        blanks = self._blank_results(form)
        cleaned: dict = {}
        errors: dict[str, list[str]] = {}
        form.cleaned_data = cleaned  # the clean_<field> methods read earlier fields from here
        for name, form_field in form.fields.items():
            value = data.get(name)
            try:
                # An empty optional cell cleans to the same value every time (most cells of a big file are empty).
                cleaned[name] = blanks[name] if value == "" and name in blanks else form_field.clean(value)
                hook = getattr(form, f"clean_{name}", None)
                if hook is not None:
                    cleaned[name] = hook()
            except ValidationError as exc:
                cleaned.pop(name, None)
                errors[name] = exc.messages
        return cleaned, errors

    def _blank_results(self, form: forms.Form) -> dict:
        if getattr(self, "_blanks_of", None) is not form:
            self._blanks = {}
            for name, form_field in form.fields.items():
                if form_field.required:
                    continue
                try:
                    value = form_field.clean("")
                except ValidationError:
                    continue
                if value is None or isinstance(value, str):  # shared by every row, so nothing mutable
                    self._blanks[name] = value
            self._blanks_of = form
        return self._blanks

    def check_rows(self, rows: Iterable[tuple[int, dict]], result: ImportResult) -> tuple[int, list]:
        """Every row is read and checked before the write transaction, which then only writes: a long file no
        longer holds SQLite's write lock (and page views waiting on it) for the whole check."""
        with _collector_paused():
            return self._checked(rows, result)

    def _checked(self, rows: Iterable[tuple[int, dict]], result: ImportResult) -> tuple[int, list]:
        rows = [(number, self.row_data(row)) for number, row in rows]
        if not rows:
            return 0, []
        self.prepare(rows)
        form = self.make_form()
        records = []
        for number, data in rows:
            cleaned, errors = self.clean_fields(form, data)
            if not errors:
                try:
                    records.append(self.build_record(cleaned, number))
                except ValidationError as exc:
                    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
            if errors:
                result.errors.extend(self.row_messages(number, errors, form.fields))
                if self.too_many_errors(result):
                    break
        return len(rows), records

    def import_rows(self, rows: tuple[int, list], result: ImportResult) -> int:
        seen, records = rows
        if records and not result.errors:
            try:
                self.save_records(records, result)
            except ValidationError as exc:   # a rule of the write itself (a closed year): the file is refused whole
                result.errors.extend(exc.messages)
        return seen
