from django.conf import settings
from django.db import models


class CalloutEditor(models.Model):
    """Limits an editor or reviewer to some callouts. Someone with no rows here sees them all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_callouts"
    )
    callout = models.ForeignKey(
        "callouts.Callout", on_delete=models.CASCADE, related_name="desk_editors"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "callout"], name="one_membership_per_callout")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.callout}"


class DeskPreference(models.Model):
    """One editor's choices for the desk: the daily digest is off until they turn it on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_preference"
    )
    daily_digest = models.BooleanField(
        default=False,
        help_text="A morning email with what waits in your callouts, as on the Today panel.",
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"Desk preferences of {self.user}"
