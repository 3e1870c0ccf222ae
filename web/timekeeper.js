// 计时员 in the browser: the section's window, a very large clock that turns green at the
// minimum, amber in the last 30 s and red when over (with the overtime and the penalty it will
// cost, by the contest's tiers), 开始 / 停止 / 归零 each in its own spot (the display's clock
// follows through /api/clock), and the duration sent through the outbox like a mark.
// The clock belongs to the performance on stage (issue 24): a new stage call shows 00:00,
// stopped, with nothing to send; the server's clock for the performance is followed (a reload
// too); 提交用时 appears only after a stop; a sent time reads 已记录 5:46 ✓ with 更正 behind its
// own button; a stopwatch reading may be typed with a reason. A time of the one who left is
// offered for that teacher by name, never for whoever is on stage now. Mirrors
// judge_console/panels/timekeeper_panel.cpp and timer_model.cpp (PerformanceClock,
// typed_reading_tenths); the phase is scoring/engine/clock_phase.cpp's rule, the penalty
// section_score.cpp's penalty_for.
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

// ---- the time as typed and read back: pure (timer_model.cpp) ----
// Whole minutes (0–99) and seconds (0–59.9, one decimal at most) → tenths, or { error } in the
// words of strings.js.
export function typedReadingTenths(minutesText, secondsText) {
  const m = String(minutesText ?? "").trim() || "0", s = String(secondsText ?? "").trim();
  if (!/^\d{1,2}$/.test(m)) return { error: S.reading_minutes_bad };
  const sm = /^(\d{1,2})(?:\.(\d))?$/.exec(s);
  if (!sm || Number(sm[1]) >= 60) return { error: S.reading_seconds_bad };
  const tenths = Number(m) * 600 + Number(sm[1]) * 10 + Number(sm[2] ?? 0);
  return tenths > 0 ? { tenths } : { error: S.reading_zero };
}
// 3463 → "5:46.3", 3460 → "5:46"
export function minutesSecondsText(tenths) {
  const s = Math.trunc(tenths / 10);
  return Math.trunc(s / 60) + ":" + two(s % 60) + (tenths % 10 ? "." + (tenths % 10) : "");
}
// The API's duration ("346.3" or 346.3) → tenths; null when not one.
export function durationTenths(d) {
  const m = /^(\d{1,6})(?:\.(\d))?$/.exec(String(d ?? ""));
  return m ? Number(m[1]) * 10 + Number(m[2] ?? 0) : null;
}
const durationText = (tenths) => Math.trunc(tenths / 10) + "." + (tenths % 10);

// ---- the clock of the performance on stage (timer_model.h, PerformanceClock) ----
const ANSWER_WAIT_MS = 5000;
const elapsedOf = (t, now) => t.banked + (t.running ? now - t.startedAt : 0);
const askServer = (t, running, zero, now) => { t.asked = { running, section: t.section, zero, at: now }; };
// server: { running, elapsedMs, section } for this very performance, or null. True when the
// performance changed (the clock set back to 0 and stopped).
function follow(t, performance, server, now) {
  const changed = performance !== t.perf;
  if (changed) Object.assign(t, { perf: performance, running: false, banked: 0, startedAt: 0, asked: null });
  if (!server) return changed;
  const a = t.asked;
  const agrees = a && server.running === a.running && (!a.section || server.section === a.section) &&
    (!a.zero || server.elapsedMs === 0);
  if (a && !agrees && now - a.at < ANSWER_WAIT_MS) return changed;
  t.asked = null;
  t.running = server.running;
  t.banked = server.running ? 0 : Math.max(0, server.elapsedMs);
  t.startedAt = now - Math.max(0, server.elapsedMs);
  if (server.section) t.section = server.section;
  return changed;
}

// ---- the screen ----
// kit: { app, h, call, toast, refresh, rerender, contestantLabel, sectionInfo, queue(path, body), banner() }
export function renderTimekeeper(kit, screen) {
  const { app, h } = kit;
  const state = app.state ?? {};
  const t = (app.timer ??= { perf: null, section: "", running: false, startedAt: 0, banked: 0, asked: null, timed: null,
    sent: {}, leftUnsent: null, typing: null, tick: 0 });
  const venue = (state.venues ?? []).find((v) => v.key === app.session.venue || v.key === state.me?.venue);
  if (screen.className !== "timer") {
    screen.className = "timer";
    screen.replaceChildren(h("div", { id: "timer" }, kit.banner(), h("div", { id: "timer-body" }), h("div", { id: "reading" })));
  }
  const body = document.getElementById("timer-body");
  if (!venue) return body.replaceChildren(h("p", { class: "waiting-stage" }, app.session.name));
  const onStage = venue.stage?.contestant ?? null;
  const performance = onStage ? venue.stage.round + "|" + onStage.id + "|" + venue.stage.since_ms : "";
  const sections = venue.sections ?? [];
  const now = Date.now();
  const serverNow = (state.server_time_ms ?? 0) + (now - (app.stateAt ?? now));
  const recordedTimes = {};
  for (const x of state.venue_timings ?? []) {
    const tenths = durationTenths(x.duration_s);
    if (tenths != null) recordedTimes[x.round + "|" + x.contestant + "|" + x.section] = tenths;
  }
  const recorded = (key) => recordedTimes[key] ?? t.sent[key] ?? null;
  // Who is on stage, and the server's clock for that very performance; a stopped time of the
  // one who left that was never sent is kept, by name.
  const c = venue.clock;
  const server = onStage && c && c.contestant === onStage.id
    ? { running: !!c.running, section: c.section ?? "",
      elapsedMs: (c.elapsed_ms ?? 0) + (c.running ? Math.max(0, serverNow - (c.started_at_ms ?? serverNow)) : 0) }
    : null;
  const before = { ms: elapsedOf(t, now), running: t.running, section: t.section, timed: t.timed };
  if (follow(t, performance, server, now)) {
    if (!before.running && before.ms > 0 && before.timed) {
      const left = { round: before.timed.round, contestant: before.timed.id, label: before.timed.label,
        section: before.section, tenths: Math.trunc(before.ms / 100) };
      if (recorded(left.round + "|" + left.contestant + "|" + left.section) == null) t.leftUnsent = left;
    }
    t.timed = onStage ? { round: venue.stage.round, id: onStage.id, label: kit.contestantLabel(onStage) } : null;
  }
  if (!sections.includes(t.section)) t.section = sections[0] ?? "";
  const si = kit.sectionInfo(t.section);
  const elapsed = () => elapsedOf(t, Date.now());
  const scoreDecimals = state.contest?.score_decimals ?? 2;
  const tiers = (state.overtime_penalty ?? []).map((x) => ({ atLeastS: x.at_least_s ?? x.over_s_at_least ?? 0,
    units: unitsOf(x.points, scoreDecimals) ?? 0 }));
  const minS = si?.min_time_s ?? null, maxS = si?.max_time_s ?? null;
  const postClock = (running, section, elapsedMs) =>
    kit.call("POST", "/api/clock", { running, section, elapsed_ms: Math.trunc(elapsedMs), contestant: onStage.id })
      .then((r) => { if (r.status !== 200) kit.toast(fmt(S.failed, r.body?.error ?? r.status), true); },
        () => kit.toast(fmt(S.failed, S.server_unreachable), true));
  const reset = (section) => {
    if (t.running) return;
    Object.assign(t, { banked: 0, section });
    askServer(t, false, true, Date.now());
    if (onStage) postClock(false, section, 0);
    kit.rerender();
  };

  const parts = [h("div", { class: "where" }, venue.name + " · " + S.on_stage + "：" + (onStage ? kit.contestantLabel(onStage) : "—"))];
  parts.push(h("div", { id: "sections", role: "tablist" }, sections.map((k) =>
    h("button", { type: "button", role: "tab", class: k === t.section ? "tab chosen" : "tab", dataset: { section: k }, disabled: t.running,
      onclick: () => { if (k !== t.section) reset(k); } }, kit.sectionInfo(k)?.name ?? k))));
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
  paint();
  clearInterval(t.tick);
  if (t.running) t.tick = setInterval(paint, 200);

  // 开始 | 停止 | 归零, each always in its own spot: a double tap on 停止 lands on 停止 again.
  parts.push(h("div", { class: "clock-buttons" },
    h("button", { type: "button", id: "clock-start", class: "primary", disabled: !onStage || !si || t.running, onclick: () => {
      if (t.running || !onStage) return;
      Object.assign(t, { running: true, startedAt: Date.now() - t.banked, banked: 0 });
      askServer(t, true, false, Date.now());
      postClock(true, t.section, 0);
      kit.rerender();
    } }, S.start),
    h("button", { type: "button", id: "clock-stop", class: "stop", disabled: !t.running, onclick: () => {
      if (!t.running) return;
      Object.assign(t, { banked: elapsed(), running: false });
      askServer(t, false, false, Date.now());
      if (onStage) postClock(false, t.section, t.banked);
      kit.rerender();
    } }, S.stop),
    h("button", { type: "button", id: "clock-reset", disabled: t.running || elapsed() === 0, onclick: () => reset(t.section) }, S.reset)));

  // 提交用时 after a stop, or 已记录 with 更正; 输入秒表读数.
  const sendTime = async (time, reason) => {
    const b = { round: time.round, contestant: time.contestant, section: time.section, duration_s: Number(durationText(time.tenths)) };
    if (reason) b.reason = reason;
    if (await kit.queue("/api/timings", b)) t.sent[time.round + "|" + time.contestant + "|" + time.section] = time.tenths;
  };
  if (onStage && si) {
    const current = { round: venue.stage.round, contestant: onStage.id, label: kit.contestantLabel(onStage), section: si.key,
      tenths: Math.trunc(elapsed() / 100) };
    const done = recorded(current.round + "|" + current.contestant + "|" + current.section);
    const row = h("div", { class: "time-row" });
    if (done != null) {
      row.append(h("span", { id: "recorded", class: "recorded" }, fmt(S.recorded_time, minutesSecondsText(done))),
        h("button", { type: "button", id: "correct-time", onclick: () => openReading(current) }, S.correct));
    } else {
      if (!t.running && elapsed() > 0 && t.perf === performance)
        row.append(h("button", { type: "button", id: "send-time", class: "send", onclick: async () => {
          await sendTime(current, "");
          kit.rerender();
        } }, fmt(S.send_time, minutesSecondsText(current.tenths))));
      row.append(h("button", { type: "button", id: "type-reading", onclick: () => openReading(current) }, S.type_reading));
    }
    parts.push(row);
  }
  const left = t.leftUnsent;
  if (left && recorded(left.round + "|" + left.contestant + "|" + left.section) != null) t.leftUnsent = null;
  if (t.leftUnsent)
    parts.push(h("div", { class: "left-unsent", id: "left-unsent" },
      h("span", { class: "warn" }, fmt(S.left_unsent, left.label, minutesSecondsText(left.tenths))),
      h("button", { type: "button", id: "send-left", onclick: async () => { await sendTime(left, ""); kit.rerender(); } },
        fmt(S.send_left, left.label))));
  body.replaceChildren(...parts);

  // The typed reading lives outside the body, so a refresh of the screen never takes its fields
  // away while someone types. It belongs to the performance it was opened for, by name.
  function openReading(time) {
    t.typing = { time };
    drawReading();
  }
  function drawReading() {
    const box = document.getElementById("reading");
    if (!t.typing) return box.replaceChildren();
    const r = t.typing;
    const minutes = h("input", { id: "reading-minutes", inputmode: "numeric", maxlength: "2", size: "3", autocomplete: "off" });
    const seconds = h("input", { id: "reading-seconds", inputmode: "decimal", maxlength: "4", size: "4", autocomplete: "off" });
    const problem = h("div", { id: "reading-problem", class: "warn" });
    const send = h("button", { type: "button", id: "send-reading", class: "send", disabled: true });
    let reason = -1;
    const reasons = h("div", { class: "reasons" }, h("span", {}, S.reason), S.reasons.map((text, i) =>
      h("button", { type: "button", class: "tab", dataset: { reason: String(i) }, onclick: (e) => {
        reason = i;
        for (const b of reasons.querySelectorAll("button")) b.className = b === e.currentTarget ? "tab chosen" : "tab";
        check();
      } }, text)));
    const check = () => {
      const typed = typedReadingTenths(minutes.value, seconds.value);
      problem.textContent = typed.error && (minutes.value || seconds.value) ? typed.error : "";
      send.textContent = fmt(S.send_time, typed.tenths ? minutesSecondsText(typed.tenths) : "");
      send.disabled = !typed.tenths || reason < 0;
      return typed;
    };
    minutes.addEventListener("input", check);
    seconds.addEventListener("input", check);
    send.addEventListener("click", async () => {
      const typed = check();
      if (!typed.tenths || reason < 0) return;
      const time = { ...r.time, tenths: typed.tenths };
      await sendTime(time, S.reasons[reason]);
      // A clock still running for this performance (the tablet died before 停止) stops at the reading.
      const st = app.state?.venues?.find((v) => v.key === venue.key)?.stage;
      if (t.running && st?.contestant?.id === time.contestant && t.timed?.id === time.contestant) {
        Object.assign(t, { banked: elapsed(), running: false });
        askServer(t, false, false, Date.now());
        kit.call("POST", "/api/clock", { running: false, section: time.section, elapsed_ms: time.tenths * 100, contestant: time.contestant })
          .catch(() => kit.toast(fmt(S.failed, S.server_unreachable), true));
      }
      t.typing = null;
      drawReading();
      kit.rerender();
    });
    box.replaceChildren(h("div", { class: "reading" }, h("div", { class: "where" }, fmt(S.reading_for, r.time.label)),
      h("label", {}, minutes, S.minutes), h("label", {}, seconds, S.seconds), reasons, problem,
      h("div", { class: "time-row" }, send,
        h("button", { type: "button", id: "cancel-reading", onclick: () => { t.typing = null; drawReading(); } }, S.cancel))));
    check();
    minutes.focus();
  }
}
