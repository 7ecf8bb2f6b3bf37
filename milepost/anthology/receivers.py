"""What a book holds about a person, for privacy's find, export and erasure (core.personal_data),
and an entry following its submission when the submission is published as a story."""

from django.db import transaction
from django.db.models import Min, Q

from milepost.core.personal_data import PersonRecord

from .models import AnthologyEntry, AnthologyExport, ExportStatus


def entry_story_link(sender, instance, **kwargs) -> None:
    """An accepted submission shortlisted before it was a story: once its story is published,
    the book prints the edited story, not the text as sent. A final book keeps what it printed;
    a permission given for the submission's text no longer matches
    (selectors.manuscript_entry_make)."""
    if instance.submission_id is None:
        return
    for entry in AnthologyEntry.objects.filter(
        submission_id=instance.submission_id,
        story__isnull=True,
        anthology__final_at__isnull=True,
    ):
        if not entry.anthology.entries.filter(story=instance).exists():  # once in each book
            entry.story, entry.submission = instance, None
            entry.save(update_fields=["story", "submission"])


def _entries_of(submission_ids):
    return AnthologyEntry.objects.filter(
        Q(submission_id__in=submission_ids) | Q(story__submission_id__in=submission_ids)
    )


def person_entries_collect(sender, *, email, **kwargs) -> list[PersonRecord]:
    entries = AnthologyEntry.objects.filter(
        Q(submission__submitter_email__iexact=email)
        | Q(story__submission__submitter_email__iexact=email)
    ).select_related("anthology", "story", "submission")
    return [_record(entry) for entry in entries]


def _record(entry: AnthologyEntry) -> PersonRecord:
    permissions = [
        {
            "requested_at": p.requested_at.isoformat(),
            "granted_at": p.granted_at.isoformat() if p.granted_at else None,
            "name_typed": p.granted_name,
            "address": p.granted_ip,
            "declined_at": p.declined_at.isoformat() if p.declined_at else None,
            "revoked_at": p.revoked_at.isoformat() if p.revoked_at else None,
        }
        for p in entry.permissions.all()
    ]
    title = entry.story.title if entry.story else entry.submission.title
    return PersonRecord(
        kind="anthology entry",
        label=f"{entry.anthology.title}: {title} ({entry.get_status_display()})",
        data={
            "anthology": entry.anthology.slug,
            "status": entry.status,
            "permissions": permissions,
        },
    )


def person_entries_erase(sender, *, submission_ids, kept_story_ids=(), **kwargs) -> str:
    """Entries go with the person's stories; a kept story keeps its place (and its permission,
    the record of why it may be printed), no longer tied to the erased submission."""
    entries = _entries_of(submission_ids)
    kept = entries.filter(story_id__in=kept_story_ids)
    kept_count = kept.update(submission=None)
    removed = entries.exclude(story_id__in=kept_story_ids)
    deleted_count = removed.count()
    removed_exports = _exports_holding_remove(removed)
    removed.delete()
    if not (kept_count or deleted_count):
        return ""
    summary = f"anthology: {deleted_count} entries removed, {kept_count} kept with their story"
    return summary + (f", {removed_exports} exports removed" if removed_exports else "")


def _exports_holding_remove(entries) -> int:
    """Book files made while these entries were in the book print the person's name, story and
    photos (the contributors list their address): they go, and the export says why."""
    first_added = entries.values("anthology_id").annotate(since=Min("events__at"))
    exports = AnthologyExport.objects.none()
    for row in first_added:
        made = AnthologyExport.objects.filter(anthology_id=row["anthology_id"])
        if row["since"] is not None:  # an entry made without entry_shortlist has no event
            made = made.filter(made_at__gte=row["since"])
        exports |= made.exclude(status=ExportStatus.ERASED)
    exports = list(exports)
    for export in exports:
        if export.file:
            # After commit: an erasure that fails and rolls back leaves the book's files whole.
            name, storage = export.file.name, export.file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    AnthologyExport.objects.filter(pk__in=[e.pk for e in exports]).update(
        status=ExportStatus.ERASED, file="", progress=0, stage=""
    )
    return len(exports)
