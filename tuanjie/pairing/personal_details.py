"""Households' personal details found in text going upward (see core/upward.py)."""

import re

from django.utils.translation import gettext as _

from tuanjie.pairing.selectors import household_details_near

_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-－—.]+(?=\d)")
_SPACE = re.compile(r"\s+")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def details_in(text: str, place) -> list[str]:
    """'姓名“张三”', '电话“13800001111”', '住址“幸福村3组12号”' of the households of programmes at, above or below
    `place` that `text` contains (a name of two characters or more, a phone of seven digits or more however it is
    spaced, an address of four characters or more)."""
    flat = _SPACE.sub("", text.translate(_FULL_WIDTH))
    digits = _BETWEEN_DIGITS.sub("", text.translate(_FULL_WIDTH))
    found: list[str] = []
    for name, phone, address in household_details_near(place):
        name, address = _SPACE.sub("", name or ""), _SPACE.sub("", address or "")
        phone = re.sub(r"\D", "", (phone or "").translate(_FULL_WIDTH))
        if len(name) >= 2 and name in flat:
            found.append(_("姓名“%s”") % name)
        if len(phone) >= 7 and phone in digits:
            found.append(_("电话“%s”") % phone)
        if len(address) >= 4 and address in flat:
            found.append(_("住址“%s”") % address)
    return list(dict.fromkeys(found))
