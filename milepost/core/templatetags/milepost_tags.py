import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from milepost.core.links import site_absolute_url
from milepost.core.personal_data import privacy_notice_current
from milepost.core.quoting import title_quoted

register = template.Library()

# Characters that could close the <script> element or open a comment inside JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict):
    """Structured data as a <script type="application/ld+json"> block, safe against </script>."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def spelled_out_address(address: str) -> str:
    """ "mile@milepost.example" as "mile at milepost dot example": readable, not harvestable."""
    local, _, domain = (address or "").partition("@")
    if not domain:
        return address
    return f"{local} at {domain.replace('.', ' dot ')}"


@register.filter
def quoted(title) -> str:
    """{{ story.title|quoted }}: in quotation marks, unless it is a quotation already."""
    return title_quoted(title)


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    return site_absolute_url(context.get("request"), url)


@register.simple_tag
def privacy_notice_url() -> str:
    """The published privacy notice's address, or "" while there is none."""
    notice = privacy_notice_current()
    return notice.url if notice else ""
