import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A strong password mixes at least three of: lower-case, upper-case, digits, symbols."""

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少三类"), code="password_too_simple"
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少三类。")


# No 0/O, 1/l/I: an initial password is read off a sheet and typed in.
_LOWER, _UPPER, _DIGITS, _SYMBOLS = "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "#%+=?@"


def initial_password(length: int = 12) -> str:
    """A random password for a new account, with all four character classes (so it passes the validators).

    At the default length it carries at least 62 bits: one character of each class (24 · 24 · 8 · 6 choices) and
    eight of the 62-character pool, before the shuffle (which only adds). That is what lets an import hash it with
    the cheap RandomInitialPasswordHasher (people/hashers.py); do not shorten it below 12."""
    pool = _LOWER + _UPPER + _DIGITS + _SYMBOLS
    chars = [secrets.choice(group) for group in (_LOWER, _UPPER, _DIGITS, _SYMBOLS)]
    chars += [secrets.choice(pool) for _n in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
