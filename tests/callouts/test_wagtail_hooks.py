"""The callouts' admin listing."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.formats import date_format

from milepost.callouts.models import Callout

pytestmark = pytest.mark.django_db


def test_the_listing_says_whether_each_callout_is_open_or_closed(admin_client, callout):
    Callout.objects.create(title="Last Mile", slug="last-mile", prompt="?", is_open=False)
    closed_at = timezone.now() - timedelta(days=1)
    Callout.objects.create(title="First Mile", slug="first-mile", prompt="?", closes_at=closed_at)
    html = admin_client.get("/admin/snippets/callouts/callout/").content.decode()
    rows = {
        row.select_one(".title-wrapper").get_text(strip=True): row.find_all("td")[-1].get_text(
            strip=True
        )
        for row in BeautifulSoup(html, "html.parser").select("table.listing tbody tr")
    }
    assert rows == {
        "Most Important Mile": "Taking stories now",
        "Last Mile": "Closed to new stories",
        "First Mile": f"Closed on {date_format(timezone.localtime(closed_at), 'j F')}",
    }
    assert "True" not in html and "False" not in html
