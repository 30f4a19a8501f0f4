// The player replays the server's steps: play, pause, step, seek. frameAt() says what is known at a position.
// Position k means "the first k steps have happened": 0 is before the forward pass, steps.length is the end.

/** What the circuit shows after the first `pos` steps. */
export function frameAt(graph, pos) {
  const steps = graph.steps || [];
  const total = steps.length;
  const at = Math.max(0, Math.min(total, Number.isFinite(pos) ? Math.round(pos) : total));
  const computed = new Set(graph.nodes.filter((node) => node.kind !== "gate").map((node) => node.id));
  const edgeGrads = new Map();
  const totals = new Map();
  let seeded = false;
  if (at >= total) {
    // The end is the evaluated circuit itself, even if the trace was shortened.
    for (const node of graph.nodes) computed.add(node.id);
    for (const edge of graph.edges) edgeGrads.set(edge.id, edge.gradient);
    for (const node of graph.nodes) if (node.id !== graph.output) totals.set(node.id, node.gradient);
    seeded = true;
  } else {
    for (let i = 0; i < at; i += 1) {
      const step = steps[i];
      if (step.phase === "forward") computed.add(step.node);
      else if (step.phase === "seed") seeded = true;
      else if (step.phase === "backward") {
        edgeGrads.set(step.edge, step.product);
        totals.set(step.input, step.total);
      }
    }
  }
  return { pos: at, total, step: at > 0 ? steps[at - 1] : null, computed, edgeGrads, totals, seeded, done: at >= total };
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4];
const BASE_DELAY_MS = 900;

/** A small player over `total` positions. Emits "change" events: detail {pos, total, playing, reason}. */
export class Player extends EventTarget {
  constructor({ total = 0, pos = 0, speed = 1, timers = globalThis } = {}) {
    super();
    this.total = total;
    this.pos = Math.max(0, Math.min(total, pos));
    this.speed = SPEEDS.includes(speed) ? speed : 1;
    this.playing = false;
    this.timer = null;
    this.timers = timers;
  }

  emit(reason) {
    this.dispatchEvent(
      new CustomEvent("change", { detail: { pos: this.pos, total: this.total, playing: this.playing, reason } }),
    );
  }

  /** Replace the trace length (a new circuit) and move to `pos` without playing. */
  load(total, pos = total) {
    this.stopTimer();
    this.playing = false;
    this.total = Math.max(0, total);
    this.pos = Math.max(0, Math.min(this.total, pos));
    this.emit("load");
  }

  seek(pos, reason = "seek") {
    const next = Math.max(0, Math.min(this.total, Math.round(Number(pos) || 0)));
    if (next === this.pos && reason !== "restart") return;
    this.pos = next;
    if (this.pos >= this.total) this.pause();
    this.emit(reason);
  }

  stepForward() {
    this.pause();
    this.seek(this.pos + 1, "step");
  }

  stepBack() {
    this.pause();
    this.seek(this.pos - 1, "step");
  }

  play() {
    if (this.playing || this.total === 0) return;
    if (this.pos >= this.total) this.pos = 0;
    this.playing = true;
    this.emit("play");
    this.schedule();
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    this.stopTimer();
    this.emit("pause");
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  restart() {
    this.pause();
    this.seek(0, "restart");
    this.play();
  }

  setSpeed(speed) {
    const value = Number(speed);
    if (!SPEEDS.includes(value)) return;
    this.speed = value;
    if (this.playing) {
      this.stopTimer();
      this.schedule();
    }
    this.emit("speed");
  }

  schedule() {
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      if (!this.playing) return;
      this.seek(this.pos + 1, "tick");
      if (this.playing && this.pos < this.total) this.schedule();
      else this.pause();
    }, BASE_DELAY_MS / this.speed);
  }

  stopTimer() {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
