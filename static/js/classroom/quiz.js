// Quiz mode: the red gradients are hidden and students type them, wire by wire or only for the inputs; or
// the green forward values of the gates are hidden and students compute them, gate by gate.
import { el } from "../shared/dom.js";
import { workedRelation } from "../shared/format.js";
import { hintFor, QUIZ_MODES, quizQuestions, verdict } from "./quizmath.js";

/** The quiz panel bound to one host element; load() it with each new graph. */
export class Quiz {
  constructor(host, { mode, t, format, prec = 2, shareUrl, announce, onPaint, onMode }) {
    this.host = host;
    this.mode = mode;
    this.t = t;
    this.format = format || ((x) => Number(x).toFixed(this.precision()));
    // The page's Decimals control may change mid-quiz: a getter reads the current one.
    this.precision = typeof prec === "function" ? prec : () => prec;
    this.shareUrl = shareUrl;
    this.announce = announce || (() => {});
    this.onPaint = onPaint || (() => {});
    this.onMode = onMode || (() => {});
    this.questions = [];
    this.state = new Map();
    this.build();
  }

  build() {
    const t = this.t;
    this.panel = el("section", { id: "quiz-panel", class: "quiz-panel", "aria-labelledby": "quiz-title" });
    this.panel.append(el("h2", { id: "quiz-title" }, t(`quiz.title.${this.mode}`)));
    this.panel.append(el("p", { class: "quiz-help" }, t(`quiz.help.${this.mode}`)), this.modeChooser());
    this.score = el("p", { class: "quiz-score", id: "quiz-score", "aria-live": "polite" });
    this.list = el("ol", { class: "quiz-list" });
    const bar = el("div", { class: "quiz-actions" });
    this.revealNextButton = el("button", { type: "button", id: "quiz-reveal-next" }, t("quiz.reveal_next"));
    this.revealAllButton = el("button", { type: "button", id: "quiz-reveal-all" }, t("quiz.reveal_all"));
    this.resetButton = el("button", { type: "button", id: "quiz-reset" }, t("quiz.reset"));
    this.shareButton = el("button", { type: "button", id: "quiz-share" }, t("quiz.share"));
    bar.append(this.revealNextButton, this.revealAllButton, this.resetButton, this.shareButton);
    this.shareOut = el("input", {
      id: "quiz-share-link",
      class: "quiz-share-link",
      readonly: "",
      "aria-label": t("quiz.share_link_label"),
      hidden: "",
    });
    this.explain = el("p", { class: "quiz-explain", id: "quiz-explain", "aria-live": "polite" });
    this.panel.append(this.score, this.list, bar, this.shareOut, this.explain);
    this.host.append(this.panel);
    this.revealNextButton.addEventListener("click", () => this.revealNext());
    this.revealAllButton.addEventListener("click", () => this.questions.forEach((q) => this.reveal(q, false)));
    this.resetButton.addEventListener("click", () => this.reset());
    this.shareButton.addEventListener("click", () => this.share());
  }

  /** The teacher's choice of what is asked: gradients on the wires, of the inputs, or forward values. */
  modeChooser() {
    const select = el("select", { id: "quiz-mode", class: "quiz-mode-select" });
    select.append(...QUIZ_MODES.map((mode) => el("option", { value: mode }, this.t(`quiz.mode.${mode}`))));
    select.value = this.mode;
    select.addEventListener("change", () => this.onMode(select.value));
    const row = el("div", { class: "quiz-mode-row" });
    row.append(el("label", { for: "quiz-mode" }, this.t("quiz.mode")), select);
    return row;
  }

  /** Rebuild the questions for a newly evaluated circuit. */
  load(graph) {
    if (!graph || graph.error) return;
    const fingerprint = JSON.stringify([graph.expr, graph.inputs?.map((input) => input.value)]);
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    this.graph = graph;
    this.questions = quizQuestions(graph, this.mode);
    this.state = new Map(this.questions.map((q) => [q.id, "open"]));
    this.list.replaceChildren(...this.questions.map((q) => this.row(q)));
    this.explain.textContent = "";
    this.update();
  }

  label(q) {
    if (q.kind === "value") return this.t("quiz.ask.value", { name: q.from });
    if (q.edge === null) return this.t("quiz.ask.input", { name: q.from });
    return this.t("quiz.ask.wire", { from: q.from, to: q.to });
  }

  row(q) {
    const item = el("li", { class: "quiz-q", "data-question": q.id, "data-state": "open", "data-kind": q.kind || "gradient" });
    if (q.edge !== null) item.dataset.edge = q.edge;
    item.dataset.node = q.node;
    const inputId = `quiz-in-${q.id}`;
    const label = el("label", { for: inputId }, this.label(q));
    const input = el("input", {
      id: inputId,
      class: "quiz-input",
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
    });
    const mark = el("span", { class: "quiz-verdict", role: "status" });
    const hint = el("button", { type: "button", class: "quiz-hint" }, this.t("quiz.hint"));
    const hintText = el("span", { class: "quiz-hint-text" });
    item.append(label, input, mark, hint, hintText);
    input.addEventListener("input", () => this.check(q, input.value, false));
    input.addEventListener("change", () => this.check(q, input.value, true));
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") this.check(q, input.value, true);
    });
    input.addEventListener("focus", () => this.focus(q));
    hint.addEventListener("click", () => this.hint(q, item));
    return item;
  }

  item(q) {
    return this.list.querySelector(`[data-question="${q.id}"]`);
  }

  /** Right shows at once while typing; wrong (or not a number) waits for Enter or leaving the box. */
  check(q, text, final) {
    const current = this.state.get(q.id);
    if (current === "right" || current === "revealed") return;
    const result = verdict(text, q.answer, this.precision());
    if (result === "right") this.mark(q, "right");
    else if (final && text.trim()) this.mark(q, result === "invalid" ? "invalid" : "wrong");
    else if (!final) this.mark(q, "open");
  }

  mark(q, state) {
    this.state.set(q.id, state);
    const item = this.item(q);
    item.dataset.state = state;
    const mark = item.querySelector(".quiz-verdict");
    mark.textContent = state === "open" ? "" : this.t(`quiz.${state}`, { value: this.format(q.answer) });
    if (state === "right" || state === "revealed") {
      item.querySelector(".quiz-input").readOnly = true;
      if (state === "revealed") item.querySelector(".quiz-input").value = this.format(q.answer);
      this.explainStep(q);
      if (state === "right") this.focusNext(q);
    }
    this.update();
  }

  focusNext(q) {
    const index = this.questions.indexOf(q);
    const next = this.questions.slice(index + 1).concat(this.questions.slice(0, index));
    const open = next.find((other) => !["right", "revealed"].includes(this.state.get(other.id)));
    if (open) this.item(open).querySelector(".quiz-input").focus();
  }

  hint(q, item) {
    const level = Number(item.dataset.hints || 0) + 1;
    item.dataset.hints = String(level);
    const { key, params } = hintFor(q, level);
    const shown = { ...params };
    for (const name of ["upstream", "local", "other"]) {
      if (typeof shown[name] === "number") shown[name] = this.format(shown[name]);
    }
    if (Array.isArray(shown.inputs)) shown.inputs = shown.inputs.map((value) => this.format(value)).join(", ");
    item.querySelector(".quiz-hint-text").textContent = this.t(key, shown);
  }

  reveal(q, announce = true) {
    const current = this.state.get(q.id);
    if (current === "right" || current === "revealed") return;
    this.mark(q, "revealed");
    if (announce) this.announce(this.explain.textContent);
  }

  /** Step-by-step reveal: the next question in the order the gradient flows back. */
  revealNext() {
    const open = this.questions.find((q) => !["right", "revealed"].includes(this.state.get(q.id)));
    if (open) this.reveal(open);
  }

  /** Takes the last revealed answer back (a clicker's "back" while projecting). */
  hideLast() {
    const shown = this.questions.filter((q) => this.state.get(q.id) === "revealed");
    const last = shown.pop();
    if (!last) return;
    const input = this.item(last).querySelector(".quiz-input");
    input.readOnly = false;
    input.value = "";
    this.mark(last, "open");
    if (shown.length) this.explainStep(shown[shown.length - 1]);
    else this.explain.textContent = "";
  }

  /** How many questions are answered or revealed, and how many there are. */
  progress() {
    const done = this.questions.filter((q) => ["right", "revealed"].includes(this.state.get(q.id))).length;
    return { done, total: this.questions.length };
  }

  explainStep(q) {
    const step = q.step;
    if (q.kind === "value") {
      const inputs = (step.inputs || []).map((value) => this.format(value)).join(", ");
      const params = { name: q.from, gate: step.label || step.gate, inputs, value: this.format(q.answer) };
      // An unnamed gate goes by its symbol, which the sentence says once.
      this.explain.textContent = this.t(q.from === params.gate ? "quiz.explain.value_gate" : "quiz.explain.value", params);
      return;
    }
    if (!step || q.edge === null) {
      this.explain.textContent = this.t("quiz.explain.input", { name: q.from, value: this.format(q.answer) });
      return;
    }
    // Every number as its wire shows it; "≈" where the rounded factors do not give the rounded product.
    const eq = workedRelation([step.local, step.upstream], step.product, (a, b) => a * b, this.precision());
    this.explain.textContent = this.t("quiz.explain.wire", {
      from: q.from,
      to: q.to,
      local: this.format(step.local),
      upstream: this.format(step.upstream),
      eq,
      product: this.format(step.product),
    });
  }

  focus(q) {
    this.focused = q;
    this.paint();
  }

  reset() {
    this.fingerprint = null;
    this.load(this.graph);
    this.list.querySelector(".quiz-input")?.focus();
  }

  share() {
    const link = this.shareUrl ? this.shareUrl() : window.location.href;
    this.shareOut.hidden = false;
    this.shareOut.value = link;
    this.shareOut.select();
    navigator.clipboard?.writeText(link).catch(() => {});
    this.announce(this.t("quiz.share_copied"));
  }

  update() {
    const right = [...this.state.values()].filter((state) => state === "right").length;
    this.score.textContent = this.t("quiz.score", { right, total: this.questions.length });
    this.paint();
  }

  /**
   * The drawing's quiz marks (see scene.paintFrame): revealed gradients, the gates whose values are still
   * asked (drawn as "?"), and the focused question's wires.
   */
  marks() {
    const revealedEdges = new Set();
    const revealedNodes = new Set();
    const hiddenValues = new Set();
    for (const q of this.questions) {
      const state = this.state.get(q.id);
      if (q.kind === "value" && state !== "right" && state !== "revealed") hiddenValues.add(q.node);
      if (state !== "right" && state !== "revealed") continue;
      for (const edge of q.edge === null ? q.edges : [q.edge]) revealedEdges.add(edge);
      if (q.edge === null && q.kind !== "value") revealedNodes.add(q.node);
    }
    const focus = this.focused;
    const focusEdges = new Set(focus ? (focus.edge === null ? focus.edges : [focus.edge]) : []);
    return { revealedEdges, revealedNodes, hiddenValues, focusEdges, focusNode: focus ? focus.node : null };
  }

  /** Hands the marks to the drawing, which repaints itself with them. */
  paint() {
    this.onPaint(this.marks());
  }
}
