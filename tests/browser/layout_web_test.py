#!/usr/bin/python3
"""Every size a judge holds (issue 24 §9), measured in a real engine against the real server:

    layout_web_test.py --engine chromium|webkit --bin BUILD/bin --source SOURCE_DIR [--screenshots DIR]

At phone portrait and landscape, a short phone, iPad portrait and landscape, an 8-inch Android
tablet, and 150 % text, the judge's screen shows — inside the viewport, at the page's first
scroll position, not covered by anything — who is being marked, the chosen section, the state of
my mark for it and its note, the typed number and 提交分数; no section tab is cut; and the head
judge's grid of 7 judges fits an iPad held upright without scrolling sideways.

Chromium sizes its viewport exactly (DevTools emulation). WebKitGTK's window cannot be narrower
than 447 CSS px under Xvfb: there the phone portrait sizes are measured at 447 px wide (a large
phone), every other size exactly (the window's height is set so that the viewport's is exact).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import judge_web_test as t  # noqa: E402  (the server, codes and helpers of the judge's test)
from selenium.webdriver.common.by import By  # noqa: E402

# name: (CSS width, height, mobile, text scale)
SIZES = {
    "phone-portrait": (390, 844, True, 1.0),
    "phone-short": (390, 664, True, 1.0),
    "phone-landscape": (844, 390, True, 1.0),
    "ipad-portrait": (820, 1180, False, 1.0),
    "ipad-landscape": (1180, 820, False, 1.0),
    "android-8in": (600, 960, True, 1.0),
    "ipad-portrait-text150": (820, 1180, False, 1.5),
    "android-8in-text150": (600, 960, True, 1.5),
}
WEBKIT_MIN_WIDTH = 447

# Each essential, by CSS selector: inside the viewport, and the point at its centre is itself
# (or inside it), not a bar or banner drawn over it.
ESSENTIALS = {
    "who": "#contestant",
    "section": "#sections .chosen",
    "state": "#my-state",
    "number": "#number",
    "submit": "#submit",
}
MEASURE = """
const vw = innerWidth, vh = innerHeight, out = {};
for (const [what, css] of Object.entries(arguments[0])) {
  const e = document.querySelector(css);
  if (!e) { out[what] = 'missing'; continue; }
  const r = e.getBoundingClientRect();
  const inside = r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= vw + 0.5 && r.bottom <= vh + 0.5;
  const top = inside ? document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2) : null;
  const seen = !!top && (top === e || e.contains(top));
  out[what] = inside && seen ? 'ok' : {left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right),
    bottom: Math.round(r.bottom), viewport: [vw, vh], covered_by: top && !seen ? (top.id || top.className || top.tagName) : null};
}
// A tab whose words do not fit its button is cut.
out.cut_tabs = [...document.querySelectorAll('#sections button')].filter(b => b.scrollWidth > b.clientWidth + 1 ||
  b.scrollHeight > b.clientHeight + 1).map(b => b.textContent);
out.scroll = [scrollX, scrollY];
return out;
"""


def set_size(driver, engine, name):
    """Sets the viewport to the size (WebKit: as close as its window goes); returns (w, h)."""
    w, h, mobile, scale = SIZES[name]
    if engine == "chromium":
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})
        t.wait(driver, "the %s viewport" % name,
               lambda d: d.execute_script("return [innerWidth, innerHeight]") == [w, h])
    else:
        w = max(w, WEBKIT_MIN_WIDTH)
        for _ in range(3):  # the window's chrome takes some height: ask again for what is missing
            inner = driver.execute_script("return [innerWidth, innerHeight, outerWidth, outerHeight]")
            driver.set_window_size(w + inner[2] - inner[0], h + inner[3] - inner[1])
            time.sleep(0.3)
            if driver.execute_script("return [innerWidth, innerHeight]") == [w, h]:
                break
        got = driver.execute_script("return [innerWidth, innerHeight]")
        t.check(got == [w, h], "WebKit's viewport for %s: %s, wanted %s" % (name, got, [w, h]))
    # Text enlarged as a phone's or tablet's text-size setting does (every size scales).
    driver.execute_script("document.documentElement.style.fontSize = '';"
                          "if (arguments[0] !== 1) document.documentElement.style.fontSize ="
                          " (parseFloat(getComputedStyle(document.documentElement).fontSize) * arguments[0]) + 'px';", scale)
    driver.execute_script("scrollTo(0, 0)")
    time.sleep(0.3)  # the layout settles (a resize re-lays out the page)
    return w, h


def seven_judges(sample):
    """Seven judges on the preliminary's panel: the head judge's widest grid."""
    venue = next(v for v in sample["venues"] if v["key"] == "PRE")
    for i, name in ((91, "欧阳晓梅"), (92, "司马建国")):
        sample["judges"].append({"id": "J%d" % i, "name": name})
        venue["judges"].append("J%d" % i)


def run(args):
    work = t.tempfile.mkdtemp(prefix="liangfen-layout-%s-" % args.engine)
    server = driver = None
    problems = []
    try:
        sample, db = t.contest_day_db(args.bin, args.source, work, seven_judges)
        venue = next(v for v in sample["venues"] if v["key"] == "PRE")
        judge = venue["judges"][0]
        codes = {p: t.new_code(args.bin, db, p) for p in (judge, "head:PRE")}
        server = t.Server(args.bin, db, t.free_port())
        server.start()
        port = server.port
        head = t.login(port, codes["head:PRE"])
        contestant = next(c["id"] for c in sample["contestants"] if c.get("group") == venue["group"] and not c.get("withdrawn"))
        status, body = t.api(port, "POST", "/api/stage", head, {"venue": "PRE", "contestant": contestant})
        t.check(status == 200, "call: %s %s" % (status, body))
        section = venue["sections"][0]
        # My mark for the section being performed, sent back with a note: the longest state.
        me = t.login(port, codes[judge])
        status, body = t.api(port, "POST", "/api/marks", me, {"round": "prelim", "contestant": contestant, "section": section,
                                                              "points": 8.6, "judge": judge, "revision": 0})
        t.check(status == 200, "mark: %s %s" % (status, body))
        status, body = t.api(port, "POST", "/api/return", head, {"round": "prelim", "contestant": contestant,
                                                                 "section": section, "judge": judge, "note": "请核对：8.6 还是 6.8？"})
        t.check(status == 200, "return: %s %s" % (status, body))

        driver = t.make_driver(args.engine, os.path.join(work, "profile"))
        base = "https://127.0.0.1:%d/" % port
        driver.get(base + "#code=" + codes[judge])
        t.wait(driver, "the judge's screen", lambda d: d.find_elements(By.ID, "my-state") and t.text(d, "#net") == "已连接")
        t.tap(driver, "key-8")  # a number typed: the number line is as tall as it gets
        for name in SIZES:
            w, h = set_size(driver, args.engine, name)
            seen = driver.execute_script(MEASURE, ESSENTIALS)
            bad = {k: v for k, v in seen.items() if k in ESSENTIALS and v != "ok"}
            if seen["cut_tabs"]:
                bad["cut_tabs"] = seen["cut_tabs"]
            print("%s %s at %dx%d: %s" % (args.engine, name, w, h, "ok" if not bad else bad))
            if bad:
                problems.append("judge at %s (%dx%d): %s" % (name, w, h, bad))
            if args.screenshots and args.engine == "chromium":
                os.makedirs(args.screenshots, exist_ok=True)
                driver.save_screenshot(os.path.join(args.screenshots, "layout-judge-%s.png" % name))
        if args.engine == "chromium":
            t.clear_metrics(driver, 1180)
        # The head judge's grid of 7 judges on an iPad held upright: no sideways scrolling.
        t.tap(driver, "logout")
        t.wait(driver, "the login screen", lambda d: d.find_elements(By.ID, "code"))
        driver.get(base + "#code=" + codes["head:PRE"])
        t.wait(driver, "the head judge's grid", lambda d: d.find_elements(By.CSS_SELECTOR, "#grid td.mark"))
        for name in ("ipad-portrait", "ipad-landscape"):
            w, h = set_size(driver, args.engine, name)
            fit = driver.execute_script(
                "const g = document.querySelector('#grid'), wrap = document.querySelector('#head .grid-wrap');"
                "const judges = new Set([...g.querySelectorAll('td.mark')].map(td => td.dataset.judge)).size;"
                "return {judges, grid: Math.round(g.getBoundingClientRect().right), view: innerWidth,"
                " sideways: wrap.scrollWidth - wrap.clientWidth};")
            print("%s head judge at %s: %s" % (args.engine, name, fit))
            t.check(fit["judges"] == 7, "the grid has %s judges" % fit["judges"])
            if fit["sideways"] > 0 or fit["grid"] > fit["view"]:
                problems.append("head judge's grid at %s: %s" % (name, fit))
            if args.screenshots and args.engine == "chromium":
                driver.save_screenshot(os.path.join(args.screenshots, "layout-head-judge-%s.png" % name))
        t.check(not problems, "essentials off screen:\n  " + "\n  ".join(problems))
        print("ok (%s): every size shows who, the section, my mark's state, the number and 提交; the head judge's "
              "grid of 7 fits an iPad upright" % args.engine)
        return 0
    finally:
        if driver:
            try:
                driver.quit()
            except Exception:
                pass
        if server:
            server.stop()
        t.shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(t.main(run))
