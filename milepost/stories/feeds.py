"""RSS 2.0 feed of a callout's published stories, each with its lead photo as an enclosure."""

import io

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date

from milepost.core.links import site_absolute_url
from milepost.core.memo import remembered

from . import selectors

FEED_LENGTH = 30


def _feed_items_read(index_page, request) -> tuple[list, dict[int, list[str]], dict[int, str]]:
    """The feed's stories, their tag names and their addresses (remembered: core.memo)."""
    stories = list(selectors.story_list(index_page)[:FEED_LENGTH])
    links = {story.pk: story.get_full_url(request) for story in stories}
    return stories, selectors.story_tag_names_get(stories), links


class StoryFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, index_page):
        self.request = request
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.get_full_url(self.request)

    def description(self, index_page):
        return index_page.callout.prompt

    def __call__(self, request, *args, **kwargs):
        """Django's, with the XML written to a buffer: written to the response, each of its
        few thousand pieces is a call of its own (a third of the feed's time)."""
        feed = self.get_feed(self.get_object(request, *args, **kwargs), request)
        response = HttpResponse(content_type=feed.content_type)
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        buffer = io.StringIO()
        feed.write(buffer, "utf-8")
        response.content = buffer.getvalue()
        return response

    def items(self, index_page):
        key = ("feed-items", index_page.pk, self.request.get_host())
        stories, self.tag_names, self.links = remembered(
            key, lambda: _feed_items_read(index_page, self.request)
        )
        return stories

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        # Readers take a description as HTML: the byline and lede are plain text (the
        # submitter's words), so they go as text, escaped, and no markup in them comes alive.
        return escape(f"{story.byline}. {story.lede}".strip())

    def item_link(self, story):
        return self.links[story.pk]

    def item_guid(self, story):
        return self.links[story.pk]

    def item_pubdate(self, story):
        return story.first_published_at

    def item_author_name(self, story):
        return story.runner_name

    def item_categories(self, story):
        return self.tag_names[story.pk]

    def item_enclosures(self, story):
        shared = story.share_image
        if shared is None:
            return []
        url = site_absolute_url(self.request, shared.url)
        return [Enclosure(url, str(shared.size), "image/jpeg")]
