"""Reads for the public story pages.

The page models route requests here and these queries read the page models: the two modules
import each other as modules, and names are looked up when a function runs.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from taggit.models import Tag

from . import models


@dataclass(frozen=True)
class StoryListing:
    page: PaginatorPage
    tag: Tag | None
    query: str
    tags: list[Tag]

    @property
    def stories(self):
        return self.page.object_list


def story_list(index_page=None):
    """Live stories, newest first, with what a listing card needs fetched up front."""
    stories = models.StoryPage.objects.live().public()
    if index_page is not None:
        stories = stories.child_of(index_page)
    return stories.order_by("-first_published_at", "-pk").prefetch_related(
        models.photos_prefetch(), "tags"
    )


def tag_list_in_use(index_page) -> list[Tag]:
    story_ids = models.StoryPage.objects.live().public().child_of(index_page).values("pk")
    return list(
        Tag.objects.filter(
            pk__in=models.StoryPageTag.objects.filter(content_object__in=story_ids).values("tag")
        ).order_by("name")
    )


def search_terms_clean(query: str) -> str:
    """Plain words only: quotes and operators would reach the full-text engine as syntax."""
    return " ".join(re.findall(r"\w+", query)[:20])


def story_ids_search(index_page, query: str) -> list[int]:
    """The newest matching stories of the callout (FTS5 on SQLite, full text on PostgreSQL).

    The listing shows matches newest first, so relevance is not ranked; the cap keeps a common
    word from fetching every story of a large archive.
    """
    stories = (
        models.StoryPage.objects.live()
        .public()
        .child_of(index_page)
        .order_by("-first_published_at")
    )
    results = stories.search(query, order_by_relevance=False)
    return [story.pk for story in results[: settings.MILEPOST_SEARCH_MAX_RESULTS]]


def story_listing_get(
    *, index_page, tag: str = "", query: str = "", page_number="1"
) -> StoryListing:
    stories = story_list(index_page)
    selected_tag = Tag.objects.filter(slug=tag).first() if tag else None
    if selected_tag:
        stories = stories.filter(tags=selected_tag)
    query = search_terms_clean(query)
    if query:
        stories = stories.filter(pk__in=story_ids_search(index_page, query))
    paginator = Paginator(stories, settings.MILEPOST_STORIES_PER_PAGE)
    return StoryListing(
        page=paginator.get_page(page_number),
        tag=selected_tag,
        query=query,
        tags=tag_list_in_use(index_page),
    )


def story_list_latest(limit: int = 6):
    return story_list()[:limit]


def callout_page_list():
    """Live callout index pages, open callouts first."""
    return (
        models.StoryIndexPage.objects.live()
        .public()
        .select_related("callout")
        .order_by("-callout__is_open", "title")
    )


def story_search(query: str):
    """Full-text search over every live story on the site."""
    return list(models.StoryPage.objects.live().public().search(query))
