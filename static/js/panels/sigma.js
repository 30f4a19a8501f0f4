// σ as one gate or as its *-1, exp, +1, 1/x chain: a toggle (URL key `sig`) and the proof that the
// input gradients do not change, from evaluating both forms.

import { compareGradients, hasSigmoid } from "../shared/derivation.js";
import { text } from "../shared/dom.js";

const SETTLE_MS = 150;

/** The σ box: `update(graph, expanded)`; `onToggle(expanded)` asks for the other form. */
export function createSigma(box, { t, fmt, fetchOther, onToggle }) {
  const toggle = text("button", "sigma-toggle", "");
  toggle.type = "button";
  toggle.id = "sigma-toggle";
  const note = text("p", "sigma-note", "");
  note.id = "sigma-note";
  const table = document.createElement("table");
  table.className = "sigma-compare";
  box.replaceChildren(text("h2", "cg-title", t("sigma.title")), toggle, note, table);
  let expanded = false;
  let request = 0;
  let timer = 0;

  toggle.addEventListener("click", () => onToggle(!expanded));

  function fillTable(graph, other) {
    const collapsed = expanded ? other.gradients : graph.gradients;
    const chain = expanded ? graph.gradients : other.gradients;
    const rows = compareGradients(collapsed, chain);
    const head = document.createElement("tr");
    for (const label of [t("sigma.input"), t("sigma.one_gate"), t("sigma.chain"), ""]) {
      head.append(text("th", "", label));
    }
    const body = rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.input = row.name;
      tr.append(
        text("td", "sigma-name", `∂f/∂${row.name}`),
        text("td", "sigma-collapsed", fmt(row.collapsed)),
        text("td", "sigma-expanded", fmt(row.expanded)),
        text("td", row.same ? "sigma-same" : "sigma-differs", row.same ? "=" : "≠"),
      );
      return tr;
    });
    table.replaceChildren(head, ...body);
    const allSame = rows.length > 0 && rows.every((r) => r.same);
    note.textContent = t(allSame ? "sigma.identical" : "sigma.differ");
    box.classList.toggle("is-identical", allSame);
  }

  async function compare(graph, mine) {
    try {
      const other = await fetchOther(!expanded);
      if (mine !== request) return;
      box.dataset.compared = "true";
      // A σ written out by hand is drawn as its chain either way: there is nothing to toggle.
      const written = other.nodes.length === graph.nodes.length;
      toggle.hidden = written;
      table.hidden = written;
      if (written) {
        note.textContent = t("sigma.written");
        box.classList.remove("is-identical");
      } else {
        fillTable(graph, other);
      }
    } catch (error) {
      if (mine === request) note.textContent = error?.message || "";
    }
  }

  return {
    update(graph, isExpanded) {
      expanded = Boolean(isExpanded);
      const show = hasSigmoid(graph);
      box.hidden = !show;
      if (!show) return;
      toggle.textContent = t(expanded ? "sigma.collapse" : "sigma.expand");
      toggle.setAttribute("aria-pressed", expanded ? "true" : "false");
      const mine = ++request;
      box.dataset.compared = "false";
      if (!table.childElementCount) note.textContent = t("sigma.checking");
      // A slider drag changes the graph many times a second: compare only once it settles.
      clearTimeout(timer);
      timer = setTimeout(() => compare(graph, mine), table.childElementCount ? SETTLE_MS : 0);
    },
  };
}
