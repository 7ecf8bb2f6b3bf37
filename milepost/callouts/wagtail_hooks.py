from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .deadlines import callout_timing
from .models import Callout


def _open_or_closed(callout):
    return callout_timing(callout).text


class CalloutViewSet(SnippetViewSet):
    model = Callout
    icon = "mail"
    menu_label = "Callouts"
    add_to_admin_menu = True
    menu_order = 200
    list_display = [
        "title",
        "prompt",
        Column("is_open", label="Taking stories", accessor=_open_or_closed, sort_key="is_open"),
    ]
    list_filter = ["is_open"]


register_snippet(CalloutViewSet)
