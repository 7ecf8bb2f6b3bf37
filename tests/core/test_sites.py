"""The remembered site follows every site change at once, and cannot be grown from outside."""

from wagtail.models import Site

from milepost.core import memo


def test_a_change_of_root_page_shows_on_the_next_request(client, home_page, story_index):
    assert b"The stories" not in client.get("/").content

    site = Site.objects.get(is_default_site=True)
    site.root_page = story_index
    site.save()

    assert b"The stories" in client.get("/").content


def test_made_up_host_names_do_not_grow_the_memo(client, home_page, monkeypatch):
    monkeypatch.setattr(memo, "MAX_REMEMBERED", 16)
    for number in range(16 * 3):
        client.get("/robots.txt", HTTP_HOST=f"made-up-{number}.example")

    assert len(memo._remembered) <= 16  # noqa: SLF001 (Milepost's own)


def test_a_host_outside_allowed_hosts_is_refused_before_any_site_is_looked_up(
    client, home_page, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.post("/", HTTP_HOST="made-up.example")

    assert response.status_code == 400
