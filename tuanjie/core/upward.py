"""Free text that is read above the level that writes it (a group's monthly summary, a task's progress report, an
information item, a self-assessment, deeds put up for a title or a commendation, an activity's description) must
not carry a household's name, phone number or address: those stay with the programme's office (pairing/models.py).
A help text asking for it was not enough, so the services refuse such text, saying which field holds what.

Apps that hold personal details provide `<app>/personal_details.py` with `details_in(text, place) -> list[str]`, the details
of their records (at, above or below `place`) that `text` contains, each described in Chinese."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuanjie.core.discovery import app_modules


def details_in(text: str, place) -> list[str]:
    if not text or place is None:
        return []
    found: list[str] = []
    for _config, module in app_modules("personal_details"):
        found += module.details_in(text, place)
    return found


def refuse_household_details(*, place, labels: dict[str, str] | None = None, **fields: str) -> None:
    """ValidationError, by field, for each field of `fields` whose text names a household of the programmes at,
    above or below `place`. `labels` gives the fields' Chinese names for the message."""
    errors = {}
    for name, text in fields.items():
        found = details_in(text or "", place)
        if found:
            label = (labels or {}).get(name, "")
            errors[name] = _("%(field)s含有结对户的个人信息（%(found)s）。这段文字会报送上级，请删去群众的姓名、电话和住址后再提交") % {
                "field": label or _("内容"), "found": "、".join(found)}
    if errors:
        raise ValidationError(errors)
