"""What milepost.core.internals relies on in Django and Wagtail: an upgrade that changes it
fails here first."""

from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from milepost.core.internals import file_is_unsaved, queryset_evaluated_as, request_site_set
from tests.factories import image_create, jpeg_bytes


def test_an_evaluated_queryset_answers_from_its_rows_and_a_derived_one_reads_afresh(
    home_page, django_assert_num_queries
):
    restriction = PageViewRestriction.objects.create(page=home_page, restriction_type="login")
    remembered = list(PageViewRestriction.objects.all())
    restriction.delete()  # the table no longer holds what was remembered
    queryset = queryset_evaluated_as(PageViewRestriction.objects.all(), remembered)

    with django_assert_num_queries(0):
        assert list(queryset) == remembered
        assert bool(queryset) and len(queryset) == 1
        assert queryset.exists() and queryset.count() == 1
    with django_assert_num_queries(1):
        assert list(queryset.order_by("-pk")) == []


def test_wagtail_takes_the_site_it_is_handed_without_a_query(home_page, django_assert_num_queries):
    other = Site.objects.create(hostname="other.example", root_page=Page.objects.get(depth=1))
    request = RequestFactory().get("/", HTTP_HOST="localhost")

    request_site_set(request, other)

    with django_assert_num_queries(0):
        assert Site.find_for_request(request) == other


def test_a_file_is_unsaved_from_assignment_until_the_save(db):
    image = get_image_model().objects.get(pk=image_create().pk)
    assert not file_is_unsaved(image.file)

    image.file = ContentFile(jpeg_bytes(40, 30), name=image.file.name)  # the very same name
    assert file_is_unsaved(image.file)

    image.save()
    assert not file_is_unsaved(image.file)
