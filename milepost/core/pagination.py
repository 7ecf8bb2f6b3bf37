"""Page-numbered lists that stay cheap to the last page of a long archive.

Django's Paginator reads page n with OFFSET (n - 1) × per page, and the database pays for the
offset by walking every earlier row: the last page of 100,000 stories walks them all. A page
past the middle is read from the other end instead, the same rows in the reverse order with
the shorter offset, so the last page costs what the first does. Where the listing's rows are
wide (joins, every column), the walking can be done on a narrow queryset of the same rows and
only the page's rows fetched whole.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class TwoEndedPaginator(Paginator):
    """Paginates an ordered queryset, reading late pages from its far end.

    The ordering must be total (end in a unique field) so both ends agree on every row's place.
    `rows`, when given, is a cheaper queryset of the same rows in the same order (e.g. the page
    table alone, without the joins a listing card needs): it is what gets counted and walked,
    and the page's objects are then read from `object_list` by primary key.
    """

    def __init__(self, object_list, per_page, *, rows=None, **kwargs):
        for queryset in (object_list, rows):
            if queryset is not None and not queryset.ordered:
                raise ValueError("TwoEndedPaginator needs ordered querysets.")
        super().__init__(object_list, per_page, **kwargs)
        self.rows = object_list if rows is None else rows

    @cached_property
    def count(self) -> int:
        return self.rows.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        from_start = bottom <= self.count - top
        if from_start:
            window = self.rows[bottom:top]
        else:
            window = self.rows.reverse()[self.count - top : self.count - bottom]
        if self.rows is not self.object_list:
            # One query still: the window is a subquery, the objects come in the listing's order.
            objects = self.object_list.filter(pk__in=window.values("pk"))
        elif from_start:
            objects = window
        else:
            objects = list(window)[::-1]
        return self._get_page(objects, number, self)
