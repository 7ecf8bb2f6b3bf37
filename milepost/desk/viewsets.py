"""The desk's listings, built on Wagtail's viewsets: the submission queue, inbound and
outgoing mail."""

import django_filters
from django.db.models import F, Q
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import Echo
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from milepost.core.models import OutgoingEmail
from milepost.core.spreadsheets import CsvWriter
from milepost.intake.models import InboundMessage, InboundState
from milepost.submissions.models import (
    CheckCode,
    Submission,
    SubmissionStatus,
    SuppressedAddress,
)

from . import selectors, views
from .models import CalloutEditor


class ReachLimitedView:
    """A viewset's listings and choosers list only what the user may reach
    (`selectors.object_list_for_user`); its views of one object answer 404 for another
    callout's before they run (`desk.middleware`)."""

    def _reachable(self, queryset):
        user = self.request.user
        reachable = selectors.object_list_for_user(user, queryset.model)
        if reachable is None or selectors.callout_reach_get(user) is None:
            return queryset
        return queryset.filter(pk__in=reachable.values("pk"))

    def get_base_queryset(self):
        return self._reachable(super().get_base_queryset())

    def get_object_list(self):
        return self._reachable(super().get_object_list())


class ReachLimitedViewSetMixin:
    def construct_view(self, view_class, **kwargs):
        limited = type(view_class.__name__, (ReachLimitedView, view_class), {})
        return super().construct_view(limited, **kwargs)


class ReachLimitedChooserViewSet(ReachLimitedViewSetMixin, SnippetChooserViewSet):
    pass


class SubmissionFilterSet(WagtailFilterSet):
    checks__code = django_filters.ChoiceFilter(label="Check", choices=CheckCode.choices)
    has_photo = django_filters.BooleanFilter(label="Has a photo", method="filter_has_photo")
    over_word_limit = django_filters.BooleanFilter(
        label="Over the word limit", method="filter_over_word_limit"
    )
    received_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )
    undecided = django_filters.BooleanFilter(
        label="Waiting for a decision", method="filter_undecided"
    )
    arrived_late = django_filters.BooleanFilter(label="After the deadline")
    over_address_limit = django_filters.BooleanFilter(
        label="Over the limit per address", method="filter_over_address_limit"
    )

    class Meta:
        model = Submission
        fields = ["callout", "status", "channel", "checks__code", "assignee", "approval_state"]

    def filter_undecided(self, queryset, name, value):
        if value is None:
            return queryset
        undecided = Q(status__in=[SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW])
        return queryset.filter(undecided) if value else queryset.exclude(undecided)

    def filter_over_address_limit(self, queryset, name, value):
        if value is None:
            return queryset
        over = Q(checks__code=CheckCode.OVER_ADDRESS_LIMIT)
        flagged = Submission.objects.filter(over).values("pk")
        return queryset.filter(pk__in=flagged) if value else queryset.exclude(pk__in=flagged)

    def filter_has_photo(self, queryset, name, value):
        return (
            queryset.filter(photos__isnull=not value).distinct() if value is not None else queryset
        )

    def filter_over_word_limit(self, queryset, name, value):
        if value is None:
            return queryset
        over = queryset.filter(word_count__gt=F("callout__soft_word_limit"))
        return over if value else queryset.exclude(pk__in=over.values("pk"))


class HtmlColumn(Column):
    """A cell rendered in Python rather than through a template per cell: the queue shows
    hundreds of cells, and template rendering was most of its time."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return format_html("<td>{}</td>", "" if value is None else value)


def _received(submission):
    return date_format(localtime(submission.received_at), "Y-m-d H:i")


def _words(submission):
    return f"{submission.word_count} / {submission.callout.soft_word_limit}"


def _thumbnail(submission):
    photos = submission.photos.all()
    if not photos:
        return ""
    url = reverse("submission_photo", args=[photos[0].pk])
    return format_html('<img src="{}" alt="" width="48" loading="lazy">', url)


def _badges(submission):
    labels = [check.get_code_display() for check in submission.checks.all()]
    if submission.arrived_late:
        labels.insert(0, "After the deadline")
    return format_html_join(
        " ", '<span class="w-status w-status--label">{}</span>', ((label,) for label in labels)
    )


def _tally(submission):
    return f"{submission.votes_yes} yes · {submission.votes_maybe} maybe · {submission.votes_no} no"


class SubmissionIndexView(IndexView):
    def get(self, request, *args, **kwargs):
        # Higher apps (privacy's open erasure requests) tell editors what waits on them here;
        # once per page, not again for each filtered refresh of the results.
        if not self.results_only:
            for hook in hooks.get_hooks("desk_queue_notices"):
                for notice in hook(request):
                    messages.warning(request, notice.text, buttons=notice.buttons)
        return super().get(request, *args, **kwargs)

    def get_list_buttons(self, instance):
        # The title links to the submission's page, where every action is; a per-row menu of
        # the same links cost a fifth of the page's rendering time.
        return []

    def stream_csv(self, queryset):
        """Wagtail's CSV export, through the product's one CSV writer: a submitter's name or
        title never runs as a formula in the editor's spreadsheet. (XLSX cells are text.)"""
        writer = CsvWriter(Echo())
        yield writer.writerow(self.get_heading(queryset, field) for field in self.list_export)
        for item in queryset:
            row = self.to_row_dict(item)
            yield writer.writerow(
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in row.items()
            )

    def get_base_queryset(self):
        # Spam stays out of the queue unless asked for by its status.
        with_spam = SubmissionStatus.SPAM in self.request.GET.getlist("status")
        return selectors.submission_queue_get_for_user(self.request.user, with_spam=with_spam)


class SubmissionViewSet(ReachLimitedViewSetMixin, SnippetViewSet):
    model = Submission
    chooser_viewset_class = ReachLimitedChooserViewSet
    icon = "doc-full"
    menu_label = "Submissions"
    add_to_admin_menu = True
    menu_order = 205
    url_prefix = "submissions"
    admin_url_namespace = "desk_submissions"
    index_view_class = SubmissionIndexView
    inspect_view_enabled = True
    inspect_view_class = views.SubmissionPageView
    copy_view_enabled = False
    exclude_form_fields: list[str] = []
    filterset_class = SubmissionFilterSet
    search_fields = ["title", "story_text", "submitter_name", "submitter_email"]
    list_per_page = 25
    # The first column is the title, linked to the submission's page.
    list_display = [
        "title",
        HtmlColumn("reference", label="Ref.", accessor="reference"),
        HtmlColumn("received_at", label="Received", accessor=_received, sort_key="received_at"),
        HtmlColumn("submitter_name", label="Submitter", sort_key="submitter_name"),
        HtmlColumn("words", label="Words", accessor=_words, sort_key="word_count"),
        HtmlColumn("photo", label="Photo", accessor=_thumbnail),
        HtmlColumn("checks", label="Checks", accessor=_badges),
        HtmlColumn("status", label="Status", accessor="get_status_display", sort_key="status"),
        HtmlColumn("assignee", label="Assignee", accessor="assignee", sort_key="assignee"),
        HtmlColumn("vote_tally", label="Votes", accessor=_tally, sort_key="vote_tally"),
    ]
    list_export = [
        "reference",
        "callout",
        "received_at",
        "status",
        "channel",
        "submitter_name",
        "submitter_email",
        "title",
        "word_count",
        "check_summary",
        "assignee",
        "votes_yes",
        "votes_maybe",
        "votes_no",
        "naming",
    ]
    export_filename = "submissions"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(f"{action}/<int:pk>/", view, name=action)
            for action, view in views.SUBMISSION_ACTIONS.items()
        ]


class InboundMessageIndexView(ModelViewSet.index_view_class):
    def get_base_queryset(self):
        return selectors.inbound_message_list_for_user(self.request.user).filter(
            state__in=[InboundState.UNROUTED, InboundState.FAILED, InboundState.RECEIVED]
        )


def _inbound_actions(message):
    return format_html(
        '<a class="button button-small button-secondary" href="{}">Route to callout…</a> '
        '<a class="button button-small button-secondary" href="{}">Retry</a>',
        reverse("desk_inbound:route", args=[message.pk]),
        reverse("desk_inbound:retry", args=[message.pk]),
    )


class InboundMessageViewSet(ReachLimitedViewSetMixin, ModelViewSet):
    model = InboundMessage
    icon = "mail"
    menu_label = "Inbound messages"
    add_to_admin_menu = True
    menu_order = 210
    url_prefix = "inbound_messages"
    name = "desk_inbound"
    index_view_class = InboundMessageIndexView
    inspect_view_enabled = True
    inspect_view_class = views.InboundMessageInspectView
    copy_view_enabled = False
    exclude_form_fields: list[str] = []
    list_display = [
        "received_at",
        "state",
        "from_header",
        "subject",
        "channel",
        "error",
        Column("actions", label="Actions", accessor=_inbound_actions),
    ]
    list_filter = ["state", "channel"]
    search_fields = ["subject", "from_header", "message_id"]
    inspect_view_fields = [
        "received_at",
        "state",
        "channel",
        "source",
        "from_header",
        "subject",
        "message_id",
        "size",
        "sha256",
        "attempts",
        "error",
        "processed_at",
        "raw_download",
        "downloads",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("route/<int:pk>/", views.InboundMessageRouteView.as_view(), name="route"),
            path("retry/<int:pk>/", views.InboundMessageRetryView.as_view(), name="retry"),
        ]


class OutgoingEmailViewSet(ReachLimitedViewSetMixin, ModelViewSet):
    """Every email Milepost sends, and where it stands: a failed one says why."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = "Outgoing mail"
    add_to_admin_menu = True
    menu_order = 215
    url_prefix = "outgoing_mail"
    name = "desk_outgoing"
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields: list[str] = []
    list_display = ["created_at", "status", "to", "subject", "attempts", "reason"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    inspect_view_fields = [
        "created_at",
        "status",
        "to",
        "subject",
        "body",
        "attempts",
        "next_attempt_at",
        "reason",
        "sent_at",
    ]


class CalloutEditorViewSet(ModelViewSet):
    """Who is limited to which callouts (administrators only, by model permissions)."""

    model = CalloutEditor
    icon = "group"
    menu_label = "Callout editors"
    add_to_settings_menu = True
    url_prefix = "callout_editors"
    name = "desk_callout_editors"
    form_fields = ["user", "callout"]
    list_display = ["user", "callout"]
    list_filter = ["callout"]


class SuppressedAddressViewSet(ReachLimitedViewSetMixin, ModelViewSet):
    """Addresses never acknowledged: bounces and complaints arrive here; editors add or remove."""

    model = SuppressedAddress
    icon = "warning"
    menu_label = "Suppressed addresses"
    add_to_admin_menu = True
    form_fields = ["email", "reason", "detail"]
    list_display = ["email", "reason", "since", "detail"]
    list_filter = ["reason"]
    search_fields = ["email"]
