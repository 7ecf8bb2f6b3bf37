"""Read-only admin listings of what privacy keeps: erasure records and retention runs."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import ErasureRecord, RetentionRun

PERMISSION = "privacy.act_on_personal_data"


class PersonalDataPermissionPolicy(ModelPermissionPolicy):
    """Those who may act on personal data may look at these records; nobody edits them."""

    def user_has_permission(self, user, action):
        return action in {"view", "inspect"} and user.has_perm(PERMISSION)


class _ReadOnlyViewSet(ModelViewSet):
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields: list[str] = []


class ErasureRecordViewSet(_ReadOnlyViewSet):
    model = ErasureRecord
    icon = "bin"
    url_prefix = "personal-data/erasures"
    name = "privacy_erasures"
    list_display = ["erased_at", "references", "erased_by_label", "raw_messages", "kept_stories"]


class RetentionRunViewSet(_ReadOnlyViewSet):
    model = RetentionRun
    icon = "time"
    url_prefix = "personal-data/retention-runs"
    name = "privacy_retention_runs"
    list_display = ["started_at", "declined_withdrawn", "spam", "unrouted", "errors"]
