"""The only places Milepost reaches into Django's and Wagtail's private attributes.

Each is here because no public API does the job; tests/core/test_internals.py checks the
behaviour each one relies on, so an upgrade that changes it fails there first. Ruff's SLF001 and
PLC2701 (pyproject) refuse a private name anywhere but a module named `internals.py`.
"""

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from wagtail.models import Site


def queryset_evaluated_as(queryset: QuerySet, rows: list) -> QuerySet:
    """`queryset`, already evaluated to `rows`: iterating it, its truth, len() and exists() read
    no SQL, while a derived queryset (ordered, filtered) reads the table afresh.

    Wagtail's `get_view_restrictions()` must return a queryset (its admin orders it), yet its
    serve hook iterates it on every request; Django has no public way to fill a result cache.
    """
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def request_site_set(request, site: Site | None) -> None:
    """Hands Wagtail the request's site, so `Site.find_for_request` reads no SQL for it.

    Wagtail keeps the site it found on the request (its docstring names the attribute) and has
    no public way to give it one found elsewhere (core.sites remembers it per generation).
    """
    request._wagtail_site = site


def file_is_unsaved(field_file: FieldFile) -> bool:
    """True while a file assigned to a FileField (an upload, a ContentFile) is not yet written
    to storage; False for a file read from the database or already saved.

    Its name alone cannot tell: a new file may carry the very name of the one it replaces.
    Django keeps this only in the private `_committed`, which its own `pre_save` reads.
    """
    return not field_file._committed
