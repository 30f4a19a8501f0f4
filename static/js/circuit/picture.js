// While the view moves (a drag, the wheel, a transition), a big drawing moves as one picture: the browser
// shifts and scales what it has already painted, instead of laying out and painting thousands of elements in
// every frame (SVG text is even laid out again at each new scale). When the movement ends, the drawing takes
// the transform itself and is painted sharp once. Small drawings take every transform directly, as before.

// Wires and nodes above which a drawing moves as a picture (the notes' circuits have a few dozen).
export const PICTURE_ITEMS = 1500;
// Below this scale a big drawing's texts are under 7 px, too small to read: they are not drawn (is-far), which
// spares laying out and painting thousands of them; the wires and gates still show the circuit's shape.
export const FAR_SCALE = 0.5;
const IDENTITY = { k: 1, x: 0, y: 0 };

/** The CSS transform that shows a drawing painted at `painted` as if it were at `wanted` (both {k, x, y}). */
export function pictureTransform(painted, wanted) {
  const scale = wanted.k / painted.k;
  return `translate(${wanted.x - scale * painted.x}px, ${wanted.y - scale * painted.y}px) scale(${scale})`;
}

/** Moves `viewport` (the <g> the zoom transforms) inside `svg`: move(t) on every zoom event, settle() at the end. */
export function createPicture(svg, viewport) {
  let big = false;
  let painted = IDENTITY; // the transform the drawing was last given
  let latest = null;
  let moving = false;

  function give(transform) {
    viewport.setAttribute("transform", transform.toString());
    painted = transform;
    const far = big && transform.k < FAR_SCALE;
    if (svg.classList.contains("is-far") !== far) svg.classList.toggle("is-far", far);
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
    /** A new drawing of `items` wires and nodes. */
    drawn(items) {
      this.settle();
      big = items > PICTURE_ITEMS;
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
