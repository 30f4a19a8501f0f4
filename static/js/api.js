// The only module that talks to the server. Every call resolves to {ok: true, body} or {error}: one
// decoder turns any failure (no connection, a non-JSON answer, the API's error shape) into
// {message, line, column, code, params, status}. Calls never throw except when the caller aborts
// (AbortError), so a newer edit can cancel an older request.

import { expandGraph } from "./shared/graphform.js";

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };
const PROBE_TIMEOUT_MS = 3000;
// The message catalogues, beside this module: under the page's version prefix when served (/static/v-<hash>/).
const CATALOGUES = new URL("../i18n/", import.meta.url).pathname;

/** Any failed answer as the API's error shape; `code` is "network" without an answer at all. */
export function decodeError(status, body) {
  if (status === 0) return { message: null, code: "network", line: null, column: null, status: 0 };
  const error = body && typeof body === "object" ? body.error : null;
  return { message: null, code: "server", line: null, column: null, ...(error || {}), status };
}

async function call(path, { method = "GET", body, signal, read = "json", headers } = {}) {
  let response;
  try {
    const init = { method, signal, headers: headers ?? { Accept: "application/json" } };
    if (body !== undefined) Object.assign(init, { body: JSON.stringify(body), headers: JSON_HEADERS });
    response = await fetch(path, init);
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    return { error: decodeError(0, null) };
  }
  let payload = null;
  try {
    payload = read === "text" && response.ok ? await response.text() : await response.json();
  } catch (error) {
    if (error?.name === "AbortError") throw error;
  }
  if (response.ok && payload !== null && !payload.error) return { ok: true, body: payload, response };
  return { error: decodeError(response.status, payload) };
}

/** Evaluate a program: POST /api/graph → {graph} or {error}. The answer travels in the compact form
 * (each number once) and is expanded here, so every other module sees the documented full graph. */
export async function fetchGraph({ expr, values = {}, expandSigmoid = false, seed = 0 }, { signal, base = "" } = {}) {
  const body = { expr, values, options: { expand_sigmoid: !!expandSigmoid, seed } };
  const result = await call(`${base}/api/graph?form=compact`, { method: "POST", body, signal });
  return result.error ? { error: result.error } : { graph: expandGraph(result.body) };
}

/** Central differences next to the analytic gradients: POST /api/gradcheck → {checks} or {error}. */
export async function fetchGradcheck({ expr, values = {}, expandSigmoid = false, seed = 0 }) {
  const body = { expr, values, options: { expand_sigmoid: !!expandSigmoid, seed } };
  const result = await call("/api/gradcheck", { method: "POST", body });
  return result.error ? { error: result.error } : { checks: result.body.checks };
}

/** f and its slope along one input: POST /api/curve → {curve} or {error}. */
export async function fetchCurve(body) {
  const result = await call("/api/curve", { method: "POST", body });
  return result.error ? { error: result.error } : { curve: result.body };
}

/** The examples menu: GET /api/examples → {examples} or {error}. */
export async function fetchExamples() {
  const result = await call("/api/examples");
  return result.error ? { error: result.error } : { examples: result.body };
}

/** The QR code of a share link's query: GET /api/qr → {svg, link} (the SVG as text) or {error}. */
export async function fetchQr(query) {
  const result = await call(`/api/qr${query}`, { read: "text", headers: {} });
  if (result.error) return { error: result.error };
  return { svg: result.body, link: result.response.headers.get("X-Share-Link") || "" };
}

/** The page state as one self-contained HTML file: GET /standalone.html?<query> → {html} or {error}. */
export async function fetchStandalone(query) {
  const result = await call(`/standalone.html?${query}`, { read: "text", headers: {} });
  return result.error ? { error: result.error } : { html: result.body };
}

/** A message catalogue, /static/i18n/<lang>.json, or null when it cannot be loaded. */
export async function fetchCatalogue(lang, base = CATALOGUES) {
  const result = await call(`${base}${lang}.json`);
  return result.error ? null : result.body;
}

/** Whether the server answers its health check within a few seconds. */
export async function probeHealth(base = "") {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    const response = await fetch(`${base}/healthz`, { cache: "no-store", signal: controller.signal });
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The graph the server rendered into the page (in either form, expanded), or null. */
export function readInitialGraph(doc = globalThis.document) {
  const holder = doc?.getElementById("initial-graph");
  if (!holder) return null;
  let answer;
  try {
    answer = JSON.parse(holder.textContent || "null");
  } catch {
    return null;
  }
  return expandGraph(answer);
}
