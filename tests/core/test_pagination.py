"""Numbered pages read from either end give the same pages Django's own paginator gives."""

import pytest
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milepost.core.pagination import TwoEndedPaginator

pytestmark = pytest.mark.django_db

# Equal names on purpose: the ordering ends in the primary key, as a two-ended read needs.
ORDER = ("last_name", "-pk")


def _people(count: int):
    for number in range(count):
        User.objects.create(username=f"runner-{number}", last_name=f"name-{number % 3}")
    return User.objects.order_by(*ORDER)


def _pages(paginator) -> list[list[str]]:
    return [
        [user.username for user in paginator.page(number).object_list]
        for number in paginator.page_range
    ]


@pytest.mark.parametrize("count,per_page,orphans", [(0, 3, 0), (1, 3, 0), (10, 3, 0), (11, 4, 2)])
def test_every_page_matches_djangos_from_either_end(count, per_page, orphans):
    people = _people(count)
    expected = _pages(Paginator(people, per_page, orphans=orphans))

    assert _pages(TwoEndedPaginator(people, per_page, orphans=orphans)) == expected
    narrow = User.objects.only("pk").order_by(*ORDER)
    assert _pages(TwoEndedPaginator(people, per_page, orphans=orphans, rows=narrow)) == expected


def test_the_last_page_is_read_from_the_far_end():
    people = _people(10)
    with CaptureQueriesContext(connection) as queries:
        last = TwoEndedPaginator(people, 3).page(4)
        names = [user.username for user in last.object_list]

    assert names == ["runner-2"]
    assert last.has_previous() and not last.has_next()
    assert "OFFSET" not in queries.captured_queries[-1]["sql"]


def test_an_unordered_list_is_refused():
    with pytest.raises(ValueError, match="ordered"):
        TwoEndedPaginator(User.objects.all(), 3)
