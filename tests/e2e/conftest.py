import os
from pathlib import Path


def shot(page, name: str) -> None:
    folder = os.environ.get("TUANJIE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
