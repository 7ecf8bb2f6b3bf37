// The story's live word count. The server counts the same way and shows the count whenever the
// form comes back, so the form works without this script; it only saves people a round trip.
(() => {
  "use strict";

  const counter = document.getElementById("story-word-count");
  const story = counter && document.getElementById(counter.dataset.for);
  if (!story) return;

  // The same rules as the server's story_word_count() (milepost/submissions/words.py and
  // signoff.py): a word is a run of non-space characters holding a letter or a digit; the
  // greeting line, the sign-off and "Sent from my iPhone" are not counted.
  const WORD_CHAR = /[\p{L}\p{N}]/u;
  const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
  const FOOTER = new RegExp(
    "^(?:sent (?:from|with|via|using) .{0,40}?\\b(?:iphone|ipad|ipod|android|samsung|galaxy" +
      "|blackberry|pixel|huawei|mobile|smartphone|phone|tablet|yahoo mail|aol|outlook" +
      "|mail for windows|proton ?mail|gmail)\\b.{0,40}" +
      "|get outlook for (?:ios|android)\\b.{0,40})$",
    "iu",
  );
  const GREETING = new RegExp(
    "^(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\\b.{0,40}[,:!]" +
      "|(?:hi|hello|hey|greetings)(?: there| all| everyone| folks| team)?)$",
    "iu",
  );
  const DASH = /^[-–—~]{1,2}\s*/u;
  const AGE_IN_BRACKETS = /\s*\((\d{1,3})\)/gu;
  const NAME_WORD = /^\p{L}(?:\p{L}|['’.\-])*$/u;
  const REGION_CODE = /^(?:[A-Z]{2,3}|(?:[A-Z]\.){2,3})$/u;
  const JOINERS = new Set(
    "de da del der di do dos du la le van von of on upon sur am".split(" "),
  );
  const NOT_NAMES = new Set("thanks thank cheers best regards love sincerely yours".split(" "));

  const words = (text) => text.split(/\s+/u).filter((token) => WORD_CHAR.test(token));
  const isFooter = (line) => line.trim().length <= 120 && FOOTER.test(line.trim());

  const isCapitalised = (word) =>
    NAME_WORD.test(word) &&
    /\p{Lu}/u.test(word[0]) &&
    (/\p{Ll}/u.test(word) || (word.length === 2 && word[1] === "."));

  const isName = (text, maxWords = 4) => {
    const parts = text.split(/\s+/u).filter(Boolean);
    if (parts.length < 1 || parts.length > maxWords) return false;
    if (parts.some((word) => NOT_NAMES.has(word.toLowerCase()))) return false;
    return (
      isCapitalised(parts[0]) &&
      isCapitalised(parts[parts.length - 1]) &&
      parts.slice(1, -1).every((word) => isCapitalised(word) || JOINERS.has(word))
    );
  };

  const isSignOff = (lines) => {
    if (lines.some((line) => line.length > 100)) return false;
    let text = lines.join(", ");
    const dash = text.match(DASH);
    text = text.slice(dash ? dash[0].length : 0).replace(AGE_IN_BRACKETS, ", $1");
    const fields = text.split(",").map((field) => field.trim());
    const last = fields.length - 1;
    if (!REGION_CODE.test(fields[last]) && fields[last].endsWith(".")) {
      fields[last] = fields[last].slice(0, -1);
    }
    let name, age, city, region;
    if (fields.length === 4) [name, age, city, region] = fields;
    else if (fields.length === 3 && dash) [name, city, region] = fields;
    else return false;
    if (!isName(name) || !isName(city) || !(REGION_CODE.test(region) || isName(region, 3))) {
      return false;
    }
    return age === undefined || (/^\d{1,3}$/u.test(age) && Number(age) >= 5 && Number(age) <= 110);
  };

  const storyWordCount = (text) => {
    let lines = text.split(LINE_BREAK);
    while (lines.length && (!lines[lines.length - 1].trim() || isFooter(lines[lines.length - 1]))) {
      lines.pop();
    }
    const first = lines.findIndex((line) => line.trim());
    if (first >= 0) {
      const line = lines[first].trim();
      if (line.split(/\s+/u).length <= 6 && GREETING.test(line)) lines = lines.slice(first + 1);
    }
    const filled = lines.flatMap((line, index) => (line.trim() ? [index] : [])).slice(-3);
    for (let count = 1; count <= filled.length; count++) {
      const start = filled[filled.length - count];
      const signOff = lines.slice(start).map((line) => line.trim()).filter(Boolean);
      if (isSignOff(signOff)) {
        lines = lines.slice(0, start);
        break;
      }
    }
    return words(lines.join("\n")).length;
  };

  const soft = Number(counter.dataset.softLimit);
  const hard = Number(counter.dataset.hardLimit) || Infinity;

  const note = (count) => {
    let text = count === 1 ? counter.dataset.one : counter.dataset.many;
    if (count > hard) text = counter.dataset.hard;
    else if (count > soft) text = counter.dataset.soft;
    return text.replace("{count}", String(count));
  };

  const update = () => {
    const text = note(storyWordCount(story.value));
    // Writing the same words again would make screen readers repeat them.
    if (counter.textContent !== text) counter.textContent = text;
  };

  story.addEventListener("input", update);
  update();
})();
