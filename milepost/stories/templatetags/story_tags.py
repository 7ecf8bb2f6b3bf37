"""`{% story_picture %}`: a story photo's `<picture>` in one of the page's sizes, cached.
`{% story_card %}`: a story's card in a listing, remembered for the generation (core.memo)."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from milepost.core.memo import remembered
from milepost.stories.pictures import picture_markup

register = template.Library()

CARD_TEMPLATE = "stories/includes/story_card.html"


@register.simple_tag
def story_picture(image, kind: str, **attrs):
    """A `<picture>` of `image` as a "lead", "inline" or "card" photo, with these attributes."""
    if not image:
        return ""
    markup = picture_markup(image, kind, attrs)
    return mark_safe(markup)  # noqa: S308  (Wagtail built it with its attributes escaped)


@register.simple_tag(takes_context=True)
def story_card(context, story, loading: str = "lazy"):
    """The card of `story`; its links are relative to the request's site, hence the host."""
    request = context.get("request")
    host = request.get_host() if request else ""
    card = {"story": story, "loading": loading, "request": request}
    return remembered(
        ("story-card", story.pk, loading, host), lambda: get_template(CARD_TEMPLATE).render(card)
    )
