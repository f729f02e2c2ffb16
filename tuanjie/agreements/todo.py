"""What a responsible person (责任人) answers for, beyond the signing step the workflow puts on the party's to-do:
the targets of signed agreements not yet assessed."""

from django.utils.translation import gettext_lazy as _

from tuanjie.agreements.selectors import open_targets_of
from tuanjie.core.todo import Source


def _mine(user):
    return open_targets_of(user) if getattr(user, "pk", None) else None


TODO = [Source("agreements.target.responsible", _("我负责的责任书目标"), _mine, ("agreement__place",))]
