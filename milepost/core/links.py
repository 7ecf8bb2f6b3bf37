from urllib.parse import urljoin

from wagtail.models import Site


def site_absolute_url(request, url: str) -> str:
    """An absolute URL on the site's own address (the one canonical links use).

    URLs that are already absolute, such as media on S3, pass through unchanged.
    """
    site = Site.find_for_request(request) if request else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return urljoin(site.root_url, url) if site else url
