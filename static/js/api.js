// Talks to the server. Every call resolves to {graph} or {error: {message, line, column, code, params}};
// it never throws except when the caller aborts (AbortError), so a newer edit can cancel an older request.

/** Evaluate a program: POST /api/graph. */
export async function fetchGraph({ expr, values = {}, expandSigmoid = false }, { signal, base = "" } = {}) {
  let response;
  try {
    response = await fetch(`${base}/api/graph`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ expr, values, options: { expand_sigmoid: !!expandSigmoid } }),
      signal,
    });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    return { error: { message: null, code: "network", line: null, column: null } };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error?.name === "AbortError") throw error;
  }
  if (response.ok && body && !body.error) return { graph: body };
  const error = body?.error || { message: null, code: "server", status: response.status, line: null, column: null };
  return { error: { ...error, status: response.status } };
}

/** The gate registry: GET /api/gates (null when unavailable). */
export async function fetchGates({ base = "" } = {}) {
  try {
    const response = await fetch(`${base}/api/gates`, { headers: { Accept: "application/json" } });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** The graph the server rendered into the page, or null. */
export function readInitialGraph(doc = globalThis.document) {
  const holder = doc?.getElementById("initial-graph");
  if (!holder) return null;
  try {
    return JSON.parse(holder.textContent || "null");
  } catch {
    return null;
  }
}
