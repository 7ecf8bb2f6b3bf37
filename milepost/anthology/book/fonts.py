"""The fonts every format embeds or draws with: Debian's fonts-dejavu-core, installed by
scripts/system-test-deps.sh, so the PDF looks the same on every machine."""

from pathlib import Path

from .manuscript import ManuscriptError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF = "DejaVuSerif.ttf"
SERIF_BOLD = "DejaVuSerif-Bold.ttf"
SANS = "DejaVuSans.ttf"
SANS_BOLD = "DejaVuSans-Bold.ttf"


def font_path(name: str) -> Path:
    path = FONT_DIR / name
    if not path.exists():
        raise ManuscriptError(f"The font {path} is missing: install Debian's fonts-dejavu-core.")
    return path
