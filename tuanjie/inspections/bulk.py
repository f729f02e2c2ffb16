"""Bulk steps on the rectification list: the round's office verifies or sends back several answers at once."""

from django.utils.translation import gettext_lazy as _l

from tuanjie.core.bulk_actions import BulkAction, workflow_step
from tuanjie.inspections.services import RECTIFICATIONS

ACTIONS = (
    BulkAction("verify", _l("核验销号"), workflow_step(RECTIFICATIONS, "verify")),
    BulkAction("send_back", _l("退回重新整改"), workflow_step(RECTIFICATIONS, "send_back"),
               note_label=_l("退回意见（对所选各条相同）"), note_required=True),
)
