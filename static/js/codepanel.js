// The generated forward and backward code, one `.code-line[data-node]` per line, linked to the circuit
// and the editor: hovering a gate marks its lines and source, hovering a line marks its gate.

const TOKEN = /(#.*$)|(\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\b)|(\b[A-Za-z_]\w*\b)|(\+=)/g;

/** Splits a code line into [text, kind] pieces: comment, number, name, accumulate or plain. */
export function tokenize(text) {
  const pieces = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > at) pieces.push([text.slice(at, match.index), "plain"]);
    const kind = match[1] ? "comment" : match[2] ? "number" : match[3] ? "name" : "accumulate";
    pieces.push([match[0], kind]);
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push([text.slice(at), "plain"]);
  return pieces;
}

function codeLine(line, index) {
  const row = document.createElement("div");
  row.className = "code-line";
  if (line.node !== null && line.node !== undefined) row.dataset.node = String(line.node);
  if (line.step !== null && line.step !== undefined) row.dataset.step = String(line.step);
  const number = document.createElement("span");
  number.className = "code-num";
  number.textContent = String(index + 1);
  const code = document.createElement("code");
  for (const [text, kind] of tokenize(line.text)) {
    if (kind === "plain") {
      code.append(text);
    } else {
      const span = document.createElement("span");
      span.className = `tok-${kind}`;
      span.textContent = text;
      code.append(span);
    }
  }
  row.append(number, code);
  return row;
}

/** Scrolls only the code box (never the page) so that `line` is visible. */
function scrollWithin(box, line) {
  if (box.scrollHeight <= box.clientHeight) return;
  const top = line.offsetTop;
  const bottom = top + line.offsetHeight;
  if (top < box.scrollTop) box.scrollTop = top;
  else if (bottom > box.scrollTop + box.clientHeight) box.scrollTop = bottom - box.clientHeight;
}

/** Fills the two code boxes; hovering a line calls `onHover(nodeId|null)`, `mark(nodeId)` marks lines. */
export function createCodePanel(forwardBox, backwardBox, { onHover, onSelect = () => {} }) {
  let hovered = null;

  function mark(nodeId) {
    if (nodeId === hovered) return;
    hovered = nodeId;
    for (const box of [forwardBox, backwardBox]) {
      for (const el of box.querySelectorAll(".code-line.is-linked")) el.classList.remove("is-linked");
      if (nodeId === null) continue;
      const lines = box.querySelectorAll(`.code-line[data-node="${nodeId}"]`);
      for (const el of lines) el.classList.add("is-linked");
      if (lines.length) scrollWithin(box, lines[0]);
    }
  }

  function hover(nodeId) {
    if (nodeId === hovered) return;
    mark(nodeId);
    onHover(nodeId);
  }

  function lineNode(target) {
    const line = target instanceof Element ? target.closest(".code-line[data-node]") : null;
    return line ? Number(line.dataset.node) : null;
  }

  for (const box of [forwardBox, backwardBox]) {
    box.addEventListener("mouseover", (event) => hover(lineNode(event.target)));
    box.addEventListener("mouseleave", () => hover(null));
    box.addEventListener("click", (event) => {
      const node = lineNode(event.target);
      if (node !== null) onSelect(node);
    });
  }

  return {
    update(graph) {
      const code = graph?.code || { forward: [], backward: [] };
      forwardBox.replaceChildren(...code.forward.map(codeLine));
      backwardBox.replaceChildren(...code.backward.map(codeLine));
      const keep = hovered;
      hovered = null;
      mark(keep);
    },
    /** Marks the code line of the animation's current step: its forward line, or its backward line. */
    showStep(step) {
      for (const el of document.querySelectorAll(".code-line.is-current")) el.classList.remove("is-current");
      let line = null;
      if (step?.phase === "forward") line = forwardBox.querySelector(`.code-line[data-node="${step.node}"]`);
      if (step?.phase === "backward") line = backwardBox.querySelector(`.code-line[data-step="${step.index}"]`);
      if (!line) return;
      line.classList.add("is-current");
      scrollWithin(line.parentElement, line);
    },
    mark,
  };
}
