// A circuit outside the page: the page's own circuit view, state table, player and sliders, with graphs
// from the host (the notebook's kernel, or the JSON written into a standalone file) instead of the server.

import { Player } from "../circuit/animate.js";
import { mountCircuit } from "../circuit/view.js";
import { errorText, has, loadLanguage, setCatalogue, t } from "../i18n.js";
import { createInputs } from "../panels/inputs.js";
import { formatNumber } from "../shared/format.js";
import { createStore, defaultState, serializeState } from "../state.js";

/**
 * Mount the circuit in `root`, which holds the stage's markup (and an `.inputs` box for sliders).
 * `source.graph(request, {signal})` resolves to {graph} or {error}, as api.fetchGraph does on the page;
 * `keys` hears the player's keys (the root itself, so a notebook keeps its own).
 */
export async function mountHost(root, { source, catalogues = {}, lang = "en", state = {}, keys = root }) {
  for (const [code, messages] of Object.entries(catalogues)) setCatalogue(code, messages);
  await loadLanguage(lang, async (code) => catalogues[code] ?? null);
  // The page's state table, bound to no address bar: a host has no URL of its own.
  const search = serializeState({ ...defaultState(), ...state });
  const store = createStore({ location: { search } });
  const bus = new EventTarget();
  const player = new Player();
  const ctx = { store, bus, player, t, has, errorText, source, keys };
  const circuit = mountCircuit(root.querySelector(".stage"), ctx);
  const box = root.querySelector(".inputs");
  if (box) {
    const inputs = createInputs(box, {
      t,
      fmt: (value) => formatNumber(value, store.get().prec),
      onValue: (name, value) => store.set({ v: { ...store.get().v, [name]: value } }),
      onSelect: () => {},
    });
    bus.addEventListener("graph", (event) => {
      inputs.update(event.detail.graph, null);
      inputs.showStep(player.pos);
    });
    bus.addEventListener("step", (event) => inputs.showStep(event.detail.pos));
  }
  return { store, bus, player, circuit };
}
