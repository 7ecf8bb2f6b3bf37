"""The demo's callout and the words around it: the home page intro and the callout's page."""

CALLOUT = {
    "title": "Most Important Mile",
    "slug": "most-important-mile",
    "prompt": "What was your most important mile?",
    "soft_word_limit": 300,
    "photo_wanted": True,
    "submission_address": "mile@milepost.example",
    "subject_phrases": "Most Important Mile",
}

HOME_INTRO = (
    "<p>Milepost publishes short, true stories from runners: the miles that changed something. "
    "Every story here was sent in by a reader and edited with care. Read the latest below, "
    "or send us yours.</p>"
)

INDEX_INTRO = (
    "<p>Everyone who runs has one: the mile when something shifted. A first race, a way back "
    "after an injury or a loss, a loop run for someone who is gone. These are our readers' "
    "<b>most important miles</b>, in their own words.</p>"
)

# Filled in from the callout itself, so the page always matches its word guidance. The address
# is not written here: the page shows it spelled out, where address harvesters cannot read it.
CALL_FOR_STORIES = (
    "<p>Everyone who runs has one. Send us yours, in under {word_limit} words, "
    "with a photo and <b>{title}</b> in the subject line. We read every one.</p>"
)

ANTHOLOGY = {
    "title": "The Most Important Mile",
    "subtitle": "Readers' stories of the miles that changed them",
    "slug": "most-important-mile",
    "editors": "The Milepost editors",
    "language": "en",
}
