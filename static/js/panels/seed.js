// The seed of a program's random arrays (np.random.randn): shown, typed, or drawn anew with one button.
// It lives in the page state, so a link opens the very same numbers.

import { el } from "../shared/dom.js";
import { MAX_SEED } from "../state.js";

/** Whether a program draws random numbers (only then does the seed matter). */
export function usesRandom(expr) {
  return /\bnp\s*\.\s*random\s*\.\s*(randn|rand)\b/.test(String(expr || ""));
}

/** A fresh seed: any of numpy's 2³² seeds, equally likely. */
export function freshSeed(current) {
  const words = new Uint32Array(1);
  let seed = current;
  while (seed === current) {
    globalThis.crypto.getRandomValues(words);
    seed = words[0] % (MAX_SEED + 1);
  }
  return seed;
}

/** Builds the seed row in `box`; `onSeed(seed)` asks for new numbers. `update(expr, seed)` shows or hides it. */
export function createSeed(box, { t, onSeed }) {
  const label = el("label", { class: "seed-label", for: "seed-box" }, t("seed.label"));
  const field = el("input", { id: "seed-box", class: "seed-box", type: "number", min: "0", max: String(MAX_SEED), step: "1", inputmode: "numeric" });
  const again = el("button", { id: "seed-new", class: "seed-new", type: "button", title: t("seed.new_title") }, t("seed.new"));
  box.replaceChildren(label, field, again);
  box.hidden = true;
  field.addEventListener("keydown", (event) => event.stopPropagation());
  field.addEventListener("change", () => {
    const seed = field.valueAsNumber;
    if (Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) onSeed(seed);
  });
  again.addEventListener("click", () => onSeed(freshSeed(Number(field.value))));
  return {
    update(expr, seed) {
      box.hidden = !usesRandom(expr);
      if (document.activeElement !== field) field.value = String(seed);
    },
  };
}
