"""What data migrations share: giving a group its permissions."""

from collections.abc import Iterable

from django.contrib.auth.management import create_permissions


def permissions_create(apps, app_label: str) -> None:
    """Create an app's permissions now: Django creates them only after all migrations have run."""
    try:
        app_config = apps.get_app_config(app_label)
    except LookupError:  # no models in the migration state (wagtailadmin): its migrations made them
        return
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def group_permissions_grant(
    apps, group_name: str, app_label: str, codenames: Iterable[str], *, group_create: bool = False
) -> None:
    """Give the named group these permissions of one app; a missing group is made only if asked."""
    permissions_create(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if group_create:
        group, _ = Group.objects.get_or_create(name=group_name)
    else:
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=list(codenames))
    )
