// Classroom tools on the page's bus: projector mode, themes and palettes, clicker and touch stepping,
// join-by-QR and quiz mode. URL state goes through the store (state.js owns the address bar); the quiz's
// marks on the drawing go through the circuit view's paint call.
import { el } from "../shared/dom.js";
import { formatNumber } from "../shared/format.js";
import { Quiz } from "./quiz.js";
import { quizPosition } from "./quizmath.js";

const TYPING = /^(INPUT|TEXTAREA|SELECT)$/;
const TAP_MAX_MS = 350;
const TAP_MAX_MOVE = 10;

const $ = (id) => document.getElementById(id);

function press(id) {
  const button = $(id);
  if (button && !button.disabled) button.click();
}

function announce(text) {
  const live = $("classroom-live");
  if (live) live.textContent = text;
}

/** Whether a link points at this computer only (no phone in the room can open it). */
export function isLoopback(link) {
  let host;
  try {
    host = new URL(link).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || host.startsWith("127.") || host.endsWith(".localhost");
}

/** A short, still, one-finger tap on the drawing steps: the left quarter back, elsewhere forward. */
export function enableTapToStep(container, { isNode }) {
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
    if (isNode(event.target) || event.target.closest?.("button, a, input")) return;
    const box = container.getBoundingClientRect();
    press(event.clientX - box.left < box.width / 4 ? "step-back" : "step-forward");
  };
  container.addEventListener("pointerup", finish);
  container.addEventListener("pointercancel", finish);
}

/** Mount the classroom tools; ctx = {store, bus, player, t, errorText, api, circuit}. */
export function mountClassroom({ store, bus, player, t, errorText, api, circuit }) {
  const root = document.documentElement;
  let enteredFullscreen = false;
  let quiz = null;

  /** Projector mode on or off; full screen only from a user gesture (a key press or a click). */
  function setProjector(on, { fullscreen = false } = {}) {
    store.set({ proj: on });
    if (on && fullscreen && !document.fullscreenElement && root.requestFullscreen) {
      enteredFullscreen = true;
      root.requestFullscreen().catch(() => {
        enteredFullscreen = false;
      });
    }
    if (!on && document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    syncButtons();
    // The circuit box changes size without a window resize when the chrome hides or shows.
    requestAnimationFrame(() => circuit.fit({ duration: 250 }));
  }

  function setQuiz(mode) {
    store.set({ quiz: mode });
    window.location.assign(store.url());
  }

  function syncButtons() {
    const state = store.get();
    const pressed = { "toggle-projector": state.proj, "toggle-theme": state.theme === "dark" };
    pressed["toggle-palette"] = state.pal === "cb";
    pressed["toggle-quiz"] = Boolean(state.quiz);
    for (const [id, on] of Object.entries(pressed)) $(id)?.setAttribute("aria-pressed", String(Boolean(on)));
    const precision = $("choose-prec");
    if (precision) precision.value = String(state.prec);
    const thickness = $("toggle-thickness");
    if (thickness) thickness.checked = Boolean(state.thick);
  }

  /** P: projector; Q: the QR code; PageDown/PageUp (presentation clickers): step; Escape: leave projector mode. */
  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target && (TYPING.test(event.target.tagName) || event.target.isContentEditable)) return;
    const projecting = Boolean(store.get().proj);
    if (event.key === "p" || event.key === "P") setProjector(!projecting, { fullscreen: !projecting });
    else if ((event.key === "q" || event.key === "Q") && !$("qr-dialog")?.open) showQr();
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
    if (!quiz || !store.get().proj || event.altKey || event.ctrlKey || event.metaKey) return;
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
    const said = done ? quiz.explain.textContent : t(`quiz.projector_prompt.${quiz.mode}`);
    caption.textContent = `${said} (${done} / ${total})`;
  }

  /** The join-by-QR dialog (in the page's header template): the server draws the share link's code. */
  function wireQrDialog() {
    const dialog = $("qr-dialog");
    if (!dialog) return () => {};
    const figure = $("qr-code");
    const link = $("qr-link");
    $("qr-close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("click", (event) => event.target === dialog && dialog.close());
    return async () => {
      dialog.showModal();
      figure.replaceChildren(el("p", {}, t("classroom.qr.loading")));
      const result = await api.fetchQr(new URL(store.url()).search);
      if (result.error) {
        figure.replaceChildren(el("p", { class: "qr-error" }, t("classroom.qr.error", { message: errorText(result.error) })));
        return;
      }
      const svg = new DOMParser().parseFromString(result.svg, "image/svg+xml").documentElement;
      svg.setAttribute("aria-hidden", "true");
      figure.replaceChildren(document.importNode(svg, true));
      link.href = result.link;
      link.textContent = result.link;
      $("qr-warning").hidden = !isLoopback(result.link);
    };
  }

  function startQuiz(mode) {
    root.dataset.quiz = mode;
    quiz = new Quiz($("quiz-host"), {
      mode,
      t,
      format: (value) => formatNumber(value, store.get().prec),
      prec: () => store.get().prec,
      shareUrl: () => store.url(),
      announce,
      onPaint: (marks) => circuit.setMarks({ quiz: marks }),
      onMode: (next) => setQuiz(next),
    });
  }

  function wireToolbar(showQr) {
    $("toggle-projector")?.addEventListener("click", () => setProjector(!store.get().proj, { fullscreen: true }));
    $("projector-exit")?.addEventListener("click", () => setProjector(false));
    $("toggle-theme")?.addEventListener("click", () => {
      store.set({ theme: store.get().theme === "dark" ? "light" : "dark" });
      syncButtons();
    });
    $("toggle-palette")?.addEventListener("click", () => {
      store.set({ pal: store.get().pal === "cb" ? "notes" : "cb" });
      syncButtons();
    });
    $("toggle-quiz")?.addEventListener("click", () => setQuiz(store.get().quiz ? null : "wires"));
    $("show-qr")?.addEventListener("click", () => showQr());
    // The page's words are written by the server in its language, so a new language loads the page again.
    $("choose-lang")?.addEventListener("change", (event) => {
      store.set({ lang: event.target.value });
      window.location.assign(store.url());
    });
    $("choose-prec")?.addEventListener("change", (event) => store.set({ prec: Number(event.target.value) }));
    $("toggle-thickness")?.addEventListener("change", (event) => store.set({ thick: event.target.checked }));
  }

  /** In an embed, the corner link opens the same circuit on the full page. */
  function linkFullPage() {
    const link = $("embed-open");
    if (!link) return;
    const url = new URL(store.url());
    url.pathname = "/";
    url.searchParams.delete("hide");
    link.href = url.toString();
  }

  const state = store.get();
  if (state.thick) circuit.setMarks({ thickness: true });
  linkFullPage();
  if (state.quiz) startQuiz(state.quiz);
  const showQr = wireQrDialog();
  wireToolbar(showQr);
  syncButtons();
  document.addEventListener("keydown", onKey);
  window.addEventListener("keydown", onQuizKey, true);
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && enteredFullscreen && store.get().proj) setProjector(false);
    if (!document.fullscreenElement) enteredFullscreen = false;
  });
  enableTapToStep($("circuit"), { isNode: circuit.isNode });
  // A quiz holds the player where it asks (quizPosition): a gradient quiz at the end of the trace, with every
  // forward value on the wires; a values quiz at the end of the forward pass, before any gradient. Stepping
  // away would blank the wires already answered.
  const hold = () => {
    const at = quizPosition(circuit.graph, quiz.mode);
    if (player.pos !== at) player.seek(at);
  };
  bus.addEventListener("graph", (event) => {
    if (!quiz) return;
    quiz.load(event.detail.graph);
    showQuizCaption();
    hold();
  });
  bus.addEventListener("step", () => {
    if (quiz) hold();
  });
  bus.addEventListener("state", (event) => {
    syncButtons();
    linkFullPage();
    if (event.detail.changed.includes("thick")) circuit.setMarks({ thickness: store.get().thick });
  });
}
