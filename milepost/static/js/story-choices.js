// Headline and pull-quote choices on a story's edit form: "Use this" puts the line in its
// field. The choices are plain text without this script; the buttons appear only with it.
(() => {
  "use strict";

  const choose = (event) => {
    const button = event.target.closest("[data-story-choice]");
    const panel = button && button.closest("[data-story-choices]");
    const field = panel && document.getElementById(panel.dataset.storyChoices);
    if (!field) return;
    field.value = button.dataset.storyChoice;
    // Wagtail's unsaved-changes warning and the title's live preview listen for these.
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
  };

  const show = () => {
    document.querySelectorAll("[data-story-choice]").forEach((button) => {
      button.hidden = false;
    });
  };

  document.addEventListener("click", choose);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
