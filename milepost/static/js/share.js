// The Share buttons of a story and a callout page: the browser's own share sheet (the Web Share
// API) where it has one, else the link copied to the clipboard. Without this script the buttons
// stay hidden and the "Share by email" link beside them does the job.
(() => {
  "use strict";

  const say = (status, text) => {
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = text;
    }, 100);
  };

  const copy = async (url, status) => {
    try {
      await navigator.clipboard.writeText(url);
      say(status, "Link copied: paste it wherever you like.");
    } catch {
      say(status, `Copy this link: ${url}`);
    }
  };

  const share = async (button, status) => {
    const data = { title: button.dataset.shareTitle, url: button.dataset.shareUrl };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data);
        return;
      } catch (error) {
        if (error.name === "AbortError") return; // the reader closed the share sheet
      }
    }
    await copy(data.url, status);
  };

  for (const button of document.querySelectorAll(".share__button[data-share-url]")) {
    const status = button.parentElement.querySelector(".share__status");
    button.addEventListener("click", () => share(button, status));
    button.hidden = false;
  }
})();
