"""Reads for the public story pages."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from taggit.models import Tag


@dataclass(frozen=True)
class StoryListing:
    page: PaginatorPage
    tag: Tag | None
    query: str
    tags: list[Tag]

    @property
    def stories(self):
        return self.page.object_list


def published_stories(index_page=None):
    """Live stories, newest first, with what a listing card needs fetched up front."""
    from .models import StoryPage, photos_prefetch

    stories = StoryPage.objects.live().public()
    if index_page is not None:
        stories = stories.child_of(index_page)
    return stories.order_by("-first_published_at", "-pk").prefetch_related(
        photos_prefetch(), "tags"
    )


def tags_in_use(index_page) -> list[Tag]:
    from .models import StoryPage, StoryPageTag

    story_ids = StoryPage.objects.live().public().child_of(index_page).values("pk")
    return list(
        Tag.objects.filter(
            pk__in=StoryPageTag.objects.filter(content_object__in=story_ids).values("tag")
        ).order_by("name")
    )


def search_terms(query: str) -> str:
    """Plain words only: quotes and operators would reach the full-text engine as syntax."""
    return " ".join(re.findall(r"\w+", query)[:20])


def matching_story_ids(index_page, query: str) -> list[int]:
    """Search the callout's stories (FTS5 on SQLite, full text on PostgreSQL)."""
    from .models import StoryPage

    results = StoryPage.objects.live().public().child_of(index_page).search(query)
    return [story.pk for story in results]


def story_listing(*, index_page, tag: str = "", query: str = "", page_number="1") -> StoryListing:
    stories = published_stories(index_page)
    selected_tag = Tag.objects.filter(slug=tag).first() if tag else None
    if selected_tag:
        stories = stories.filter(tags=selected_tag)
    query = search_terms(query)
    if query:
        stories = stories.filter(pk__in=matching_story_ids(index_page, query))
    paginator = Paginator(stories, settings.MILEPOST_STORIES_PER_PAGE)
    return StoryListing(
        page=paginator.get_page(page_number),
        tag=selected_tag,
        query=query,
        tags=tags_in_use(index_page),
    )


def latest_stories(limit: int = 6):
    return published_stories()[:limit]


def callout_pages():
    """Live callout index pages, open callouts first."""
    from .models import StoryIndexPage

    return (
        StoryIndexPage.objects.live()
        .public()
        .select_related("callout")
        .order_by("-callout__is_open", "title")
    )


def search_site(query: str):
    """Full-text search over every live story on the site."""
    from .models import StoryPage

    return list(StoryPage.objects.live().public().search(query))
