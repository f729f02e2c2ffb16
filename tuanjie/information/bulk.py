"""Bulk steps on the information list: an office accepts or returns the items it has been sent, several at once."""

from django.utils.translation import gettext_lazy as _l

from tuanjie.core.bulk_actions import BulkAction, workflow_step
from tuanjie.information.services.workflow import ITEMS

ACTIONS = (
    BulkAction("accept", _l("采用"), workflow_step(ITEMS, "accept")),
    BulkAction("return", _l("退回"), workflow_step(ITEMS, "return"), note_label=_l("退回意见（对所选各条相同）"),
               note_required=True),
)
