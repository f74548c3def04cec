"""Printing a report page to PDF with a headless Chromium (Debian's package; nothing is
downloaded). The page is self-contained, so printing reads no network."""

import shutil
import subprocess
from pathlib import Path

from verweven.errors import SettingsError

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
)  # fmt: skip


def find_chromium() -> str:
    """The Chromium executable, or a clear error naming how to install it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SettingsError(
            "printing to PDF needs Chromium: install Debian's package `chromium` "
            "(apt-get install chromium), or print the HTML from a browser"
        )
    return found


def print_pdf(page: Path, pdf: Path) -> Path:
    """Print the HTML file ``page`` to ``pdf`` (A4, backgrounds on, no header or footer)."""
    result = subprocess.run(
        [find_chromium(), *FLAGS, f"--print-to-pdf={pdf}", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    if result.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise SettingsError(f"Chromium could not print {page} to PDF: {result.stderr.strip()}")
    return pdf
