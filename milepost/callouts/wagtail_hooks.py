from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Callout


class CalloutViewSet(SnippetViewSet):
    model = Callout
    icon = "mail"
    menu_label = "Callouts"
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["title", "prompt", "is_open"]
    list_filter = ["is_open"]


register_snippet(CalloutViewSet)
