// Watches the link to the server. When it is lost the page says so plainly and keeps the last circuit on
// screen; a small health poll notices by itself when the server is back, so a restart mid-lecture needs
// no reload (all state lives in the URL, so nothing is lost).

import { has, t } from "./i18n.js";

const OK_INTERVAL_MS = 10000;
const LOST_INTERVAL_MS = 1000;
const BACK_NOTICE_MS = 2500;

// Used only while the message catalogue lacks the keys (or could not be loaded: the server is gone).
const FALLBACK = {
  "connection.lost": "Lost the connection to the server. The circuit on screen is the last one computed; reconnecting…",
  "connection.back": "Connected to the server again.",
};

function message(key) {
  return has(key) ? t(key) : FALLBACK[key];
}

/** The banner the page template holds, made a live region; hidden until the link changes. */
function prepareBanner(doc) {
  const banner = doc.getElementById("connection");
  banner.setAttribute("role", "status");
  banner.setAttribute("aria-live", "assertive");
  banner.hidden = true;
  return banner;
}

/**
 * Starts watching; `probe()` resolves true while the server answers (api.probeHealth).
 * Returns {reportFailure, reportSuccess, stop, state}. `onBack` runs once each time the health
 * poll finds the server again after it was lost (main.js re-requests the current state there); a request that
 * succeeds by itself (reportSuccess) needs no retry.
 */
export function watchConnection({
  doc = globalThis.document,
  probe,
  onBack,
  okInterval = OK_INTERVAL_MS,
  lostInterval = LOST_INTERVAL_MS,
} = {}) {
  const banner = prepareBanner(doc);
  let state = "ok";
  let timer = null;
  let hideTimer = null;
  let stopped = false;
  doc.body.dataset.connection = state;

  function show(text, lost) {
    clearTimeout(hideTimer);
    banner.textContent = text;
    banner.classList.toggle("lost", lost);
    banner.hidden = false;
  }

  function markLost() {
    if (state === "lost") return;
    state = "lost";
    doc.body.dataset.connection = state;
    show(message("connection.lost"), true);
    schedule();
  }

  function markOk(retry) {
    if (state === "ok") return;
    state = "ok";
    doc.body.dataset.connection = state;
    show(message("connection.back"), false);
    hideTimer = setTimeout(() => (banner.hidden = true), BACK_NOTICE_MS);
    schedule();
    if (retry && onBack) onBack();
  }

  async function tick() {
    if (state === "ok" && doc.hidden) return schedule();
    if (await probe()) markOk(true);
    else markLost();
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(tick, state === "ok" ? okInterval : lostInterval);
  }

  const onOnline = () => tick();
  globalThis.addEventListener?.("offline", markLost);
  globalThis.addEventListener?.("online", onOnline);
  schedule();
  return {
    reportFailure: markLost,
    reportSuccess: () => markOk(false),
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(hideTimer);
      globalThis.removeEventListener?.("offline", markLost);
      globalThis.removeEventListener?.("online", onOnline);
    },
    get state() {
      return state;
    },
  };
}
