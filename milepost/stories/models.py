from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from milepost.callouts.deadlines import callout_timing
from milepost.core.caching import PublicCacheMixin
from milepost.core.links import site_absolute_url
from milepost.core.memo import remembered
from milepost.intake.views import web_submission_form
from milepost.submissions.bylines import (
    Naming,
    byline_allowed,
    byline_names_more,
    format_byline,
    format_place,
    name_allowed,
)
from milepost.submissions.models import Submission

from . import feeds, selectors
from .editing import NamingPanel, StoryChoicesPanel, StoryPageForm
from .pictures import CardSource, share_card_get


class StoryIndexPage(PublicCacheMixin, RoutablePageMixin, Page):
    """A callout's page on the site: its prompt, how to take part, and its published stories."""

    callout = models.OneToOneField(
        "callouts.Callout", on_delete=models.PROTECT, related_name="index_page"
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    call_for_stories = RichTextField(
        features=["bold", "italic", "link"],
        help_text="Closes every story in this callout, inviting readers to send their own.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("callout"),
        FieldPanel("intro"),
        FieldPanel("call_for_stories"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["site.HomePage"]
    subpage_types = ["stories.StoryPage"]

    class Meta:
        verbose_name = "story index (callout page)"

    @path("")
    def story_list(self, request):
        listing = selectors.story_listing_get(
            index_page=self,
            tag=request.GET.get("tag", ""),
            query=request.GET.get("q", ""),
            page_number=request.GET.get("page", "1"),
        )
        return self.render(request, context_overrides={"listing": listing})

    @path("feed/")
    def feed(self, request):
        return feeds.StoryFeed()(request, index_page=self)

    @path("submit/", name="web_form")
    def web_form(self, request):
        return web_submission_form(
            request, self, open_elsewhere=lambda: selectors.callout_page_list_open(exclude=self)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["submit_url"] = self.submit_url(request)
        return context

    def submit_url(self, request=None) -> str:
        """The web form's address while the callout takes stories; empty once it closes."""
        if not callout_timing(self.callout).is_open:
            return ""
        return self.get_url(request) + self.reverse_subpage("web_form")

    def public_cache_changes_at(self):
        # The page says "Closing today", and links to the form only while it is open.
        return callout_timing(self.callout).changes_at


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(PublicCacheMixin, Page):
    """One reader's story, published as a feature post. The page title is the headline."""

    pull_quote = models.CharField(max_length=280, blank=True)
    runner_name = models.CharField("runner's name", max_length=120)
    runner_age = models.PositiveSmallIntegerField("runner's age", null=True, blank=True)
    city = models.CharField(max_length=120, blank=True)
    region = models.CharField(
        max_length=120, blank=True, help_text='State or country, e.g. "MO" or "UK".'
    )
    descriptor = models.CharField(
        max_length=120, blank=True, help_text='How the runner is described, e.g. "mother runner".'
    )
    # The submission's choice, copied on every save (a published revision too), so a listing
    # prints each card's byline without reading the submissions.
    naming = models.CharField(
        max_length=30, choices=Naming.choices, default=Naming.FULL_NAME, editable=False
    )
    byline_agreed = models.BooleanField(
        "contributor agreed in writing to this byline",
        default=False,
        help_text="Prints the byline as written here, even where it names them more than "
        "they chose. Tick only with their agreement in writing, and say where it is.",
    )
    byline_agreement_note = models.CharField(
        "where their agreement is",
        max_length=500,
        blank=True,
        help_text="E.g. “Her email of 3 March to the desk”.",
    )
    byline_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    byline_agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    lede = models.TextField(blank=True, help_text="The opening paragraph, shown in listings too.")
    body = RichTextField(features=["bold", "italic", "link", "blockquote"])
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True)
    # Where the story came from; the submission's text as sent stays as it was.
    submission = models.OneToOneField(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="story",
    )

    content_panels = Page.content_panels + [
        StoryChoicesPanel(
            "title",
            heading="Headline choices",
            help_text="Lines from the story, the strongest first.",
        ),
        FieldPanel("pull_quote"),
        StoryChoicesPanel(
            "pull_quote",
            heading="Pull-quote choices",
            help_text="Other strong lines from the story.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("runner_name"),
                FieldPanel("runner_age"),
                FieldPanel("city"),
                FieldPanel("region"),
                FieldPanel("descriptor"),
                NamingPanel(heading="How the contributor chose to be named"),
                FieldPanel("byline_agreed"),
                FieldPanel("byline_agreement_note"),
            ],
            "Byline",
        ),
        FieldPanel("lede"),
        FieldPanel("body"),
        InlinePanel("photos", label="Photos"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("pull_quote"),
        # The name as printed: a surname the contributor withheld finds nothing.
        index.SearchField("byline_name"),
        index.SearchField("lede"),
        index.SearchField("body"),
        index.SearchField("city"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    base_form_class = StoryPageForm
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    def save(self, *args, **kwargs):
        if self.submission_id:
            self.naming = (
                Submission.objects.filter(pk=self.submission_id)
                .values_list("naming", flat=True)
                .first()
                or Naming.FULL_NAME
            )
        super().save(*args, **kwargs)

    @property
    def byline_fields(self) -> dict:
        return {
            "name": self.runner_name,
            "age": self.runner_age,
            "city": self.city,
            "region": self.region,
            "descriptor": self.descriptor,
        }

    @property
    def prints_as_written(self) -> bool:
        return self.naming == Naming.FULL_NAME or self.byline_agreed

    @property
    def byline(self) -> str:
        """The byline every page, feed and book prints: what the contributor allowed."""
        if self.prints_as_written:
            return format_byline(**self.byline_fields)
        callout = self.index_page.callout if self.index_page else None
        wording = {"anonymous_wording": callout.anonymous_byline} if callout else {}
        return byline_allowed(self.naming, **self.byline_fields, **wording)

    @property
    def byline_name(self) -> str:
        """Who wrote it, as printed: the author in structured data and what search finds."""
        if self.prints_as_written:
            return self.runner_name
        return name_allowed(self.runner_name, self.naming) or self.byline

    def byline_problem(self, legal_name: str, naming: str) -> str:
        """Why this byline may not be published for a contributor named `legal_name` who chose
        `naming`, or "" when it may."""
        if self.byline_agreed:
            return ""
        return byline_names_more(naming, name=self.runner_name, legal_name=legal_name)

    @property
    def place(self) -> str:
        return format_place(self.city, self.region)

    @cached_property
    def photo_list(self) -> list["StoryPagePhoto"]:
        """Photos with their images, fetched once (or taken from a listing's prefetch)."""
        # Reads nothing when a listing already prefetched them.
        prefetch_related_objects([self], photos_prefetch())
        return list(self.photos.all())

    @cached_property
    def tag_list(self) -> list:
        return list(self.tags.all())

    @property
    def lead_photo(self):
        return self.photo_list[0] if self.photo_list else None

    @property
    def card_source(self) -> CardSource:
        """What the story's share card is drawn from: a change to any of it draws a new one."""
        return CardSource(
            folder=str(self.pk),
            headline=self.title,
            byline=self.byline,
            site=settings.WAGTAIL_SITE_NAME,
            image=self.lead_photo.image if self.lead_photo else None,
        )

    @cached_property
    def share_image(self):
        """The share card (the lead photo until it is made): link previews, structured data
        and the feed."""
        return share_card_get(self.card_source)

    @property
    def share_image_alt(self) -> str:
        if self.share_image is None:
            return ""
        photo = self.lead_photo.alt_text if self.lead_photo else ""
        if not self.share_image.is_card:
            return photo
        words = f"{self.title} — {self.byline}" if self.byline else self.title
        return f"{words}. Photo: {photo}" if photo else words

    @cached_property
    def index_page(self) -> StoryIndexPage | None:
        parent_path = self.path[: -self.steplen]
        return remembered(
            ("story-index-page", parent_path),
            lambda: (
                StoryIndexPage.objects.select_related("callout").filter(path=parent_path).first()
            ),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = self.photo_list
        context["structured_data"] = self.structured_data(request)
        context["submit_url"] = self.index_page.submit_url(request) if self.index_page else ""
        return context

    def public_cache_changes_at(self):
        # The story ends with its callout's "how to send yours", open or closed.
        return self.index_page.public_cache_changes_at() if self.index_page else None

    def structured_data(self, request) -> dict:
        """schema.org Article metadata for search engines and link previews."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "author": {"@type": "Person", "name": self.byline_name},
            "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
            "mainEntityOfPage": self.get_full_url(request),
            "description": self.lede or self.pull_quote,
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.share_image:
            data["image"] = site_absolute_url(request, self.share_image.url)
        return data


def photos_prefetch() -> Prefetch:
    # Not the renditions: the picture markup is cached (milepost.stories.pictures).
    return Prefetch("photos", queryset=StoryPagePhoto.objects.select_related("image"))


class StoryPagePhoto(Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.PROTECT, related_name="+")
    caption = models.CharField(max_length=255, blank=True)
    alt_text = models.CharField(
        max_length=255, help_text="Describe the photo for readers who cannot see it."
    )
    credit = models.CharField(max_length=120, blank=True)

    panels = [
        FieldPanel("image"),
        FieldPanel("caption"),
        FieldPanel("alt_text"),
        FieldPanel("credit"),
    ]

    def clean(self):
        super().clean()
        if not self.alt_text.strip():
            raise ValidationError({"alt_text": "Every photo needs alt text."})
