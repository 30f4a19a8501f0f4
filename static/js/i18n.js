// Message catalogues: every user-visible string goes through t(key, params).

const catalogues = { en: {} };
let current = "en";

export const LANGUAGES = ["en", "zh-CN"];

/** Install a catalogue object for `lang` (used by tests and by load()). */
export function setCatalogue(lang, messages) {
  catalogues[lang] = { ...(messages || {}) };
}

/** Choose the active language; unknown languages fall back to English. */
export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "en";
  return current;
}

export function language() {
  return current;
}

/**
 * Load `lang` (and English as fallback) through `fetchCatalogue(code)` (api.fetchCatalogue on the page), which
 * resolves to the messages or null; a missing catalogue leaves keys visible.
 */
export async function loadLanguage(lang, fetchCatalogue) {
  const wanted = setLanguage(lang);
  const langs = wanted === "en" ? ["en"] : ["en", wanted];
  await Promise.all(
    langs.map(async (code) => {
      if (Object.keys(catalogues[code] || {}).length) return;
      // Offline or missing: t() falls back to English, then to the key itself.
      const messages = await fetchCatalogue(code).catch(() => null);
      if (messages) setCatalogue(code, messages);
    }),
  );
  return wanted;
}

/** True when the active or the English catalogue knows `key`. */
export function has(key) {
  return key in (catalogues[current] || {}) || key in catalogues.en;
}

/** The message for `key` with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  const template = (catalogues[current] || {})[key] ?? catalogues.en[key] ?? key;
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A server error in the page's language: common program mistakes come with a `code` and `params` and are
 * said from the catalogue (`engine.<code>`); anything else keeps the server's English message.
 */
export function errorMessage(error) {
  const key = `engine.${error?.code}`;
  if (!error?.code || !has(key)) return error?.message ?? "";
  const params = { ...(error.params || {}) };
  // Why a gate failed has a code of its own (`engine.reason.<code>`).
  const reason = `engine.reason.${params.reason_code}`;
  if (params.reason_code && has(reason)) params.reason = t(reason);
  return t(key, params);
}

/** Any error from api.js in the page's language: the program's mistake, a lost connection or a server failure. */
export function errorText(error) {
  if (error?.message || (error?.code && has(`engine.${error.code}`))) return errorMessage(error);
  return error?.code === "network" ? t("error.network") : t("error.server", { status: error?.status ?? "?" });
}
