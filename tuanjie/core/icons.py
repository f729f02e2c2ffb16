"""Bootstrap Icons cut down to the icons the product names: a 134 kB font on every first visit was most of the
login page's weight, for the thirty-odd glyphs we draw.

The subset is made from the npm package when static files are looked up (collectstatic, the test server), so
there is no extra install step and nothing third-party is committed. The icons in use are found the way a reader
would find them: `bi-NAME` in templates and scripts, and a quoted icon name in Python (menu entries name theirs
as `MenuItem("…", "…", "clock-history")`). A name that matches by chance only adds a glyph."""

import hashlib
import json
import logging
import os
import re
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/bootstrap-icons"
CSS = "bootstrap-icons.css"
FONT = "fonts/bootstrap-icons.woff"
_IN_MARKUP = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
_QUOTED = re.compile(r"""["']([a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def _package() -> Path:
    return Path(settings.NODE_MODULES) / "bootstrap-icons" / "font"


def icons_in_use(codepoints: dict[str, int]) -> list[str]:
    names: set[str] = set()
    for path in Path(settings.BASE_DIR).rglob("*"):
        if path.suffix in {".html", ".js"}:
            names.update(_IN_MARKUP.findall(path.read_text(encoding="utf-8", errors="replace")))
        elif path.suffix == ".py" and "migrations" not in path.parts:
            names.update(_QUOTED.findall(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(n for n in names if n in codepoints)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _css(package_css: str, names: list[str], codepoints: dict[str, int]) -> str:
    # The package's own opening (licence, @font-face, the shared ::before rule), up to its first glyph rule.
    head = package_css[: package_css.index(".bi-123::before")]
    head = re.sub(r"src:[^;]*;", f'src: url("./{FONT}") format("woff");', head, count=1)
    glyphs = "".join(f'.bi-{n}::before {{ content: "\\{codepoints[n]:x}"; }}\n' for n in names)
    return head + glyphs


@cache
def subset_dir() -> Path:
    """The folder holding the subset CSS and font, made once per set of icons (its name is their digest)."""
    package = _package()
    codepoints = json.loads((package / "bootstrap-icons.json").read_text())
    names = icons_in_use(codepoints)
    package_css = (package / CSS).read_text(encoding="utf-8")
    digest = hashlib.sha256("\n".join(names + [package_css[:200]]).encode()).hexdigest()[:16]
    folder = Path(settings.DATA_DIR) / "icons" / digest
    if not (folder / CSS).exists():
        from fontTools import subset

        logging.getLogger("fontTools").setLevel(logging.ERROR)   # it notes harmless quirks of the package's font
        options = subset.Options()
        options.flavor = "woff"          # woff2 would need brotli; the subset is a few kB either way
        options.layout_features = []
        font = subset.load_font(str(package / "fonts" / "bootstrap-icons.woff"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[codepoints[n] for n in names])
        subsetter.subset(font)
        tmp = folder / "tmp.woff"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        subset.save_font(font, str(tmp), options)
        _write_atomically(folder / FONT, tmp.read_bytes())
        tmp.unlink()
        _write_atomically(folder / CSS, _css(package_css, names, codepoints).encode())   # last: marks it whole
    return folder


class IconSubsetFinder(BaseFinder):
    """Serves `vendor/bootstrap-icons/bootstrap-icons.css` and its font, cut down to the icons in use."""

    FILES = (CSS, FONT)

    def find(self, path, find_all=False, **kwargs):
        if path.startswith(PREFIX + "/") and path[len(PREFIX) + 1:] in self.FILES:
            found = str(subset_dir() / path[len(PREFIX) + 1:])
            return [found] if find_all else found
        return []   # what Django's finders answer for "not here", whatever find_all says

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=str(subset_dir()))
        storage.prefix = PREFIX
        for name in self.FILES:
            yield name, storage
