"""Cache headers for public pages."""

from django.utils.cache import patch_cache_control


class PublicCacheMixin:
    """Lets shared caches and browsers keep public pages briefly; never pages for editors."""

    public_max_age = 300

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.has_header("Cache-Control"):
            return response  # the view decided, e.g. a form that must never be cached
        if request.user.is_authenticated or getattr(request, "is_preview", False):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=self.public_max_age)
        return response
