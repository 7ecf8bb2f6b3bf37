"""The published privacy notice, offered to lower layers through `core.personal_data`."""

from milepost.core.personal_data import PrivacyNotice

from .models import PrivacyNoticePage


def privacy_notice_find() -> PrivacyNotice | None:
    page = PrivacyNoticePage.objects.live().first()
    return page.notice() if page else None
