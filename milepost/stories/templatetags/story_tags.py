"""`{% story_picture %}`: a story photo's `<picture>` in one of the page's sizes, cached."""

from django import template
from django.utils.safestring import mark_safe

from milepost.stories.pictures import picture_markup

register = template.Library()


@register.simple_tag
def story_picture(image, kind: str, **attrs):
    """A `<picture>` of `image` as a "lead", "inline" or "card" photo, with these attributes."""
    if not image:
        return ""
    markup = picture_markup(image, kind, attrs)
    return mark_safe(markup)  # noqa: S308  (Wagtail built it with its attributes escaped)
