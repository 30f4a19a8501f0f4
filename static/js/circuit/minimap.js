// A small overview of a drawing bigger than its view: every wire as a thin line, the part on screen as a
// frame. Shown only while part of the circuit is out of view; a click there centres the view on that spot.
// It draws in its own box (#minimap), never inside the circuit's SVG.

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 180;
const HEIGHT = 110;

function make(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

/** Mount the minimap in `host`; `centreOn(x, y)` pans the circuit so its point (x, y) is in the middle. */
export function createMinimap(host, { centreOn, label = "" }) {
  if (!host) return { draw() {}, view() {} };
  // The viewBox lets the stylesheet shrink the box on small screens; clicks are scaled back to it.
  const attrs = { class: "minimap-svg", width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}` };
  const svg = make("svg", { ...attrs, role: "img", "aria-label": label });
  host.replaceChildren(svg);
  const content = make("g", {}, svg);
  const frame = make("rect", { class: "minimap-frame" }, svg);
  let size = { width: 0, height: 0 };
  let scale = 1;
  let offset = { x: 0, y: 0 }; // the overview is centred in its box

  svg.addEventListener("click", (event) => {
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) * WIDTH) / box.width;
    const y = ((event.clientY - box.top) * HEIGHT) / box.height;
    centreOn((x - offset.x) / scale, (y - offset.y) / scale);
  });

  return {
    /** The circuit's wires and gates, from its layout. */
    draw(layout) {
      size = { width: layout.width || 1, height: layout.height || 1 };
      scale = Math.min(WIDTH / size.width, HEIGHT / size.height);
      offset = { x: (WIDTH - size.width * scale) / 2, y: (HEIGHT - size.height * scale) / 2 };
      content.setAttribute("transform", `translate(${offset.x},${offset.y}) scale(${scale})`);
      const paths = [];
      for (const edge of layout.edges.values()) paths.push(`M${edge.points.map((p) => `${p.x},${p.y}`).join("L")}`);
      content.replaceChildren();
      make("path", { class: "minimap-wires", d: paths.join(""), "vector-effect": "non-scaling-stroke" }, content);
      for (const node of layout.nodes.values()) {
        make("circle", { class: "minimap-node", cx: node.x, cy: node.y, r: Math.max(2 / scale, node.height / 3) }, content);
      }
    },
    /** The part on screen: the zoom transform {x, y, k} and the view's size in pixels. */
    view(transform, viewWidth, viewHeight) {
      const left = -transform.x / transform.k;
      const top = -transform.y / transform.k;
      const width = viewWidth / transform.k;
      const height = viewHeight / transform.k;
      const whole = left <= 1 && top <= 1 && left + width >= size.width - 1 && top + height >= size.height - 1;
      host.hidden = whole || !size.width;
      frame.setAttribute("x", offset.x + left * scale);
      frame.setAttribute("y", offset.y + top * scale);
      frame.setAttribute("width", width * scale);
      frame.setAttribute("height", height * scale);
    },
  };
}
