// 裁判长 in the browser: the venue's marks as a grid of contestants × judges (missing, far from
// the median and wide panels marked, dropped marks struck, returned ones red), the score
// previewed, a mark sent back with a note, 亮分 when complete and 撤回亮分 after (each asks
// first, with what it decides), the judges' calls, and the next
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
  // The one on stage is pinned first and highlighted: never row 22 of 22.
  const isOn = (p) => !!onStage && p.contestant.id === onStage.id;
  const rows = panels.filter((p) => p.section === ui.section && (p.marks.some((m) => m.points !== null) || isOn(p)))
    .sort((a, b) => Number(isOn(b)) - Number(isOn(a)));
  const scoreDecimals = state.contest?.score_decimals ?? 2;
  const head = h("tr", {}, h("th", {}, S.contestant), judges.map((j) => h("th", {}, j.name)), h("th", {}, S.duration),
    h("th", {}, S.score), h("th", {}, ""));
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
    // Both 亮分 and 撤回亮分 ask first (the confirm box below the grid).
    const ready = p.complete && !p.marks.some((m) => m.status === "returned" || m.points === null);
    const ask = (kind) => () => { ui.confirm = { kind, key: key(p) }; ui.selected = null; kit.rerender(); };
    const publish = p.published
      ? h("div", {}, h("span", { class: "published" }, S.published),
        h("button", { type: "button", class: "reopen", dataset: { contestant: p.contestant.id }, onclick: ask("reopen") }, S.reopen))
      : h("button", { type: "button", class: "publish", disabled: !ready, dataset: { contestant: p.contestant.id }, onclick: ask("publish") }, S.publish);
    return h("tr", { class: isOn(p) ? "on-stage" : "", dataset: { contestant: p.contestant.id, published: String(!!p.published) } },
      h("td", { class: "who" }, kit.contestantLabel(p.contestant),
        p.absence ? h("div", { class: "warn absence" }, absenceWord(p.absence)) : null),
      tds, h("td", { class: "duration" }, minutesSeconds(p.duration_s)), scoreCell, h("td", {}, publish));
  });
  parts.push(h("div", { class: "grid-wrap" }, rows.length
    ? h("table", { id: "grid" }, h("thead", {}, head), h("tbody", {}, body_rows))
    : h("p", { class: "dim" }, S.no_performances)));

  const asked = confirmBox(kit, ui, rows, si, d, scoreDecimals);
  if (asked) parts.push(asked);

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
  if (ui.callFor !== nowOn) { ui.callFor = nowOn; ui.confirmCall = false; }  // asked about someone gone
  if (order.length) {
    const out = new Map(panels.filter((p) => p.absence).map((p) => [p.contestant.id, p.absence]));
    const select = h("select", { id: "next" }, order.map((c) => h("option", { value: c.id, selected: c.id === ui.next },
      (c.draw && c.name ? fmt(S.numbered, c.draw) + "  " : "") + kit.contestantLabel(c) +
      (out.has(c.id) ? "（" + absenceWord(out.get(c.id)) + "）" : ""))));
    select.addEventListener("change", () => { ui.next = select.value; });
    // Calling the next one while the one on stage lacks marks or a time asks first.
    const lacks = leavingLacks(kit, venue, panels, onStage);
    const call = () => action(kit, h("button", { type: "button", id: lacks ? "call-anyway" : "call-next", class: "primary" },
      lacks ? S.call_anyway : S.call_next), "/api/stage", () => ({ venue: venue.key, contestant: ui.next }), () => { ui.confirmCall = false; });
    const first = lacks ? h("button", { type: "button", id: "call-next", class: "primary", disabled: ui.confirmCall,
      onclick: () => { ui.confirmCall = true; kit.rerender(); } }, S.call_next) : call();
    parts.push(h("div", { class: "next" }, select, first));
    if (lacks && ui.confirmCall)
      parts.push(h("div", { id: "call-lacks", class: "confirm" }, h("div", { class: "title" }, fmt(S.call_lacks, kit.contestantLabel(onStage), lacks)),
        h("div", { class: "buttons" }, call(),
          h("button", { type: "button", id: "call-cancel", onclick: () => { ui.confirmCall = false; kit.rerender(); } }, S.cancel))));
  }
  parts.push(absences(kit, venue, panels, onStage));
  const tied = ties(kit);
  if (tied) parts.push(tied);
  body.replaceChildren(...parts);
}

// What a position of a tied block brings (tie_ruling_panel.cpp's place_outcome): "晋级", "获一等奖",
// "不获奖、不晋级", or "第 5 名" when it brings nothing else. The server says what each place brings.
export function placeOutcome(place) {
  const out = [];
  if ("award" in place) out.push(place.award ? fmt(S.tie_award, place.award) : S.tie_no_award);
  if (typeof place.advances === "boolean") out.push(place.advances ? S.tie_advances : S.tie_not_advances);
  return out.length ? out.join("、") : fmt(S.tie_place, place.place);
}

// 并列待裁决 (tie_ruling_panel.cpp's draw_ties): each tied block the server reports, with totals,
// section scores, the tie-break already compared and what each position brings; 上移 arranges
// the order, a reason asks "确认：蔡伟晋级，陈静不晋级？", and 确认裁决 sends the order naming the
// block as shown (the server refuses it if the block changed meanwhile). Nothing when no tie.
function ties(kit) {
  const { app, h } = kit;
  const ui = app.head;
  const list = (app.state?.ties ?? []).filter((t) => t.decides || t.ruled);  // a shared rank deciding nothing: not offered
  const shown = list.map((t) => t.shown).join("|");
  if (ui.tieShown !== shown) {  // a block that changed starts over
    ui.tieShown = shown;
    ui.tieOrders = list.map((t) => (t.contestants ?? []).map((p) => p.id));
    ui.tieConfirm = null;
  }
  if (!list.length) return null;
  const name = (arr, k) => (arr ?? []).find((x) => x.key === k)?.name ?? k;
  const sd = app.state?.contest?.score_decimals ?? 2;
  const score = (v) => { const u = unitsOf(v, sd); return u === null ? "—" : formatFixed(u, sd); };  // 8.5 → "8.50"
  return h("div", { id: "ties", class: "ties" }, list.map((t, i) => {
    const order = ui.tieOrders[i];
    const people = new Map((t.contestants ?? []).map((p) => [p.id, p]));
    const places = t.places ?? [];
    const sections = Object.keys(t.contestants?.[0]?.sections ?? {});
    const compared = (t.tie_break ?? []).map((k) => kit.sectionInfo(k)?.name ?? k).join("、");
    const total = score(t.contestants?.[0]?.total);
    const head = h("tr", {}, h("th", {}, S.tie_col_order), h("th", {}, S.tie_col_name), h("th", {}, S.tie_col_total),
      sections.map((k) => h("th", {}, kit.sectionInfo(k)?.name ?? k)), h("th", {}, S.tie_col_outcome), h("th", {}, ""));
    const rows = order.map((id, k) => {
      const p = people.get(id);
      const place = places[k] ?? { place: 0 };
      const good = place.advances !== false && !("award" in place && !place.award);
      return h("tr", { dataset: { contestant: id } }, h("td", {}, fmt(S.tie_place, place.place)),
        h("td", { class: "who" }, p ? p.name || kit.contestantLabel(p) : "—"), h("td", { class: "score" }, score(p?.total)),
        sections.map((key) => h("td", {}, score(p?.sections?.[key]))),
        h("td", { class: good ? "good" : "bad" }, placeOutcome(place)),
        h("td", {}, k > 0 ? h("button", { type: "button", class: "tie-up", onclick: () => {
          [order[k - 1], order[k]] = [order[k], order[k - 1]];
          ui.tieConfirm = null;
          kit.rerender();
        } }, S.up) : null));
    });
    const question = order.map((id, k) => (people.get(id)?.name || (people.get(id) ? kit.contestantLabel(people.get(id)) : id)) +
      placeOutcome(places[k] ?? { place: 0 })).join("，");
    const asking = ui.tieConfirm?.index === i;
    const ask = asking
      ? h("div", { class: "confirm tie-confirm", id: "tie-confirm-" + i },
        h("div", { class: "title" }, fmt(S.tie_confirm, question)),
        h("div", {}, fmt(S.tie_confirm_reason, ui.tieConfirm.reason)),
        h("div", { class: "buttons" },
          action(kit, h("button", { type: "button", class: "publish tie-yes" }, S.tie_confirm_yes), "/api/decisions",
            { round: t.round, group: t.group, order: [...order], reason: ui.tieConfirm.reason, shown: t.shown },
            () => { ui.tieConfirm = null; }),
          h("button", { type: "button", class: "tie-cancel", onclick: () => { ui.tieConfirm = null; kit.rerender(); } }, S.cancel)))
      : h("div", { class: "notes" }, h("span", {}, S.rule_tie + " " + S.rule_tie_because), S.ruling_reasons.map((reason) =>
        h("button", { type: "button", class: "tie-reason", onclick: () => { ui.tieConfirm = { index: i, reason }; kit.rerender(); } }, reason)));
    return h("div", { class: "tie", dataset: { round: t.round, group: t.group } },
      h("h2", {}, (t.ruled ? S.tie_ruled : S.ties) + "（" + name(app.state?.rounds, t.round) + " · " + name(app.state?.groups, t.group) + "）"),
      h("div", {}, fmt(S.tie_same_total, total) + "；" + (compared ? fmt(S.tie_break_applied, compared) : S.tie_break_none)),
      h("div", { class: "grid-wrap" }, h("table", { class: "tie-table" }, h("thead", {}, head), h("tbody", {}, rows))),
      ask);
  }));
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

// What the contestant on stage still lacks in the venue's sections (head_judge_panel.cpp's
// leaving_lacks): "才艺展示缺 2 个分数、情景答辩未计时"; "" when nothing does or nobody is on.
function leavingLacks(kit, venue, panels, onStage) {
  if (!onStage) return "";
  const out = [];
  for (const key of venue.sections ?? []) {
    const si = kit.sectionInfo(key);
    const name = si?.name ?? key;
    const p = panels.find((x) => x.contestant.id === onStage.id && x.section === key && x.round === venue.round);
    if (p?.published) continue;
    const missing = p ? p.marks.filter((m) => m.points === null).length : (venue.judges ?? []).length;
    if (missing) out.push(fmt(S.lacks_marks, name, missing));
    const timed = si && (si.min_time_s != null || si.max_time_s != null);
    if (timed && !Number.isInteger(p?.duration_s)) out.push(fmt(S.lacks_time, name));
  }
  return out.join("、");
}

const minutesSeconds = (s) => (Number.isInteger(s) ? Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0") : "—");

// The question 亮分 or 撤回亮分 asks before it is sent (head_judge_panel.cpp's draw_confirm): what
// the tap decides — the marks, those the trimmed mean leaves out, the time, the penalty and the
// score — then the confirming buttons, for 撤回亮分 one per reason (the server records it).
// Nothing when nothing is asked, or the performance is no longer in the state asked about.
function confirmBox(kit, ui, rows, si, d, scoreDecimals) {
  const { h } = kit;
  const p = ui.confirm && rows.find((r) => key(r) === ui.confirm.key);
  if (!p || (ui.confirm.kind === "publish") === !!p.published) {
    ui.confirm = null;
    return null;
  }
  const section = si?.name ?? p.section;
  const who = kit.contestantLabel(p.contestant);
  const body = { round: p.round, contestant: p.contestant.id, section: p.section };
  const shown = (v) => { const u = unitsOf(v, scoreDecimals); return u === null ? "—" : formatFixed(u, scoreDecimals); };
  const done = () => { ui.confirm = null; };
  const cancel = h("button", { type: "button", id: "confirm-cancel", onclick: () => { ui.confirm = null; kit.rerender(); } }, S.cancel);
  if (ui.confirm.kind === "publish") {
    const given = p.marks.filter((m) => unitsOf(m.points, d) !== null);
    const points = (m) => formatFixed(unitsOf(m.points, d), d);
    const dropped = given.filter((m) => m.dropped).map(points);
    const penalty = unitsOf(p.penalty, scoreDecimals);
    return h("div", { id: "confirm-publish", class: "confirm" },
      h("div", { class: "title" }, fmt(S.confirm_publish_title, who, section)),
      h("div", {}, fmt(S.confirm_publish_marks, given.map(points).join("  ")) +
        (dropped.length ? fmt(S.confirm_publish_dropped, dropped.join("、")) : "")),
      h("div", {}, fmt(S.confirm_publish_result, shown(p.average), minutesSeconds(p.duration_s),
        penalty ? "−" + formatFixed(penalty, scoreDecimals) : "—", shown(p.score))),
      h("div", { class: "buttons" },
        action(kit, h("button", { type: "button", id: "confirm-publish-yes", class: "publish" }, S.confirm_publish), "/api/publish", body, done),
        cancel));
  }
  return h("div", { id: "confirm-reopen", class: "confirm" },
    h("div", { class: "title" }, fmt(S.reopen_title, who, section, shown(p.score))),
    h("div", {}, S.reopen_help),
    h("div", { class: "buttons" }, S.reopen_reasons.map((reason, i) =>
      action(kit, h("button", { type: "button", class: "return", id: "reopen-" + i }, reason), "/api/reopen", { ...body, reason }, done)),
    cancel));
}

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
