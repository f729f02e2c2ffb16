"""PDF copies through LibreOffice (`soffice --headless --convert-to pdf`), when it is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed (PDF is then simply not offered)."""
    return os.environ.get("TUANJIE_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    binary = soffice()
    if not binary:
        return None
    with tempfile.TemporaryDirectory(prefix="tuanjie-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(data)
        # a private profile, so two conversions at once do not fight over the user's LibreOffice profile
        profile = Path(folder, "profile").as_uri()
        subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        target = Path(folder) / "document.pdf"
        return target.read_bytes() if target.exists() else None
