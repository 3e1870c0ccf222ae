// The tables the browser's modules hold, printed as one JSON document for the C++ test that
// compares them with the native side (tests/console/web_tables_test.cpp): the API version, the
// live feed's event kinds, every word (strings.js), the nudge buttons, the names of a mark's
// problems and of the clock's phases, and every /api/ path written in any web/*.js file.
//
// usage: node dump_web_tables.mjs --web <web folder>
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { argument, importWeb } from "./web_modules.mjs";

const webDir = resolve(argument("--web"));
const web = await importWeb(webDir, ["api", "strings", "marks", "timekeeper"]);
try {
  const { api, strings, marks, timekeeper } = web.modules;
  // A path is a string literal that starts with /api/ (up to a query's "?"), in any file.
  const paths = new Set();
  for (const f of readdirSync(webDir).filter((f) => f.endsWith(".js")).sort())
    for (const m of readFileSync(join(webDir, f), "utf8").matchAll(/["'`](\/api\/[^"'`?]*)/g)) paths.add(m[1]);
  process.stdout.write(JSON.stringify({
    api_version: api.API_VERSION,
    event_kinds: api.EVENT_KINDS,
    strings: strings.S,
    nudge_buttons: marks.NUDGE_BUTTONS,
    mark_problems: Object.values(marks.Problem),
    clock_phases: Object.values(timekeeper.Phase),
    paths: [...paths].sort(),
  }) + "\n");
} finally {
  web.done();
}
