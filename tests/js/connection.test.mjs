import assert from "node:assert/strict";
import { test } from "node:test";

import { watchConnection } from "../../static/js/connection.js";

function fakeElement() {
  const classes = new Set();
  return {
    style: {},
    attributes: {},
    hidden: false,
    textContent: "",
    classList: { toggle: (name, on) => (on ? classes.add(name) : classes.delete(name)), has: (n) => classes.has(n) },
    setAttribute(name, value) {
      this.attributes[name] = value;
    },
  };
}

function fakeDocument() {
  const byId = { connection: fakeElement() };
  return {
    hidden: false,
    body: {
      dataset: {},
      prepend(element) {
        byId[element.id] = element;
      },
    },
    getElementById: (id) => byId[id] ?? null,
    createElement: () => fakeElement(),
  };
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// The health probe as api.probeHealth answers it: true while the server is there.
const answering = (ok) => async () => ok.value;

test("a failed request marks the connection lost and says so plainly", () => {
  const doc = fakeDocument();
  const watch = watchConnection({ doc, probe: answering({ value: false }), okInterval: 60000 });
  watch.reportFailure();
  const banner = doc.getElementById("connection");
  assert.equal(doc.body.dataset.connection, "lost");
  assert.equal(banner.hidden, false);
  assert.match(banner.textContent, /server/i);
  assert.equal(banner.attributes.role, "status");
  watch.stop();
});

test("the health poll notices the server coming back and asks for the current state once", async () => {
  const doc = fakeDocument();
  const server = { value: false };
  let retries = 0;
  const watch = watchConnection({
    doc,
    probe: answering(server),
    onBack: () => retries++,
    okInterval: 60000,
    lostInterval: 5,
  });
  watch.reportFailure();
  await wait(30);
  assert.equal(watch.state, "lost");
  server.value = true;
  await wait(40);
  assert.equal(watch.state, "ok");
  assert.equal(doc.body.dataset.connection, "ok");
  assert.equal(retries, 1);
  watch.stop();
});

test("the health poll notices a lost server without any request from the page", async () => {
  const doc = fakeDocument();
  const watch = watchConnection({ doc, probe: answering({ value: false }), okInterval: 5, lostInterval: 5 });
  await wait(40);
  assert.equal(watch.state, "lost");
  watch.stop();
});

test("a request that succeeds by itself restores the state without a retry", () => {
  const doc = fakeDocument();
  let retries = 0;
  const watch = watchConnection({ doc, probe: answering({ value: true }), onBack: () => retries++ });
  watch.reportFailure();
  watch.reportSuccess();
  assert.equal(watch.state, "ok");
  assert.equal(retries, 0);
  watch.stop();
});
