// The shared test vectors (tests/vectors/*.json) run by the browser's own code: web/marks.js and
// web/timekeeper.js as the browser loads them, imported under Debian's node. The same files are
// run by the C++ side (tests/console/shared_vectors_test.cpp), so a rule the two consoles hold
// twice is checked against one list of cases. ctest: web_vectors_node.
//
// usage: node run_web_vectors.mjs --web <web folder> --vectors <this folder>
// Exit 0 when every case of every file passes, 1 otherwise (each failure printed).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { argument, importWeb } from "./web_modules.mjs";

const vectorsDir = resolve(argument("--vectors"));
const web = await importWeb(resolve(argument("--web")), ["marks", "timekeeper", "strings"]);
const { marks, timekeeper } = web.modules, { S } = web.modules.strings;
let failures = 0, passed = 0;
try {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const tiersOf = (list) => list.map((t) => ({ atLeastS: t.at_least_s, units: t.points_units }));

  // One function per file: the case → what the browser's code gives, in the file's terms.
  const runners = {
    "mark_entry.json": (c, file) => {
      const r = file.rules[c.rules];
      const entry = new marks.MarkEntry({ maxUnits: r.max_units, stepUnits: r.step_units, decimals: r.decimals });
      const texts = [];
      for (const k of c.keys) {
        if (/^[0-9]$/.test(k)) entry.pressDigit(Number(k));
        else if (k === ".") entry.pressPoint();
        else if (k === "<") entry.backspace();
        else if (k === "C") entry.clear();
        else if (/^[+-]\d+$/.test(k)) entry.nudge(Number(k));
        else if (/^=\d+$/.test(k)) entry.setUnits(Number(k.slice(1)));
        else if (/^\[.+\]$/.test(k)) {
          const button = marks.NUDGE_BUTTONS.find((b) => "[" + b.label + "]" === k);
          if (!button) throw new Error("no nudge button " + k);
          entry.nudge(marks.nudgeUnits(entry.rules, button.tenths));
        }
        else throw new Error("unknown key " + k);
        texts.push(entry.text);
      }
      const check = entry.check();
      const got = { text: entry.text, problem: check.problem };
      if (check.ok) got.units = check.units;
      if (c.texts) got.texts = texts;
      return got;
    },
    "clock_phase.json": (c) => ({
      phase: timekeeper.clockPhase(c.elapsed_ms, c.min_s, c.max_s, c.warn_s ?? 30),
      overtime_s: timekeeper.overtimeS(c.elapsed_ms, c.max_s),
    }),
    "timer_face.json": (c) => {
      const f = timekeeper.timerFace(c.elapsed_ms, c.min_s, c.max_s, tiersOf(c.overtime));
      return { clock: f.clock, phase: f.phase, overtime_s: f.overtimeS, penalty_units: f.penaltyUnits, duration_text: f.durationText };
    },
    "penalty.json": (c) => ({ points_units: timekeeper.penaltyFor(tiersOf(c.tiers), c.excess_s) }),
    "review_flags.json": (c) => {
      const r = marks.reviewPanel(c.marks, c.max_units);
      return { far: r.far, wide: r.wide, missing: r.missing };
    },
    "typed_reading.json": (c) => {
      const r = timekeeper.typedReadingTenths(c.minutes, c.seconds);
      if (r.tenths !== undefined) return { tenths: r.tenths };
      // The browser words a refusal; the vectors name its field: the word says which.
      const field = { [S.reading_minutes_bad]: "minutes", [S.reading_seconds_bad]: "seconds", [S.reading_zero]: "total" }[r.error];
      return { error: field ?? "unworded: " + r.error };
    },
    "time_text.json": (c) => c.duration !== undefined
      ? { tenths: timekeeper.durationTenths(c.duration) }
      : { text: timekeeper.minutesSecondsText(c.tenths_shown) },
  };
  // What the case expects: its own keys, less its inputs.
  const inputs = new Set(["name", "rules", "keys", "elapsed_ms", "min_s", "max_s", "warn_s", "overtime", "tiers",
    "excess_s", "max_units", "marks", "minutes", "seconds", "duration", "tenths_shown"]);

  const files = readdirSync(vectorsDir).filter((f) => f.endsWith(".json")).sort();
  for (const f of files) {
    const run = runners[f];
    if (!run) { console.log(`not ok - ${f}: no runner for this file (add one here and in the C++ test)`); ++failures; continue; }
    const file = JSON.parse(readFileSync(join(vectorsDir, f), "utf8"));
    if (!Array.isArray(file.cases) || file.cases.length === 0) { console.log(`not ok - ${f}: no cases`); ++failures; continue; }
    for (const c of file.cases) {
      const want = Object.fromEntries(Object.entries(c).filter(([k]) => !inputs.has(k)));
      let got;
      try { got = run(c, file); } catch (e) { got = { threw: String(e) }; }
      const ordered = Object.fromEntries(Object.keys(want).map((k) => [k, got[k]]));
      if (same(ordered, want) && Object.keys(got).every((k) => k in want)) {
        ++passed;
      } else {
        ++failures;
        console.log(`not ok - ${f}: ${c.name}\n  expected ${JSON.stringify(want)}\n  got      ${JSON.stringify(got)}`);
      }
    }
  }
  if (!files.includes("mark_entry.json")) { console.log("not ok - mark_entry.json missing"); ++failures; }
} finally {
  web.done();
}
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
