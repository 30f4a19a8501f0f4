// The examples menu: the notes' circuits first, then the rest of the gallery.

import { el } from "../shared/dom.js";

const option = (value, text) => el("option", { value }, text);

/** Orders examples with the notes' circuits first, keeping the server's order otherwise. */
export function orderExamples(examples) {
  const list = Array.isArray(examples) ? examples : [];
  return [...list.filter((e) => e.from_notes), ...list.filter((e) => !e.from_notes)];
}

/** Fills the `#examples` select; choosing one calls `onPick(example)`. */
export function createExamples(select, { t, lang, load, onPick }) {
  let examples = [];
  select.replaceChildren(option("", t("examples.placeholder")));
  select.setAttribute("aria-label", t("examples.label"));

  function titleOf(example) {
    const titles = example.title || {};
    return typeof titles === "string" ? titles : titles[lang()] || titles.en || example.id;
  }

  function fill() {
    const ordered = orderExamples(examples);
    const notes = el("optgroup", { label: t("examples.from_notes") });
    const more = el("optgroup", { label: t("examples.more") });
    for (const example of ordered) {
      (example.from_notes ? notes : more).append(option(example.id, titleOf(example)));
    }
    select.replaceChildren(option("", t("examples.placeholder")), ...[notes, more].filter((g) => g.children.length));
  }

  select.addEventListener("change", () => {
    const example = examples.find((e) => e.id === select.value);
    if (example) onPick(example);
  });

  const ready = load()
    .then((list) => {
      examples = Array.isArray(list) ? list : [];
      fill();
    })
    .catch(() => {
      select.disabled = true;
    });
  return {
    ready,
    list: () => examples,
    /** Shows the placeholder again once the program no longer is the picked example. */
    clear() {
      select.value = "";
    },
  };
}
