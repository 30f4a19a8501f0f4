// Classroom features on the page's bus: projector mode, themes and palettes, clicker and touch stepping,
// join-by-QR and quiz mode. URL state goes through app.update() (state.js owns the address bar).
import { enhanceCircuit } from "./a11y.js";
import { formatNumber } from "./format.js";
import { t } from "./i18n.js";
import { app, bus } from "./main.js";
import { Quiz } from "./quiz.js";

const root = document.documentElement;
const $ = (id) => document.getElementById(id);
const TYPING = /^(INPUT|TEXTAREA|SELECT)$/;
const TAP_MAX_MS = 350;
const TAP_MAX_MOVE = 10;

let enteredFullscreen = false;
let quiz = null;

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function press(id) {
  const button = $(id);
  if (button && !button.disabled) button.click();
}

function announce(text) {
  const live = $("classroom-live");
  if (live) live.textContent = text;
}

/** Projector mode on or off; full screen only from a user gesture (a key press or a click). */
export function setProjector(on, { fullscreen = false } = {}) {
  app.update({ proj: on });
  if (on && fullscreen && !document.fullscreenElement && root.requestFullscreen) {
    enteredFullscreen = true;
    root.requestFullscreen().catch(() => {
      enteredFullscreen = false;
    });
  }
  if (!on && document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
  syncButtons();
  // The circuit box changes size without a window resize when the chrome hides or shows.
  requestAnimationFrame(() => app.fit());
}

function setQuiz(mode) {
  app.update({ quiz: mode });
  window.location.assign(app.store.url());
}

function syncButtons() {
  const state = app.state();
  const pressed = { "toggle-projector": state.proj, "toggle-theme": state.theme === "dark" };
  pressed["toggle-palette"] = state.pal === "cb";
  pressed["toggle-quiz"] = Boolean(state.quiz);
  for (const [id, on] of Object.entries(pressed)) $(id)?.setAttribute("aria-pressed", String(Boolean(on)));
}

/** P: projector; PageDown/PageUp (presentation clickers): step; Escape: leave projector mode. */
function onKey(event) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target && (TYPING.test(event.target.tagName) || event.target.isContentEditable)) return;
  const projecting = Boolean(app.state().proj);
  if (event.key === "p" || event.key === "P") setProjector(!projecting, { fullscreen: !projecting });
  else if (event.key === "PageDown" || (projecting && event.key === "ArrowDown")) press("step-forward");
  else if (event.key === "PageUp" || (projecting && event.key === "ArrowUp")) press("step-back");
  else if (event.key === "Escape" && projecting && !$("qr-dialog")?.open) setProjector(false);
  else return;
  event.preventDefault();
}

/**
 * While projecting a quiz the side panel is hidden, so keys and clickers drive it: forward reveals the next
 * gradient, back takes it back, and a caption at the bottom says what was revealed.
 * Listens on window in the capture phase, before the player's keys.
 */
function onQuizKey(event) {
  if (!quiz || !app.state().proj || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target && (TYPING.test(event.target.tagName) || event.target.isContentEditable)) return;
  const forward = ["ArrowRight", "ArrowDown", "PageDown", " "].includes(event.key);
  const back = ["ArrowLeft", "ArrowUp", "PageUp"].includes(event.key);
  if (!forward && !back) return;
  event.preventDefault();
  event.stopPropagation();
  if (forward) quiz.revealNext();
  else quiz.hideLast();
  showQuizCaption();
}

function showQuizCaption() {
  const caption = $("quiz-caption");
  if (!caption || !quiz) return;
  const { done, total } = quiz.progress();
  const said = done ? quiz.explain.textContent : t("quiz.projector_prompt");
  caption.textContent = `${said} (${done} / ${total})`;
}

/** A short, still, one-finger tap on the drawing steps: the left quarter back, elsewhere forward. */
export function enableTapToStep(container) {
  const downs = new Map();
  container.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse") return;
    const many = downs.size > 0;
    if (many) for (const down of downs.values()) down.many = true;
    downs.set(event.pointerId, { x: event.clientX, y: event.clientY, time: event.timeStamp, many });
  });
  const finish = (event) => {
    const down = downs.get(event.pointerId);
    downs.delete(event.pointerId);
    if (!down || down.many || event.type === "pointercancel") return;
    if (Math.hypot(event.clientX - down.x, event.clientY - down.y) > TAP_MAX_MOVE) return;
    if (event.timeStamp - down.time > TAP_MAX_MS) return;
    if (event.target.closest?.("g.gate, g.input, g.const, button, a, input")) return;
    const box = container.getBoundingClientRect();
    press(event.clientX - box.left < box.width / 4 ? "step-back" : "step-forward");
  };
  container.addEventListener("pointerup", finish);
  container.addEventListener("pointercancel", finish);
}

/** The join-by-QR dialog: the server draws the code of the share link for the current state. */
function buildQrDialog() {
  const dialog = el("dialog", { id: "qr-dialog", class: "qr-dialog", "aria-labelledby": "qr-title" });
  const title = el("h2", { id: "qr-title" }, t("classroom.qr.title"));
  const figure = el("div", { id: "qr-code", class: "qr-code", role: "img", "aria-label": t("classroom.qr.alt") });
  const link = el("a", { id: "qr-link", class: "qr-link" });
  const close = el("button", { type: "button", id: "qr-close", class: "cg-button" }, t("classroom.close"));
  dialog.append(title, figure, link, close);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => event.target === dialog && dialog.close());
  document.body.append(dialog);
  return async () => {
    dialog.showModal();
    figure.replaceChildren(el("p", {}, t("classroom.qr.loading")));
    const query = new URL(app.store.url()).search;
    try {
      const response = await fetch(`/api/qr${query}`);
      if (!response.ok) throw new Error((await response.json()).error?.message || String(response.status));
      const svg = new DOMParser().parseFromString(await response.text(), "image/svg+xml").documentElement;
      svg.setAttribute("aria-hidden", "true");
      figure.replaceChildren(document.importNode(svg, true));
      const shared = response.headers.get("X-Share-Link") || "";
      link.href = shared;
      link.textContent = shared;
    } catch (error) {
      figure.replaceChildren(el("p", { class: "qr-error" }, t("classroom.qr.error", { message: error.message })));
    }
  };
}

function startQuiz(mode) {
  root.dataset.quiz = mode;
  $("narration-bar")?.after(el("p", { id: "quiz-caption", class: "quiz-caption", "aria-live": "polite" }));
  const host = $("side-panel") || $("quiz-host") || document.body;
  const box = el("div", { class: "quiz-host" });
  host.prepend(box);
  quiz = new Quiz(box, {
    mode,
    t,
    format: (value) => formatNumber(value, app.state().prec),
    prec: app.state().prec,
    shareUrl: () => app.store.url(),
    announce,
    onPaint: () => app.graph && enhance(app.graph),
  });
}

function enhance(graph) {
  const format = (value) => formatNumber(value, app.state().prec);
  enhanceCircuit(app.svg(), graph, { t, quiz: Boolean(quiz), format });
}

/** A legend that tells values from gradients by position and type style, not by colour alone. */
function addLegend() {
  const frame = document.querySelector(".circuit-frame");
  if (!frame || $("circuit-legend")) return;
  const legend = el("p", { id: "circuit-legend", class: "circuit-legend" });
  legend.append(
    el("span", { class: "legend-value" }, t("classroom.legend.value")),
    el("span", { class: "legend-grad" }, t("classroom.legend.grad")),
  );
  frame.append(legend);
}

function onGraph(event) {
  const { graph } = event.detail;
  enhance(graph);
  if (!quiz) return;
  quiz.load(graph);
  showQuizCaption();
  // Every forward value on the wires; the hidden gradients wait at the end of the trace.
  if (app.player.pos !== app.player.total) app.player.seek(app.player.total);
}

function wireToolbar(showQr) {
  $("toggle-projector")?.addEventListener("click", () => setProjector(!app.state().proj, { fullscreen: true }));
  $("projector-exit")?.addEventListener("click", () => setProjector(false));
  $("toggle-theme")?.addEventListener("click", () => {
    app.update({ theme: app.state().theme === "dark" ? "light" : "dark" });
    syncButtons();
  });
  $("toggle-palette")?.addEventListener("click", () => {
    app.update({ pal: app.state().pal === "cb" ? "notes" : "cb" });
    syncButtons();
  });
  $("toggle-quiz")?.addEventListener("click", () => setQuiz(app.state().quiz ? null : "wires"));
  $("show-qr")?.addEventListener("click", () => showQr());
}

/** In an embed, the corner link opens the same circuit on the full page. */
function linkFullPage() {
  const link = $("embed-open");
  if (!link) return;
  const url = new URL(app.store.url());
  url.pathname = "/";
  url.searchParams.delete("hide");
  link.href = url.toString();
}

function boot() {
  const state = app.state();
  linkFullPage();
  addLegend();
  // The header hides in projector mode; its way out must not hide with it.
  const exit = $("projector-exit");
  if (exit) document.body.append(exit);
  if (state.quiz) startQuiz(state.quiz);
  wireToolbar(buildQrDialog());
  syncButtons();
  document.addEventListener("keydown", onKey);
  window.addEventListener("keydown", onQuizKey, true);
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && enteredFullscreen && app.state().proj) setProjector(false);
    if (!document.fullscreenElement) enteredFullscreen = false;
  });
  const circuit = $("circuit");
  if (circuit) enableTapToStep(circuit);
  bus.addEventListener("graph", onGraph);
  let pending = null;
  bus.addEventListener("step", (event) => {
    // A quiz stays at the end of the trace: stepping back would blank the wires already answered.
    if (quiz && event.detail.pos !== event.detail.total) app.player.seek(event.detail.total);
    clearTimeout(pending);
    pending = setTimeout(() => enhance(app.graph), 60);
  });
  bus.addEventListener("state", () => {
    syncButtons();
    linkFullPage();
  });
  if (app.graph) onGraph({ detail: { graph: app.graph } });
}

// Build after the language is loaded: the first "graph" or "graph-error" event follows it.
let booted = false;
const once = () => {
  if (booted) return;
  booted = true;
  boot();
};
bus.addEventListener("graph", once, { once: true });
bus.addEventListener("graph-error", once, { once: true });
if (app.graph) once();
