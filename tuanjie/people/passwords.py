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


class StrengthValidator:
    """zxcvbn's estimate of how many guesses a password takes, told the person's login name, name (and its pinyin),
    phone and home place (and its pinyin), so that Qwerty@1234, 1qaz@WSX3edc or Wangxiuying@2026 are refused although
    they mix four character classes. Refused: a score below 3 (fewer than about 10⁸ guesses), any keyboard walk of
    four or more keys with a letter in it, a common password of six or more characters inside it, or the person's
    own name, login name, phone or place inside it."""

    MIN_SCORE = 3
    MIN_WALK = 4

    def validate(self, password, user=None):
        from zxcvbn import zxcvbn

        inputs = self.user_inputs(user)
        result = zxcvbn(password[:100], user_inputs=inputs)
        lowered = password.lower()
        own = [word for word in inputs if len(word) >= 4 and word.lower() in lowered]
        if own:
            raise ValidationError(_("密码不能包含您的姓名、登录名、手机号或所在单位（含拼音），请换一个"),
                                  code="password_personal")
        from zxcvbn.matching import spatial_match

        # Keyboard walks found on their own, not only where zxcvbn's cheapest reading happens to call them so
        # (it reads "Qwerty" as a common password).
        for match in spatial_match(password[:100]):
            token = match["token"]
            if match["graph"] in ("qwerty", "dvorak") and len(token) >= self.MIN_WALK \
                    and any(c.isalpha() for c in token):
                raise ValidationError(_("密码不能含键盘上连续的按键（如 qwer、1qaz、asdf），请换一个"),
                                      code="password_keyboard")
        for match in result["sequence"]:
            token = match.get("token", "")
            if match["pattern"] == "dictionary" and match.get("dictionary_name") == "passwords" \
                    and len(token) >= 6:
                raise ValidationError(_("密码含有常见密码“%(t)s”，容易被猜中，请换一个") % {"t": token},
                                      code="password_common")
        if result["score"] < self.MIN_SCORE:
            raise ValidationError(_("密码太容易被猜中（如键盘顺序、常见单词加年份），请用更长、无规律的组合"),
                                  code="password_guessable")

    @staticmethod
    def user_inputs(user) -> list[str]:
        if user is None:
            return []
        from pypinyin import lazy_pinyin

        words = [getattr(user, "username", ""), getattr(user, "full_name", ""), getattr(user, "phone", "")]
        place = getattr(user, "home_place", None) if getattr(user, "home_place_id", None) else None
        if place is not None:
            words.append(place.name)
        words += ["".join(lazy_pinyin(w, errors="ignore")) for w in list(words) if w and not w.isascii()]
        return [w for w in dict.fromkeys(w.strip() for w in words) if w]

    def get_help_text(self):
        return _("不能是键盘顺序、常见密码，也不能含您的姓名、登录名或单位。")
