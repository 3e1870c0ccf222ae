// What a judge is typing on the keypad, and whether it may be sent: inside 0..max, on the
// section's step, with no more decimals than the contest allows. A port of the native
// console's MarkEntry (judge_console/mark_entry.cpp): marks are whole numbers of units
// (tenths for one decimal), so no floating-point value ever decides whether a mark is valid.
// Pure: no DOM, no network.

// "8.6" with 1 decimal → 86; null when the text is not a plain decimal with at most
// `decimals` decimals (the server's JSON numbers are read through their shortest text).
export function parseFixed(text, decimals) {
  const m = /^(\d{1,9})(?:\.(\d*))?$/.exec(String(text));
  if (!m) return null;
  const frac = m[2] ?? "";
  if (frac.length > decimals || (m[2] !== undefined && frac.length === 0)) return null;
  return Number(m[1]) * 10 ** decimals + Number(frac.padEnd(decimals, "0") || "0");
}

// 86 with 1 decimal → "8.6"; 300 → "30.0".
export function formatFixed(units, decimals) {
  if (decimals === 0) return String(units);
  const s = String(Math.abs(units)).padStart(decimals + 1, "0");
  return (units < 0 ? "-" : "") + s.slice(0, -decimals) + "." + s.slice(-decimals);
}

// A JSON number from the server (10, 0.1, 8.6) in units: its shortest text, never its float.
export function unitsOf(value, decimals) {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  return parseFixed(String(value), decimals);
}

// The keypad's four nudge buttons, in tenths of a point as labelled, in the order both consoles
// draw them (judge_console/mark_entry.h kNudgeButtons; a test compares them).
export const NUDGE_BUTTONS = [{ label: "+0.1", tenths: 1 }, { label: "−0.1", tenths: -1 }, { label: "+0.5", tenths: 5 }, { label: "−0.5", tenths: -5 }];
// How many mark units a button of `tenths` moves the entry: a tenth is the section's step when
// marks have decimals, else one whole point (mark_entry.cpp nudge_units).
export function nudgeUnits(rules, tenths) {
  return tenths * (rules.decimals >= 1 ? rules.stepUnits : 1);
}

// Why a typed mark cannot be sent (the string table words it).
export const Problem = { none: "none", empty: "empty", unfinished: "unfinished", invalid: "invalid", aboveMax: "aboveMax", offStep: "offStep" };

export class MarkEntry {
  // rules: { maxUnits, stepUnits, decimals }
  constructor(rules) {
    this.rules = rules;
    this.text = "";
  }
  pressDigit(d) {
    const dot = this.text.indexOf(".");
    if (dot >= 0) {
      if (this.text.length - dot - 1 >= this.rules.decimals) return;  // no more decimals allowed
    } else {
      if (this.text === "0") this.text = "";  // "07" → "7"
      if (this.text.length >= 3) return;
    }
    this.text += String(d);
  }
  pressPoint() {
    if (this.rules.decimals === 0 || this.text.includes(".")) return;
    if (this.text === "") this.text = "0";
    this.text += ".";
  }
  backspace() { this.text = this.text.slice(0, -1); }
  clear() { this.text = ""; }
  setUnits(units) { this.text = formatFixed(units, this.rules.decimals); }
  // +0.1 / −0.5 and the like: from the current value (or 0), clamped to 0..max.
  nudge(delta) {
    const c = this.check();
    const base = c.ok ? c.units : parseFixed(this.text === "" ? "0" : this.text.replace(/\.$/, ""), this.rules.decimals) ?? 0;
    this.setUnits(Math.min(Math.max(base + delta, 0), this.rules.maxUnits));
  }
  // { ok, units, problem }
  check() {
    if (this.text === "") return { ok: false, units: 0, problem: Problem.empty };
    if (this.text.endsWith(".")) return { ok: false, units: 0, problem: Problem.unfinished };
    const units = parseFixed(this.text, this.rules.decimals);
    if (units === null) return { ok: false, units: 0, problem: Problem.invalid };
    if (units > this.rules.maxUnits) return { ok: false, units: 0, problem: Problem.aboveMax };
    if (this.rules.stepUnits > 1 && units % this.rules.stepUnits !== 0) return { ok: false, units: 0, problem: Problem.offStep };
    return { ok: true, units, problem: Problem.none };
  }
}

// The head judge's second look before 亮分 (judge_console/panel_review.cpp): which marks sit far
// from the panel's median (5 % of the section's maximum, with at least 3 marks) and whether
// the panel's high-low spread is wide (10 %). `marks`: units or null (missing), in the panel's
// order. Compared in halves, so an even count's median needs no rounding.
export function reviewPanel(marks, maxUnits) {
  const far = Math.trunc(maxUnits / 20), wide = Math.trunc(maxUnits / 10);
  const given = marks.filter((m) => m !== null).sort((a, b) => a - b);
  const r = { far: marks.map(() => false), wide: false, missing: marks.length - given.length };
  const n = given.length;
  if (n === 0) return r;
  const median2 = n % 2 ? 2 * given[(n - 1) / 2] : given[n / 2 - 1] + given[n / 2];
  r.wide = n >= 2 && given[n - 1] - given[0] >= wide;
  r.far = marks.map((m) => m !== null && n >= 3 && Math.abs(2 * m - median2) >= 2 * far);
  return r;
}
