"""The printer's colours: a CMYK output profile for the PDF/X interior and cover, the transform
of the cover's picture to it, and the sRGB profile the interior's photos are tagged with, which
PDF/X-4 lets the printer convert to its press (files less than half the size of CMYK JPEGs,
which have no chroma subsampling). The output profile is Ghostscript's "Artifex CMYK SWOP
Profile" (US web offset, the press that IngramSpark and KDP print describe), from Debian's
libgs-common, installed by scripts/system-test-deps.sh; it is AGPL-licensed, so it is
installed with the system, not kept in this repository."""

from functools import cache
from pathlib import Path

from PIL import ImageCms

from .manuscript import ManuscriptError

CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


def cmyk_profile_path() -> Path:
    if not CMYK_PROFILE.exists():
        raise ManuscriptError(
            f"The CMYK colour profile {CMYK_PROFILE} is missing: install Debian's libgs-common."
        )
    return CMYK_PROFILE


def srgb_profile() -> bytes:
    """The sRGB profile (LittleCMS's) that tags the photos as the colour they were taken in."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@cache
def _transform(profile: Path) -> ImageCms.ImageCmsTransform:
    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(str(profile))
    return ImageCms.buildTransform(
        srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL
    )


def cmyk_transform() -> ImageCms.ImageCmsTransform:
    """sRGB to the printer's CMYK; one transform per process, applied from any thread."""
    return _transform(cmyk_profile_path())
