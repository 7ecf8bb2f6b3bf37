from django.conf import settings


def publication(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_tagline": settings.MILEPOST_PUBLICATION_TAGLINE,
    }
