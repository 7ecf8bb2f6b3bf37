"""RSS 2.0 feed of a callout's published stories, each with its lead photo as an enclosure."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from milepost.core.links import site_absolute_url

from . import selectors

FEED_LENGTH = 30


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

    def items(self, index_page):
        stories = list(selectors.story_list(index_page)[:FEED_LENGTH])
        self.tag_names = selectors.story_tag_names(stories)
        return stories

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return f"{story.byline}. {story.lede}".strip()

    def item_link(self, story):
        return story.get_full_url(self.request)

    def item_guid(self, story):
        return story.get_full_url(self.request)

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
