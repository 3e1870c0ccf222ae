// The browser's modules (web/*.js) imported under node, unchanged. They are plain ES modules for
// the browser (no package.json, nothing to build), and node reads a .js file as an ES module only
// inside a package that says so: the files are copied into a temporary folder beside a
// package.json of {"type": "module"} and imported from there; `done()` removes the folder.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export async function importWeb(webDir, names) {
  const copy = mkdtempSync(join(tmpdir(), "liangfen-web-modules-"));
  try {
    for (const f of readdirSync(webDir)) if (f.endsWith(".js")) copyFileSync(join(webDir, f), join(copy, f));
    writeFileSync(join(copy, "package.json"), '{"type": "module"}\n');
    const modules = {};
    for (const n of names) modules[n] = await import(pathToFileURL(join(copy, n + ".js")).href);
    return { modules, done: () => rmSync(copy, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(copy, { recursive: true, force: true });
    throw e;
  }
}

// The value after `--name` on the command line.
export function argument(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error("missing " + name + " <value>");
  return process.argv[i + 1];
}
