// The generated forward and backward code, one `.code-line[data-node]` per line, linked to the circuit
// and the editor: hovering a gate marks its lines and source, hovering a line marks its gate.

const TOKEN = /(#.*$)|(\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\b)|(\b[A-Za-z_]\w*\b)|(\+=)/g;

/** Splits a code line into [text, kind] pieces: comment, number, name, accumulate or plain. */
/** For each gate of a group (an expanded σ): the group's member whose code line stands for the group. */
export function lineNodesOfGroups(graph) {
  const withLine = new Set((graph?.code?.forward || []).map((line) => line.node));
  const groupLine = new Map();
  for (const node of graph?.nodes || []) {
    if (node.group !== null && node.group !== undefined && withLine.has(node.id)) groupLine.set(node.group, node.id);
  }
  const standsFor = new Map();
  for (const node of graph?.nodes || []) {
    if (groupLine.has(node.group)) standsFor.set(node.id, groupLine.get(node.group));
  }
  return standsFor;
}

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

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe to place inside HTML. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function dataAttr(name, value) {
  return value === null || value === undefined ? "" : ` data-${name}="${escapeHtml(value)}"`;
}

/** The HTML of one code line; built as one string because programs of a thousand gates have thousands of lines. */
export function codeLineHtml(line, index) {
  const code = tokenize(String(line.text))
    .map(([text, kind]) => (kind === "plain" ? escapeHtml(text) : `<span class="tok-${kind}">${escapeHtml(text)}</span>`))
    .join("");
  return (
    `<div class="code-line"${dataAttr("node", line.node)}${dataAttr("step", line.step)}>` +
    `<span class="code-num">${index + 1}</span><code>${code}</code></div>`
  );
}

// A long program's lines come in chunks that the browser lays out and paints only near the view (code-chunk in
// panels.css): a 5,000-gate network has some 14,000 lines, which would take the page a second to lay out.
const CHUNK_LINES = 100;

/** The HTML of a code box's lines: as they are, or in chunks of CHUNK_LINES when there are more. */
export function codeBoxHtml(lines) {
  const html = lines.map(codeLineHtml);
  if (html.length <= CHUNK_LINES) return html.join("");
  const chunks = [];
  for (let at = 0; at < html.length; at += CHUNK_LINES) {
    chunks.push(`<div class="code-chunk">${html.slice(at, at + CHUNK_LINES).join("")}</div>`);
  }
  return chunks.join("");
}

/** The length of the longest line, in characters (a loop: thousands of lines would overflow a spread). */
function longestLine(lines) {
  let longest = 0;
  for (const line of lines) longest = Math.max(longest, String(line.text).length);
  return longest;
}

/** Scrolls only the code box (never the page) so that `line` is visible. */
function scrollWithin(box, line) {
  if (box.scrollHeight <= box.clientHeight) return;
  // Measured from the box, whichever element (a chunk or the box) holds the line.
  const top = line.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientTop + box.scrollTop;
  const bottom = top + line.offsetHeight;
  if (top < box.scrollTop) box.scrollTop = top;
  else if (bottom > box.scrollTop + box.clientHeight) box.scrollTop = bottom - box.clientHeight;
}

/** Fills the two code boxes; hovering a line calls `onHover(nodeId|null)`, `mark(nodeId)` marks lines. */
export function createCodePanel(forwardBox, backwardBox, { onHover, onSelect = () => {} }) {
  let hovered = null;
  let current = null; // the line of the player's current step
  let shownHtml = [null, null]; // what the boxes show, so an unchanged program is not redrawn

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

  let standsFor = new Map(); // gate inside an expanded σ -> the node whose code line covers the whole σ

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
    /** Shows the graph's code; returns false (and leaves the DOM alone) when the code is unchanged. */
    update(graph) {
      standsFor = lineNodesOfGroups(graph);
      const code = graph?.code || { forward: [], backward: [] };
      const forwardHtml = codeBoxHtml(code.forward);
      const backwardHtml = codeBoxHtml(code.backward);
      if (forwardHtml === shownHtml[0] && backwardHtml === shownHtml[1]) return false;
      shownHtml = [forwardHtml, backwardHtml];
      current = null;
      forwardBox.innerHTML = forwardHtml;
      backwardBox.innerHTML = backwardHtml;
      forwardBox.style.setProperty("--code-chars", longestLine(code.forward));
      backwardBox.style.setProperty("--code-chars", longestLine(code.backward));
      const keep = hovered;
      hovered = null;
      mark(keep);
      return true;
    },
    /** Marks the code line of the animation's current step: its forward line, or its backward line. */
    showStep(step) {
      let line = null;
      // A gate inside an expanded σ has no line of its own: the σ's line stands for it.
      const node = standsFor.get(step?.node) ?? step?.node;
      if (step?.phase === "forward") line = forwardBox.querySelector(`.code-line[data-node="${node}"]`);
      if (step?.phase === "backward") {
        line = backwardBox.querySelector(`.code-line[data-step="${step.index}"]`);
        if (!line && standsFor.has(step.node)) line = backwardBox.querySelector(`.code-line[data-node="${node}"]`);
      }
      if (line === current) return;
      current?.classList.remove("is-current");
      current = line;
      if (!line) return;
      line.classList.add("is-current");
      // Measuring forces a layout: leave it until the frame is painted (a frame callback runs before the paint,
      // so on a big circuit's first drawing it would lay the whole page out once more before anything shows).
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (current === line) scrollWithin(line.closest(".code-box"), line);
        }, 0),
      );
    },
    mark,
  };
}
