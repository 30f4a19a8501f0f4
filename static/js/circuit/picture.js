// While the view moves (a drag, the wheel, a transition), a big drawing moves as one picture: the browser
// shifts and scales what it has already painted, instead of laying out and painting thousands of elements in
// every frame (SVG text is even laid out again at each new scale). When the movement ends, the drawing takes
// the transform itself and is painted sharp once. Small drawings take every transform directly, as before.
// A big drawing also lays out only the numbers of wires near the view (the others are is-off until the view
// comes near): its wires and gates are all drawn, but nine thousand labels would take the page half a second.

// Wires and nodes above which a drawing moves as a picture (the notes' circuits have a few dozen).
export const PICTURE_ITEMS = 1500;
// Below this scale a big drawing's texts are under 7 px, too small to read: they are not drawn (is-far), which
// spares laying out and painting thousands of them; the wires and gates still show the circuit's shape.
export const FAR_SCALE = 0.5;
// How far around the view numbers are laid out, in views: a short drag finds them already there.
const NEAR_MARGIN = 0.5;
const IDENTITY = { k: 1, x: 0, y: 0 };

/** Whether the drawing's point is on screen or within NEAR_MARGIN views of it (view: transform, box size). */
export function nearView(point, transform, box) {
  const width = box.width / transform.k;
  const height = box.height / transform.k;
  const left = -transform.x / transform.k - NEAR_MARGIN * width;
  const top = -transform.y / transform.k - NEAR_MARGIN * height;
  const right = left + (1 + 2 * NEAR_MARGIN) * width;
  const bottom = top + (1 + 2 * NEAR_MARGIN) * height;
  return point.x >= left && point.x <= right && point.y >= top && point.y <= bottom;
}

/** The CSS transform that shows a drawing painted at `painted` as if it were at `wanted` (both {k, x, y}). */
export function pictureTransform(painted, wanted) {
  const scale = wanted.k / painted.k;
  return `translate(${wanted.x - scale * painted.x}px, ${wanted.y - scale * painted.y}px) scale(${scale})`;
}

/**
 * Moves `viewport` (the <g> the zoom transforms) inside `svg`: move(t) on every zoom event, settle() at the end.
 * `viewSize()` is the view's {width, height}.
 */
export function createPicture(svg, viewport, viewSize = () => ({ width: 0, height: 0 })) {
  let big = false;
  let painted = IDENTITY; // the transform the drawing was last given
  let latest = null;
  let moving = false;
  let labels = []; // a big drawing's wires: {group, point} (where its numbers are)

  function give(transform) {
    viewport.setAttribute("transform", transform.toString());
    painted = transform;
    const far = big && transform.k < FAR_SCALE;
    if (svg.classList.contains("is-far") !== far) svg.classList.toggle("is-far", far);
    if (!far && labels.length) showNear(transform, viewSize());
  }

  function showNear(transform, box) {
    for (const { group, point } of labels) {
      const off = !nearView(point, transform, box);
      if (group.classList.contains("is-off") !== off) group.classList.toggle("is-off", off);
    }
  }

  return {
    /** Every movement ends here: the drawing takes the last transform. */
    settle() {
      if (!moving) return;
      moving = false;
      svg.classList.remove("is-moving");
      svg.style.transform = "";
      give(latest);
    },
    /** A new drawing of `items` wires and nodes; `wires`: [{group, point}], where each wire's numbers are. */
    drawn(items, wires = []) {
      this.settle();
      big = items > PICTURE_ITEMS;
      labels = big ? wires : [];
      svg.classList.toggle("is-big", big);
      svg.classList.toggle("is-far", big && painted.k < FAR_SCALE);
    },
    move(transform) {
      latest = transform;
      if (!big) {
        give(transform);
        return;
      }
      if (!moving) {
        moving = true;
        svg.classList.add("is-moving");
      }
      svg.style.transform = pictureTransform(painted, transform);
    },
  };
}
