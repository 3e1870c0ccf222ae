// The judge's console in the browser: log in by code (typed, or from the slip's QR link
// https://HOST:PORT/#code=CODE), the contestant on stage, the venue's sections, a keypad that
// cannot send an invalid mark, a confirmation, the state of every mark I gave, 请裁判长. A head
// judge's code opens the head judge's screen (head_judge.js), a timekeeper's the clock (timekeeper.js).
// Mirrors the native console (judge_console/panels/judge_panel.cpp); the server checks
// everything again. Every mark goes to the outbox (IndexedDB) before anything is sent.
import { S, fmt } from "./strings.js";
import { MarkEntry, NUDGE_BUTTONS, Problem, formatFixed, nudgeUnits, unitsOf } from "./marks.js";
import { Outbox, sendPending } from "./outbox.js";
import * as api from "./api.js";
import { renderHeadJudge } from "./head_judge.js";
import { renderTimekeeper } from "./timekeeper.js";

const SESSION_KEY = "liangfen.session";
const SCREENS = new Set(["judge", "head_judge", "timekeeper"]);  // the roles with a screen in the browser
const RETRY_MS = 2000;      // while offline: how often to look for the server again
const REFRESH_MS = 15000;   // a safety net beside the live feed

const app = {
  keysQuietUntil: 0,  // performance.now() before which a keypad tap is ignored (closeDialog)
  session: null,   // { token, person, role, name }
  state: null,     // the last /api/state
  outbox: null,
  storageProblem: false,
  storageError: false,  // IndexedDB refused a write (full, broken): 本机存储出错 until a reload
  offline: false,
  shown: [],       // my unsent and refused outbox items
  others: [],      // other people's unsent items on this tablet
  // The performance my keypad is on (issue 24 §1, §2; judge_panel.cpp's ConsoleUi::target): it
  // follows the stage whenever that changes and otherwise stays where the judge put it.
  target: null,    // { venue, round, contestant, label, section }
  followed: "",    // the stage (round|contestant|since|section) last followed
  drafts: new Map(),  // round|contestant|section -> the MarkEntry typed for it, until sent
  feed: null,
  flushing: false,
  flushAgain: false,
  retrying: false,
  loginMessage: "",
};

// ---- small DOM helpers (text only through textContent: nothing from the server is HTML) ----
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") el.className = v;
    else if (k === "onclick") el.addEventListener("click", v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, "");
    else if (v !== false && v !== undefined && v !== null) el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let toastTimer = 0;
function toast(text, bad = false) {
  const t = $("toast");
  t.textContent = text;
  t.className = bad ? "show bad" : "show";
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = ""; }, bad ? 6000 : 3000);
}

// ---- the session ----
function saveSession(s) {
  app.session = s;
  try {
    if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else localStorage.removeItem(SESSION_KEY);
  } catch { /* private mode: the login lasts this page only */ }
}
function loadSession() {
  try { return JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null"); } catch { return null; }
}

async function call(method, path, body) {
  try {
    const r = await api.call(method, path, app.session?.token, body);
    setOffline(false);
    return r;
  } catch (e) {
    setOffline(true);
    throw e;
  }
}

async function logIn(code) {
  app.loginMessage = "";
  renderLogin(true);
  let r;
  try {
    r = await api.login(code);
  } catch {
    app.loginMessage = S.server_unreachable;
    return renderLogin(false);
  }
  if (r.status !== 200 || !r.body?.token) {
    app.loginMessage = r.body?.error ?? fmt(S.failed, r.status);
    return renderLogin(false);
  }
  if (!SCREENS.has(r.body.role)) {
    // A role whose screen is not in the browser yet: say whose code it is, and end the login.
    app.loginMessage = fmt(S.role_not_here, S.role_names[r.body.role] ?? r.body.role);
    api.call("POST", "/api/logout", r.body.token, {}).catch(() => {});
    return renderLogin(false);
  }
  app.typedCode = "";
  forgetScreen();
  saveSession({ token: r.body.token, person: r.body.person, role: r.body.role, name: r.body.name, venue: r.body.venue ?? "" });
  await start();
}

// What the last person saw and chose: nothing of it carries over to the next login.
function forgetScreen() {
  closeFeed();
  if (app.timer) clearInterval(app.timer.tick);
  Object.assign(app, { state: null, shown: [], others: [], target: null, followed: "", drafts: new Map(), head: null, timer: null });
  $("toast").className = "";
  $("screen").className = "";
}

async function logOut() {
  const unsent = (await pendingMine()).length;
  if (unsent > 0 && !(await ask(fmt(S.logout_confirm, unsent), S.logout_yes, S.cancel))) return;
  const token = app.session?.token;
  const person = app.session?.person;
  // A shared tablet: what this person sent (receipts, refusals) leaves the browser's storage
  // with them; only what is still unsent stays, to go at their next login.
  if (person && app.outbox) await app.outbox.forgetSent(person).catch(() => {});
  closeFeed();
  saveSession(null);
  forgetScreen();
  if (token) api.call("POST", "/api/logout", token, {}).catch(() => {});
  renderLogin(false);
}

// ---- the network: offline, the live feed, sending the outbox ----
function setOffline(v) {
  if (app.offline === v) return;
  app.offline = v;
  renderBar();
  if (v) {
    closeFeed();
    retryUntilOnline();
  }
}

async function retryUntilOnline() {
  if (app.retrying) return;  // one loop at a time
  app.retrying = true;
  try {
    await retryLoop();
  } finally {
    app.retrying = false;
  }
}

async function retryLoop() {
  while (app.offline) {
    await sleep(RETRY_MS);
    try {
      const r = await api.call("GET", "/api/health");
      if (r.status === 200) {
        setOffline(false);
        if (app.session) {
          await refresh();
          openFeed();
          flush();
        }
      }
    } catch { /* still offline */ }
  }
}

function closeFeed() {
  if (app.feed) app.feed.close();
  app.feed = null;
}

let refreshTimer = 0;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 50);
}

function openFeed() {
  closeFeed();
  if (!app.session || app.offline) return;
  app.feed = api.liveFeed(app.session.token, app.state?.last_seq ?? 0, scheduleRefresh, (es) => {
    // The feed broke: is the server gone, or only this connection? A feed the server refused
    // (EventSource gives up: a 401) asks the state, whose 401 says why.
    api.call("GET", "/api/health").then(() => setOffline(false), () => setOffline(true));
    if (es.readyState === EventSource.CLOSED) scheduleRefresh();
  }, endLogin);
}

// The server ended this login (a 401's or the live feed's reason: docs/api.md): back to the
// login screen with the reason's words. This person's outbox stays on the tablet and is sent
// when they log in again (never under another person's login: outbox.js).
async function endLogin(reason) {
  if (!app.session) return;
  closeFeed();
  const waiting = (await pendingMine()).length;
  saveSession(null);
  app.loginMessage = (S.session_ended[reason] ?? S.session_ended.unknown) + (waiting > 0 ? S.session_ended_kept : "");
  renderLogin(false);
}

async function refresh() {
  if (!app.session) return;
  let r;
  try {
    r = await call("GET", "/api/state");
  } catch {
    return renderAll();
  }
  if (r.status === 401) return endLogin(r.body?.reason);
  if (r.status === 200 && r.body) {
    app.state = r.body;
    app.stateAt = Date.now();  // when server_time_ms was read: the timekeeper's clock runs on from it
  }
  await loadOutbox();
  renderAll();
}

async function loadOutbox() {
  if (!app.outbox || !app.session) return;
  app.shown = await app.outbox.shown(app.session.person);
  app.others = await app.outbox.othersUnsent(app.session.person);
}

async function pendingMine() {
  return app.outbox && app.session ? app.outbox.pending(app.session.person) : [];
}

// IndexedDB refused a write (a full disk, a broken profile): the native console's words
// (本机存储出错), in the banner until the page is reloaded, and a toast now. What was typed stays
// where it was; the browser's own error goes to the console for whoever repairs the tablet.
function storageFailed(err) {
  console.error("liangfen outbox:", err);
  app.storageError = true;
  renderBar();
  toast(S.storage_error_help, true);
}

// Sends my waiting items, one pass at a time; a pass asked for meanwhile runs after it.
async function flush() {
  if (!app.outbox || !app.session) return;
  if (app.flushing) { app.flushAgain = true; return; }
  app.flushing = true;
  try {
    do {
      app.flushAgain = false;
      let pass;
      try {
        pass = await sendPending(app.outbox, app.session.person, (path, body) => call("POST", path, body), {
          notOwner: S.not_his_mark,
          stale: (body) => {
            const points = unitsOf(body?.current?.points, decimals());
            return points === null ? S.mark_stale_unknown : fmt(S.mark_stale, formatFixed(points, decimals()));
          },
        });
      } catch (err) {  // the outbox could not record a receipt or a refusal (the post's own errors are caught inside)
        return storageFailed(err);
      }
      if (pass.needLogin) {
        // The state's 401 says why (the mark's refusal said the same); the items stay.
        return refresh();
      }
      await loadOutbox();
      renderAll();
      if (pass.saved || pass.refused) scheduleRefresh();
      if (pass.stalled && !pass.offline && !app.offline) {
        await sleep(RETRY_MS);  // busy or a server error: try again shortly
        app.flushAgain = true;
      }
    } while (app.flushAgain && !app.offline && app.session);
  } finally {
    app.flushing = false;
  }
}

// ---- what the state says ----
const decimals = () => app.state?.contest?.mark_decimals ?? 1;
function sectionInfo(key) {
  return (app.state?.sections ?? []).find((s) => s.key === key);
}
function contestantLabel(c) {
  if (!c) return "";
  if (c.name) return c.school ? c.name + " · " + c.school : c.name;
  return fmt(S.numbered, c.draw ?? c.id);
}
function myVenue() {
  const me = app.session.person;
  let venue = null;
  for (const v of app.state?.venues ?? [])
    // On panels of several rounds (issue 24 §8): the venue whose teacher was called last.
    if ((v.judges ?? []).some((j) => j.id === me) && (!venue || (v.stage?.contestant &&
        (!venue.stage?.contestant || (v.stage.since_ms ?? 0) > (venue.stage.since_ms ?? 0))))) venue = v;
  return venue;
}
function roundName(key) {
  return (app.state?.rounds ?? []).find((r) => r.key === key)?.name ?? "";
}
// My marks as shown: the server's, then my unsent ones over them, refused ones beside them.
function myMarks() {
  const d = decimals();
  const names = new Map();
  for (const v of app.state?.venues ?? []) if (v.stage?.contestant) names.set(v.stage.contestant.id, contestantLabel(v.stage.contestant));
  const lines = (app.state?.my_marks ?? []).map((m) => {
    if (m.who) names.set(m.contestant, contestantLabel(m.who));
    const u = unitsOf(m.points, d);
    return { round: m.round, contestant: m.contestant, section: m.section, points: u === null ? "" : formatFixed(u, d),
      state: m.status === "saved" || m.status === "returned" || m.status === "locked" ? m.status : "missing",
      note: m.note ?? "", revision: m.revision ?? 0 };
  });
  for (const item of app.shown) {
    if (item.path !== "/api/marks") continue;
    const b = item.body;
    const u = unitsOf(b.points, d);
    const line = { round: b.round, contestant: b.contestant, section: b.section, points: u === null ? "" : formatFixed(u, d),
      state: item.state === "refused" ? "refused" : "waiting", note: item.refused, revision: 0, key: item.key };
    const i = line.state === "waiting" ? lines.findIndex((x) => x.state !== "refused" && x.round === b.round && x.contestant === b.contestant && x.section === b.section) : -1;
    if (i >= 0) { line.revision = lines[i].revision; lines[i] = line; } else lines.push(line);
  }
  for (const l of lines) l.label = names.get(l.contestant) ?? l.contestant;
  return lines;
}
const STATE_TEXT = { saved: S.state_saved, waiting: S.state_waiting, returned: S.state_returned, locked: S.state_locked,
  refused: S.state_refused, missing: "" };

// ---- drawing ----
function renderBar() {
  const bar = $("bar");
  bar.hidden = !app.session;
  if (!app.session) return;
  const venue = app.state ? myVenue() : null;
  $("who").textContent = [app.session.name || app.session.person, venue?.name].filter(Boolean).join(" · ");
  const net = $("net");
  net.textContent = app.offline ? S.offline : S.online;
  net.className = app.offline ? "bad" : "good";
  const unsent = app.shown.filter((i) => i.state === "waiting").length;
  const badge = $("badge");
  badge.textContent = unsent ? fmt(S.unsynced, unsent) : S.all_synced;
  badge.className = unsent ? "waiting" : "";
  badge.dataset.count = String(unsent);
  const out = $("logout");
  out.hidden = false;
  out.textContent = S.logout;
  const banner = $("banner");
  const lines = [];
  if (location.protocol === "http:") lines.push(S.plain_http_warning);
  if (app.storageProblem) lines.push(S.no_storage);
  if (app.storageError) lines.push(S.storage_error_help);
  if (app.offline) lines.push(S.offline_view);
  for (const o of app.others) lines.push(fmt(S.others_unsent, o.person, o.count, o.person));
  banner.textContent = lines.join("\n");
  banner.className = lines.length ? "show" : "";
  document.body.classList.toggle("offline", app.offline);
}

function renderLogin(busy) {
  closeDialog();
  $("bar").hidden = true;
  $("banner").className = "";
  const screen = $("screen");
  screen.className = "login";
  document.body.append($("banner"));  // out of the judge's screen before it is replaced
  const input = h("input", { id: "code", type: "text", inputmode: "numeric", autocomplete: "off", maxlength: "12",
    "aria-label": S.code, placeholder: S.code_hint, disabled: busy });
  // What was typed stays after a miss (one wrong digit is fixed, not the whole code retyped);
  // a login that succeeds forgets it.
  input.value = app.typedCode ?? "";
  input.addEventListener("input", () => { app.typedCode = input.value; });
  const form = h("form", { id: "login-form" },
    h("h1", {}, S.app_title),
    h("label", { for: "code" }, S.code),
    input,
    h("button", { id: "login", type: "submit", class: "primary", disabled: busy }, busy ? S.logging_in : S.login),
    h("p", { id: "login-message", class: "bad" }, app.loginMessage),
    location.protocol === "http:" ? h("p", { class: "bad" }, S.plain_http_warning) : null);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const code = input.value.replace(/\D/g, "");
    if (code) logIn(code);
  });
  screen.replaceChildren(form);
  if (!busy) input.focus();
}

function renderAll() {
  if (!app.session) return renderLogin(false);
  renderBar();
  if (app.session.role === "head_judge") return renderHeadJudge(kit, $("screen"));
  if (app.session.role === "timekeeper") return renderTimekeeper(kit, $("screen"));
  renderJudge();
}

// What the head judge's and the timekeeper's screens use of this page.
const kit = {
  app, h, call, toast, contestantLabel, sectionInfo,
  decimals: () => decimals(),
  refresh: () => scheduleRefresh(),
  rerender: () => renderAll(),
  banner: () => $("banner"),
  // Into the outbox first (IndexedDB), then sent; false when it could not be stored.
  queue: async (path, body) => {
    if (!app.outbox) { toast(fmt(S.failed, S.no_storage), true); return false; }
    try {
      await app.outbox.addChange(app.session.person, path, body);
    } catch (err) {
      storageFailed(err);
      return false;
    }
    await loadOutbox();
    renderBar();
    if (app.offline) toast(S.saved_locally);
    flush();
    return true;
  },
};

// The keypad block is built once and only updated: a key never moves under the finger, and a
// refresh arriving mid-tap never replaces the button being pressed.
let pad = null;
function buildPad() {
  // A tap within 300 ms of a dialog closing is the second tap of a double tap on its button
  // (确认提交 sits above the keys; a double tap's taps are under 300 ms apart): it types nothing.
  const key = (label, onPress, cls = "key") => h("button", { type: "button", class: cls, onclick: () => {
    if (performance.now() < app.keysQuietUntil) return;
    onPress();
    updatePad();
  } }, label);
  const entry = () => currentEntry();
  const digit = (d) => key(String(d), () => entry()?.pressDigit(d));
  const nudge = (button) => key(button.label, () => {
    const e = entry();
    if (e) e.nudge(nudgeUnits(e.rules, button.tenths));
  }, "key nudge");
  const el = {};
  el.number = h("div", { id: "number", "aria-live": "polite" });
  el.problem = h("div", { id: "problem" });
  el.point = key(".", () => entry()?.pressPoint());
  el.point.id = "key-point";
  el.back = key(S.backspace, () => entry()?.backspace());
  el.back.id = "key-back";
  el.keys = h("div", { id: "keys" },
    digit(1), digit(2), digit(3), nudge(NUDGE_BUTTONS[0]),
    digit(4), digit(5), digit(6), nudge(NUDGE_BUTTONS[1]),
    digit(7), digit(8), digit(9), nudge(NUDGE_BUTTONS[2]),
    el.point, digit(0), el.back, nudge(NUDGE_BUTTONS[3]));
  el.keys.querySelectorAll(".key").forEach((b) => { if (/^\d$/.test(b.textContent)) b.id = "key-" + b.textContent; });
  el.keys.querySelectorAll(".nudge").forEach((b, i) => { b.id = ["nudge-up1", "nudge-down1", "nudge-up5", "nudge-down5"][i]; });
  el.submit = h("button", { id: "submit", type: "button", class: "primary" }, S.submit);
  el.submit.addEventListener("click", confirmMark);
  el.root = h("section", { id: "pad" }, el.number, el.problem, el.keys, el.submit);
  return el;
}

// ---- what my keypad is on: mirrors judge_panel.cpp (follow_stage, open_performance) ----
const perfKey = (p) => p.round + "|" + p.contestant + "|" + p.section;
// The performances I may mark (the server's my_performances), in running order.
function myPerformances() {
  return (app.state?.my_performances ?? []).map((p) => ({ venue: p.venue, round: p.round, contestant: p.contestant?.id ?? "",
    label: contestantLabel(p.contestant), section: p.section, published: !!p.published }));
}
function markOf(marks, round, contestant, section) {
  return marks.find((m) => m.state !== "refused" && m.round === round && m.contestant === contestant && m.section === section);
}
// 已亮分 once published, else my mark's state, else missing (待打分).
function myState(marks, p) {
  return p.published ? "locked" : markOf(marks, p.round, p.contestant, p.section)?.state ?? "missing";
}
function isOnStage(venue, t) {
  return !!(t && venue?.stage?.contestant && venue.key === t.venue && venue.stage.round === t.round &&
    venue.stage.contestant.id === t.contestant);
}
// Whenever who is on stage or the section being performed (the server's stage.section) changes,
// the keypad moves there; otherwise it stays. Nobody on stage: what is open stays (a late mark).
function followStage(marks) {
  const venue = myVenue();
  const who = venue?.stage?.contestant;
  if (!venue || !who) return;
  const round = venue.stage.round;
  const sections = venue.sections ?? [];
  let section = venue.stage.section;
  if (!sections.includes(section)) section = sections.find((k) => !markOf(marks, round, who.id, k)) ?? sections[0] ?? "";
  // The server's word only: the fallback above must not move the keypad each time a mark is saved.
  const stage = [round, who.id, venue.stage.since_ms ?? 0, venue.stage.section ?? ""].join("|");
  if (stage === app.followed) return;
  app.followed = stage;
  app.target = { venue: venue.key, round, contestant: who.id, label: contestantLabel(who), section };
}
function openPerformance(p) {
  app.target = { venue: p.venue, round: p.round, contestant: p.contestant, label: p.label, section: p.section };
  renderJudge();
}
function currentEntry() {
  return app.target ? app.drafts.get(perfKey(app.target)) ?? null : null;
}

function padContext() {
  const t = app.target;
  const venue = t && (app.state?.venues ?? []).find((v) => v.key === t.venue);
  const si = t && sectionInfo(t.section);
  if (!venue || !si) return null;
  const mine = markOf(myMarks(), t.round, t.contestant, si.key);
  const here = isOnStage(myVenue(), t);
  const recused = here && (venue.stage.recused ?? []).includes(app.session.person);
  const published = myPerformances().some((p) => perfKey(p) === perfKey(t) && p.published);
  return { venue, who: { id: t.contestant }, label: t.label, si, round: t.round, mine, recused, here,
    closed: recused || published || mine?.state === "locked" };
}

function updatePad() {
  if (!pad) return;
  const ctx = padContext();
  const e = currentEntry();
  const check = e ? e.check() : { ok: false, problem: Problem.empty };
  const closed = !ctx || ctx.closed;
  pad.number.textContent = e && e.text ? e.text : "—";
  pad.number.className = e && e.text && !check.ok ? "bad" : "";
  const d = decimals();
  let problem = " ", bad = false;
  if (ctx?.recused) problem = S.recused_note;
  else if (ctx && !closed) {
    switch (check.problem) {
      case Problem.empty: problem = S.enter_mark; break;
      case Problem.unfinished: problem = S.mark_unfinished; bad = true; break;
      case Problem.invalid: problem = S.mark_invalid; bad = true; break;
      case Problem.aboveMax: problem = fmt(S.mark_above_max, formatFixed(e.rules.maxUnits, d)); bad = true; break;
      case Problem.offStep: problem = fmt(S.mark_off_step, formatFixed(e.rules.stepUnits, d)); bad = true; break;
      default: break;
    }
  }
  pad.problem.textContent = problem;
  pad.problem.className = ctx?.recused ? "warn" : bad ? "bad" : "";
  for (const b of pad.keys.querySelectorAll("button")) b.disabled = closed;
  pad.point.disabled = closed || d === 0;
  pad.submit.disabled = closed || !check.ok;
}

function renderJudge() {
  const screen = $("screen");
  if (screen.className !== "judge") {
    screen.className = "judge";
    pad = buildPad();
    // The banner lives at the top of the information above the keypad (style.css says why).
    screen.replaceChildren(h("div", { id: "marking" }, h("section", { id: "info" }, $("banner"), h("div", { id: "info-body" })), pad.root),
      h("aside", { id: "mine" }));
  }
  const info = $("info-body");
  const marks = myMarks();
  followStage(marks);
  const t = app.target;
  const venue = t && (app.state?.venues ?? []).find((v) => v.key === t.venue);
  const notices = renderNotices(marks);
  if (!venue) {
    info.replaceChildren(...notices, h("p", { class: "waiting-stage" }, S.nobody_on_stage));
  } else {
    const stage = myVenue();
    const here = isOnStage(stage, t);
    const recused = here && (venue.stage.recused ?? []).includes(app.session.person);
    const sections = venue.sections ?? [];
    const si = sectionInfo(t.section);
    const d = decimals();
    const where = [venue.name, roundName(t.round)].filter(Boolean).join(" · ");
    // A ✓ only for a mark that stands: a returned one has to be given again.
    const stands = (k) => { const m = markOf(marks, t.round, t.contestant, k); return m && m.state !== "returned"; };
    const tabs = h("div", { id: "sections", role: "tablist" }, sections.map((k) => {
      const name = sectionInfo(k)?.name ?? k;
      return h("button", { type: "button", role: "tab", class: k === t.section ? "tab chosen" : "tab", "aria-selected": String(k === t.section),
        dataset: { section: k }, onclick: () => openPerformance({ ...t, section: k }) }, name + (stands(k) ? " ✓" : ""));
    }));
    const rows = [
      h("div", { class: here ? "where" : "where late", id: "where" }, where + " · " + (here ? S.on_stage : S.left_stage)),
      h("div", { id: "contestant" }, t.label, recused ? h("span", { class: "recused" }, S.recused) : null),
    ];
    if (!here && stage?.stage?.contestant) {
      const back = h("button", { type: "button", id: "back-to-stage", class: "notice" }, fmt(S.back_to_stage, contestantLabel(stage.stage.contestant)));
      back.addEventListener("click", () => { app.followed = ""; renderJudge(); });
      rows.push(back);
    }
    rows.push(tabs);
    if (si) {
      const maxU = unitsOf(si.max_points, d) ?? 0;
      const stepU = unitsOf(si.step, d) ?? 1;
      const key = perfKey(t);
      if (!app.drafts.has(key)) app.drafts.set(key, new MarkEntry({ maxUnits: maxU, stepUnits: Math.max(1, stepU), decimals: d }));
      rows.push(h("div", { class: "rule" }, fmt(S.max_points, formatFixed(maxU, d), formatFixed(stepU, d))));
      if (si.criteria) rows.push(h("div", { class: "criteria" }, S.criteria + "：" + si.criteria));
      const mine = markOf(marks, t.round, t.contestant, si.key);
      const published = myPerformances().some((p) => perfKey(p) === key && p.published);
      if (mine) {
        rows.push(h("div", { id: "my-state", class: "state-" + mine.state, dataset: { state: mine.state } },
          fmt(S.already_marked, mine.points) + "  " + STATE_TEXT[mine.state]));
        if (mine.state === "returned" && mine.note) rows.push(h("div", { class: "bad" }, mine.note));
      } else if (published) {
        rows.push(h("div", { id: "my-state", class: "state-locked", dataset: { state: "locked" } }, S.state_locked));
      }
      // The latest refusal, if it is the last thing I typed for this performance.
      const refused = refusedOf(marks, t.round, t.contestant, si.key);
      if (refused) rows.push(h("div", { class: "bad" }, refused.points + " " + S.state_refused + "：" + refused.note));
    }
    // The notices after who, the section and my mark's state: on a small screen those stay in view.
    info.replaceChildren(...rows, ...notices);
    tabs.querySelector(".chosen")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  updatePad();
  renderMine();
}

function refusedOf(marks, round, contestant, section) {
  let refused = null;
  for (const m of marks)
    if (m.round === round && m.contestant === contestant && m.section === section)
      refused = m.state === "refused" ? m : m.state === "waiting" ? null : refused;
  return refused;
}

// My marks sent back (被退回) and numbers typed but not sent, for other performances than the
// one open; each opens its performance.
function renderNotices(marks) {
  const open = app.target ? perfKey(app.target) : "";
  const out = [];
  const perfs = myPerformances();
  for (const p of perfs) {
    if (perfKey(p) === open || myState(marks, p) !== "returned") continue;
    const b = h("button", { type: "button", class: "notice returned", dataset: { contestant: p.contestant, section: p.section } },
      fmt(S.returned_banner, p.label, sectionInfo(p.section)?.name ?? p.section));
    b.addEventListener("click", () => openPerformance(p));
    out.push(b);
  }
  for (const [key, entry] of app.drafts) {
    if (key === open || !entry.text) continue;
    const p = perfs.find((x) => perfKey(x) === key);
    if (!p) continue;  // no longer mine to mark (published, 缺赛): nothing to continue
    const b = h("button", { type: "button", class: "notice draft", dataset: { contestant: p.contestant, section: p.section } },
      fmt(S.draft_kept, entry.text, p.label, sectionInfo(p.section)?.name ?? p.section));
    b.addEventListener("click", () => openPerformance(p));
    out.push(b);
  }
  return out;
}

// My performances, the latest called first (each teacher's sections in order), with my mark and
// its state; a row opens its performance on the keypad. Then any mark of mine the list lacks.
function renderMine() {
  const mine = $("mine");
  const venue = myVenue();
  const call = h("button", { id: "call", type: "button", class: "call", disabled: !venue }, S.call_head_judge);
  call.addEventListener("click", callHeadJudge);
  const marks = myMarks();
  const perfs = myPerformances();
  const ordered = [];
  for (let end = perfs.length; end > 0;) {
    let begin = end - 1;
    while (begin > 0 && perfs[begin - 1].contestant === perfs[end - 1].contestant && perfs[begin - 1].round === perfs[end - 1].round) begin--;
    ordered.push(...perfs.slice(begin, end));
    end = begin;
  }
  const open = app.target ? perfKey(app.target) : "";
  const rows = ordered.map((p) => {
    const m = markOf(marks, p.round, p.contestant, p.section);
    const state = myState(marks, p);
    const refused = refusedOf(marks, p.round, p.contestant, p.section);
    const row = h("tr", { class: "state-" + state + (perfKey(p) === open ? " open" : ""), tabindex: "0",
        dataset: { state, contestant: p.contestant, section: p.section } },
      h("td", {}, h("div", {}, p.label), h("div", { class: "dim" }, sectionInfo(p.section)?.name ?? p.section)),
      h("td", { class: "points" }, m?.points ?? ""),
      h("td", {}, h("div", { class: "state" }, state === "missing" ? S.state_todo : STATE_TEXT[state]),
        refused ? h("div", { class: "note" }, refused.points + " " + S.state_refused) : null));
    row.addEventListener("click", () => openPerformance(p));
    return row;
  });
  for (const m of [...marks].reverse()) {
    if (perfs.some((p) => p.round === m.round && p.contestant === m.contestant && p.section === m.section)) continue;
    rows.push(h("tr", { class: "state-" + m.state, dataset: { state: m.state, contestant: m.contestant, section: m.section } },
      h("td", {}, h("div", {}, m.label), h("div", { class: "dim" }, sectionInfo(m.section)?.name ?? m.section)),
      h("td", { class: "points" }, m.points),
      h("td", {}, h("div", { class: "state" }, STATE_TEXT[m.state]), m.note ? h("div", { class: "note" }, m.note) : null)));
  }
  const list = h("table", { id: "my-marks" }, h("tbody", {}, rows));
  mine.replaceChildren(call, h("h2", {}, S.my_marks), rows.length ? list : h("p", { class: "dim" }, S.no_marks_yet));
}

// ---- dialogs ----
function closeDialog() {
  const d = $("dialog");
  if (!d.hidden) app.keysQuietUntil = performance.now() + 300;  // only after a dialog that was open
  d.hidden = true;
  d.replaceChildren();
}
function dialog(...content) {
  const d = $("dialog");
  d.replaceChildren(h("div", { class: "panel", role: "dialog", "aria-modal": "true" }, ...content));
  d.hidden = false;
}
function ask(text, yes, no) {
  return new Promise((resolve) => {
    const y = h("button", { type: "button", class: "primary", id: "ask-yes" }, yes);
    const n = h("button", { type: "button", id: "ask-no" }, no);
    y.addEventListener("click", () => { closeDialog(); resolve(true); });
    n.addEventListener("click", () => { closeDialog(); resolve(false); });
    dialog(h("p", { class: "big" }, text), h("div", { class: "buttons" }, y, n));
  });
}

async function confirmMark() {
  const ctx = padContext();
  const e = currentEntry();
  if (!ctx || ctx.closed || !e || !e.check().ok) return;
  const key = perfKey({ round: ctx.round, contestant: ctx.who.id, section: ctx.si.key });
  const check = e.check();
  const text = formatFixed(check.units, decimals());
  const yes = h("button", { type: "button", class: "primary", id: "confirm-yes" }, S.confirm_yes);
  const no = h("button", { type: "button", id: "confirm-no" }, S.confirm_no);
  no.addEventListener("click", closeDialog);
  yes.addEventListener("click", async () => {
    closeDialog();
    if (!app.outbox) return toast(fmt(S.failed, S.no_storage), true);
    const body = { round: ctx.round, contestant: ctx.who.id, section: ctx.si.key, points: Number(text) };
    try {
      // Mine, over the stored mark as I saw it (the outbox chains it to an unsent one).
      await app.outbox.addMark(app.session.person, "/api/marks", body, ctx.mine?.revision ?? 0);
    } catch (err) {
      return storageFailed(err);  // the number stays on the keypad: nothing was stored
    }
    if (app.drafts.get(key) === e) app.drafts.delete(key);
    await loadOutbox();
    renderAll();
    if (app.offline) toast(S.saved_locally);
    flush();
  });
  dialog(h("p", { class: "big" }, ctx.label), h("p", { class: "big" }, ctx.si.name),
    h("p", { class: "big", id: "confirm-text" }, fmt(S.confirm_text, text)), h("div", { class: "buttons" }, yes, no));
}

function callHeadJudge() {
  const venue = myVenue();
  if (!venue) return;
  const buttons = S.call_notes.map((note) => {
    const b = h("button", { type: "button", class: "call" }, note);
    b.addEventListener("click", async () => {
      closeDialog();
      try {
        const r = await call("POST", "/api/call-head-judge", { venue: venue.key, note });
        if (r.status === 200) toast(S.head_judge_called);
        else toast(fmt(S.failed, r.body?.error ?? r.status), true);
      } catch {
        toast(fmt(S.failed, S.server_unreachable), true);
      }
    });
    return b;
  });
  const cancel = h("button", { type: "button" }, S.cancel);
  cancel.addEventListener("click", closeDialog);
  dialog(h("p", { class: "big" }, S.call_why), h("div", { class: "column" }, buttons, cancel));
}

// Leaving the page (the back button, a closed tab) with a number typed and not sent, or marks
// not yet on the server, asks first. Unsent marks stay in this browser's storage and go when
// the page is opened again, but a judge who walks away would not know that.
function leavingLosesSomething() {
  const typed = [...app.drafts.values()].some((e) => e.text !== "");
  return typed || app.shown.some((i) => i.state === "waiting");
}

window.onbeforeunload = (event) => {
  if (!leavingLosesSomething()) return;
  event.preventDefault();
  event.returnValue = "";
};

// ---- start ----
async function start() {
  renderAll();
  await refresh();
  openFeed();
  flush();
}

// The slip's QR code: #t=TICKET, a one-time ticket the server takes as a login code once (the
// browser's history keeps the link; a used ticket is dead), or #code=CODE typed by hand. Read
// it and take it out of the address bar; the caller logs in with it.
function codeFromHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const code = (hash.get("t") ?? hash.get("code") ?? "").replace(/\D/g, "");
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  return code;
}

async function main() {
  document.title = S.app_title;
  document.documentElement.lang = "zh-CN";
  $("logout").addEventListener("click", logOut);
  window.addEventListener("online", () => { if (app.offline) retryUntilOnline(); });
  // Leaving the page (a reload, another address) closes the live feed at once: a browser holds
  // six connections to one server, and a feed left open by a page kept for "back" would hold one
  // until the server drops it; after a few reloads the next page would wait for a connection.
  window.addEventListener("pagehide", () => closeFeed());
  window.addEventListener("pageshow", (e) => { if (e.persisted && app.session) { refresh(); openFeed(); } });
  setInterval(() => { if (app.session && !app.offline) refresh(); }, REFRESH_MS);
  try {
    app.outbox = await Outbox.open();
  } catch {
    app.storageProblem = true;
  }
  // A slip scanned while the page is open changes only the fragment: no reload, same login path.
  window.addEventListener("hashchange", () => { const code = codeFromHash(); if (code) logIn(code); });
  const code = codeFromHash();
  if (code) return logIn(code);
  app.session = loadSession();
  if (app.session?.token) return start();
  renderLogin(false);
}

main();
