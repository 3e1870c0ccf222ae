// 裁判长 in the browser: the venue's marks as a grid of contestants × judges (missing, far from
// the median and wide panels marked, dropped marks struck, returned ones red), the score
// previewed, a mark sent back with a note, 亮分 when complete, the judges' calls, and the next
// contestant called on stage. Mirrors judge_console/panels/head_judge_panel.cpp; every action
// is a direct request (nothing of the head judge's waits in an outbox: an action refused while
// offline says so, and is done again when the network is back).
import { S, fmt } from "./strings.js";
import { formatFixed, reviewPanel, unitsOf } from "./marks.js";

// kit: { app, h, call, toast, refresh, rerender, contestantLabel, sectionInfo, decimals }
export function renderHeadJudge(kit, screen) {
  const { app, h } = kit;
  const state = app.state ?? {};
  const ui = (app.head ??= { section: "", selected: null, nextFor: null, next: "" });
  const venue = (state.venues ?? []).find((v) => v.key === app.session.venue || v.key === state.me?.venue);
  if (screen.className !== "head") {
    screen.className = "head";
    screen.replaceChildren(h("div", { id: "head" }, kit.banner(), h("div", { id: "head-body" })));
  }
  const body = document.getElementById("head-body");
  if (!venue) return body.replaceChildren(h("p", { class: "waiting-stage" }, app.session.name));
  const d = kit.decimals();
  const judges = venue.judges ?? [];
  const onStage = venue.stage?.contestant ?? null;
  const panels = (state.panels ?? []).filter((p) => p.venue === venue.key);
  const parts = [];

  // Judges calling.
  const calls = (state.head_judge_calls ?? []).filter((c) => c.venue === venue.key);
  if (calls.length) {
    const who = calls.map((c) => (judges.find((j) => j.id === c.judge)?.name ?? c.judge ?? "") + (c.note ? "：" + c.note : ""))
      .filter(Boolean).join("  ");
    parts.push(h("div", { id: "calls", class: "calls" }, h("span", {}, fmt(S.calls, who || venue.name)),
      action(kit, h("button", { type: "button", id: "clear-call" }, S.clear_call), "/api/call-head-judge", {})));
  }
  parts.push(h("div", { class: "where" }, venue.name + " · " + S.on_stage + "：" + (onStage ? kit.contestantLabel(onStage) : "—")));

  // The venue's sections; start on the one being marked now.
  const sections = venue.sections ?? [];
  if (!sections.includes(ui.section)) {
    ui.section = sections[0] ?? "";
    const live = panels.find((p) => onStage && p.contestant.id === onStage.id && !p.published && p.marks.some((m) => m.points !== null));
    if (live) ui.section = live.section;
  }
  parts.push(h("div", { id: "sections", role: "tablist" }, sections.map((k) =>
    h("button", { type: "button", role: "tab", class: k === ui.section ? "tab chosen" : "tab", dataset: { section: k },
      onclick: () => { ui.section = k; ui.selected = null; kit.rerender(); } }, kit.sectionInfo(k)?.name ?? k))));

  // The grid: performances of this section with any mark, or on stage.
  const si = kit.sectionInfo(ui.section);
  const maxU = unitsOf(si?.max_points, d) ?? 300;
  const rows = panels.filter((p) => p.section === ui.section &&
    (p.marks.some((m) => m.points !== null) || (onStage && p.contestant.id === onStage.id)));
  const scoreDecimals = state.contest?.score_decimals ?? 2;
  const head = h("tr", {}, h("th", {}, S.contestant), judges.map((j) => h("th", {}, j.name)), h("th", {}, S.score), h("th", {}, ""));
  const body_rows = rows.map((p) => {
    const cells = judges.map((j) => p.marks.find((m) => m.judge === j.id) ?? null);
    const review = reviewPanel(p.marks.map((m) => unitsOf(m.points, d)), maxU);
    const tds = cells.map((m) => {
      if (!m) return h("td", { class: "recused" }, S.recused);  // 回避: this judge does not mark this contestant
      const i = p.marks.indexOf(m);
      const units = unitsOf(m.points, d);
      const cls = ["mark", units === null ? "missing" : "", m.status === "returned" ? "returned" : "",
        m.dropped && units !== null ? "dropped" : "", review.far[i] ? "far" : "",
        ui.selected && ui.selected.key === key(p) && ui.selected.judge === m.judge ? "selected" : ""].filter(Boolean).join(" ");
      const canSelect = units !== null && !p.published && m.status !== "returned";
      return h("td", { class: cls, dataset: { judge: m.judge, contestant: p.contestant.id }, title: review.far[i] ? S.far_hint : "" },
        h("button", { type: "button", disabled: !canSelect, onclick: () => { ui.selected = { key: key(p), panel: p, judge: m.judge, points: formatFixed(units, d) }; kit.rerender(); } },
          h("span", { class: "n" }, units === null ? "—" : formatFixed(units, d)),
          m.dropped && units !== null ? h("small", {}, " " + S.dropped_mark) : null));
    });
    const score = unitsOf(p.score, scoreDecimals);
    const penalty = unitsOf(p.penalty, scoreDecimals);
    const scoreCell = h("td", { class: "score" }, score === null ? "" : formatFixed(score, scoreDecimals),
      penalty ? h("div", { class: "bad" }, "−" + formatFixed(penalty, scoreDecimals)) : null,
      review.missing ? h("div", { class: "dim" }, fmt(S.missing_marks, review.missing)) : null,
      review.wide ? h("div", { class: "warn" }, S.wide_hint) : null);
    // 亮分 needs every mark and none sent back (the server checks it again, and the time).
    const ready = p.complete && !p.marks.some((m) => m.status === "returned" || m.points === null);
    const publish = p.published ? h("span", { class: "published" }, S.published)
      : action(kit, h("button", { type: "button", class: "publish", disabled: !ready, dataset: { contestant: p.contestant.id } }, S.publish),
        "/api/publish", { round: p.round, contestant: p.contestant.id, section: p.section });
    return h("tr", { dataset: { contestant: p.contestant.id, published: String(!!p.published) } },
      h("td", { class: "who" }, kit.contestantLabel(p.contestant),
        p.absence ? h("div", { class: "warn absence" }, absenceWord(p.absence)) : null),
      tds, scoreCell, h("td", {}, publish));
  });
  parts.push(h("div", { class: "grid-wrap" }, rows.length
    ? h("table", { id: "grid" }, h("thead", {}, head), h("tbody", {}, body_rows))
    : h("p", { class: "dim" }, S.no_performances)));

  // Send the chosen mark back, with a note.
  const sel = ui.selected && rows.find((p) => key(p) === ui.selected.key) ? ui.selected : null;
  if (sel) {
    const judgeName = judges.find((j) => j.id === sel.judge)?.name ?? sel.judge;
    parts.push(h("div", { id: "send-back", class: "send-back" },
      h("div", {}, kit.contestantLabel(sel.panel.contestant) + " · " + (si?.name ?? "") + " · " + S.judge + " " + judgeName + "：" + sel.points),
      h("div", { class: "notes" }, h("span", {}, S.send_back), S.notes.map((note, i) =>
        action(kit, h("button", { type: "button", class: "return", id: "return-" + i }, note), "/api/return",
          { round: sel.panel.round, contestant: sel.panel.contestant.id, section: sel.panel.section, judge: sel.judge, note },
          () => { ui.selected = null; kit.toast(fmt(S.returned_to, judgeName)); })))));
  } else if (rows.length) {
    parts.push(h("p", { class: "dim" }, S.choose_mark));
  }

  // Call a contestant on stage: the venue's round in the drawn running order (then by id), the
  // one after whoever is on stage offered.
  const entrants = new Map();
  for (const p of panels) if (p.round === venue.round) entrants.set(p.contestant.id, p.contestant);
  const order = [...entrants.values()].sort((a, b) => (a.draw ?? 1e9) - (b.draw ?? 1e9) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const nowOn = onStage?.id ?? "";
  if (ui.nextFor !== nowOn) {
    ui.nextFor = nowOn;
    const at = order.findIndex((c) => c.id === nowOn);
    ui.next = order[Math.min(at + 1, order.length - 1)]?.id ?? "";
  }
  if (order.length) {
    const out = new Map(panels.filter((p) => p.absence).map((p) => [p.contestant.id, p.absence]));
    const select = h("select", { id: "next" }, order.map((c) => h("option", { value: c.id, selected: c.id === ui.next },
      (c.draw && c.name ? fmt(S.numbered, c.draw) + "  " : "") + kit.contestantLabel(c) +
      (out.has(c.id) ? "（" + absenceWord(out.get(c.id)) + "）" : ""))));
    select.addEventListener("change", () => { ui.next = select.value; });
    parts.push(h("div", { class: "next" }, select,
      action(kit, h("button", { type: "button", id: "call-next", class: "primary" }, S.call_next), "/api/stage",
        () => ({ venue: venue.key, contestant: ui.next }))));
  }
  parts.push(absences(kit, venue, panels, onStage));
  body.replaceChildren(...parts);
}

const absenceWord = (status) =>
  ({ absent: S.absent_word, withdrew: S.withdrew_word, withdrawn: S.withdrawn_word })[status] ?? "";

// "11月22日 20:54:04", Beijing time, as data/live/history.h's beijing_time_text.
function beijingTime(ms) {
  const t = new Date(ms + 8 * 3600 * 1000);
  const two = (n) => String(n).padStart(2, "0");
  return (t.getUTCMonth() + 1) + "月" + t.getUTCDate() + "日 " + two(t.getUTCHours()) + ":" + two(t.getUTCMinutes()) +
    ":" + two(t.getUTCSeconds());
}

// 缺赛 / 弃权 of this venue's teachers, as the native panels/absence_panel.cpp: each recorded one
// with who, when and why and 撤销; then a teacher to record (the one on stage first) and one
// button per reason (缺赛 for the first, 弃权 for the others). The server decides who may.
function absences(kit, venue, panels, onStage) {
  const { app, h } = kit;
  const ui = app.head;
  const mine = (a) => panels.some((p) => p.round === a.round && p.contestant.id === a.contestant.id);
  const roundName = (key) => (app.state?.rounds ?? []).find((r) => r.key === key)?.name ?? key;
  const recorded = (app.state?.absences ?? []).filter(mine).map((a) =>
    h("div", { class: "absence-line", dataset: { contestant: a.contestant.id } },
      h("span", {}, fmt(S.absence_line, kit.contestantLabel(a.contestant), roundName(a.round), absenceWord(a.status),
        a.by_name || "—", a.at_ms ? beijingTime(a.at_ms) : "—", a.reason ?? "")),
      action(kit, h("button", { type: "button", class: "absence-clear" }, S.absence_clear), "/api/absence",
        { round: a.round, contestant: a.contestant.id, status: "cleared", reason: S.absence_clear_reason })));
  const seen = new Set();
  const candidates = panels.filter((p) => p.round === venue.round && !p.absence && !seen.has(p.contestant.id) &&
    seen.add(p.contestant.id)).map((p) => p.contestant);
  const first = candidates.findIndex((c) => c.id === onStage?.id);
  if (first > 0) candidates.unshift(...candidates.splice(first, 1));
  if ((ui.absenceFor ?? null) !== (onStage?.id ?? "")) { ui.absenceFor = onStage?.id ?? ""; ui.absence = ""; }
  if (!candidates.some((c) => c.id === ui.absence)) ui.absence = candidates[0]?.id ?? "";
  const record = [];
  if (candidates.length) {
    const select = h("select", { id: "absence-who" }, candidates.map((c) => h("option", { value: c.id, selected: c.id === ui.absence },
      (c.draw && c.name ? fmt(S.numbered, c.draw) + "  " : "") + kit.contestantLabel(c))));
    select.addEventListener("change", () => { ui.absence = select.value; });
    record.push(h("div", { class: "next" }, h("span", {}, S.absence_pick), select,
      S.absence_reasons.map((reason, i) => {
        const status = i === 0 ? "absent" : "withdrew";
        return action(kit, h("button", { type: "button", class: "absence-record", id: "absence-" + i },
          fmt(S.absence_record, absenceWord(status), reason)), "/api/absence",
          () => ({ round: venue.round, contestant: ui.absence, status, reason }));
      })));
  }
  return h("div", { id: "absences", class: "absences" }, h("h2", {}, S.absences_title),
    recorded.length ? recorded : h("p", { class: "dim" }, S.absence_none), record);
}

const key = (p) => p.round + "|" + p.contestant.id + "|" + p.section;

// A button that posts `body` (or what body() gives when tapped) to `path`, once at a time; a
// refusal or a lost network says why in a notice. After it, the state is read again.
function action(kit, button, path, body, then) {
  button.addEventListener("click", async () => {
    if (button.dataset.busy) return;
    button.dataset.busy = "1";
    button.disabled = true;
    try {
      const r = await kit.call("POST", path, typeof body === "function" ? body() : body);
      if (r.status === 200) then?.();
      else kit.toast(fmt(S.failed, r.body?.error ?? r.status), true);
    } catch {
      kit.toast(fmt(S.failed, S.server_unreachable), true);
    } finally {
      delete button.dataset.busy;
      kit.refresh();
    }
  });
  return button;
}
