"""An uploaded import file kept between its preview and the office's confirmation.

The file waits in the data directory (never under MEDIA, which is served), named by a random token that only the
uploader's session knows; confirming or uploading another file removes it, and files older than a day are removed
whenever a new one is staged (a preview left open is not kept for ever)."""

import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File

SESSION_KEY = "tuanjie_import_staged"
KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "import-staging"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stage(request, uploaded, options: dict) -> str:
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        if old.stat().st_mtime < now - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    discard(request)
    token = secrets.token_urlsafe(16)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    with open(folder / token, "wb") as out:
        shutil.copyfileobj(uploaded, out)
    request.session[SESSION_KEY] = {"token": token, "name": uploaded.name, "options": options,
                                    "path": request.path}
    return token


def take(request, token: str):
    """(the staged file, its options) for this session's token on this page, or None."""
    staged = request.session.get(SESSION_KEY)
    if not staged or not token or not secrets.compare_digest(staged["token"], token) or staged["path"] != request.path:
        return None
    path = _folder() / staged["token"]
    if not path.is_file():
        return None
    upload = File(open(path, "rb"), name=staged["name"])  # noqa: SIM115 — closed by discard()
    upload.size = path.stat().st_size
    return upload, staged["options"]


def discard(request) -> None:
    staged = request.session.pop(SESSION_KEY, None)
    if staged:
        (_folder() / staged["token"]).unlink(missing_ok=True)
