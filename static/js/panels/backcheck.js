// The program's own backward lines (`dfdz = q`, `dx += …`) as the server checked them: a ✓ or ✗ beside each
// line in the editor (hover or focus says expected and got, with the hint), a summary and the warnings under
// the editor, the wrong lines' wires marked on the circuit, and, while the backward pass is stepped, the
// student's line for the current wire under the generated code.

import { errorMessage } from "../i18n.js";
import { el } from "../shared/dom.js";
import { formatCaption } from "../shared/format.js";
import { checkedLines, checkNumbers, checksForStep, lineTally, wrongWires } from "../shared/checklines.js";

const TIP_ID = "check-tip";
const TIP_GAP = 6;

/** An element with children (texts or elements). */
function h(tag, attrs, ...children) {
  const node = el(tag, attrs);
  node.append(...children.filter((child) => child !== "" && child !== null && child !== undefined));
  return node;
}

/** A check's message in the page's language, its numbers in the page's format. */
function checkMessage(check, fmt) {
  return errorMessage({ ...check, params: { ...(check.params || {}), ...checkNumbers(check, fmt) } });
}

/** What one line's tip says, as plain text rows: the verdict, then each number it writes. */
function tipRows(entry, { t, fmt }) {
  const rows = [{ ok: entry.ok, head: true, text: t(entry.ok ? "checks.line_right" : "checks.line_wrong", { line: entry.line }) }];
  for (const check of entry.checks) {
    const numbers = checkNumbers(check, fmt);
    const said = check.kind === "seed" ? "" : t("checks.numbers", numbers);
    rows.push({ ok: check.ok, target: check.target, numbers: said, text: checkMessage(check, fmt) });
  }
  return rows;
}

function fillTip(tip, rows) {
  tip.replaceChildren(
    ...rows.map((row) => {
      if (row.head) return el("div", { class: `tip-head ${row.ok ? "is-ok" : "is-wrong"}` }, row.text);
      const mark = el("span", { class: "tip-mark", "aria-hidden": "true" }, row.ok ? "\u2713" : "\u2717");
      const head = h("div", { class: "tip-numbers" }, mark, el("code", {}, row.target), row.numbers ? ` ${row.numbers}` : "");
      return h("div", { class: `tip-row ${row.ok ? "is-ok" : "is-wrong"}` }, head, el("div", { class: "tip-hint" }, row.text));
    }),
  );
}

/** Mount the checks' views; ctx = {store, bus, player, t, circuit, editor}. */
export function mountBackwardChecks({ store, bus, player, t, circuit, editor }) {
  const $ = (id) => document.getElementById(id);
  const fmt = (value) => formatCaption(value, store.get().prec);
  const summary = $("backward-summary");
  const studentLine = $("student-line");
  const column = editor.addColumn("check-column");
  column.setAttribute("role", "list");
  column.setAttribute("aria-label", t("checks.column"));
  const tip = el("div", { class: "check-tip", id: TIP_ID, role: "tooltip", hidden: "" });
  document.body.append(tip);

  let graph = null;
  let checks = [];
  let lines = [];
  let checkedText = null; // the program the marks belong to; an edit takes them away until it is checked

  let anchor = null; // the mark whose tip is shown

  function showTip(mark) {
    const entry = lines.find((line) => line.line === Number(mark.dataset.line));
    if (!entry) return;
    anchor = mark;
    fillTip(tip, tipRows(entry, { t, fmt }));
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const room = window.innerWidth - tip.offsetWidth - TIP_GAP;
    tip.style.left = `${Math.max(TIP_GAP, Math.min(room, box.right + TIP_GAP))}px`;
    const below = box.bottom + TIP_GAP + tip.offsetHeight <= window.innerHeight;
    tip.style.top = `${below ? box.bottom + TIP_GAP : Math.max(TIP_GAP, box.top - TIP_GAP - tip.offsetHeight)}px`;
  }
  const hideTip = () => {
    anchor = null;
    tip.hidden = true;
  };

  function markLabel(entry) {
    const verdict = t(entry.ok ? "checks.line_right" : "checks.line_wrong", { line: entry.line });
    const said = entry.checks.map((check) => {
      const numbers = check.kind === "seed" ? "" : ` (${t("checks.numbers", checkNumbers(check, fmt))})`;
      return `${check.target}: ${checkMessage(check, fmt)}${numbers}`;
    });
    return [verdict, ...said].join(". ");
  }

  function renderMarks() {
    const marks = lines.map((entry, index) => {
      const where = editor.lineBox(entry.line);
      const mark = el(
        "button",
        {
          type: "button",
          class: `line-mark ${entry.ok ? "is-ok" : "is-wrong"}`,
          "data-line": entry.line,
          // One Tab stop for all the marks; the arrow keys go from one to the next.
          tabindex: index === 0 ? "0" : "-1",
          "aria-label": markLabel(entry),
          "aria-describedby": TIP_ID,
          role: "listitem",
        },
        entry.ok ? "\u2713" : "\u2717",
      );
      if (where) Object.assign(mark.style, { top: `${where.top}px`, height: `${where.height}px` });
      else mark.hidden = true;
      return mark;
    });
    column.replaceChildren(...marks);
    column.parentElement.classList.toggle("has-marks", marks.length > 0);
  }

  /** Moves the keyboard to a line's mark (scrolling the text to it), which shows its tip. */
  function focusMark(line) {
    const marks = [...column.children];
    const mark = marks.find((m) => Number(m.dataset.line) === line);
    if (!mark) return;
    for (const m of marks) m.tabIndex = m === mark ? 0 : -1;
    editor.revealLine(line);
    mark.focus({ preventScroll: true });
  }

  function renderSummary(warnings) {
    if (!summary) return;
    const parts = [];
    if (lines.length) {
      const tally = lineTally(lines);
      const all = tally.right === tally.total;
      const firstWrong = lines.find((line) => !line.ok);
      // The first wrong line is a button: it takes the keyboard to that line's mark, and so to its hint.
      const jump = firstWrong
        ? el("button", { type: "button", class: "first-wrong", "data-line": firstWrong.line }, t("checks.first_wrong", { line: firstWrong.line }))
        : null;
      jump?.addEventListener("click", () => focusMark(firstWrong.line));
      parts.push(
        h(
          "p",
          { class: `check-summary ${all ? "is-ok" : "is-wrong"}`, "data-right": tally.right, "data-total": tally.total },
          el("span", { class: "summary-mark", "aria-hidden": "true" }, all ? "\u2713" : "\u2717"),
          ` ${t("checks.summary", tally)}`,
          jump ? " " : "",
          jump,
        ),
      );
    }
    if (warnings.length) {
      const items = warnings.map((warning) =>
        h(
          "li",
          { class: "program-warning", "data-line": warning.line ?? "" },
          el("span", { class: "warning-mark", "aria-hidden": "true" }, "\u26a0"),
          ` ${t("checks.warning_at", { line: warning.line ?? "?", message: errorMessage(warning) })}`,
        ),
      );
      parts.push(h("ul", { class: "program-warnings", "aria-label": t("checks.warnings") }, ...items));
    }
    summary.replaceChildren(...parts);
    summary.hidden = parts.length === 0;
  }

  function showStudentLine(step) {
    const mine = checkedText === editor.getText() ? checksForStep(graph, checks, step) : [];
    const shown = checkedLines(mine);
    editor.setCurrentLine(shown[0]?.line ?? null);
    for (const mark of column.children) mark.classList.toggle("is-current", shown.some((e) => e.line === Number(mark.dataset.line)));
    if (!studentLine) return;
    studentLine.hidden = shown.length === 0;
    if (!shown.length) return;
    const source = (checkedText || "").split("\n");
    studentLine.replaceChildren(
      el("span", { class: "student-line-title" }, t("checks.your_line")),
      ...shown.map((entry) => {
        const text = (source[entry.line - 1] || "").replace(/#.*$/, "").trim();
        return h(
          "span",
          { class: `student-line-code ${entry.ok ? "is-ok" : "is-wrong"}`, "data-line": entry.line },
          el("span", { class: "student-line-mark", "aria-hidden": "true" }, entry.ok ? "\u2713" : "\u2717"),
          el("span", { class: "student-line-num" }, t("checks.line_number", { line: entry.line })),
          el("code", {}, text),
        );
      }),
    );
    editor.revealLine(shown[0].line);
  }

  function show(next, text) {
    graph = next;
    checks = next?.checks || [];
    lines = checkedLines(checks);
    checkedText = text;
    hideTip();
    renderMarks();
    renderSummary(next?.warnings || []);
    circuit.setMarks({ checks: wrongWires(graph, checks) });
    // The player moved to its place before this circuit was announced: say its step with these checks.
    const stepping = player.pos > 0 && player.pos < player.total;
    showStudentLine(stepping ? (graph?.steps?.[player.pos - 1] ?? null) : null);
  }

  // An edit moves the lines under the marks: they go until the new text is checked.
  editor.textarea.addEventListener("input", () => {
    if (!lines.length) return;
    lines = [];
    hideTip();
    renderMarks();
    showStudentLine(null);
  });
  // The tip follows its mark when the text scrolls (a mark brought into view, the wheel).
  editor.textarea.addEventListener("scroll", () => {
    if (anchor) showTip(anchor);
  });

  column.addEventListener("mouseover", (event) => {
    const mark = event.target.closest?.(".line-mark");
    if (mark) showTip(mark);
  });
  column.addEventListener("mouseleave", () => {
    if (!column.contains(document.activeElement)) hideTip();
  });
  column.addEventListener("focusin", (event) => {
    editor.revealLine(Number(event.target.dataset.line));
    showTip(event.target);
  });
  column.addEventListener("focusout", hideTip);
  column.addEventListener("keydown", (event) => {
    const marks = [...column.children];
    const at = marks.indexOf(document.activeElement);
    if (event.key === "Escape") return hideTip();
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (!move || at < 0) return;
    event.preventDefault();
    event.stopPropagation(); // the arrows here move between marks, not the player
    const next = marks[Math.max(0, Math.min(marks.length - 1, at + move))];
    marks[at].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });

  bus.addEventListener("graph", (event) => show(event.detail.graph, event.detail.state.expr));
  bus.addEventListener("step", (event) => {
    // A link to the end shows the finished figure; stepping into the end still shows the last line.
    const { pos, total, reason, step } = event.detail;
    showStudentLine(pos < total || reason === "step" || reason === "tick" ? step : null);
  });
}
