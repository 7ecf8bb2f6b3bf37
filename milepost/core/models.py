from django.utils.cache import patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class PublicCacheMixin:
    """Lets shared caches and browsers keep public pages briefly; never pages for editors."""

    public_max_age = 300

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.has_header("Cache-Control"):
            return response  # the view decided, e.g. a form that must never be cached
        if request.user.is_authenticated or getattr(request, "is_preview", False):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=self.public_max_age)
        return response


class HomePage(PublicCacheMixin, Page):
    """The publication's front page: what it is, its open callouts and the latest stories."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["stories.StoryIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from milepost.stories import selectors

        context = super().get_context(request, *args, **kwargs)
        context["callout_pages"] = selectors.callout_pages()
        context["latest_stories"] = selectors.latest_stories()
        return context
