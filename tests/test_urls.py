"""The parts Milepost does not use are not installed and answer nothing."""

import pytest
from django.apps import apps

REMOVED_APPS = ["django.contrib.admin", "wagtail.contrib.forms", "wagtail.embeds"]
REMOVED_APPS += ["wagtail.contrib.search_promotions"]


def test_the_unused_apps_are_not_installed():
    assert [name for name in REMOVED_APPS if apps.is_installed(name)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/django-admin/", "/django-admin/login/", "/admin/forms/", "/admin/searchpicks/"]
)
def test_their_pages_are_not_found_even_for_a_superuser(admin_client, home_page, path):
    assert admin_client.get(path).status_code == 404
