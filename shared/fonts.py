"""The fonts of the printed documents: Noto Sans, Noto Sans Arabic and Noto Sans Ethiopic from Debian.

Together they cover Latin (Swedish, English, Somali), Cyrillic (Ukrainian), Arabic script (Arabic, Dari,
Persian) and Ethiopic (Tigrinya). They come from Debian's ``fonts-noto-core`` package, which the container
image installs and ``make test`` / ``make run`` install when missing (``python -m shared.fonts``), as they do
Chromium for the browser tests. ``LOTSEN_FONT_DIR`` points elsewhere (another distribution's folder).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "fonts-noto-core"
CANDIDATE_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto", "/usr/share/fonts/google-noto")
# family → (regular, bold) file names; the first is the main font, the others are fallbacks by script.
FAMILIES = {
    "NotoSans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "NotoSansArabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "NotoSansEthiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
}


class FontsMissing(RuntimeError):
    """The Noto fonts are not installed."""


@dataclass(frozen=True, slots=True)
class Font:
    """One font family's files."""

    family: str
    regular: Path
    bold: Path


def find_fonts() -> list[Font] | None:
    """The Noto families (main font first), or None when any file is missing."""
    dirs = [os.environ["LOTSEN_FONT_DIR"]] if os.environ.get("LOTSEN_FONT_DIR") else list(CANDIDATE_DIRS)
    for folder in map(Path, dirs):
        found = [Font(family, folder / regular, folder / bold) for family, (regular, bold) in FAMILIES.items()]
        if all(f.regular.is_file() and f.bold.is_file() for f in found):
            return found
    return None


def fonts() -> list[Font]:
    """The Noto families, or a clear error naming the package to install."""
    found = find_fonts()
    if found is None:
        raise FontsMissing(f"The Noto fonts are missing; install Debian's {PACKAGE} (apt-get install {PACKAGE})")
    return found


def ensure_fonts() -> list[Font]:
    """The Noto families, installed with apt-get when missing and allowed (root); else a clear error."""
    found = find_fonts()
    if found is not None:
        return found
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        return fonts()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607 - the system's apt-get
    subprocess.run(["apt-get", "install", "-y", "-qq", PACKAGE], check=True, env=env)  # noqa: S603, S607
    return fonts()


if __name__ == "__main__":
    print(", ".join(str(f.regular) for f in ensure_fonts()))
    sys.exit(0)
