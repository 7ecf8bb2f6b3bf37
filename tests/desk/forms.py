"""Form data the admin's page editor posts, made with Wagtail's own test helpers."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def story_publish_fields(story, **changes) -> dict:
    """What the page editor posts to publish `story` as it is, with `changes` (flat keys, as
    posted: `photos-0-alt_text`)."""
    photo = story.photos.get()
    photos = [
        {
            "id": photo.pk,
            "image": photo.image_id,
            "caption": "",
            "alt_text": "A runner on Pine Street",
            "credit": "",
        }
    ]
    fields = nested_form_data(
        {
            "title": story.title,
            "slug": story.slug,
            "runner_name": story.runner_name,
            "lede": story.lede,
            "body": rich_text("<p>Body</p>"),
            "tags": "",
            "photos": inline_formset(photos, initial=1),
            "action-publish": "action-publish",
        }
    )
    return {**fields, **changes}
