from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import counting


@csrf_exempt  # no cookie is read or set, so there is no CSRF token; see the origin check below
@never_cache
@require_POST
def story_view_record(request, page_id: int) -> HttpResponse:
    """The story page's script counts a view here; 204 whether counted or not. Only the
    site's own pages may count (a browser says so in Sec-Fetch-Site), and nothing about the
    reader is kept."""
    same_site = request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"
    if same_site and counting.story_view_countable(request.headers):
        counting.story_view_count(page_id)
    return HttpResponse(status=204)
