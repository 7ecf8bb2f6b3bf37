"""What an admin page shows its user, read from the HTML."""

from bs4 import BeautifulSoup


def messages_shown(response) -> list[str]:
    """The messages at the top of the admin page, as the editor reads them (without the
    buttons Wagtail adds, such as "Go to the first error")."""
    soup = BeautifulSoup(response.content, "html.parser")
    shown = []
    for message in soup.select(".messages > ul > li"):
        for button in message.select("button, .buttons"):
            button.decompose()
        shown.append(" ".join(message.get_text(" ", strip=True).split()))
    return shown
