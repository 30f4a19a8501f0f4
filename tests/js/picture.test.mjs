// A big drawing moves as one picture while the view moves, and takes the transform itself when it stops.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createPicture, FAR_SCALE, PICTURE_ITEMS, pictureTransform } from "../../static/js/circuit/picture.js";

function fakeSvg() {
  const classes = new Set();
  const classList = {
    contains: (name) => classes.has(name),
    add: (name) => classes.add(name),
    remove: (name) => classes.delete(name),
    toggle: (name, on) => (on ? classes.add(name) : classes.delete(name)),
  };
  return { classes, classList, style: { transform: "" } };
}

function fakeViewport() {
  return { transform: null, setAttribute(name, value) { this[name] = value; } };
}

const at = (k, x, y) => ({ k, x, y, toString: () => `translate(${x},${y}) scale(${k})` });

test("the picture's transform shows the drawing painted at one transform as if at another", () => {
  // Painted at scale 2 shifted (10, 20), wanted at scale 4 shifted (30, -10): the picture doubles and moves.
  assert.equal(pictureTransform(at(2, 10, 20), at(4, 30, -10)), "translate(10px, -50px) scale(2)");
  assert.equal(pictureTransform(at(1, 5, 5), at(1, 5, 5)), "translate(0px, 0px) scale(1)");
});

test("a small drawing takes every transform directly and never moves as a picture", () => {
  const svg = fakeSvg();
  const viewport = fakeViewport();
  const picture = createPicture(svg, viewport);
  picture.drawn(PICTURE_ITEMS);
  picture.move(at(0.1, 3, 4));
  assert.equal(viewport.transform, "translate(3,4) scale(0.1)");
  assert.equal(svg.style.transform, "");
  assert.deepEqual([...svg.classes], []); // not big, and its texts stay however far it is zoomed out
});

test("a big drawing moves as a picture and takes the last transform when the movement ends", () => {
  const svg = fakeSvg();
  const viewport = fakeViewport();
  const picture = createPicture(svg, viewport);
  picture.drawn(PICTURE_ITEMS + 1);
  picture.move(at(1, 0, 0));
  picture.settle();
  assert.equal(viewport.transform, "translate(0,0) scale(1)");
  picture.move(at(2, 10, 0));
  picture.move(at(3, 20, 0));
  assert.equal(viewport.transform, "translate(0,0) scale(1)"); // the SVG keeps what it painted
  assert.equal(svg.style.transform, "translate(20px, 0px) scale(3)");
  assert.ok(svg.classes.has("is-moving"));
  picture.settle();
  assert.equal(viewport.transform, "translate(20,0) scale(3)");
  assert.equal(svg.style.transform, "");
  assert.ok(!svg.classes.has("is-moving") && svg.classes.has("is-big"));
});

test("a big drawing zoomed out below legible text leaves its texts out, and brings them back zoomed in", () => {
  const svg = fakeSvg();
  const picture = createPicture(svg, fakeViewport());
  picture.drawn(PICTURE_ITEMS + 1);
  picture.move(at(FAR_SCALE / 2, 0, 0));
  assert.ok(!svg.classes.has("is-far")); // decided when the movement ends, not in the middle of it
  picture.settle();
  assert.ok(svg.classes.has("is-far"));
  picture.move(at(FAR_SCALE, 0, 0));
  picture.settle();
  assert.ok(!svg.classes.has("is-far"));
});

test("a new drawing ends a movement in progress", () => {
  const svg = fakeSvg();
  const viewport = fakeViewport();
  const picture = createPicture(svg, viewport);
  picture.drawn(PICTURE_ITEMS + 1);
  picture.move(at(2, 1, 1));
  picture.drawn(10);
  assert.equal(svg.style.transform, "");
  assert.equal(viewport.transform, "translate(1,1) scale(2)");
  assert.ok(!svg.classes.has("is-moving") && !svg.classes.has("is-big"));
});

test("a point is near the view when on screen or within half a view of it", async () => {
  const { nearView } = await import("../../static/js/circuit/picture.js");
  const view = at(2, -200, -100); // the drawing's (100, 50) to (300, 150) is on a 400 x 200 screen
  const box = { width: 400, height: 200 };
  assert.ok(nearView({ x: 200, y: 100 }, view, box));
  assert.ok(nearView({ x: 0, y: 0 }, view, box)); // half a view to the left and above
  assert.ok(!nearView({ x: -1, y: 100 }, view, box));
  assert.ok(!nearView({ x: 200, y: 201 }, view, box));
});

test("a big drawing lays out the numbers of the wires near the view only, and the others when it comes near", () => {
  const svg = fakeSvg();
  const group = () => ({ ...fakeSvg(), get off() { return this.classes.has("is-off"); } });
  const wires = [{ group: group(), point: { x: 10, y: 10 } }, { group: group(), point: { x: 10, y: 5000 } }];
  const picture = createPicture(svg, fakeViewport(), () => ({ width: 800, height: 600 }));
  picture.drawn(PICTURE_ITEMS + 1, wires);
  picture.move(at(1, 0, 0));
  picture.settle();
  assert.deepEqual(wires.map((wire) => wire.group.off), [false, true]);
  picture.move(at(1, 0, -4800));
  picture.settle();
  assert.deepEqual(wires.map((wire) => wire.group.off), [true, false]);
});

test("a small drawing always lays out every number", () => {
  const wire = { group: fakeSvg(), point: { x: 10, y: 5000 } };
  const picture = createPicture(fakeSvg(), fakeViewport(), () => ({ width: 800, height: 600 }));
  picture.drawn(10, [wire]);
  picture.move(at(1, 0, 0));
  assert.ok(!wire.group.classes.has("is-off"));
});
