from django import template

from ..deadlines import callout_timing as timing_get

register = template.Library()


@register.simple_tag
def callout_timing(callout):
    """`{% callout_timing callout as timing %}`: whether it takes stories, in the page's words."""
    return timing_get(callout)
