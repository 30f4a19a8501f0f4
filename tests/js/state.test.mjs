import assert from "node:assert/strict";
import { test } from "node:test";

import { createStore, defaultState, parseState, parseValues, serializeState, writeValues } from "../../static/js/state.js";

test("an empty query gives the contract's defaults", () => {
  const state = parseState("");
  assert.equal(state.expr, "(x+y)*z");
  assert.deepEqual(state.v, {});
  assert.equal(state.step, "end");
  assert.equal(state.sig, false);
  assert.equal(state.prec, 2);
  assert.equal(state.sel, null);
  assert.equal(state.lang, null);
  assert.equal(state.theme, "light");
  assert.equal(state.pal, "notes");
  assert.equal(state.quiz, null);
  assert.deepEqual(state.hide, []);
});

test("a full share link is read into typed values", () => {
  const state = parseState(
    "?expr=2*(x*y%2Bmax(z,w))&v=x:3,y:-4,z:2,w:-1&step=12&sig=1&prec=3&sel=x&lang=zh-CN&proj=1&theme=dark&pal=cb&quiz=wires&hide=editor,code",
  );
  assert.equal(state.expr, "2*(x*y+max(z,w))");
  assert.deepEqual(state.v, { x: 3, y: -4, z: 2, w: -1 });
  assert.equal(state.step, 12);
  assert.equal(state.sig, true);
  assert.equal(state.prec, 3);
  assert.equal(state.sel, "x");
  assert.equal(state.lang, "zh-CN");
  assert.equal(state.proj, true);
  assert.equal(state.theme, "dark");
  assert.equal(state.pal, "cb");
  assert.equal(state.quiz, "wires");
  assert.deepEqual(state.hide, ["editor", "code"]);
});

const badValues = [
  ["step", "-3"],
  ["step", "two"],
  ["sig", "yes"],
  ["prec", "99"],
  ["prec", "1.5"],
  ["sel", "1x"],
  ["lang", "fr"],
  ["theme", "neon"],
  ["pal", "rainbow"],
  ["quiz", "all"],
  ["hide", "everything"],
  ["v", "garbage"],
  ["expr", ""],
];

for (const [key, raw] of badValues) {
  test(`a bad ${key}=${JSON.stringify(raw)} falls back to the default without throwing`, () => {
    const state = parseState(`${key}=${encodeURIComponent(raw)}`);
    assert.deepEqual(state[key], defaultState()[key]);
  });
}

test("malformed query strings never throw", () => {
  for (const raw of ["%", "?&&==", "expr=%E0%A4%A", "v=x:,y:1e999,:3,z:NaN", "step=" + "9".repeat(40)]) {
    assert.doesNotThrow(() => parseState(raw));
  }
});

test("value pairs keep the good ones and drop the malformed ones", () => {
  assert.deepEqual(parseValues("x:-2,y:5,bad,z:-4,w:abc,1a:3,q:Infinity"), { x: -2, y: 5, z: -4 });
  assert.deepEqual(parseValues("x:1.5e-3"), { x: 0.0015 });
});

test("values are written back in the share-link form", () => {
  assert.equal(writeValues({ x: -2, y: 5, z: -4 }), "x:-2,y:5,z:-4");
  assert.equal(writeValues({ x: 0.1 }), "x:0.1");
});

test("serialising writes only what differs from the defaults", () => {
  assert.equal(serializeState(defaultState()), "");
  const state = { ...defaultState(), v: { x: -2 }, step: 4, prec: 3 };
  assert.equal(serializeState(state), "v=x%3A-2&step=4&prec=3");
});

test("state survives a round trip through the URL", () => {
  const state = {
    ...defaultState(),
    expr: "x = 3\ny = -4\nf = x * y",
    v: { x: 3, y: -4 },
    step: 0,
    sig: true,
    hide: ["chart"],
    lang: "zh-CN",
  };
  assert.deepEqual(parseState(serializeState(state)), state);
});

function fakeWindow(search) {
  const calls = [];
  return {
    calls,
    location: { search, pathname: "/", hash: "", origin: "http://127.0.0.1" },
    history: {
      state: null,
      replaceState: (data, title, url) => calls.push(url),
    },
  };
}

test("store edits replace the URL instead of pushing history entries", () => {
  const win = fakeWindow("?expr=x*y&v=x:1,y:2");
  const store = createStore(win);
  assert.equal(store.get().expr, "x*y");
  const changed = store.set({ step: 3, v: { x: 4, y: 2 } });
  assert.deepEqual(changed.sort(), ["step", "v"]);
  assert.equal(win.calls.length, 1);
  assert.equal(win.calls[0], "/?expr=x*y&v=x%3A4%2Cy%3A2&step=3");
});

test("store ignores bad values and unchanged values", () => {
  const win = fakeWindow("");
  const store = createStore(win);
  assert.deepEqual(store.set({ prec: 42, theme: "neon", nonsense: 1 }), []);
  assert.deepEqual(store.set({ step: "end" }), []);
  assert.equal(win.calls.length, 0);
});

test("store listeners hear which keys changed", () => {
  const store = createStore(fakeWindow(""));
  const heard = [];
  store.subscribe((state, changed) => heard.push([state.prec, changed]));
  store.set({ prec: 4 });
  assert.deepEqual(heard, [[4, ["prec"]]]);
});

test("input names are read as Python reads them: NFKC, so x₁ is x1 and ｘ is x", () => {
  assert.deepEqual({ ...parseValues("x₁:2,w₁:3,y:4") }, { x1: 2, w1: 3, y: 4 });
  assert.deepEqual({ ...parseValues("ｘ:5") }, { x: 5 });
  assert.equal(parseState("?sel=x%E2%82%81").sel, "x1");
});

test("a share link with subscripted names keeps every value", () => {
  const state = parseState("?expr=x%E2%82%81*w%E2%82%81%2By&v=x%E2%82%81:2,w%E2%82%81:3,y:4");
  assert.equal(writeValues(state.v), "x1:2,w1:3,y:4");
});

test("an input named __proto__ is a value like any other and survives another slider's move", () => {
  const win = { location: { search: "?expr=__proto__*x&v=__proto__:3,x:2", pathname: "/", hash: "" } };
  const store = createStore(win);
  assert.equal(store.get().v.__proto__, 3);
  store.set({ v: { ...store.get().v, x: 4 } });
  assert.equal(store.get().v.__proto__, 3);
  assert.equal(store.get().v.x, 4);
  assert.equal(writeValues(store.get().v), "__proto__:3,x:4");
});

test("values for names the program no longer has leave the URL in place, and nobody is told", () => {
  const win = fakeWindow("?expr=a*b%2Bc&v=x:3,y:-4,a:2");
  const store = createStore(win);
  const heard = [];
  store.subscribe((state, changed) => heard.push(changed));
  store.keepValuesFor(["a", "b", "c"]);
  assert.deepEqual(store.get().v, { a: 2 });
  assert.equal(win.calls.at(-1), "/?expr=a*b%2Bc&v=a%3A2");
  assert.deepEqual(heard, []);
  store.keepValuesFor(["a"]);
  assert.equal(win.calls.length, 1, "nothing to drop, nothing written");
});
