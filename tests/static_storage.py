"""The tests' static storage: plain names (no collectstatic before each run, and the test server finds the files
in place), but a name that no finder has fails the page, as the manifest storage does in production."""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage


@cache
def _exists(name: str) -> bool:
    # A file, as the manifest lists only files: "" or a folder finds a directory here and has no manifest entry.
    found = finders.find(name) if name else None
    return found is not None and Path(found).is_file()


class FoundOrFailStaticFilesStorage(StaticFilesStorage):
    def url(self, name):
        if not _exists(name.split("?")[0]):
            raise ValueError(f"静态文件不存在：{name}（生产环境的 manifest 里也不会有它）")
        return super().url(name)
