from django.db import models


class StoryReadingDay(models.Model):
    """How many times a story page was read on one day of the site's time zone. Only the count:
    no reader, address, browser or time of day is kept."""

    page = models.ForeignKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="reading_days"
    )
    day = models.DateField(db_index=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="one_count_per_story_and_day")
        ]
        permissions = [("view_insights", "Can see the insights report")]

    def __str__(self) -> str:
        return f"{self.page_id} on {self.day:%Y-%m-%d}: {self.views}"
