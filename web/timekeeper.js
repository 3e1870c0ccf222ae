// 计时员 in the browser: the section's window, a very large clock that turns green at the
// minimum, amber in the last 30 s and red when over (with the overtime and the penalty it will
// cost, by the contest's tiers), Start / Stop (the display's clock follows through /api/clock),
// and the duration sent through the outbox like a mark; a second one for the same performance
// needs a reason. A reload resumes the venue's clock as the server holds it. Mirrors
// judge_console/panels/timekeeper_panel.cpp and timer_model.cpp; the phase is
// scoring/engine/clock_phase.cpp's rule, the penalty section_score.cpp's penalty_for.
import { S, fmt } from "./strings.js";
import { formatFixed, unitsOf } from "./marks.js";

// ---- the clock's face: pure ----
export const Phase = { neutral: "neutral", enough: "enough", nearMax: "near-max", over: "over" };

export function clockPhase(elapsedMs, minS, maxS, warnS = 30) {
  const whole = Math.trunc(elapsedMs / 1000);
  if (maxS != null && whole > maxS) return Phase.over;
  if (maxS != null && whole >= maxS - warnS) return Phase.nearMax;
  if (minS != null && whole >= minS) return Phase.enough;
  if (minS == null && maxS != null) return Phase.enough;  // no minimum: any time is enough
  return Phase.neutral;
}
export function overtimeS(elapsedMs, maxS) {
  if (maxS == null) return 0;
  // Durations are truncated to whole seconds (contest-file.md §2).
  const whole = Math.trunc(elapsedMs / 1000);
  return whole > maxS ? whole - maxS : 0;
}
// tiers: [{ atLeastS, units }]: the highest tier reached.
export function penaltyFor(tiers, excessS) {
  let best = -1, units = 0;
  for (const t of tiers) if (excessS >= t.atLeastS && t.atLeastS > best) { best = t.atLeastS; units = t.units; }
  return units;
}
const two = (n) => String(n).padStart(2, "0");
export const mmss = (s) => two(Math.trunc(s / 60)) + ":" + two(s % 60);
// { clock "04:47", phase, overtimeS, penaltyUnits, durationText "287.4" (truncated: a stopwatch never rounds up) }
export function timerFace(elapsedMs, minS, maxS, tiers) {
  const ms = Math.max(0, Math.trunc(elapsedMs));
  const over = overtimeS(ms, maxS);
  const tenths = Math.trunc(ms / 100);
  return { clock: mmss(Math.trunc(ms / 1000)), phase: clockPhase(ms, minS, maxS), overtimeS: over,
    penaltyUnits: over > 0 ? penaltyFor(tiers, over) : 0, durationText: Math.trunc(tenths / 10) + "." + (tenths % 10) };
}

// ---- the screen ----
// kit: { app, h, call, toast, refresh, rerender, contestantLabel, sectionInfo, queue(path, body), banner() }
export function renderTimekeeper(kit, screen) {
  const { app, h } = kit;
  const state = app.state ?? {};
  const t = (app.timer ??= { section: "", running: false, startedAt: 0, banked: 0, adopted: false, lastSent: "", reason: -1, tick: 0 });
  const venue = (state.venues ?? []).find((v) => v.key === app.session.venue || v.key === state.me?.venue);
  if (screen.className !== "timer") {
    screen.className = "timer";
    screen.replaceChildren(h("div", { id: "timer" }, kit.banner(), h("div", { id: "timer-body" })));
  }
  const body = document.getElementById("timer-body");
  if (!venue) return body.replaceChildren(h("p", { class: "waiting-stage" }, app.session.name));
  const onStage = venue.stage?.contestant ?? null;
  const sections = venue.sections ?? [];
  // Once per page: a clock running on the server (a reload, another tablet) is taken over.
  if (!t.adopted && state.server_time_ms) {
    t.adopted = true;
    const c = venue.clock;
    if (c && c.running && sections.includes(c.section)) {
      t.section = c.section;
      t.running = true;
      t.banked = c.elapsed_ms ?? 0;
      t.startedAt = Date.now() - Math.max(0, state.server_time_ms - (c.started_at_ms ?? state.server_time_ms));
    }
  }
  if (!sections.includes(t.section)) t.section = sections[0] ?? "";
  const si = kit.sectionInfo(t.section);
  const elapsed = () => t.banked + (t.running ? Date.now() - t.startedAt : 0);
  const scoreDecimals = state.contest?.score_decimals ?? 2;
  const tiers = (state.overtime_penalty ?? []).map((x) => ({ atLeastS: x.at_least_s ?? x.over_s_at_least ?? 0,
    units: unitsOf(x.points, scoreDecimals) ?? 0 }));
  const minS = si?.min_time_s ?? null, maxS = si?.max_time_s ?? null;

  const parts = [h("div", { class: "where" }, venue.name + " · " + S.on_stage + "：" + (onStage ? kit.contestantLabel(onStage) : "—"))];
  parts.push(h("div", { id: "sections", role: "tablist" }, sections.map((k) =>
    h("button", { type: "button", role: "tab", class: k === t.section ? "tab chosen" : "tab", dataset: { section: k }, disabled: t.running,
      onclick: () => { t.section = k; t.banked = 0; kit.rerender(); } }, kit.sectionInfo(k)?.name ?? k))));
  if (si) {
    const window = (minS != null ? mmss(minS) + " – " : "≤ ") + (maxS != null ? mmss(maxS) : "—");
    parts.push(h("div", { class: "dim" }, fmt(S.window, window)));
  }
  const clock = h("div", { id: "clock" });
  const note = h("div", { id: "clock-note" });
  parts.push(clock, note);
  const paint = () => {
    const f = timerFace(elapsed(), minS, maxS, tiers);
    clock.textContent = f.clock;
    clock.className = "phase-" + f.phase;
    note.className = "phase-" + f.phase;
    note.textContent = f.phase === Phase.over ? fmt(S.overtime, f.overtimeS, formatFixed(f.penaltyUnits, scoreDecimals))
      : f.phase === Phase.nearMax ? S.near_max : f.phase === Phase.enough ? S.on_time : elapsed() > 0 ? S.too_short : " ";
    return f;
  };
  const face = paint();
  clearInterval(t.tick);
  if (t.running) t.tick = setInterval(paint, 200);

  const postClock = (running) => kit.call("POST", "/api/clock", { running, section: t.section, elapsed_ms: Math.trunc(elapsed()) })
    .then((r) => { if (r.status !== 200) kit.toast(fmt(S.failed, r.body?.error ?? r.status), true); },
      () => kit.toast(fmt(S.failed, S.server_unreachable), true));
  const startStop = t.running
    ? h("button", { type: "button", id: "clock-stop", class: "stop", onclick: () => {
      t.banked = elapsed();
      t.running = false;
      postClock(false);
      kit.rerender();
    } }, S.stop)
    : h("button", { type: "button", id: "clock-start", class: "primary", disabled: !onStage || !si, onclick: () => {
      t.startedAt = Date.now();
      t.running = true;
      postClock(true);
      kit.rerender();
    } }, S.start);
  const reset = h("button", { type: "button", id: "clock-reset", disabled: t.running || elapsed() === 0,
    onclick: () => { t.banked = 0; kit.rerender(); } }, S.reset);
  parts.push(h("div", { class: "clock-buttons" }, startStop, reset));

  // Send the duration: the first time plainly, again only with a reason.
  if (onStage && si && !t.running && elapsed() > 0) {
    const key = venue.stage.round + "|" + onStage.id + "|" + si.key;
    const correction = t.lastSent.startsWith(key + "=");
    if (correction)
      parts.push(h("div", { class: "reasons" }, h("span", {}, S.reason), S.reasons.map((r, i) =>
        h("button", { type: "button", class: i === t.reason ? "tab chosen" : "tab", onclick: () => { t.reason = i; kit.rerender(); } }, r))));
    const label = (correction ? S.correct_time + "：" : "") + fmt(S.send_time, face.durationText);
    parts.push(h("button", { type: "button", id: "send-time", class: "send", disabled: correction && t.reason < 0, onclick: async () => {
      const b = { round: venue.stage.round, contestant: onStage.id, section: si.key, duration_s: Number(face.durationText) };
      if (correction) b.reason = S.reasons[t.reason];
      if (await kit.queue("/api/timings", b)) t.lastSent = key + "=" + face.durationText;
      t.reason = -1;
      kit.rerender();
    } }, label));
  }
  if (t.lastSent) parts.push(h("div", { class: "dim", id: "last-sent" }, fmt(S.last_sent, t.lastSent.slice(t.lastSent.indexOf("=") + 1))));
  body.replaceChildren(...parts);
}
