"""PDF copies through LibreOffice (`soffice --headless --convert-to pdf`), when it is installed.

The .docx declares the official fonts (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312), which a Linux server does not
have; left to itself LibreOffice sets all of them in one fallback sans face. `fonts.conf` beside this module maps
each official name to a free face of the same kind (Debian packages listed there, installed by `./dev` and
`.ci/run`), and every conversion runs with FONTCONFIG_FILE pointing at it."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120
FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed (PDF is then simply not offered)."""
    return os.environ.get("TUANJIE_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def conversion_env() -> dict[str, str]:
    """The environment of a conversion: the product's font substitutions on top of the system's."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def docx_to_pdf(data: bytes) -> bytes | None:
    found = docx_to_pdfs({"document": data})
    return found.get("document")


def docx_to_pdfs(documents: dict[str, bytes], *, timeout: int = TIMEOUT_SECONDS) -> dict[str, bytes]:
    """Convert several .docx files in one LibreOffice run (its start-up is most of the time): {name: pdf bytes};
    {} when LibreOffice is not installed. Names must be plain file stems."""
    binary = soffice()
    if not binary or not documents:
        return {}
    with tempfile.TemporaryDirectory(prefix="tuanjie-pdf-") as folder:
        sources = []
        for name, data in documents.items():
            source = Path(folder) / f"{name}.docx"
            source.write_bytes(data)
            sources.append(str(source))
        # a private profile, so two conversions at once do not fight over the user's LibreOffice profile
        profile = Path(folder, "profile").as_uri()
        subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", folder, *sources],
                       check=True, capture_output=True, timeout=timeout * len(sources), env=conversion_env())
        found = {}
        for name in documents:
            target = Path(folder) / f"{name}.pdf"
            if target.exists():
                found[name] = target.read_bytes()
        return found
