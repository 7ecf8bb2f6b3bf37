"""Form data the admin's page editor posts."""


def story_publish_fields(story, **changes) -> dict:
    """What the page editor posts to publish `story` as it is, with `changes`."""
    photo = story.photos.get()
    return {
        "title": story.title,
        "slug": story.slug,
        "runner_name": story.runner_name,
        "lede": story.lede,
        "body": '{"blocks":[{"key":"a","text":"Body","type":"unstyled","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "tags": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "1",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-id": photo.pk,
        "photos-0-image": photo.image_id,
        "photos-0-caption": "",
        "photos-0-alt_text": "A runner on Pine Street",
        "photos-0-credit": "",
        "photos-0-ORDER": "1",
        "action-publish": "action-publish",
        **changes,
    }
