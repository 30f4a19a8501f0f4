// Download the circuit as it is drawn now: a standalone SVG (circuit/snapshot.js), a PNG painted from
// that SVG on a canvas, a zip of every step, or the server's self-contained HTML page of it.

import { el } from "../shared/dom.js";
import { zipFiles } from "../shared/zip.js";

const PNG_MIN_WIDTH = 1600; // wide enough for a slide
const PNG_MAX_SIDE = 8192;

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename, hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Paints SVG text on a canvas and resolves to a PNG blob. */
export function svgToPng({ text, width, height }) {
  const scale = Math.min(Math.max(2, PNG_MIN_WIDTH / width), 4, PNG_MAX_SIDE / Math.max(width, height));
  return new Promise((resolve, reject) => {
    const image = new Image();
    const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    image.onload = () => {
      const canvas = el("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      const context = canvas.getContext("2d");
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png");
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("the SVG could not be painted"));
    };
    image.src = url;
  });
}

/** A file name from the program's last statement (`f = num * invden` -> `f-num-invden`) and the step. */
export function exportName(program, pos, total) {
  const statements = String(program)
    .split(/[\n;]/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
  const slug = (statements.at(-1) || "circuit")
    .normalize("NFKD")
    .replace(/\*\*/g, "-pow-")
    .replace(/[^\w]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${slug || "circuit"}-step-${pos}-of-${total}`;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** Runs `work` with the button disabled, so a second click cannot start it twice; failures go to `onError`. */
function busyWhile(button, work, onError) {
  button?.addEventListener("click", async () => {
    if (button.disabled) return;
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
    }
  });
}

/**
 * Wires the buttons: SVG and PNG of the figure as drawn, a zip of one PNG per step, and the standalone page.
 * `name()` gives the file name without extension; `eachStep(draw)` seeks every step in turn and awaits `draw`;
 * `standalone()` resolves to the HTML file's blob.
 */
export function createExport({ svg: svgButton, png: pngButton, steps: stepsButton, html: htmlButton }, options) {
  const { name, onError, snapshot, eachStep, standalone, onProgress = () => {} } = options;
  busyWhile(htmlButton, async () => download(await standalone(), `${name()}.html`), onError);
  svgButton.addEventListener("click", () => {
    const svg = snapshot();
    if (svg) download(new Blob([svg.text], { type: "image/svg+xml" }), `${name()}.svg`);
  });
  pngButton.addEventListener("click", async () => {
    const svg = snapshot();
    if (!svg) return;
    try {
      download(await svgToPng(svg), `${name()}.png`);
    } catch (error) {
      onError(error);
    }
  });
  stepsButton?.addEventListener("click", async () => {
    if (stepsButton.disabled) return;
    stepsButton.disabled = true;
    const files = [];
    try {
      await eachStep(async (pos, total) => {
        onProgress(pos, total);
        await nextFrame();
        const svg = snapshot();
        if (!svg) return;
        const bytes = new Uint8Array(await (await svgToPng(svg)).arrayBuffer());
        files.push({ name: `${name()}.png`, bytes });
      });
      if (files.length) download(new Blob([zipFiles(files)], { type: "application/zip" }), `${name().replace(/-step-.*$/, "")}-steps.zip`);
    } catch (error) {
      onError(error);
    } finally {
      stepsButton.disabled = false;
      onProgress(null);
    }
  });
}
