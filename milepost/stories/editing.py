"""The story's edit form: headline and pull-quote choices, a URL that follows the headline, and
the byline checked against how the contributor chose to be named."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel

from milepost.submissions.bylines import Naming, byline_allowed, byline_names_more
from milepost.submissions.suggestions import headline_choices, pull_quote_choices
from milepost.submissions.words import story_only

_SLUG_WORDS_LENGTH = 50


def story_slug(headline: str, submission_pk: int) -> str:
    """The URL of a story made from a submission: the headline's first words and the
    submission's number, which keeps two stories with one headline apart."""
    words = slugify(headline).split("-")
    kept = words[0][:_SLUG_WORDS_LENGTH]
    for word in words[1:]:
        if len(kept) + 1 + len(word) > _SLUG_WORDS_LENGTH:
            break
        kept = f"{kept}-{word}"
    return f"{kept or 'story'}-{submission_pk}"


class StoryPageForm(WagtailAdminPageForm):
    """Until the story is first published, its URL follows the headline, unless an editor set
    the URL by hand; once it is live the URL stays, for links to it may be out there."""

    def clean(self):
        cleaned_data = super().clean()
        self._slug_follow(cleaned_data)
        # Checked on the way out only: a draft may hold a byline still to be agreed.
        if "action-publish" in self.data:
            self._byline_check(cleaned_data)
        return cleaned_data

    def _slug_follow(self, cleaned_data) -> None:
        page, title = self.instance, cleaned_data.get("title")
        submission_pk = getattr(page, "submission_id", None)
        if not (page.pk and submission_pk and title) or page.first_published_at:
            return
        automatic = story_slug(page.title, submission_pk)
        if cleaned_data.get("slug") == page.slug == automatic:
            slug = story_slug(title, submission_pk)
            siblings = self.parent_page.get_children().not_page(page)
            if not siblings.filter(slug=slug).exists():
                cleaned_data["slug"] = slug

    def _byline_check(self, cleaned_data) -> None:
        submission = getattr(self.instance, "submission", None)
        if submission is None or cleaned_data.get("byline_agreed"):
            return
        name = cleaned_data.get("runner_name") or ""
        problem = byline_names_more(
            submission.naming, name=name, legal_name=submission.submitter_name
        )
        if problem:
            self.add_error("runner_name", problem)

    def save(self, commit=True):
        page = self.instance
        if not page.byline_agreed:
            page.byline_agreed_by, page.byline_agreed_at = None, None
        elif "byline_agreed" in self.changed_data or page.byline_agreed_at is None:
            # Who recorded the contributor's agreement, and when.
            page.byline_agreed_by, page.byline_agreed_at = self.for_user, timezone.now()
        return super().save(commit=commit)


class NamingPanel(Panel):
    """The contributor's choice of how to be named, and the byline it allows, beside the
    byline's fields."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/panels/naming.html"

        def is_shown(self):
            return getattr(self.instance, "submission", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            submission = self.instance.submission
            naming = Naming(submission.naming)
            context["naming"] = naming
            context["requested"] = submission.get_naming_requested_display()
            context["allowed"] = byline_allowed(
                naming,
                name=submission.submitter_name,
                age=submission.submitter_age,
                city=submission.submitter_city,
                region=submission.submitter_region or submission.submitter_country,
                anonymous_wording=submission.callout.anonymous_byline,
            )
            context["page"] = self.instance
            return context


class StoryChoicesPanel(Panel):
    """Lines of the story offered for `field_name` ("title" or "pull_quote"), one click each.

    Without JavaScript the choices are still there to read and copy."""

    def __init__(self, field_name: str, **kwargs):
        super().__init__(**kwargs)
        self.field_name = field_name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "field_name": self.field_name}

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/panels/story_choices.html"

        class Media:
            js = ["js/story-choices.js"]

        @cached_property
        def choices(self) -> list[str]:
            submission = getattr(self.instance, "submission", None)
            if submission is None:
                return []
            text = story_only(submission.story_text)
            if self.panel.field_name == "title":
                return headline_choices(text)
            return pull_quote_choices(text, self.instance.title)

        def is_shown(self):
            return bool(self.choices) and self.panel.field_name in self.form.fields

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["choices"] = self.choices
            context["field_id"] = self.form[self.panel.field_name].id_for_label
            return context
