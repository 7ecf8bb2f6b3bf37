from datetime import date, timedelta

from django.db import models


def week_of(day: date) -> date:
    """The Monday that begins `day`'s week."""
    return day - timedelta(days=day.weekday())


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


class StoryReadingWeek(models.Model):
    """A story's views in one week (Monday to Sunday): the sum of its days, kept with them, so
    the report reads a long period's whole weeks as one row a story each, not seven."""

    page = models.ForeignKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="reading_weeks"
    )
    week = models.DateField(db_index=True, help_text="The Monday the week begins on.")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "week"], name="one_count_per_story_and_week")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} in the week of {self.week:%Y-%m-%d}: {self.views}"
