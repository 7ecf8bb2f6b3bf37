"""Story texts for word-count tests."""

from pathlib import Path

# 299 words as a word processor counts them ("forty-two-minute" is one word, "—" none), with a
# greeting, a sign-off and a phone's footer around them: the story in the iPhone corpus message.
KATE_STORY = (Path(__file__).parent / "kate_harden_299_words.txt").read_text(encoding="utf-8")
