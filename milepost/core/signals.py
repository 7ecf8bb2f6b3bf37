"""What starts a new page-cache generation: a change to what a public page shows.

Higher apps connect their own models (callouts connects Callout) to `page_cache_invalidate`.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .pagecache import page_cache_invalidate


def _on_page_change(sender, **kwargs):
    page_cache_invalidate()


def _on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_cache_invalidate()


def _on_site_change(sender, instance, **kwargs):
    # A view restriction too: a page made private must not stay in anyone's cache.
    if isinstance(instance, (Site, BaseSiteSetting, BaseGenericSetting, PageViewRestriction)):
        page_cache_invalidate()


def _on_image_change(sender, instance, created=False, **kwargs):
    # A new image shows nowhere until a page using it is published; an edited one may.
    if isinstance(instance, AbstractImage) and not created:
        page_cache_invalidate()


def connect_page_cache_receivers() -> None:
    page_published.connect(_on_page_change, dispatch_uid="pagecache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_on_page_change, dispatch_uid="pagecache-moved")
    post_delete.connect(_on_page_delete, dispatch_uid="pagecache-page-deleted")
    post_save.connect(_on_site_change, dispatch_uid="pagecache-site-saved")
    post_delete.connect(_on_site_change, dispatch_uid="pagecache-site-deleted")
    post_save.connect(_on_image_change, dispatch_uid="pagecache-image-saved")
    post_delete.connect(_on_image_change, dispatch_uid="pagecache-image-deleted")
