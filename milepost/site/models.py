from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from milepost.callouts.deadlines import callout_timing
from milepost.core.caching import PublicCacheMixin
from milepost.core.memo import remembered
from milepost.core.routing import DirectRouteMixin
from milepost.stories import selectors


class HomePage(DirectRouteMixin, PublicCacheMixin, Page):
    """The publication's front page: what it is, its open callouts and the latest stories."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["stories.StoryIndexPage", "privacy.PrivacyNoticePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["callout_pages"] = self.callout_pages()
        context["latest_stories"] = remembered(
            ("home-latest-stories",), lambda: list(selectors.story_list_latest())
        )
        return context

    def callout_pages(self) -> list:
        return remembered(("home-callout-pages",), lambda: list(selectors.callout_page_list()))

    def public_cache_changes_at(self):
        # Each callout says whether it takes stories: the page changes with the first of them.
        moments = [callout_timing(page.callout).changes_at for page in self.callout_pages()]
        return min((moment for moment in moments if moment), default=None)
