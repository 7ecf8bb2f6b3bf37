from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class Callout(index.Indexed, models.Model):
    """A standing call for reader stories, such as "Most Important Mile".

    Its index page on the site shows the prompt and how to take part; intake routes mail and
    form entries to it.
    """

    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    prompt = models.CharField(
        max_length=255,
        help_text='The question readers answer, e.g. "What was your most important mile?"',
    )
    soft_word_limit = models.PositiveIntegerField(
        default=300,
        help_text="Stories over this many words are flagged for editors, never refused.",
    )
    photo_wanted = models.BooleanField(default=True, help_text="Ask submitters for a photo.")
    submission_address = models.EmailField(
        blank=True, help_text="The address readers email their stories to."
    )
    is_open = models.BooleanField(
        default=True, help_text="Open callouts are shown as taking stories."
    )

    panels = [
        MultiFieldPanel([FieldPanel("title"), FieldPanel("slug"), FieldPanel("prompt")], "Callout"),
        MultiFieldPanel(
            [
                FieldPanel("soft_word_limit"),
                FieldPanel("photo_wanted"),
                FieldPanel("submission_address"),
                FieldPanel("is_open"),
            ],
            "Taking part",
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def word_guidance(self) -> str:
        return f"Please keep it under {self.soft_word_limit} words."
