// One row per input: a slider, a number box and a button that selects it for the slope chart.
// The box is text, read by parseBoxNumber: it takes "−2" as the captions print it and refuses "1,5" or
// "abc" out loud (a message, aria-invalid) while the circuit keeps the last good value.

import { sliderRange } from "../shared/chartmath.js";
import { el } from "../shared/dom.js";
import { parseBoxNumber } from "../shared/numberbox.js";
import { arrayInputRow } from "./arrayinputs.js";

/**
 * The player position from which each input's gradient is final: one past the last backward step that adds
 * to it. Before that the backward pass has not finished with the input, so its gradient is not shown yet.
 */
export function gradientReadyAt(graph) {
  const nodeToName = new Map((graph?.inputs || []).map((input) => [input.node, input.name]));
  const ready = new Map([...nodeToName.values()].map((name) => [name, Infinity]));
  for (const step of graph?.steps || []) {
    const name = step.phase === "backward" ? nodeToName.get(step.input) : undefined;
    if (name !== undefined) ready.set(name, step.index + 1);
  }
  return ready;
}

/**
 * Builds `#inputs` and returns `update(graph, selected)` and `showStep(pos)`;
 * `onValue(name, number)` fires on every change.
 */
export function createInputs(container, { t, fmt, onValue, onSelect }) {
  const rows = new Map(); // name -> {row, slider, box, gradient, select}
  let names = "";
  let readyAt = new Map();
  let totalSteps = 0;
  let shownPos = Infinity;

  function widen(slider, value) {
    const { min, max, step } = sliderRange(value);
    if (value < Number(slider.min) || value > Number(slider.max)) {
      Object.assign(slider, { min: String(min), max: String(max), step: String(step) });
    }
  }

  function showRefusal(box, error, refused) {
    box.setAttribute("aria-invalid", refused ? "true" : "false");
    error.hidden = !refused;
    error.textContent = refused ? t("inputs.invalid", { text: box.value.trim() }) : "";
  }

  function buildRow(input) {
    const { min, max, step } = sliderRange(input.value);
    const row = el("div", { class: "input-row", "data-input": input.name });
    const label = el("label", { class: "input-name", for: `input-box-${input.name}` });
    label.textContent = input.name;
    const slider = el("input", {
      class: "input-slider",
      type: "range",
      min: String(min),
      max: String(max),
      step: String(step),
      "aria-label": t("inputs.slider", { name: input.name }),
    });
    const box = el("input", {
      class: "input-box",
      type: "text",
      id: `input-box-${input.name}`,
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": `input-error-${input.name}`,
    });
    const error = el("span", { class: "input-error", id: `input-error-${input.name}`, "aria-live": "polite" });
    error.hidden = true;
    const gradient = el("span", { class: "input-grad", title: t("inputs.gradient_title") });
    const select = el("button", { class: "input-select", type: "button", title: t("inputs.select_title") });
    select.textContent = t("inputs.select");
    slider.addEventListener("input", () => {
      box.value = slider.value;
      onValue(input.name, Number(slider.value));
    });
    box.addEventListener("input", () => {
      const value = parseBoxNumber(box.value);
      const refused = value === null && box.value.trim() !== "";
      showRefusal(box, error, refused);
      if (value === null) return;
      widen(slider, value);
      slider.value = String(value);
      onValue(input.name, value);
    });
    // Leaving the box puts the value the circuit uses back in it.
    box.addEventListener("change", () => {
      if (parseBoxNumber(box.value) !== null) return;
      box.value = slider.dataset.value ?? slider.value;
      showRefusal(box, error, false);
    });
    box.addEventListener("keydown", (event) => event.stopPropagation());
    slider.addEventListener("keydown", (event) => event.stopPropagation());
    select.addEventListener("click", () => onSelect(select.getAttribute("aria-pressed") === "true" ? null : input.name));
    row.append(label, slider, box, error, gradient, select);
    return { row, slider, box, gradient, select };
  }

  function update(graph, selected) {
    const inputs = graph?.inputs || [];
    const key = inputs.map((i) => `${i.name}:${(i.shape || []).join("x")}`).join(",");
    if (key !== names) {
      names = key;
      rows.clear();
      container.replaceChildren();
      if (!inputs.length) {
        const empty = el("p", { class: "panel-empty" });
        empty.textContent = t("inputs.none");
        container.append(empty);
      }
      for (const input of inputs) {
        const parts = input.shape?.length ? arrayInputRow(input, { t, fmt }) : buildRow(input);
        rows.set(input.name, parts);
        container.append(parts.row);
      }
    }
    for (const input of inputs) {
      const parts = rows.get(input.name);
      if (parts.update) {
        parts.update(input);
        continue;
      }
      // Never overwrite the control the user is holding: it already shows the newest value.
      if (document.activeElement !== parts.box) parts.box.value = String(input.value);
      if (document.activeElement !== parts.slider) {
        widen(parts.slider, input.value);
        parts.slider.value = String(input.value);
      }
      parts.slider.dataset.value = String(input.value); // the exact value, where the slider's steps round it
      parts.gradient.dataset.text = `∂f/∂${input.name} = ${fmt(input.gradient)}`;
      const isSelected = input.name === selected;
      parts.select.setAttribute("aria-pressed", isSelected ? "true" : "false");
      parts.row.classList.toggle("is-selected", isSelected);
    }
    readyAt = gradientReadyAt(graph);
    totalSteps = graph?.steps?.length ?? 0;
    showStep(shownPos);
  }

  /** Shows each input's gradient only once the animation has finished adding to it (pos = steps done). */
  function showStep(pos) {
    shownPos = pos ?? Infinity;
    for (const [name, parts] of rows) {
      // At the end every gradient is final, including 0 for an input the output does not depend on.
      const ready = shownPos >= Math.min(readyAt.get(name) ?? Infinity, totalSteps);
      if (parts.update) {
        parts.gradient.hidden = !ready;
        continue;
      }
      parts.gradient.textContent = ready ? parts.gradient.dataset.text : `∂f/∂${name} = …`;
    }
  }

  return { update, showStep };
}
