// Page state <-> URL. The only module that reads or writes the address bar.
// Each property is one row: its key, how to parse it, how to write it, and its default.
// A bad value falls back to the default; nothing here throws on user input.

import { DEFAULT_PRECISION, MAX_PRECISION } from "./shared/format.js";

// A name as Python spells one (θ and α included), or a list element such as w[0] (the notes'
// `w = [2,-3,-3]` makes inputs w[0], w[1], ...). Names are NFKC-normalised first, as Python and the
// server read them: `ｘ` is `x` and `x₁` is `x1`.
const NAME = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(\[\d+\])?$/u;

/** The name as Python reads it (NFKC), or undefined when it is not one. */
export function inputName(raw) {
  const normal = String(raw).normalize("NFKC");
  return NAME.test(normal) && raw.length <= 64 ? normal : undefined;
}
export const HIDEABLE = ["editor", "code", "narration", "controls", "inputs", "chart", "sigma", "export", "legend", "nudge", "view"];
// The engine's limit on a program's length (engine/errors.py Limits.max_source_chars).
export const MAX_EXPR_CHARS = 20000;

const text = (maxLength) => ({
  parse: (raw) => (raw.length > 0 && raw.length <= maxLength ? raw : undefined),
  write: (value) => value,
});

const oneOf = (...choices) => ({
  parse: (raw) => (choices.includes(raw) ? raw : undefined),
  write: (value) => value,
});

const flag = {
  parse: (raw) => (raw === "1" ? true : raw === "0" ? false : undefined),
  write: (value) => (value ? "1" : "0"),
};

const integer = (min, max) => ({
  parse: (raw) => {
    if (!/^\d{1,3}$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= min && n <= max ? n : undefined;
  },
  write: (value) => String(value),
});

// numpy's RandomState takes seeds 0 … 2³²−1 (app/urlstate.py MAX_SEED).
export const MAX_SEED = 4294967295;
const seed = {
  parse: (raw) => (/^\d{1,10}$/.test(raw) && Number(raw) <= MAX_SEED ? Number(raw) : undefined),
  write: (value) => String(value),
};

const step = {
  parse: (raw) => (raw === "end" ? "end" : /^\d{1,7}$/.test(raw) ? Number(raw) : undefined),
  write: (value) => String(value),
};

// Which groups are drawn as one gate: "auto" (collapsed when the circuit is big), "all", "none", or a list
// of the collapsed ones, each named by its output's name (`h1`), `~2` (the second group without a name) or,
// in links written before names, an output node id (circuit/groupnames.js reads them). One bad entry and the
// whole list falls back to "auto" (app/urlstate.py reads it alike).
export const GROUP_WORDS = ["auto", "all", "none"];
export const MAX_GROUPS_LISTED = 500;
const groupEntry = (entry) => (/^([0-9]{1,6}|~[0-9]{1,4})$/.test(entry) ? entry : inputName(entry));
const groups = {
  parse: (raw) => {
    if (GROUP_WORDS.includes(raw)) return raw;
    const entries = raw.split(",");
    if (entries.length > MAX_GROUPS_LISTED) return undefined;
    const read = entries.map(groupEntry);
    return read.includes(undefined) ? undefined : read.join(",");
  },
  write: (value) => value,
};

const name = {
  parse: (raw) => inputName(raw),
  write: (value) => value,
};

/**
 * `x:-2,y:5` -> {x: -2, y: 5}; malformed pairs are skipped, not fatal. Each value is defined as an own
 * property, so an input named `__proto__` is a value like any other (assignment would set the prototype).
 */
export function parseValues(raw) {
  const values = {};
  for (const pair of String(raw).split(",")) {
    const at = pair.indexOf(":");
    if (at < 1) continue;
    const key = inputName(pair.slice(0, at).trim());
    const number = pair.slice(at + 1).trim();
    if (key === undefined || number === "" || !/^[-+0-9.eE]+$/.test(number)) continue;
    const value = Number(number);
    if (Number.isFinite(value)) {
      Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return values;
}

/** {x: -2, y: 5} -> `x:-2,y:5` (shortest exact decimal for each number). */
export function writeValues(values) {
  return Object.entries(values)
    .filter(([key, value]) => inputName(key) !== undefined && Number.isFinite(value))
    .map(([key, value]) => `${key}:${String(value)}`)
    .join(",");
}

/** Only the values of `names` (the program's inputs): a value for a name the program no longer has is dropped. */
export function valuesFor(values, names) {
  const keep = new Set(names);
  const kept = {};
  for (const [key, value] of Object.entries(values || {})) {
    if (keep.has(key)) Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return kept;
}

const values = {
  parse: (raw) => {
    const parsed = parseValues(raw);
    return Object.keys(parsed).length ? parsed : undefined;
  },
  write: writeValues,
};

const hideList = {
  parse: (raw) => {
    const parts = raw.split(",").filter((part) => HIDEABLE.includes(part));
    return parts.length ? [...new Set(parts)] : undefined;
  },
  write: (value) => value.join(","),
};

/** The table: key -> codec and default. Defaults follow docs/contract.md. */
export const PROPERTIES = [
  { key: "expr", codec: text(MAX_EXPR_CHARS), default: "(x+y)*z" },
  { key: "v", codec: values, default: {} },
  { key: "step", codec: step, default: "end" },
  { key: "sig", codec: flag, default: false },
  { key: "seed", codec: seed, default: 0 },
  { key: "prec", codec: integer(0, MAX_PRECISION), default: DEFAULT_PRECISION },
  { key: "sel", codec: name, default: null },
  { key: "lang", codec: oneOf("en", "zh-CN"), default: null },
  { key: "proj", codec: flag, default: false },
  { key: "theme", codec: oneOf("light", "dark"), default: "light" },
  { key: "pal", codec: oneOf("notes", "cb"), default: "notes" },
  { key: "quiz", codec: oneOf("wires", "inputs", "values"), default: null },
  { key: "hide", codec: hideList, default: [] },
  { key: "thick", codec: flag, default: false },
  { key: "grp", codec: groups, default: "auto" },
];

const BY_KEY = Object.fromEntries(PROPERTIES.map((row) => [row.key, row]));

function copyDefault(value) {
  if (Array.isArray(value)) return [...value];
  if (value && typeof value === "object") return { ...value };
  return value;
}

/** Every property at its default. */
export function defaultState() {
  return Object.fromEntries(PROPERTIES.map((row) => [row.key, copyDefault(row.default)]));
}

/** Parse a query string (with or without "?") into a full state object. */
export function parseState(search) {
  const state = defaultState();
  let params;
  try {
    params = new URLSearchParams(search || "");
  } catch {
    return state;
  }
  for (const row of PROPERTIES) {
    const raw = params.get(row.key);
    if (raw === null) continue;
    let parsed;
    try {
      parsed = row.codec.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) state[row.key] = parsed;
  }
  return state;
}

function isDefault(row, value) {
  const fallback = row.default;
  if (value === null || value === undefined) return true;
  if (Array.isArray(fallback)) return Array.isArray(value) && value.length === 0;
  if (fallback && typeof fallback === "object") return Object.keys(value).length === 0;
  return value === fallback;
}

/** Query string (without "?") holding only the properties that differ from their defaults. */
export function serializeState(state) {
  const params = new URLSearchParams();
  for (const row of PROPERTIES) {
    const value = state[row.key];
    if (isDefault(row, value)) continue;
    const written = row.codec.write(value);
    if (written !== "") params.set(row.key, written);
  }
  return params.toString();
}

/** Validate one property value as if it came from the URL; unknown keys and bad values are ignored. */
export function coerce(key, value) {
  const row = BY_KEY[key];
  if (!row) return undefined;
  if (isDefault(row, value)) return copyDefault(row.default);
  try {
    const raw = typeof value === "string" && key !== "expr" ? value : row.codec.write(value);
    const parsed = row.codec.parse(String(raw));
    return parsed === undefined ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/** The keys whose values differ between two states. */
function changedKeys(before, after) {
  return PROPERTIES.map((row) => row.key).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/**
 * A store bound to the browser location: read once, then each set() rewrites the URL and notifies listeners.
 * Most changes replace the current history entry (typing and sliders must not flood the back button); after
 * checkpoint(), the next change gets an entry of its own, so Back returns to the state before it. Back and
 * Forward (popstate) bring their entry's state back and notify listeners as a set() would.
 */
export function createStore(win = globalThis.window) {
  let state = parseState(win?.location?.search || "");
  let pushNext = false;
  const listeners = new Set();
  const notify = (changed) => {
    for (const listener of listeners) listener(state, changed);
  };
  const write = ({ replace = false } = {}) => {
    if (!win?.history?.replaceState) return;
    const query = serializeState(state);
    const url = `${win.location.pathname}${query ? `?${query}` : ""}${win.location.hash || ""}`;
    if (pushNext && !replace) win.history.pushState(null, "", url);
    else win.history.replaceState(win.history.state, "", url);
    if (!replace) pushNext = false;
  };
  win?.addEventListener?.("popstate", () => {
    const next = parseState(win.location.search || "");
    const changed = changedKeys(state, next);
    state = next;
    pushNext = false;
    if (changed.length) notify(changed);
  });
  return {
    get: () => ({ ...state }),
    set(patch) {
      const changed = [];
      const next = { ...state };
      for (const [key, value] of Object.entries(patch || {})) {
        const valid = coerce(key, value);
        if (valid === undefined) continue;
        if (JSON.stringify(valid) === JSON.stringify(state[key])) continue;
        next[key] = valid;
        changed.push(key);
      }
      if (!changed.length) {
        pushNext = false; // a checkpoint belongs to the change right after it, not to a later one
        return [];
      }
      state = next;
      write();
      notify(changed);
      return changed;
    },
    /**
     * Drops the values of names the program no longer has (typing `a*b+c` over `(x+y)*z` forgets x:3). The
     * circuit on screen was computed without them, so nothing is redrawn: only the URL follows, in place.
     */
    keepValuesFor(names) {
      const kept = valuesFor(state.v, names);
      if (Object.keys(kept).length === Object.keys(state.v).length) return;
      state = { ...state, v: kept };
      write({ replace: true });
    },
    /** The next change that alters the state starts a new history entry (a deliberate action). */
    checkpoint() {
      pushNext = true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    url: () => {
      const query = serializeState(state);
      return `${win?.location?.origin || ""}${win?.location?.pathname || "/"}${query ? `?${query}` : ""}`;
    },
  };
}
