// The story's live word count. The server counts the same way and shows the count whenever the
// form comes back, so the form works without this script; it only saves people a round trip.
(() => {
  "use strict";

  const counter = document.getElementById("story-word-count");
  const story = counter && document.getElementById(counter.dataset.for);
  if (!story) return;

  // The same rule as the server's word_count(): runs of letters, digits and underscores,
  // with apostrophes inside a word ("don't") keeping it one word.
  const WORD = /[\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)*/gu;
  const soft = Number(counter.dataset.softLimit);
  const hard = Number(counter.dataset.hardLimit) || Infinity;

  const note = (count) => {
    let text = count === 1 ? counter.dataset.one : counter.dataset.many;
    if (count > hard) text = counter.dataset.hard;
    else if (count > soft) text = counter.dataset.soft;
    return text.replace("{count}", String(count));
  };

  const update = () => {
    const text = note((story.value.match(WORD) || []).length);
    // Writing the same words again would make screen readers repeat them.
    if (counter.textContent !== text) counter.textContent = text;
  };

  story.addEventListener("input", update);
  update();
})();
