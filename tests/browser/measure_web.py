#!/usr/bin/python3
"""Figures for docs/performance.md: the browser console in Chromium against the real server.

    measure_web.py --bin BUILD/bin --source SOURCE_DIR [--runs N]

Measures, on a fresh profile: the bytes of the first load (the page and its files, and the API
answers of the login separately), the time from navigation to a usable keypad (the judge's QR
link, login and state included) unthrottled and with 4x CPU throttling, and tap-to-saved: from
the tap on 确认提交 to the mark's row showing 已保存 (IndexedDB write, POST /api/marks over
HTTPS, the answer, the row redrawn), next to the same POST from a keep-alive HTTPS client and
the native console's own path on the same server in the same run (liangfen-bench-console-tap:
ConsoleClient's queue_change to the view's 已保存). Not a test: prints figures.
    measure_web.py --cache: only whether Chromium revalidates from its cache (HTTPS, plain HTTP).
"""
import argparse
import http.client
import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import judge_web_test as t  # noqa: E402  (the test's server, codes and helpers)
from judge_web_test import Server  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

PROBE = """
window.__lf = { keypad: null, t0: null, sawWaiting: false, samples: [] };
new MutationObserver(() => {
  const k = document.getElementById('key-8');
  if (k && !k.disabled && window.__lf.keypad === null) window.__lf.keypad = performance.now();
  if (window.__lf.t0 !== null) {
    const r = document.querySelector('#my-marks tr[data-section="' + window.__lf.section + '"]');
    const st = r ? r.dataset.state : null;
    if (st === 'waiting') window.__lf.sawWaiting = true;
    if (st === 'saved' && window.__lf.sawWaiting) {
      window.__lf.samples.push(performance.now() - window.__lf.t0);
      window.__lf.t0 = null;
      window.__lf.sawWaiting = false;
    }
  }
}).observe(document, { subtree: true, childList: true, attributes: true });
document.addEventListener('click', (e) => {
  if (e.target && e.target.id === 'confirm-yes') window.__lf.t0 = performance.now();
}, true);
"""


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def cache_check(bin_dir, db, code, work):
    """The page loaded twice in one fresh Chromium profile, over HTTPS with our self-signed
    certificate (accepted as an exception) and over --plain-http: the bytes of the second load
    and how many files were revalidated (304: only headers crossed the wire; Chromium reports
    such a file's responseStatus as the cached 200, so the transfer size tells it)."""
    for plain in (False, True):
        server = Server(bin_dir, db, t.free_port(), plain=plain)
        server.start()
        driver = None
        try:
            driver = t.make_driver("chromium", os.path.join(work, "profile-cache-%s" % ("http" if plain else "https")))
            url = "%s://127.0.0.1:%d/" % ("http" if plain else "https", server.port)
            figures = []
            for _ in range(2):
                driver.get("about:blank")
                driver.get(url + "#code=" + code)
                t.wait(driver, "the judge's screen", lambda d: d.find_elements(By.ID, "key-8") and t.text(d, "#net") == "已连接")
                figures.append(driver.execute_script(
                    "const all = [performance.getEntriesByType('navigation')[0],"
                    " ...performance.getEntriesByType('resource').filter(x => !x.name.includes('/api/'))];"
                    "return [all.length, all.reduce((a, x) => a + x.transferSize, 0),"
                    " all.filter(x => x.transferSize > 0 && x.transferSize < x.encodedBodySize).length]"))
            print("%s: first load %d files %d bytes; second load %d bytes transferred, %d of %d revalidated (headers only: 304)"
                  % ("plain HTTP" if plain else "HTTPS, self-signed", figures[0][0], figures[0][1], figures[1][1],
                     figures[1][2], figures[1][0]))
        finally:
            if driver:
                driver.quit()
            server.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--marks", type=int, default=20)
    p.add_argument("--cache", action="store_true", help="only the cache check (HTTPS and plain HTTP)")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="liangfen-web-measure-")
    sample, db = t.contest_day_db(args.bin, args.source, work)
    venue = next(v for v in sample["venues"] if v["key"] == "PRE")
    codes = {x: t.new_code(args.bin, db, x) for x in venue["judges"][:3] + ["head:PRE"]}
    judge, other, native = venue["judges"][0], venue["judges"][1], venue["judges"][2]
    contestant = next(c["id"] for c in sample["contestants"] if c.get("group") == venue["group"])
    if args.cache:
        return cache_check(args.bin, db, codes[judge], work)
    server = t.Server(args.bin, db, t.free_port())
    server.start()
    port = server.port
    driver = None
    try:
        head = t.login(port, codes["head:PRE"])
        t.api(port, "POST", "/api/stage", head, {"venue": "PRE", "contestant": contestant})
        driver = t.make_driver("chromium", os.path.join(work, "profile"))
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        base = "https://127.0.0.1:%d/" % port

        def load(rate):
            driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": rate})
            driver.get("about:blank")
            driver.get(base + "#code=" + codes[judge])
            t.wait(driver, "a usable keypad", lambda d: d.execute_script("return window.__lf && window.__lf.keypad"))
            return driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0];"
                "const r = performance.getEntriesByType('resource');"
                "const files = r.filter(x => !x.name.includes('/api/'));"
                "const api = r.filter(x => x.name.includes('/api/') && !x.name.includes('/api/events'));"
                "return { keypad: window.__lf.keypad, page: n.transferSize, files: files.reduce((a, x) => a + x.transferSize, 0),"
                " count: files.length + 1, api: api.reduce((a, x) => a + x.transferSize, 0), decoded: n.decodedBodySize +"
                " files.reduce((a, x) => a + x.decodedBodySize, 0) }")

        first = load(1)
        print("first load: %d requests, %d bytes transferred (page %d + files %d; bodies %d), API answers at login %d bytes"
              % (first["count"], first["page"] + first["files"], first["page"], first["files"], first["decoded"], first["api"]))
        again = load(1)
        print("second load: %d bytes transferred" % (again["page"] + again["files"]))
        for rate in (1, 4):
            xs = [load(rate)["keypad"] for _ in range(args.runs)]
            print("  runs: " + " ".join("%.0f" % x for x in xs))
            print("navigation to usable keypad (QR link, login, state), CPU x%d: median %.0f ms, min %.0f, max %.0f (%d runs)"
                  % (rate, statistics.median(xs), min(xs), max(xs), len(xs)))
        section = venue["sections"][0]
        for rate in (1, 4):
            driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": rate})
            driver.execute_script("window.__lf.section = arguments[0]; window.__lf.samples = []", section)
            t.click(driver, '#sections [data-section="%s"]' % section, "section")
            for i in range(args.marks):
                for k in ("key-" + str(5 + i % 4), "key-point", "key-" + str(i % 10)):
                    t.tap(driver, k)
                t.tap(driver, "submit")
                t.tap(driver, "confirm-yes")
                t.wait(driver, "saved %d" % i, lambda d: len(d.execute_script("return window.__lf.samples")) == i + 1)
            xs = driver.execute_script("return window.__lf.samples")
            print("browser tap-to-saved, CPU x%d: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)"
                  % (rate, pct(xs, 50), pct(xs, 90), pct(xs, 99), max(xs), len(xs)))
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
        # The same POST from a keep-alive HTTPS client, as the native console's ApiClient sends it.
        tok = t.login(port, codes[other])
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
        rev, xs = 0, []
        for i in range(args.marks):
            body = json.dumps({"round": "prelim", "contestant": contestant, "section": section, "points": 5 + (i % 40) / 10,
                               "judge": other, "revision": rev})
            t0 = time.perf_counter()
            conn.request("POST", "/api/marks", body, {"Content-Type": "application/json", "Authorization": "Bearer " + tok})
            r = conn.getresponse()
            answer = json.loads(r.read())
            xs.append((time.perf_counter() - t0) * 1000)
            rev = answer["seq"]
        print("keep-alive HTTPS POST /api/marks (saved answer): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)"
              % (pct(xs, 50), pct(xs, 90), pct(xs, 99), max(xs), len(xs)))
        # The native console on the same server in the same run: ConsoleClient as the keypad's
        # 确认提交 uses it (liangfen-bench-console-tap, built with LIANGFEN_BUILD_BENCH).
        bench = os.path.join(args.bin, "liangfen-bench-console-tap")
        if os.path.exists(bench):
            out = subprocess.run([bench, "--server", "https://127.0.0.1:%d" % port, "--code", codes[native],
                                  "--contestant", contestant, "--section", section, "--marks", str(args.marks),
                                  "--data", os.path.join(work, "console")], capture_output=True, text=True)
            print((out.stdout + out.stderr).rstrip())
        else:
            print("(no %s: build with -DLIANGFEN_BUILD_BENCH=ON for the native console's figure)" % bench)
    finally:
        if driver:
            driver.quit()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
