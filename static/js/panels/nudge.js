// "Nudge the inputs along the gradient": one click (or N) moves every input by h·∂f/∂x and shows f before
// and after next to h·|∇f|²; U (or Undo) puts the values back. The panel's box is in the template.

import { nudge, parseStep } from "../shared/nudgemath.js";

const TYPING = /^(INPUT|TEXTAREA|SELECT)$/;

/** Wires the nudge box; `getGraph()` is the circuit on screen, `setValues(v, {push})` asks for new values. */
export function createNudge(box, { t, fmt, getGraph, getValues, setValues }) {
  if (!box) return { update() {} };
  const $ = (id) => box.querySelector(`#${id}`);
  const stepBox = $("nudge-h");
  const result = $("nudge-result");
  const undoButton = $("nudge-undo");
  const undo = []; // the values before each nudge
  let waiting = null; // {before, predicted, h} until the nudged circuit arrives

  function say(text, kind = "") {
    result.textContent = text;
    result.dataset.kind = kind;
  }

  function run() {
    const graph = getGraph();
    const h = parseStep(stepBox.value);
    if (h === null) return say(t("nudge.bad_h"), "error");
    const moved = graph ? nudge(graph.inputs, h) : null;
    if (!moved) return say(t("nudge.arrays"), "error");
    waiting = { before: graph.value, predicted: moved.predicted };
    undo.push(getValues());
    undoButton.disabled = false;
    setValues({ ...getValues(), ...moved.values }, { push: true });
  }

  function takeBack() {
    if (!undo.length) return;
    waiting = null;
    setValues(undo.pop(), { push: false });
    undoButton.disabled = undo.length === 0;
    say(t("nudge.undone"));
  }

  $("nudge-run").addEventListener("click", run);
  undoButton.addEventListener("click", takeBack);
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target && (TYPING.test(event.target.tagName) || event.target.isContentEditable)) return;
    if (event.key === "n" || event.key === "N") run();
    else if (event.key === "u" || event.key === "U") takeBack();
    else return;
    event.preventDefault();
  });

  return {
    /** A new circuit arrived: finish the sentence a nudge started. */
    update(graph) {
      if (!waiting || !graph) return;
      const { before, predicted } = waiting;
      waiting = null;
      const numbers = { before: fmt(before), after: fmt(graph.value), change: fmt(graph.value - before) };
      say(t("nudge.result", { ...numbers, predicted: fmt(predicted) }), "done");
    },
    /** Another program: its nudges cannot be taken back onto it. */
    forget() {
      undo.length = 0;
      undoButton.disabled = true;
      waiting = null;
      say("");
    },
  };
}
