from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import counting, selectors
from .charts import chart_svg
from .exports import report_csv_write, report_xlsx_bytes
from .forms import InsightsForm

PERMISSION = "insights.view_insights"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@csrf_exempt  # no cookie is read or set, so there is no CSRF token; the origin is checked
@never_cache
@require_POST
def story_view_record(request, page_id: int) -> HttpResponse:
    """The story page's script counts a view here; 204 whether counted or not. Only the
    site's own pages may count, and nothing about the reader is kept. With Redis, most views
    are answered before Django (`insights.beacon`)."""
    if counting.story_view_countable(request.headers):
        counting.story_view_count(page_id)
    return HttpResponse(status=204)


def insights_report(request):
    """The Insights report for one callout the user reaches and a period; as CSV or XLSX with
    ?format=csv or xlsx."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = InsightsForm(request.user, request.GET or None)
    download = request.GET.get("format")
    if not form.is_valid():
        if download:  # another callout's, or a broken period: nothing to download
            raise Http404
        return TemplateResponse(request, "insights/report.html", {"form": form})
    callout, period = form.cleaned_data["callout"], form.period()
    tables = selectors.insights_report_get(callout, period)
    filename = f"insights-{callout.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if download == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        report_csv_write(tables, response)
        return response
    if download == "xlsx":
        response = HttpResponse(report_xlsx_bytes(tables), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    context = {
        "form": form,
        "callout": callout,
        "period": period,
        "sections": [(table, chart_svg(table)) for table in tables],
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "insights/report.html", context)
