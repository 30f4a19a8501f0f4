// The standalone HTML file: the circuit view with the one graph written into the file. No server, no
// network; the values are fixed, so the player is all there is to move.

import { mountHost } from "./host.js";

const readJson = (id) => JSON.parse(document.getElementById(id).textContent);

async function start() {
  const graph = readJson("circuitgrad-graph");
  const { circuit } = await mountHost(document.querySelector(".cg-host"), {
    source: { graph: async () => ({ graph }) },
    catalogues: readJson("circuitgrad-catalogues"),
    lang: document.documentElement.lang || "en",
    state: readJson("circuitgrad-view"), // the step and precision the file was exported at
    keys: document, // the file is the circuit's own page
  });
  await circuit.start(graph);
}

start();

export default null;
