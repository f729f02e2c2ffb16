"""Bulk step on the task list: add one unit as a partner (配合单位) of several tasks."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tuanjie.core.access import ADD, places_for
from tuanjie.core.bulk_actions import BulkAction
from tuanjie.places.lookups import PlaceNames
from tuanjie.plans.models import PlanTask
from tuanjie.plans.services import task_update


def _add_partner(*, by, record, note, choice):
    from django import forms

    try:
        unit = PlaceNames(places_for(by, PlanTask, ADD))(note)
    except forms.ValidationError as exc:
        raise ValidationError(exc.messages) from exc
    partners = list(record.partner_units.all())
    if unit.pk == record.lead_unit_id or any(p.pk == unit.pk for p in partners):
        raise ValidationError(_("“%(u)s”已是该任务的牵头或配合单位") % {"u": unit.name})
    task_update(by=by, task=record, partner_units=[*partners, unit])


ACTIONS = (BulkAction("add_partner", _l("增加配合单位"), _add_partner, note_label=_l("配合单位的代码或名称"),
                      note_required=True),)
