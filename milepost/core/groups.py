"""The names of the staff groups (glossary: editor / reviewer), for code that looks a group up."""

EDITORS = "Editors"  # decide, write to submitters, publish
REVIEWERS = "Reviewers"  # read, note, suggest
