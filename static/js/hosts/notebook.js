// The notebook widget (anywidget): the circuit view with graphs from the kernel, which evaluates them with
// circuitgrad.Circuit. Traits (circuitgrad/widget.py): program, values and step are synced both ways;
// `answer` is the kernel's {values, graph} or {values, error}; stage, styles and catalogues come with it.

import { mountHost } from "./host.js";

const sameValues = (a, b) => JSON.stringify(a || {}) === JSON.stringify(b || {});
const withoutValues = ({ graph, error }) => (graph ? { graph } : { error });

/** A graph source backed by the kernel: asking for new values sets the trait and waits for the answer. */
function kernelSource(model) {
  let waiting = [];
  model.on("change:answer", () => {
    const answer = model.get("answer");
    const ready = waiting.filter((w) => sameValues(w.values, answer.values));
    waiting = waiting.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(withoutValues(answer));
  });
  return {
    graph(request, { signal } = {}) {
      const answer = model.get("answer");
      if (sameValues(request.values, answer.values)) return Promise.resolve(withoutValues(answer));
      return new Promise((resolve, reject) => {
        const entry = { values: request.values, resolve };
        waiting.push(entry);
        signal?.addEventListener("abort", () => {
          waiting = waiting.filter((w) => w !== entry);
          reject(new DOMException("a newer request replaced this one", "AbortError"));
        });
        model.set("values", request.values);
        model.save_changes();
      });
    },
  };
}

async function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "cg-host cg-notebook";
  root.tabIndex = -1; // a click inside gives the player's keys to this circuit
  root.dataset.theme = "light";
  root.dataset.palette = "notes";
  root.innerHTML = model.get("_stage"); // the page's own stage template, rendered (and escaped) by Jinja
  const note = root.querySelector(".cg-note");
  const showNote = () => {
    note.textContent = model.get("note");
    note.hidden = !model.get("note");
    note.dataset.ok = String(model.get("note_ok"));
  };
  showNote();
  el.appendChild(root);
  const source = kernelSource(model);
  const { store, circuit, player } = await mountHost(root, {
    source,
    catalogues: model.get("_catalogues"),
    lang: model.get("lang"),
    state: { v: model.get("values"), step: model.get("step") },
  });
  // Kernel -> view: new values or a new program set from Python.
  const onAnswer = () => {
    const answer = model.get("answer");
    if (!store.set({ v: answer.values }).length && answer.graph) circuit.show(answer.graph, { pos: player.pos });
  };
  const onStep = () => store.set({ step: model.get("step") });
  model.on("change:answer", onAnswer);
  model.on("change:step", onStep);
  model.on("change:note", showNote);
  model.on("change:note_ok", showNote);
  // View -> kernel: the player's position, readable as widget.step.
  const unsubscribe = store.subscribe((state, changed) => {
    if (!changed.includes("step")) return;
    model.set("step", state.step === "end" ? player.total : state.step);
    model.save_changes();
  });
  const answer = model.get("answer");
  await circuit.start(answer.graph ?? { error: answer.error });
  return () => {
    unsubscribe();
    model.off("change:answer", onAnswer);
    model.off("change:step", onStep);
    model.off("change:note", showNote);
    model.off("change:note_ok", showNote);
    player.pause();
  };
}

export default { render };
