// The server's API (docs/api.md) from the browser: same origin, JSON only, the token in the
// Authorization header (only the live feed takes ?token=, as EventSource cannot set headers).
// A request that cannot reach the server throws; any answer resolves to { status, body }.

// The protocol's version (scoring/protocol/protocol.h, kApiVersion); a test checks they agree.
export const API_VERSION = 2;

const TIMEOUT_MS = 8000;

export async function call(method, path, token, body) {
  const headers = {};
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const r = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit", signal: abort.signal,
    });
    let parsed = null;
    try { parsed = await r.json(); } catch { parsed = null; }
    return { status: r.status, body: parsed };
  } finally {
    clearTimeout(timer);
  }
}

export const login = (code) => call("POST", "/api/login", "", { code, api_version: API_VERSION });

// The live feed from `after` on; `onEvent(kind)` for each event, `onError()` when it breaks
// (EventSource reconnects by itself and resumes with Last-Event-ID), `onEnded(reason)` when
// the server ended this login (its last event, "session_ended": docs/api.md). Every kind the
// event log holds (a test compares them with the protocol's).
export const EVENT_KINDS = ["import", "mark", "timing", "clock", "stage", "publish", "reopen", "return", "decision",
  "call_head_judge", "display_scene", "topic_draw", "advance", "draw", "absence", "roster_correct", "roster_add",
  "topic_add"];
export function liveFeed(token, after, onEvent, onError, onEnded) {
  const es = new EventSource("/api/events?token=" + encodeURIComponent(token) + "&after=" + after);
  for (const kind of EVENT_KINDS) es.addEventListener(kind, () => onEvent(kind));
  es.addEventListener("session_ended", (e) => {
    es.close();  // the token will never work again: no reconnecting with it
    let reason = "unknown";
    try { reason = JSON.parse(e.data).reason ?? reason; } catch { /* unknown */ }
    onEnded(reason);
  });
  es.onerror = () => onError(es);
  return es;
}
