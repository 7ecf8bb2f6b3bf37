"""Reads for the public story pages.

The page models route requests here and these queries read the page models: the two modules
import each other as modules, and names are looked up when a function runs.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.db.models import OuterRef, Q, Subquery
from taggit.models import Tag
from wagtail.models import Page

from milepost.callouts.deadlines import callout_timing
from milepost.core.caching import private_pages_q, public_pages_q
from milepost.core.memo import remembered
from milepost.core.pagination import TwoEndedPaginator

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
    stories = models.StoryPage.objects.live().filter(public_pages_q())
    if index_page is not None:
        stories = stories.child_of(index_page)
    return _listed(stories)


NEWEST_FIRST = ("-first_published_at", "-pk")


def _listed(stories):
    # Not the tags: cards do not show them, and the feed reads them with `story_tag_names_get`.
    return stories.order_by(*NEWEST_FIRST).prefetch_related(models.photos_prefetch())


def story_tag_names_get(stories) -> dict[int, list[str]]:
    """Each story's tag names, alphabetical, in one query (a prefetch builds a queryset per
    story, which costs more than the query itself)."""
    names: dict[int, list[str]] = {story.pk: [] for story in stories}
    rows = (
        models.StoryPageTag.objects.filter(content_object_id__in=list(names))
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    )
    for story_id, name in rows:
        names[story_id].append(name)
    return names


def callout_story_q_make(index_page) -> Q:
    """The callout's live, public stories as one filter (view restrictions read once per
    generation, where `.public()` reads them for each query)."""
    return Q(live=True) & Page.objects.child_of_q(index_page) & ~private_pages_q()


def tag_list_in_use(in_callout: Q) -> list[Tag]:
    """Tags on the callout's live stories (`callout_story_q_make`), by name.

    Each tag looks for its first live story and stops there: collecting the distinct tags of
    every story instead reads the whole callout's tags on each request.
    """
    story_ids = models.StoryPage.objects.filter(in_callout).values("pk")
    first_use = models.StoryPageTag.objects.filter(
        tag=OuterRef("pk"), content_object__in=story_ids
    ).values("pk")[:1]
    return list(
        Tag.objects.alias(first_use=Subquery(first_use))
        .filter(first_use__isnull=False)
        .order_by("name")
    )


def search_terms_clean(query: str) -> str:
    """Plain words only: quotes and operators would reach the full-text engine as syntax."""
    return " ".join(re.findall(r"\w+", query)[:20])


def story_ids_search(stories, query: str) -> list[int]:
    """The newest of `stories` matching `query` (FTS5 on SQLite, full text on PostgreSQL).

    Newest first rather than by relevance: ranking reads every match (130 ms for a common word
    at 100,000 stories) where newest first stops at the cap, which keeps a common word from
    fetching a whole archive.
    """
    results = stories.order_by("-first_published_at").search(query, order_by_relevance=False)
    return [story.pk for story in results[: settings.MILEPOST_SEARCH_MAX_RESULTS]]


def story_listing_get(
    *, index_page, tag: str = "", query: str = "", page_number="1"
) -> StoryListing:
    """One page of a callout's stories, newest first, filtered by a tag or a search.

    Counting and finding a page's stories read the page table alone (no join to the story
    table), from the oldest end for a page past the middle: the last page of a long archive is
    as quick as the first. Only the page's twelve stories are read whole. The listing is
    remembered for the generation (core.memo), read in full once.
    """
    key = ("story-listing", index_page.pk, tag, query, str(page_number))
    return remembered(key, lambda: _story_listing_read(index_page, tag, query, page_number))


def _story_listing_read(index_page, tag: str, query: str, page_number) -> StoryListing:
    in_callout = callout_story_q_make(index_page)
    stories = _listed(models.StoryPage.objects.filter(in_callout))
    rows = Page.objects.filter(in_callout).type(models.StoryPage).order_by(*NEWEST_FIRST)
    selected_tag = Tag.objects.filter(slug=tag).first() if tag else None
    if selected_tag:
        tagged = models.StoryPageTag.objects.filter(tag=selected_tag).values("content_object")
        stories = stories.filter(pk__in=tagged)
        rows = rows.filter(pk__in=tagged)
    query = search_terms_clean(query)
    if query:
        matches = story_ids_search(models.StoryPage.objects.filter(in_callout), query)
        stories = stories.filter(pk__in=matches)
        rows = rows.filter(pk__in=matches)
    paginator = TwoEndedPaginator(stories, settings.MILEPOST_STORIES_PER_PAGE, rows=rows)
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    return StoryListing(
        page=page,
        tag=selected_tag,
        query=query,
        tags=tag_list_in_use(in_callout),
    )


def story_list_latest(limit: int = 6):
    return story_list()[:limit]


def callout_page_list():
    """Live callout index pages, open callouts first."""
    return (
        models.StoryIndexPage.objects.live()
        .filter(public_pages_q())
        .select_related("callout")
        .order_by("-callout__is_open", "title")
    )


def callout_page_list_open(*, exclude) -> list:
    """Live callout pages whose callouts take stories now, but `exclude`: a closed callout's
    form points to them."""
    pages = callout_page_list().exclude(pk=exclude.pk)
    return [page for page in pages if callout_timing(page.callout).is_open]


def site_story_ids_search(query: str) -> list[int]:
    """Live stories of every callout matching `query`, newest first, as a callout's search."""
    return story_ids_search(models.StoryPage.objects.live().filter(public_pages_q()), query)


def story_list_by_ids(ids: list[int]) -> list:
    """These stories in this order, with what a card needs fetched up front."""
    stories = {story.pk: story for story in _listed(models.StoryPage.objects.filter(pk__in=ids))}
    return [stories[pk] for pk in ids if pk in stories]
