"""Charts for generated documents: PNG images drawn with matplotlib (Agg, no display) in a CJK font.

The font is Noto Sans CJK (Debian package fonts-noto-cjk), found by path; if it is missing, a chart is still drawn
but Chinese labels would show as boxes, so `cjk_font()` returns None and callers may leave the chart out."""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


@cache
def cjk_font() -> str | None:
    """The family name of an installed CJK font registered with matplotlib, or None."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from matplotlib import font_manager

    extra = os.environ.get("TUANJIE_CJK_FONT", "")
    for path in ([extra] if extra else []) + list(CANDIDATES):
        if path and Path(path).exists():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def _figure(width_in: float = 6.2, height_in: float = 3.2):
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    family = cjk_font()
    rc = {"font.size": 10, "axes.unicode_minus": False}
    if family:
        rc["font.family"] = [family]
    matplotlib.rcParams.update(rc)
    return Figure(figsize=(width_in, height_in), dpi=200)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def bar_chart(labels: list[str], values: list[int | float], *, title: str = "", unit: str = "") -> bytes:
    """Horizontal bars, largest at the top, each labelled with its value."""
    pairs = list(zip(labels, values, strict=True))[::-1]
    fig = _figure(6.2, max(2.0, 0.32 * len(pairs) + 0.9))
    ax = fig.subplots()
    bars = ax.barh([p[0] for p in pairs], [p[1] for p in pairs], color="#c0392b")
    ax.bar_label(bars, labels=[f"{v:g}{unit}" for _l, v in pairs], padding=3, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    ax.margins(x=0.15)
    if title:
        ax.set_title(title, fontsize=11)
    return _png(fig)
