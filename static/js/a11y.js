// Accessible circuit: names with values for every wire, and gates that open from the keyboard.

const ACTIVATE = new Set(["Enter", " "]);
const enhanced = new WeakSet();

function sourceName(node, t) {
  if (!node) return "?";
  if (node.name) return node.name;
  if (node.kind === "const") return t("aria.const", { value: node.label ?? node.value });
  return gateName(node, t);
}

function gateName(node, t) {
  const key = `gate.${node.gate}`;
  const name = t(key);
  return name === key ? node.label || node.gate : name;
}

function shown(text) {
  return text && text.textContent && getComputedStyle(text).visibility !== "hidden";
}

/** Enter or Space on a focused gate or input does what a click does (opens its details). */
function enableKeyboard(svg) {
  if (enhanced.has(svg)) return;
  enhanced.add(svg);
  svg.addEventListener("keydown", (event) => {
    const target = event.target.closest?.("g.gate, g.input, g.const");
    if (!target || !ACTIVATE.has(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  });
}

/** In a quiz the gates' names keep their values but not the gradients the students are to find. */
function hideGradientsFromNames(svg, nodes, t, format) {
  for (const group of svg.querySelectorAll("g[data-node]:is(.gate, .input, .const)")) {
    const node = nodes.get(Number(group.dataset.node));
    if (!node) continue;
    const params = { name: node.name || node.label || "", label: node.label || "", value: format(node.value) };
    const label = t(`aria.${node.kind}`, params);
    if (group.getAttribute("aria-label") !== label) group.setAttribute("aria-label", label);
  }
}

/** Give each wire an accessible name with its value and, once it is shown, its gradient. */
export function enhanceCircuit(svg, graph, { t, quiz = false, format = String }) {
  if (!svg || !graph?.nodes) return;
  enableKeyboard(svg);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  if (quiz) hideGradientsFromNames(svg, nodes, t, format);
  for (const group of svg.querySelectorAll("g.wire[data-edge]")) {
    const from = sourceName(nodes.get(Number(group.dataset.source)), t);
    const target = nodes.get(Number(group.dataset.target));
    const to = target ? gateName(target, t) : "?";
    const value = group.querySelector("text.wire-value");
    const grad = group.querySelector("text.wire-grad");
    const params = { from, to, value: value?.textContent || "…", grad: grad?.textContent || "" };
    const label = shown(grad) ? t("aria.wire_grad", params) : t("aria.wire", params);
    if (group.getAttribute("aria-label") !== label) {
      group.setAttribute("role", "img");
      group.setAttribute("aria-label", label);
    }
  }
}
