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

PRIVACY_NOTICE = (
    "<h2>What we keep</h2>"
    "<p>When you send a story we keep what you sent: your name, email address, age and town if "
    "you gave them, your story, your photos and, for email, the message as it arrived. We also "
    "keep what you agreed to, in the words you saw, and the emails we write to you.</p>"
    "<h2>Why</h2>"
    "<p>To read your story, to write to you about it and, if you agreed, to publish it on this "
    "site or in a book. Nobody else gets it.</p>"
    "<h2>How long</h2>"
    "<p>Stories we do not publish, and stories you withdraw, are erased 180 days later; messages "
    "that were not stories at all, after 180 days too, and spam after 30.</p>"
    "<h2>Your rights</h2>"
    "<p>The link in our acknowledgment email shows you what you sent. From there you can withdraw "
    "your story or ask us to erase everything we hold about you; we do so within 30 days. You may "
    "also write to us and ask for a copy of it all.</p>"
)
