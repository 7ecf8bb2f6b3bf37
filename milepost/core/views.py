"""Public media served by Django itself, and the sign-in page's answer to a lockout."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.admin.forms.auth import LoginForm

MEDIA_MAX_AGE = 60 * 60 * 24 * 30

# Each image type a page may show, with the extensions it may carry.
_MEDIA_TYPES = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "image/avif": {".avif"},
}
_SNIFF_BYTES = 32


def media_type_sniff(head: bytes) -> str | None:
    """The image type the first bytes of a file show, or None for anything else (SVG, HTML...)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in {b"GIF87a", b"GIF89a"}:
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in {b"avif", b"avis"}:
        return "image/avif"
    return None


@require_safe
def media_serve(request, path):
    """An image under MEDIA_ROOT, when both its name and its bytes say it is one; else 404.

    Uploaded documents, SVG and anything an editor might have slipped in would otherwise be
    served from the site's own origin, where a browser would run their scripts.
    """
    try:
        # Refuses a path that climbs out of MEDIA_ROOT ("../", an absolute path).
        full_path = Path(FileSystemStorage(location=settings.MEDIA_ROOT).path(path))
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    if not full_path.is_file():
        raise Http404
    handle = full_path.open("rb")
    content_type = media_type_sniff(handle.read(_SNIFF_BYTES))
    if full_path.suffix.lower() not in _MEDIA_TYPES.get(content_type or "", ()):
        handle.close()
        raise Http404
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """Wagtail's sign-in page again, saying why the right password will not do for now.

    django-axes calls this (AXES_LOCKOUT_CALLABLE) once a username or an address has failed too
    often; the form is shown empty so nothing about the account is echoed back.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    messages.error(
        request,
        f"Too many failed sign-ins for this account or from this address. Sign-in is paused for "
        f"{minutes} minutes; an administrator can unlock it sooner.",
    )
    context = {"form": LoginForm(request=request)}
    return render(request, "wagtailadmin/login.html", context, status=429)
