"""Page permissions per callout, for editors limited to some callouts.

Wagtail grants page permissions to groups (Editors hold theirs on the root page), while
`CalloutEditor` limits one user. Rather than a group per callout kept in step with every
change to those rows, the page permission policy reads the rows: a limited user holds their
groups' permissions on the callout pages of their own callouts only (a permission given
above a callout page is held on it; one given below it only if it is theirs; pages outside
every callout are out of their reach). The explorer, page search, the page editor's actions,
reports and bulk actions all ask this policy, so they agree with the queue at every request.
Images are held the same way: Wagtail's collection permissions, less other callouts' photos.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from wagtail.models import Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from milepost.stories.models import StoryIndexPage

from .selectors import callout_reach_get, image_collection_ids_out_of_reach


@dataclass(frozen=True)
class HeldPagePermission:
    """A group's page permission as a limited user holds it: on one of their callout pages.
    What Wagtail reads of a GroupPagePermission, and hashable (Wagtail puts them in sets)."""

    page: Page
    permission: Permission

    @property
    def page_id(self) -> int:
        return self.page.pk


class CalloutPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        permissions = super().get_all_permissions_for_user(user)
        reach = callout_reach_get(user)
        if reach is None:
            return permissions
        index_pages = list(StoryIndexPage.objects.filter(callout__in=reach))
        held = set()
        for permission in permissions:
            for index_page in index_pages:
                if index_page.path.startswith(permission.page.path):
                    page = index_page
                elif permission.page.path.startswith(index_page.path):
                    page = permission.page
                else:
                    continue
                held.add(HeldPagePermission(page, permission.permission))
        return list(held)


page_permission_policy = CalloutPagePermissionPolicy(Page)


class CalloutImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image permissions (given to groups on collections), less the collections of
    callouts a limited user may not reach: the image library and its search, the chooser,
    uploads, the collection an image may be moved to and each image's own views all ask this
    policy, so another callout's story photos are in none of them."""

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        return collections.exclude(pk__in=image_collection_ids_out_of_reach(user))

    def instances_user_has_any_permission_for(self, user, actions):
        images = super().instances_user_has_any_permission_for(user, actions)
        return images.exclude(collection__in=image_collection_ids_out_of_reach(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.collection_id in image_collection_ids_out_of_reach(user):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)
