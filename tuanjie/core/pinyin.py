"""A search key for Chinese names, so that 'tjx' or 'tuanjie' finds 团结乡."""

from pypinyin import Style, lazy_pinyin


def search_key(text: str) -> str:
    if not text:
        return ""
    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    full = "".join(lazy_pinyin(text, errors="ignore"))
    return f"{initials} {full}".lower()[:400]
