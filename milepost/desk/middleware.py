"""Wagtail's own admin views find a page, an object of a viewset, or the rows of a bulk
action, by id without asking which callout it belongs to (the page editor checks its
permissions, but previews, revisions, workflow actions, a callout's edit view, an image's
usage and preview, and the bulk actions' lists of titles do not). For a user limited to some
callouts, this answers 404 for anything of another callout before any of those views runs,
and for the reports that summarise every callout's pages."""

from django.apps import apps
from django.http import Http404
from wagtail.images import get_image_model
from wagtail.models import Page

from .selectors import callout_reach_get, object_list_for_user

PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
# Views whose "pk" is a page's.
PAGE_PK_VIEWS = ("wagtailadmin_pages:", "wagtailadmin_api:pages:")
# Reports over the whole site (each page type's last edited page, in any callout).
SITE_WIDE_VIEWS = (
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
)


class CalloutReachMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or callout_reach_get(user) is None:
            return None
        name = request.resolver_match.view_name
        if name in SITE_WIDE_VIEWS:
            raise Http404
        page_ids = [view_kwargs[key] for key in PAGE_ARGUMENTS if key in view_kwargs]
        if "pk" in view_kwargs and name.startswith(PAGE_PK_VIEWS):
            page_ids.append(view_kwargs["pk"])
        if page_ids:
            _refuse_unless_reached(user, Page, page_ids)
        if "image_id" in view_kwargs:  # the image library's edit, usage, URL generator…
            _refuse_unless_reached(user, get_image_model(), [view_kwargs["image_id"]])
        model = _viewset_model(view_func)
        if model is not None and "pk" in view_kwargs and not issubclass(model, Page):
            _refuse_unless_reached(user, model, [view_kwargs["pk"]])
        if name == "wagtail_bulk_action":
            _bulk_action_check(request, view_kwargs)
        if "object_id" in view_kwargs and "model_name" in view_kwargs:  # editing sessions
            model = _model_named(view_kwargs)
            if model is not None:
                _refuse_unless_reached(user, model, [view_kwargs["object_id"]])
        return None


def _viewset_model(view_func):
    """The model of a Wagtail viewset's view (edit, delete, copy, usage, history, chosen…)."""
    model = getattr(view_func, "view_initkwargs", {}).get("model")
    model = model or getattr(getattr(view_func, "view_class", None), "model", None)
    return model if isinstance(model, type) else None


def _refuse_unless_reached(user, model, ids) -> None:
    reachable = object_list_for_user(user, model)
    if reachable is None:
        return
    try:
        wanted = {int(pk) for pk in ids}
    except ValueError:
        raise Http404 from None
    if reachable.filter(pk__in=wanted).count() != len(wanted):
        raise Http404


def _model_named(view_kwargs):
    try:
        return apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
    except LookupError:
        return None  # Wagtail's view answers 404 itself


def _bulk_action_check(request, view_kwargs) -> None:
    model = _model_named(view_kwargs)
    if model is None:
        return
    ids = request.GET.getlist("id")
    if "all" in ids and object_list_for_user(request.user, model) is not None:
        # "All in the listing" is worked out by Wagtail over every callout: select the rows.
        raise Http404
    _refuse_unless_reached(request.user, model, ids)
