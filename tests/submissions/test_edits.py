"""The edit as a submitter reads it: their text against the desk's, paragraph by paragraph."""

from milepost.submissions.edits import Change, text_changes


def test_a_reworded_paragraph_shows_its_words_and_a_rewritten_one_shows_old_then_new():
    sent = "The hill was long.\n\nI ran it every morning before work.\n\nLove, Ann"
    edited = "The hill was long.\n\nI ran it each morning before work.\n\nIt made me."

    assert text_changes(sent, edited) == [
        [Change("", "The hill was long.")],
        [
            Change("", "I ran it"),
            Change("del", "every"),
            Change("ins", "each"),
            Change("", "morning before work."),
        ],
        [Change("del", "Love, Ann")],
        [Change("ins", "It made me.")],
    ]


def test_paragraphs_the_edit_adds_or_takes_out_are_whole_and_line_breaks_are_not_edits():
    sent = "One.\n\nTwo,\nstill two.\n\nThree."
    edited = "Zero.\n\nOne.\n\nTwo, still two."

    assert text_changes(sent, edited) == [
        [Change("ins", "Zero.")],
        [Change("", "One.")],
        [Change("", "Two, still two.")],
        [Change("del", "Three.")],
    ]
