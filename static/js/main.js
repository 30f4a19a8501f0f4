// The page's only entry. It builds the context every part shares (URL state, event bus, player,
// translations, server access), then mounts, in this order: the circuit view, the side panels and the
// classroom tools; finally it draws the first circuit. Nothing imports this module.

import * as api from "./api.js";
import { Player } from "./circuit/animate.js";
import { mountCircuit } from "./circuit/view.js";
import { mountClassroom } from "./classroom/classroom.js";
import { watchConnection } from "./connection.js";
import { errorText, has, loadLanguage, t } from "./i18n.js";
import { mountBackwardChecks } from "./panels/backcheck.js";
import { mountPanels } from "./panels/panels.js";
import { createStore } from "./state.js";

/** The page's look follows its state: theme, palette, projector mode and hidden panels. */
function applyPageState(state) {
  const root = document.documentElement;
  root.dataset.theme = state.theme;
  root.dataset.palette = state.pal;
  if (state.proj) root.dataset.projector = "true";
  else delete root.dataset.projector;
  document.body.dataset.hide = state.hide.join(" ");
}

/** A read-only handle for tests and benchmarks (window.circuitgrad); the page itself never reads it. */
function testHook(ctx, circuit) {
  return Object.freeze({
    bus: ctx.bus,
    store: ctx.store,
    player: ctx.player,
    t,
    get graph() {
      return circuit.graph;
    },
    state: () => ctx.store.get(),
    update: (patch) => ctx.store.set(patch),
    fit: () => circuit.fit({ duration: 250 }),
    show: (graph, options) => circuit.show(graph, options),
    svg: () => circuit.svg,
  });
}

async function start() {
  performance.mark("circuit-boot");
  const store = createStore(window);
  await loadLanguage(document.documentElement.lang || store.get().lang || "en", api.fetchCatalogue);
  performance.mark("circuit-messages");
  const bus = new EventTarget();
  const ctx = { store, bus, player: new Player(), t, has, errorText, api, source: { graph: api.fetchGraph } };
  store.subscribe((state, changed) => {
    bus.dispatchEvent(new CustomEvent("state", { detail: { state, changed } }));
    applyPageState(state);
  });
  applyPageState(store.get());
  const stage = document.querySelector(".stage");
  const circuit = mountCircuit(stage, ctx);
  ctx.connection = watchConnection({ probe: () => api.probeHealth(), onBack: () => circuit.evaluate(true) });
  store.subscribe((state, changed) => {
    if (changed.includes("lang")) loadLanguage(state.lang || "en", api.fetchCatalogue).then(() => circuit.repaint());
  });
  const { editor } = mountPanels({ ...ctx, circuit });
  mountBackwardChecks({ ...ctx, circuit, editor });
  mountClassroom({ ...ctx, circuit });
  Object.defineProperty(window, "circuitgrad", { value: testHook(ctx, circuit), enumerable: false });
  const parsing = performance.now();
  const initial = api.readInitialGraph();
  performance.measure("circuit-parse", { start: parsing, end: performance.now() });
  await circuit.start(initial);
}

start();
