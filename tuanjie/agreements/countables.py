"""Agreements as ledger records: signed ones (dated by signing) and fulfilled ones (dated by the year-end
assessment), so an assessment indicator bound to "agreement.fulfilled" scores a unit from its own agreement."""

from django.utils.translation import gettext_lazy as _

from tuanjie.core.countables import Countable

COUNTABLES = [
    Countable("agreement.signed", _("签订目标责任书"), "agreements.Agreement", "signed_on",
              filters={"signed_on__isnull": False}, unit="份"),
    Countable("agreement.fulfilled", _("目标责任书全部完成"), "agreements.Agreement", "assessed_on",
              filters={"fulfilled": True}, unit="份"),
]
