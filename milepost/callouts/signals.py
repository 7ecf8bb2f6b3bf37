"""A callout's title, prompt and open/closed state show on public pages: drop cached pages."""

from django.db.models.signals import post_delete, post_save

from milepost.core.pagecache import page_cache_invalidate

from .models import Callout


def _on_callout_change(sender, **kwargs):
    page_cache_invalidate()


def connect_page_cache_receivers() -> None:
    post_save.connect(_on_callout_change, sender=Callout, dispatch_uid="pagecache-callout-saved")
    post_delete.connect(
        _on_callout_change, sender=Callout, dispatch_uid="pagecache-callout-deleted"
    )
