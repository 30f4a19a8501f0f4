// The player's buttons, timeline, speed menu, view buttons, gate search and keyboard
// (→ ← space Home End, B: skip to the backward pass, G: collapse or expand the groups, /: jump to a gate).

import { SPEEDS } from "./animate.js";

const EDITABLE = /^(INPUT|TEXTAREA|SELECT)$/;

function keyHandler(player, { skipToBackward, focusSearch, toggleGroups }) {
  const actions = {
    b: skipToBackward,
    B: skipToBackward,
    g: toggleGroups,
    G: toggleGroups,
    "/": focusSearch,
    ArrowRight: () => player.stepForward(),
    ArrowLeft: () => player.stepBack(),
    " ": () => player.toggle(),
    Home: () => {
      player.pause();
      player.seek(0);
    },
    End: () => {
      player.pause();
      player.seek(player.total);
    },
  };
  return (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (EDITABLE.test(target.tagName) || target.isContentEditable)) return;
    if (event.key === " " && target?.tagName === "BUTTON") return; // the button's own click handles it
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
}

/**
 * Wire the controls to `player` and the view: fit(options) fits the drawing in its box (options.minScale 0
 * shows all of it), zoomBy(k) zooms. Returns {sync()} to redraw the controls. `root` holds the controls and
 * `keys` hears the keyboard: the page's document on the page; a notebook widget keeps both to itself, so two
 * circuits in one notebook each drive their own player and the notebook keeps its keys.
 */
export function createControls(options) {
  const { player, fit, zoomBy, t, skipToBackward, jumpTo, toggleGroups = () => {}, root = document, keys = document } = options;
  const $ = (id) => root.querySelector(`#${id}`);
  $("play").addEventListener("click", () => player.toggle());
  $("step-back").addEventListener("click", () => player.stepBack());
  $("step-forward").addEventListener("click", () => player.stepForward());
  $("restart").addEventListener("click", () => player.restart());
  $("timeline").addEventListener("input", (event) => {
    player.pause();
    player.seek(Number(event.target.value));
  });
  const speed = $("speed");
  speed.replaceChildren(
    ...SPEEDS.map((value) => new Option(`${value}\u00d7`, String(value), value === 1, value === player.speed)),
  );
  speed.addEventListener("change", (event) => player.setSpeed(Number(event.target.value)));
  $("fit")?.addEventListener("click", () => fit({ minScale: 0, duration: 250 }));
  $("zoom-in")?.addEventListener("click", () => zoomBy(1.25));
  $("zoom-out")?.addEventListener("click", () => zoomBy(0.8));
  $("skip-backward")?.addEventListener("click", skipToBackward);
  $("groups-toggle")?.addEventListener("click", toggleGroups);
  const search = $("gate-search");
  const focusSearch = () => search?.focus();
  search?.addEventListener("keydown", (event) => {
    event.stopPropagation(); // typing a name is not a player key
    if (event.key === "Escape") search.blur();
    if (event.key !== "Enter") return;
    event.preventDefault();
    const found = jumpTo(search.value);
    search.setAttribute("aria-invalid", String(!found && search.value.trim() !== ""));
    search.title = found || !search.value.trim() ? t("view.search") : t("view.search_missing", { name: search.value });
  });
  search?.addEventListener("change", () => search.value.trim() && jumpTo(search.value) && search.removeAttribute("aria-invalid"));
  keys.addEventListener("keydown", keyHandler(player, { skipToBackward, focusSearch, toggleGroups }));
  // Refit when the drawing's box changes size: a window resize, or panels hidden (projector mode, embeds).
  let resizeTimer = null;
  let lastSize = "";
  const refit = () => {
    const box = $("circuit")?.getBoundingClientRect();
    const size = box ? `${Math.round(box.width)}x${Math.round(box.height)}` : "";
    if (size === lastSize) return;
    const first = lastSize === "";
    lastSize = size;
    if (first) return;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => fit(), 120);
  };
  if (globalThis.ResizeObserver && $("circuit")) new ResizeObserver(refit).observe($("circuit"));
  else window.addEventListener("resize", refit);

  return {
    /** Offer the drawn circuit's named wires in the search box's list. */
    setNames(names) {
      $("gate-names")?.replaceChildren(...names.map((name) => new Option(name)));
    },
    /** The groups button: hidden without groups; says what a press does (collapse while any is open). */
    setGroups({ count, anyExpanded }) {
      const button = $("groups-toggle");
      if (!button) return;
      button.hidden = count === 0;
      button.textContent = t(anyExpanded ? "view.groups_collapse" : "view.groups_expand");
      button.setAttribute("aria-pressed", String(!anyExpanded));
    },
    sync() {
      const timeline = $("timeline");
      timeline.max = String(player.total);
      timeline.value = String(player.pos);
      $("step-label").textContent = t("step.label", { k: player.pos, n: player.total });
      const play = $("play");
      const label = player.playing ? t("player.pause") : t("player.play");
      play.setAttribute("aria-label", label);
      play.title = label;
      play.dataset.playing = String(player.playing);
      $("step-back").disabled = player.pos <= 0;
      $("step-forward").disabled = player.pos >= player.total;
      const skip = $("skip-backward");
      if (skip) skip.disabled = player.total === 0;
    },
  };
}
