#!/usr/bin/python3
"""The judge's browser console (web/) in a real browser engine against the real server.

    judge_web_test.py --engine chromium|webkit --bin BUILD/bin --source SOURCE_DIR [--screenshots DIR]

Starts liangfen-server (HTTPS, its own self-signed certificate, a temporary database made from
the sample contest without results) on a free loopback port and drives the console through
Selenium: a judge logs in by the slip's QR link (https://HOST:PORT/#code=CODE), taps a mark on
the keypad and confirms; the head judge's /api/state shows it saved. The server is then stopped:
the page says it is offline, two marks are tapped and the badge shows 2 unsent. The page is
reloaded during the outage, which a browser cannot load (no service worker: docs/security.md),
the server comes back on the same port and database, the console is opened again, and exactly
those two marks arrive, once each (the organizer's /api/history lists three marks, no more).
Then the head judge's slip opens the head judge's screen on the same page: a mark far from the
others is marked, sent back with a note (the server has it returned), 亮分 waits for the re-mark
and then publishes the panel, and the next contestant in the running order is called on stage.
A judge from a contestant's school sees 回避 and a shut keypad. Along the way: the keypad does
not move when the offline banner comes, and at a phone's size every button is at least 44 px. The timekeeper's page takes over
the venue's clock running on the server, stops it (a second tap on 停止 changes nothing), and
its duration reaches the server through the outbox and reads 已记录; at the next call the page
shows 00:00 with nothing to send, and a typed stopwatch reading with a reason is recorded for
the one on stage.
WebKit (webkit2gtk-driver, the engine of iPad Safari) needs a display: run it under xvfb-run.
With --screenshots, the judge's screen is also written at iPad landscape and portrait and
phone sizes (Chromium). Every wait is on a condition, with generous limits (a loaded machine).
Exit status 0 when everything held; otherwise the failing check is printed.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WAIT_S = int(os.environ.get("LF_WAIT_S", "90"))  # the longest any condition may take on a loaded CI machine


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """liangfen-server as a child process; stop() and start() again keep the port and db.
    plain: --plain-http (only measure_web.py's cache check uses it)."""

    def __init__(self, bin_dir, db, port, plain=False):
        self.bin_dir, self.db, self.port, self.proc, self.plain = bin_dir, db, port, None, plain

    def start(self):
        self.proc = subprocess.Popen(
            [os.path.join(self.bin_dir, "liangfen-server"), "--db", self.db, "--backup-minutes", "0",
             "--listen", "127.0.0.1:%d" % self.port] + (["--plain-http"] if self.plain else []),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + WAIT_S
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("liangfen-server stopped at start (status %s)" % self.proc.returncode)
            try:
                if api(self.port, "GET", "/api/health", plain=self.plain)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("liangfen-server did not answer /api/health")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.proc = None


def api(port, method, path, token=None, body=None, plain=False):
    """(status, JSON answer). Certificate not checked: the test's own server on loopback."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request("%s://127.0.0.1:%d%s" % ("http" if plain else "https", port, path), data=data,
                                 method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, context=None if plain else ctx, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def login(port, code):
    status, body = api(port, "POST", "/api/login", body={"code": code, "api_version": 2})
    check(status == 200, "login %s: %s %s" % (code[:2], status, body))
    return body["token"]


def check(ok, what):
    if not ok:
        raise AssertionError(what)


def new_code(bin_dir, db, person, join_url=None):
    """A new code for `person`; with `join_url`, (the code, the one-time link its slip's QR holds)."""
    out = subprocess.run([os.path.join(bin_dir, "liangfen"), "credentials", "--db", db, "--reissue", person]
                         + (["--join-url", join_url] if join_url else []),
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"新登录码：(\d+)", out)
    check(m is not None, "no code for %s in: %s" % (person, out))
    if not join_url:
        return m.group(1)
    link = re.search(r"扫码登录链接（只能用一次）：(\S+)", out)
    check(link is not None, "no link for %s in: %s" % (person, out))
    return m.group(1), link.group(1)


def sent_items_of(driver, person):
    """How many sent or refused items of `person` the page's IndexedDB outbox holds."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const r = indexedDB.open('liangfen');"
        "r.onsuccess = () => { const q = r.result.transaction('outbox').objectStore('outbox').getAll();"
        " q.onsuccess = () => { done(q.result.filter(i => i.owner === arguments[0] && i.state !== 'waiting').length);"
        " r.result.close(); }; };"
        "r.onerror = () => done(-1);", person)


def check_slip_link_leaves_no_code_in_history(args, port, work, judge, code, link):
    """The slip's QR link in a fresh Chromium profile: it logs the judge in; after the browser
    quits, its History database (Default/History, SQLite) holds the link but no login code, and
    the ticket in it no longer logs anyone in."""
    import sqlite3
    profile = os.path.join(work, "profile-slip")
    driver = make_driver("chromium", profile)
    try:
        driver.get(link)
        wait(driver, "the slip link's judge screen", lambda d: d.find_elements(By.ID, "contestant") and
             text(d, "#net") == "已连接")
        check(driver.execute_script("return JSON.parse(localStorage.getItem('liangfen.session') ?? 'null')?.person")
              == judge, "the slip link logged in someone else")
        driver.get("about:blank")
    finally:
        driver.quit()
    history = os.path.join(profile, "Default", "History")
    deadline = time.time() + WAIT_S
    while not os.path.exists(history) and time.time() < deadline:
        time.sleep(0.1)
    db = sqlite3.connect("file:%s?mode=ro" % history, uri=True)
    urls = [row[0] for row in db.execute("SELECT url FROM urls")]
    db.close()
    check(any("#t=" in u for u in urls), "the slip link is not in the history at all: %s" % urls)
    check(not any(code in u for u in urls), "a login code in the browser's history: %s" % urls)
    ticket = link.split("#t=")[1]
    status, body = api(port, "POST", "/api/login", body={"code": ticket, "api_version": 2})
    check(status == 401 and "只能用一次" in (body or {}).get("error", ""), "the used ticket: %s %s" % (status, body))
    return len(urls)


def make_driver(engine, profile):
    if engine == "chromium":
        o = webdriver.ChromeOptions()
        o.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--user-data-dir=" + profile, "--window-size=1180,820", "--lang=zh-CN"):
            o.add_argument(a)
        o.set_capability("acceptInsecureCerts", True)
        service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if hasattr(webdriver, "ChromeService") \
            else webdriver.chrome.service.Service(executable_path="/usr/bin/chromedriver")
        return webdriver.Chrome(service=service, options=o)
    from selenium.webdriver.webkitgtk.options import Options
    o = Options()
    o.binary_location = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
    o.add_argument("--automation")
    o.set_capability("acceptInsecureCerts", True)
    d = webdriver.WebKitGTK(executable_path="/usr/bin/WebKitWebDriver", options=o)
    d.set_window_size(1180, 820)
    return d


def wait(driver, what, cond, limit_s=None):
    limit_s = limit_s or WAIT_S
    try:
        return WebDriverWait(driver, limit_s, poll_frequency=0.1).until(lambda d: cond(d))
    except Exception as e:
        try:
            seen = driver.execute_script(
                "return [document.getElementById('number')?.textContent, "
                "document.getElementById('problem')?.textContent, "
                "document.getElementById('badge')?.textContent, location.href, document.readyState, "
                "(document.body?.innerText ?? '').slice(0, 300), "
                "performance.getEntriesByType('resource').map(r => r.name.replace(location.origin, '') + ' ' + "
                "Math.round(r.duration) + 'ms').join(', ')]")
        except WebDriverException as e2:
            seen = "nothing (%s)" % type(e2).__name__
        raise AssertionError("waited %d s for: %s (%s; the page shows %s)" % (limit_s, what, type(e).__name__, seen))


def text(driver, css):
    """The element's text as the page wrote it (textContent: the same in every engine)."""
    return driver.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css)


def click(driver, css, what):
    """Taps the element once it is there and enabled. The page redraws parts of itself when the
    server's state arrives: an element found just before a redraw is found again."""
    def tapped(d):
        try:
            els = d.find_elements(By.CSS_SELECTOR, css)
            if not els or not els[0].is_enabled():
                return False
            els[0].click()
            return True
        except StaleElementReferenceException:
            return False
    wait(driver, what, tapped)


def tap(driver, element_id):
    click(driver, "#" + element_id, "tap #" + element_id)


def row_state(driver, section):
    """The state my marks' list shows for the section (data-state of its row), or None."""
    return driver.execute_script(
        "const r = document.querySelector('#my-marks tr[data-section=\"' + arguments[0] + '\"]');"
        "return r ? r.dataset.state : null", section)


def choose_section(driver, section):
    """Taps the section's tab until the page shows it chosen. A tap can be lost on a loaded
    machine: the driver taps at the tab's place on the screen, and a redraw arriving between
    finding the tab and the tap (the login's first /api/state, a refresh) can move the tabs, so
    the tap lands beside it (seen in WebKit: the head judge's grid stayed on the section the
    page chose by itself). A person taps again; so does this, once a second."""
    tab = '#sections [data-section="%s"]' % section
    last = [0.0]

    def chosen(d):
        if "chosen" in (d.execute_script("return document.querySelector(arguments[0])?.className ?? ''", tab)):
            return True
        if time.monotonic() - last[0] >= 1.0:
            try:
                els = d.find_elements(By.CSS_SELECTOR, tab)
                if els and els[0].is_enabled():
                    els[0].click()
                    last[0] = time.monotonic()
            except (StaleElementReferenceException, WebDriverException):
                pass
        return False
    wait(driver, "section %s chosen" % section, chosen)


def tap_mark(driver, section, keys):
    """Chooses the section's tab, taps `keys` (ids of the keypad's buttons), confirms."""
    choose_section(driver, section)
    for k in keys:
        tap(driver, k)
    shown = text(driver, "#number")
    tap(driver, "submit")
    wait(driver, "the confirmation", lambda d: d.find_elements(By.ID, "confirm-yes"))
    check(shown in text(driver, "#confirm-text"), "the confirmation names %s: %r" % (shown, text(driver, "#confirm-text")))
    tap(driver, "confirm-yes")
    time.sleep(0.35)  # a person's next tap: a tap within 300 ms of the dialog closing is a double tap's
    return shown


def key_rects(driver):
    """Where every key of the keypad and 提交 sit on the screen, in CSS pixels."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#keys button, #submit')].map(b => {"
        " const r = b.getBoundingClientRect(); return [b.id, Math.round(r.x), Math.round(r.y), Math.round(r.width),"
        " Math.round(r.height)]; })")


def check_touch_targets(driver, what):
    """At a phone's size (390 x 844), every visible button is at least 44 x 44 CSS pixels.
    Chromium only: its exact viewport emulation (WebKitGTK's window does not shrink to a phone's
    width under Xvfb); the layout is the same CSS in both engines."""
    if driver.name != "chrome":
        return
    window = driver.execute_script("return innerWidth")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1,
                                                                  "mobile": True})
    try:
        wait(driver, "a phone-sized viewport", lambda d: d.execute_script("return innerWidth") == 390)
        small = driver.execute_script(
            "return [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null).map(b => {"
            " const r = b.getBoundingClientRect(); return [b.textContent, Math.round(r.width), Math.round(r.height)]; })"
            ".filter(([, w, h]) => w < 44 || h < 44)")
        check(not small, "%s: buttons under 44 px at 390 x 844: %s" % (what, small))
    finally:
        clear_metrics(driver, window)


def clear_metrics(driver, window):
    """Ends the viewport emulation and waits until the page is laid out at the window's width
    again: the command returns before the relayout, and a loaded machine once measured the
    keypad at the phone's size after it (the keypad-moved check failed on that)."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    wait(driver, "the window's width again", lambda d: d.execute_script("return innerWidth") == window)


def enabled(driver, element_id):
    """Whether the element is there and not disabled, read in the page (the page redraws
    itself when the state arrives: a handle found before a redraw would be stale)."""
    return driver.execute_script("const e = document.getElementById(arguments[0]); return !!e && !e.disabled",
                                 element_id)


def badge_count(driver):
    els = driver.find_elements(By.ID, "badge")
    return els[0].get_attribute("data-count") if els else None


def panel_mark(port, head_token, contestant, section, judge):
    status, state = api(port, "GET", "/api/state", head_token)
    check(status == 200, "head judge's state: %s" % status)
    for p in state.get("panels", []):
        if p["contestant"]["id"] == contestant and p["section"] == section:
            for m in p["marks"]:
                if m["judge"] == judge:
                    return m
    return None


def contest_day_db(bin_dir, source, work, edit=None, drop=("marks", "timings", "decisions")):
    """A contest day's database in `work`: the sample contest without `drop` (by default its
    marks, timings and rulings), then `edit(document)` if given, and fresh codes. Returns (the
    contest document, the database's path)."""
    sample = json.load(open(os.path.join(source, "assets/samples/county-2026.contest.json"), encoding="utf-8"))
    for k in drop:
        sample.pop(k, None)
    if edit:
        edit(sample)
    contest = os.path.join(work, "day.contest.json")
    json.dump(sample, open(contest, "w", encoding="utf-8"), ensure_ascii=False)
    db = os.path.join(work, "contest.db")
    subprocess.run([os.path.join(bin_dir, "liangfen"), "credentials", "--db", db, "--import", contest, "--text"],
                   capture_output=True, check=True)
    return sample, db


def run(args):
    work = tempfile.mkdtemp(prefix="liangfen-web-%s-" % args.engine)
    server = None
    driver = None
    try:
        sample, db = contest_day_db(args.bin, args.source, work)
        venue = next(v for v in sample["venues"] if v["key"] == "PRE")
        judge = venue["judges"][0]
        contestant = next(c["id"] for c in sample["contestants"]
                          if c.get("group") == venue["group"] and not c.get("withdrawn"))
        codes = {p: new_code(args.bin, db, p) for p in venue["judges"] + ["head:PRE", "timer:PRE", "organizer"]}
        port = free_port()
        slip_judge = venue["judges"][1]
        codes[slip_judge], slip_link = new_code(args.bin, db, slip_judge, "https://127.0.0.1:%d" % port)
        server = Server(args.bin, db, port)
        server.start()
        port = server.port
        head = login(port, codes["head:PRE"])
        status, body = api(port, "POST", "/api/stage", head, {"venue": "PRE", "contestant": contestant})
        check(status == 200, "call on stage: %s %s" % (status, body))
        sections = venue.get("sections") or [s["key"] for s in sample["sections"]]

        driver = make_driver(args.engine, os.path.join(work, "profile"))
        base = "https://127.0.0.1:%d/" % port
        # 0. A mistyped code is refused and stays in the field, to be corrected, not retyped.
        driver.get(base)
        wait(driver, "the login page", lambda d: d.find_elements(By.ID, "code"))
        mistyped = ("9" + codes[judge])[:len(codes[judge])]
        driver.find_element(By.ID, "code").send_keys(mistyped)
        click(driver, "#login", "the login button")
        wait(driver, "the refusal", lambda d: text(d, "#login-message") != "")
        kept = driver.execute_script("return document.getElementById('code').value")
        check(kept == mistyped, "the field after a miss: %r, typed %r" % (kept, mistyped))
        # 1. The QR link logs the judge in, and the code leaves the address bar.
        driver.get(base + "#code=" + codes[judge])
        wait(driver, "the judge's screen", lambda d: d.find_elements(By.ID, "contestant"))
        wait(driver, "the code gone from the address", lambda d: "code" not in d.current_url)
        check(driver.execute_script("return location.hash") == "", "hash left: " + driver.current_url)
        check(driver.execute_script("return history.length") >= 1, "history")
        wait(driver, "online", lambda d: text(d, "#net") == "已连接")
        # Leaving and scanning again, many times in a row, comes back at once each time: the page
        # closes its live feed when it goes, so feeds of pages kept for "back" never hold the
        # browser's six connections to the server (they held the 7th load for a minute, until
        # the server dropped them). 20 s: far above a loaded machine's load time.
        for i in range(8):
            started = time.monotonic()
            driver.get("about:blank")
            driver.get(base + "#code=" + codes[judge])
            wait(driver, "scan %d: the judge's screen" % (i + 1), lambda d: d.find_elements(By.ID, "contestant") and
                 text(d, "#net") == "已连接", limit_s=20)
            took = time.monotonic() - started
            check(took < 20, "scan %d took %.1f s to a usable screen" % (i + 1, took))
        # 2. A mark tapped on the keypad (8 . 5 then +0.1: 8.6) is saved.
        shown = tap_mark(driver, sections[0], ["key-8", "key-point", "key-5", "nudge-up1"])
        check(shown == "8.6", "typed %r" % shown)
        wait(driver, "my mark saved", lambda d: row_state(d, sections[0]) == "saved")
        m = panel_mark(port, head, contestant, sections[0], judge)
        check(m is not None and m.get("points") == 8.6, "the head judge sees 8.6: %s" % m)
        check(badge_count(driver) == "0", "badge after saving: %s" % badge_count(driver))
        # A mark above the maximum cannot be sent: the keypad says so and 提交 stays disabled.
        choose_section(driver, sections[1])
        for k in ("key-9", "key-9"):
            tap(driver, k)
        wait(driver, "above the maximum refused", lambda d: "超过本项满分" in text(d, "#problem"))
        check(driver.execute_script("return document.getElementById('submit').disabled"), "submit enabled for 99")
        for _ in range(2):
            tap(driver, "key-back")
        shoot(driver, args, "web-judge", SIZES)
        check_touch_targets(driver, "the judge's screen")
        # 3. The server stops: the page says so; two marks are tapped and wait in the outbox.
        keys_before = key_rects(driver)
        server.stop()
        wait(driver, "offline shown", lambda d: text(d, "#net") == "网络中断" and "网络中断" in text(d, "#banner"))
        check(key_rects(driver) == keys_before, "the keypad moved when the offline banner came: %s → %s"
              % (keys_before, key_rects(driver)))
        offline_marks = {}
        offline_marks[sections[1]] = tap_mark(driver, sections[1], ["key-7", "key-point", "key-5", "nudge-up1"])
        wait(driver, "badge 1", lambda d: badge_count(d) == "1")
        offline_marks[sections[2]] = tap_mark(driver, sections[2], ["key-9", "nudge-down5"])
        wait(driver, "badge 2", lambda d: badge_count(d) == "2" and "2 条待同步" in text(d, "#badge"))
        check(offline_marks == {sections[1]: "7.6", sections[2]: "8.5"}, "typed offline: %s" % offline_marks)
        shoot(driver, args, "web-judge-offline", ("ipad-landscape", "phone"))
        for s in (sections[1], sections[2]):
            check(row_state(driver, s) == "waiting", "unsent mark %s shown as waiting: %s" % (s, row_state(driver, s)))
        # 4. A reload while the server is down cannot load the page (no service worker): the
        # browser shows its own error page. The marks are only in IndexedDB now.
        try:
            driver.refresh()
        except WebDriverException:
            pass
        wait(driver, "the page gone", lambda d: not d.find_elements(By.ID, "badge"))
        # 5. The server returns; the console is opened again and sends exactly those marks.
        server.start()
        driver.get(base)
        wait(driver, "the judge's screen again", lambda d: d.find_elements(By.ID, "contestant"))
        wait(driver, "all sent", lambda d: badge_count(d) == "0" and text(d, "#badge") == "全部已同步")
        for s, value in offline_marks.items():
            wait(driver, "%s saved" % s, lambda d: row_state(d, s) == "saved")
            m = panel_mark(port, head, contestant, s, judge)
            check(m is not None and "%.1f" % m["points"] == value, "%s on the server: %s, typed %s" % (s, m, value))
        # Exactly once: the contestant's history holds three marks of this judge, no more.
        org = login(port, codes["organizer"])
        status, hist = api(port, "GET", "/api/history?contestant=" + contestant, org)
        check(status == 200, "history: %s" % status)
        marks = [line for line in hist["lines"] if line["kind"] == "mark"]
        check(len(marks) == 3, "three marks in the history, got %d: %s" % (len(marks), marks))
        check(sorted(line["after"] for line in marks) == ["7.6", "8.5", "8.6"], "values: %s" % marks)
        check(all(line.get("before") in ("", None) for line in marks), "a mark replaced another: %s" % marks)
        # And after a while nothing more arrives (a resend would be a duplicate line).

        # The list holds every section of the one on stage: three saved, one still to mark.
        states = driver.execute_script("return [...document.querySelectorAll('#my-marks tr')].map(r => r.dataset.state)")
        check(sorted(states) == ["missing", "saved", "saved", "saved"], "the list's states: %s" % states)
        # 5b. The browser's storage refuses a write (a full disk): the banner says 本机存储出错 in
        # the native console's words, the typed number stays on the keypad, nothing is queued.
        driver.execute_script("window.__add = IDBObjectStore.prototype.add;"
                              "IDBObjectStore.prototype.add = function () { throw new DOMException('disk full', 'QuotaExceededError'); };")
        choose_section(driver, sections[3])
        tap(driver, "key-7")
        tap(driver, "submit")
        wait(driver, "the confirmation", lambda d: d.find_elements(By.ID, "confirm-yes"))
        tap(driver, "confirm-yes")
        wait(driver, "本机存储出错 in the banner", lambda d: "本机存储出错：分数无法保存在这台设备上" in text(d, "#banner"))
        check(text(driver, "#number") == "7", "the typed number after the failure: %r" % text(driver, "#number"))
        check(badge_count(driver) == "0", "nothing queued: %s" % badge_count(driver))
        check(row_state(driver, sections[3]) == "missing", "the failed mark's row: %s" % row_state(driver, sections[3]))
        shoot(driver, args, "web-judge-storage-error", ("phone",))
        driver.execute_script("IDBObjectStore.prototype.add = window.__add;")
        # 5c. Leaving the page with a number typed asks first; with nothing typed or unsent it
        # does not. The page's beforeunload handler is called with an event of our own: its
        # cancelling is what the browser turns into its question (WebDriver cannot answer a real
        # one in both engines, and a dispatched synthetic event was not always honoured by
        # Chromium).
        leave = ("const e = { prevented: false, returnValue: undefined, preventDefault() { this.prevented = true; } };"
                 " window.onbeforeunload(e); return e.prevented;")
        time.sleep(0.35)
        check(driver.execute_script(leave) is True, "leaving with 7 typed does not ask first")
        tap(driver, "key-back")
        check(text(driver, "#number") == "—", "the 7 not erased: %r" % text(driver, "#number"))
        check(driver.execute_script(leave) is False, "leaving with nothing typed or unsent asks")
        # 5d. A double tap on the confirmation's button: its second tap lands on the keypad below
        # and types nothing (here 返回修改 and a tap on 5 in the same moment).
        tap(driver, "key-6")
        tap(driver, "submit")
        wait(driver, "the confirmation", lambda d: d.find_elements(By.ID, "confirm-no"))
        driver.execute_script("document.getElementById('confirm-no').click(); document.getElementById('key-5').click();")
        check(text(driver, "#number") == "6", "the second tap typed: %r" % text(driver, "#number"))
        time.sleep(0.4)
        tap(driver, "key-5")
        check(text(driver, "#number") in ("6.5", "65"), "a tap after the pause typed nothing: %r" % text(driver, "#number"))
        tap(driver, "key-back")
        tap(driver, "key-back")
        tap(driver, "key-back")
        # 6. The head judge's screen (same page, the head judge's slip): the grid shows a mark far
        # from the others, it is sent back with a note, re-marked, and 亮分 publishes the panel;
        # then the next contestant is called on stage.
        section = sections[0]
        others = {j: p for j, p in zip(venue["judges"][1:], ("8.0", "8.2", "8.4", "3.0"))}
        for j, points in others.items():
            t = login(port, codes[j])
            status, body = api(port, "POST", "/api/marks", t, {"round": "prelim", "contestant": contestant, "section": section,
                                                               "points": float(points), "judge": j, "revision": 0})
            check(status == 200, "mark of %s: %s %s" % (j, status, body))
        timer = login(port, codes["timer:PRE"])
        status, body = api(port, "POST", "/api/timings", timer, {"round": "prelim", "contestant": contestant,
                                                                 "section": section, "duration_s": 240})
        check(status == 200, "timing: %s %s" % (status, body))
        check(sent_items_of(driver, judge) == 3, "the judge's three receipts before logout: %s" % sent_items_of(driver, judge))
        tap(driver, "logout")
        wait(driver, "the login screen", lambda d: d.find_elements(By.ID, "code"))
        # A shared tablet: the judge's sent marks left the browser's storage with the logout.
        wait(driver, "the judge's receipts gone from IndexedDB", lambda d: sent_items_of(d, judge) == 0)
        driver.get(base + "#code=" + codes["head:PRE"])
        far_judge = list(others)[-1]
        far_cell = '#grid td.mark.far[data-judge="%s"][data-contestant="%s"] button' % (far_judge, contestant)
        choose_section(driver, section)
        wait(driver, "the far mark marked", lambda d: d.find_elements(By.CSS_SELECTOR, far_cell))
        shoot(driver, args, "web-head-judge", SIZES, type_mark=False)
        check_touch_targets(driver, "the head judge's screen")
        publish = '#grid button.publish[data-contestant="%s"]' % contestant
        check(driver.execute_script("return document.querySelector(arguments[0]).disabled", publish) is False,
              "亮分 possible with every mark in")
        click(driver, far_cell, "tap the far mark")
        tap(driver, "return-0")
        wait(driver, "the mark shown sent back", lambda d: d.find_elements(
            By.CSS_SELECTOR, '#grid td.mark.returned[data-judge="%s"]' % far_judge))
        m = panel_mark(port, head, contestant, section, far_judge)
        check(m and m["status"] == "returned" and m.get("note") == "请核对分数", "returned on the server: %s" % m)
        wait(driver, "亮分 waits for the re-mark", lambda d: d.execute_script(
            "return document.querySelector(arguments[0])?.disabled", publish) is True)
        t = login(port, codes[far_judge])
        status, st = api(port, "GET", "/api/state", t)
        rev = next(x["revision"] for x in st["my_marks"] if x["contestant"] == contestant and x["section"] == section)
        status, body = api(port, "POST", "/api/marks", t, {"round": "prelim", "contestant": contestant, "section": section,
                                                           "points": 8.1, "judge": far_judge, "revision": rev})
        check(status == 200, "re-mark: %s %s" % (status, body))
        # 亮分 asks first, showing what it decides: the marks, the ones left out, the time (240 s)
        # and the score the server computed; nothing is published until 确认亮分.
        wait(driver, "亮分 possible again after the re-mark", lambda d: d.execute_script(
            "return document.querySelector(arguments[0])?.disabled", publish) is False)
        click(driver, publish, "亮分")
        wait(driver, "the 亮分 question", lambda d: d.find_elements(By.ID, "confirm-publish"))
        status, state = api(port, "GET", "/api/state", head)
        p = next(p for p in state["panels"] if p["contestant"]["id"] == contestant and p["section"] == section)
        check(p["published"] is False, "nothing published by the first tap: %s" % p)
        asked = text(driver, "#confirm-publish")
        for words in ("确认亮分：", "8.1", "8.4", "（去掉 ", "用时 4:00", "得分 %.2f" % p["score"]):
            check(words in asked, "the 亮分 question says %r: %r" % (words, asked))
        shoot(driver, args, "web-head-judge-confirm-publish", SIZES, type_mark=False)
        tap(driver, "confirm-publish-yes")
        wait(driver, "published on screen", lambda d: d.find_elements(
            By.CSS_SELECTOR, '#grid tr[data-contestant="%s"][data-published="true"]' % contestant))
        status, state = api(port, "GET", "/api/state", head)
        p = next(p for p in state["panels"] if p["contestant"]["id"] == contestant and p["section"] == section)
        check(p["published"] is True, "published on the server: %s" % p)
        # 撤回亮分 asks too, with a reason that the record keeps; then 亮分 again.
        click(driver, '#grid button.reopen[data-contestant="%s"]' % contestant, "撤回亮分")
        wait(driver, "the 撤回亮分 question", lambda d: "撤回后评委可以改分" in text(d, "#confirm-reopen"))
        shoot(driver, args, "web-head-judge-confirm-reopen", SIZES, type_mark=False)
        tap(driver, "reopen-0")
        wait(driver, "reopened on screen", lambda d: d.find_elements(
            By.CSS_SELECTOR, '#grid tr[data-contestant="%s"][data-published="false"]' % contestant))
        status, trail = api(port, "GET", "/api/history?contestant=" + contestant, head)
        check(status == 200 and any(l.get("kind") == "reopen" and "评委录错分" in json.dumps(l, ensure_ascii=False)
                                    for l in trail["lines"]), "the reopen and its reason in the record: %s" % trail)
        click(driver, publish, "亮分 again")
        tap(driver, "confirm-publish-yes")
        wait(driver, "published again", lambda d: d.find_elements(
            By.CSS_SELECTOR, '#grid tr[data-contestant="%s"][data-published="true"]' % contestant))
        nxt = driver.execute_script("return document.getElementById('next').value")
        check(nxt and nxt != contestant, "the next contestant offered: %r" % nxt)
        # Only one section of the one on stage is published: 呼叫上场 asks first, naming what
        # she still lacks, and calls only on 仍然呼叫.
        other_sections = [k for k in sections if k != section]
        tap(driver, "call-next")
        if other_sections:
            wait(driver, "呼叫上场 asks first", lambda d: d.find_elements(By.ID, "call-lacks"))
            lacks = text(driver, "#call-lacks")
            other_name = next(x["name"] for x in sample["sections"] if x["key"] == other_sections[0])
            check("还缺" in lacks and other_name in lacks, "the question names what is lacking: %r" % lacks)
            status, state = api(port, "GET", "/api/state", head)
            v = next(v for v in state["venues"] if v["key"] == "PRE")
            check((v.get("stage") or {}).get("contestant", {}).get("id") == contestant, "nobody called by the first tap")
            shoot(driver, args, "web-head-judge-call-lacks", SIZES, type_mark=False)
            tap(driver, "call-anyway")
        def on_stage(_):
            status, state = api(port, "GET", "/api/state", head)
            v = next(v for v in state["venues"] if v["key"] == "PRE")
            return (v.get("stage") or {}).get("contestant", {}).get("id") == nxt
        wait(driver, "the next contestant on stage", on_stage)
        name = next(c["name"] for c in sample["contestants"] if c["id"] == nxt)
        wait(driver, "the head judge's screen shows who is on stage", lambda d: name in text(d, "#head .where"))
        # 6b. 缺赛 (issue 24 §5): the head judge records a teacher of the preliminary who never came,
        # chosen below the call, with the reason's button; the server holds it with who and why,
        # the screen lists it and the call list says 缺赛; 撤销 clears it again.
        absent = next(c["id"] for c in reversed(sample["contestants"]) if c.get("group") == venue["group"]
                      and c.get("status") != "withdrawn" and c["id"] not in (contestant, nxt))
        driver.execute_script("const s = document.getElementById('absence-who'); s.value = arguments[0];"
                              " s.dispatchEvent(new Event('change'));", absent)
        tap(driver, "absence-0")
        def recorded(_):
            status, state = api(port, "GET", "/api/state", org)
            return [a for a in state.get("absences", []) if a["contestant"]["id"] == absent]
        wait(driver, "缺赛 recorded on the server", recorded)
        a = recorded(None)[0]
        check(a["status"] == "absent" and a["reason"] == "本人未到场" and a["by"] == "head:PRE", "recorded: %s" % a)
        line = '#absences .absence-line[data-contestant="%s"]' % absent
        wait(driver, "the screen lists the 缺赛 with its reason", lambda d: d.find_elements(By.CSS_SELECTOR, line)
             and "缺赛" in text(d, line) and "本人未到场" in text(d, line))
        wait(driver, "the call list says 缺赛", lambda d: d.execute_script(
            "return [...document.querySelectorAll('#next option')].some(o => o.value === arguments[0] &&"
            " o.textContent.endsWith('（缺赛）'))", absent))
        driver.execute_script("document.getElementById('absences').scrollIntoView()")
        shoot(driver, args, "web-head-judge-absence", ("ipad-landscape", "phone"), type_mark=False)
        check_touch_targets(driver, "the head judge's screen with a 缺赛")
        click(driver, line + " button.absence-clear", "撤销")
        wait(driver, "the 缺赛 cleared on the server", lambda d: not recorded(None))
        wait(driver, "the 缺赛 gone from the screen", lambda d: not d.find_elements(By.CSS_SELECTOR, line))
        # 6c. The keypad follows the stage (issue 24 §1, §2). The timekeeper starts the third
        # section for the one on stage: the judge's keypad opens there. A number typed and not
        # sent when the next teacher is called stays with its teacher (a notice) and goes to her
        # only; a mark sent back after the next call is re-entered from the list; a reload opens
        # on the section being performed of whoever is on stage then.
        tap(driver, "logout")
        wait(driver, "the login screen", lambda d: d.find_elements(By.ID, "code"))
        driver.get(base + "#code=" + codes[judge])
        performed = sections[2]
        status, body = api(port, "POST", "/api/clock", timer, {"running": True, "section": performed, "contestant": nxt})
        check(status == 200, "clock for %s: %s %s" % (nxt, status, body))
        wait(driver, "the keypad on the section being performed", lambda d: name in text(d, "#contestant") and
             "chosen" in d.execute_script("return document.querySelector(arguments[0])?.className ?? ''",
                                          '#sections [data-section="%s"]' % performed))
        tap(driver, "key-7")
        my_school = next(j.get("school") for j in sample["judges"] if j["id"] == judge)
        third = next(c["id"] for c in sample["contestants"] if c.get("group") == venue["group"] and not c.get("withdrawn")
                     and c["id"] not in (contestant, nxt, absent) and (not my_school or c.get("school") != my_school))
        third_name = next(c["name"] for c in sample["contestants"] if c["id"] == third)
        status, body = api(port, "POST", "/api/stage", head, {"venue": "PRE", "contestant": third})
        check(status == 200, "call %s: %s %s" % (third, status, body))
        wait(driver, "the keypad on the next teacher, the 7 kept aside", lambda d: third_name in text(d, "#contestant") and
             text(d, "#number") == "—" and "未提交的 7 分已保留：" + name in text(d, "#info-body"))
        check(text(driver, "#where").endswith("当前选手"), "the next teacher on stage: %r" % text(driver, "#where"))
        shoot(driver, args, "web-judge-draft-kept", ("ipad-landscape", "phone"), type_mark=False)
        click(driver, "#info-body button.notice.draft", "the kept number's notice")
        wait(driver, "the kept 7 on %s again" % name, lambda d: name in text(d, "#contestant") and text(d, "#number") == "7"
             and "补评" in text(d, "#where"))
        tap(driver, "submit")
        wait(driver, "the confirmation", lambda d: d.find_elements(By.ID, "confirm-yes"))
        check(name in text(driver, "#dialog"), "the confirmation names %s: %r" % (name, text(driver, "#dialog")))
        tap(driver, "confirm-yes")
        wait(driver, "the late mark saved", lambda d: (panel_mark(port, head, nxt, performed, judge) or {}).get("points") == 7)
        check((panel_mark(port, head, third, performed, judge) or {}).get("points") is None, "the 7 reached %s too" % third)
        # The head judge sends it back after the next call; the judge re-enters it from the list.
        status, body = api(port, "POST", "/api/return", head, {"round": "prelim", "contestant": nxt, "section": performed,
                                                               "judge": judge, "note": "请核对"})
        check(status == 200, "return: %s %s" % (status, body))
        back_to = '#info-body button.notice.returned[data-contestant="%s"]' % nxt
        tap(driver, "back-to-stage")
        wait(driver, "the returned banner beside the one on stage", lambda d: d.find_elements(By.CSS_SELECTOR, back_to)
             and third_name in text(d, "#contestant"))
        row = '#my-marks tr[data-contestant="%s"][data-section="%s"]' % (nxt, performed)
        wait(driver, "the list says 被退回", lambda d: d.execute_script(
            "return document.querySelector(arguments[0])?.dataset.state", row) == "returned")
        shoot(driver, args, "web-judge-returned", ("ipad-landscape", "phone"), type_mark=False)
        click(driver, row + " td", "the returned row")  # WebKit's driver does not tap a <tr> itself
        tab = '#sections [data-section="%s"]' % performed
        wait(driver, "the re-entry open, without its ✓", lambda d: name in text(d, "#contestant") and
             "chosen" in d.execute_script("return document.querySelector(arguments[0])?.className ?? ''", tab) and
             "✓" not in text(d, tab) and "请核对" in text(d, "#info-body"))
        for k in ("key-8",):
            tap(driver, k)
        tap(driver, "submit")
        wait(driver, "the confirmation", lambda d: d.find_elements(By.ID, "confirm-yes"))
        tap(driver, "confirm-yes")
        wait(driver, "the re-entry saved", lambda d: (panel_mark(port, head, nxt, performed, judge) or {}).get("points") == 8
             and panel_mark(port, head, nxt, performed, judge).get("status") == "saved")
        check((panel_mark(port, head, third, performed, judge) or {}).get("points") is None, "the 8 reached %s" % third)
        # A reload mid-entry: the page opens on whoever is on stage, at the section being performed
        # (no clock for her yet: the venue's first section not yet published).
        tap(driver, "key-5")
        driver.refresh()
        wait(driver, "after the reload, the one on stage at her first section", lambda d: third_name in text(d, "#contestant")
             and "chosen" in d.execute_script("return document.querySelector(arguments[0])?.className ?? ''",
                                              '#sections [data-section="%s"]' % sections[0]))
        # 7. 回避: a judge from the contestant's school is told so before typing, the keypad shut.
        judge_school = {j["id"]: j.get("school") for j in sample["judges"]}
        pair = next(((j, c["id"]) for j in venue["judges"] for c in sample["contestants"]
                     if c.get("group") == venue["group"] and judge_school[j] and c.get("school") == judge_school[j]), None)
        check(pair is not None, "the sample has a judge of PRE from a contestant's school")
        recused_judge, recused_contestant = pair
        status, body = api(port, "POST", "/api/stage", head, {"venue": "PRE", "contestant": recused_contestant})
        check(status == 200, "call %s: %s %s" % (recused_contestant, status, body))
        tap(driver, "logout")
        wait(driver, "the login screen", lambda d: d.find_elements(By.ID, "code"))
        driver.get(base + "#code=" + codes[recused_judge])
        wait(driver, "回避 beside the contestant", lambda d: "回避" in text(d, "#contestant .recused"))
        wait(driver, "the recusal said above the keys", lambda d: "应当回避" in text(d, "#problem"))
        check(driver.execute_script("return [...document.querySelectorAll('#keys button, #submit')].every(b => b.disabled)"),
              "every key and 提交 disabled for a recused judge")
        shoot(driver, args, "web-judge-recused", ("ipad-landscape",), type_mark=False)
        # 8. The timekeeper (issue 24): the clock belongs to the performance on stage. A clock
        # started on the server for the one on stage (another tablet) is taken over; 停止 stops it
        # on the server; 提交用时 appears only then, and the sent time reads 已记录 … ✓.
        status, body = api(port, "POST", "/api/clock", timer, {"running": True, "section": section,
                                                              "contestant": recused_contestant})
        check(status == 200, "clock: %s %s" % (status, body))
        tap(driver, "logout")
        wait(driver, "the login screen", lambda d: d.find_elements(By.ID, "code"))
        driver.get(base + "#code=" + codes["timer:PRE"])
        wait(driver, "the clock taken over, running", lambda d: enabled(d, "clock-stop") and text(d, "#clock") >= "00:01")
        check(not driver.find_elements(By.ID, "send-time"), "提交用时 offered while the clock runs")
        spots = driver.execute_script(
            "return ['clock-start', 'clock-stop'].map(id => { const r = document.getElementById(id).getBoundingClientRect();"
            " return [r.left, r.right]; })")
        check(spots[0][1] <= spots[1][0] or spots[1][1] <= spots[0][0], "开始 and 停止 share a spot: %s" % spots)
        tap(driver, "clock-stop")

        def pre_clock(_=None):
            status, state = api(port, "GET", "/api/state", head)
            return next(v for v in state["venues"] if v["key"] == "PRE").get("clock")
        wait(driver, "the server's clock stopped", lambda d: (pre_clock() or {}).get("running") is False)
        stopped_ms = pre_clock()["elapsed_ms"]
        check(stopped_ms >= 1000, "the server's clock stopped at %s ms" % stopped_ms)
        # A second tap on 停止 lands on 停止 (disabled now), never on 开始: nothing restarts.
        driver.execute_script("document.getElementById('clock-stop').click()")
        time.sleep(0.5)
        check(pre_clock()["running"] is False and pre_clock()["elapsed_ms"] == stopped_ms,
              "a second 停止 changed the clock: %s" % pre_clock())
        # The page shows the server's stopped time (the projector's), and sends that.
        tenths = stopped_ms // 100
        shown = "%d:%02d" % (tenths // 600, tenths // 10 % 60) + ("." + str(tenths % 10) if tenths % 10 else "")
        wait(driver, "提交用时 after the stop", lambda d: text(d, "#send-time") == "提交用时 " + shown)
        tap(driver, "send-time")
        wait(driver, "the time recorded", lambda d: text(d, "#recorded") == "已记录 %s ✓" % shown and
             badge_count(d) == "0" and d.find_elements(By.ID, "correct-time") and not d.find_elements(By.ID, "send-time"))
        shoot(driver, args, "web-timekeeper-recorded", SIZES, type_mark=False)
        status, state = api(port, "GET", "/api/state", head)
        p = next(p for p in state["panels"] if p["contestant"]["id"] == recused_contestant and p["section"] == section)
        check(p["duration_s"] == stopped_ms // 1000, "the duration on the server: %s, stopped at %d ms" % (p, stopped_ms))
        # A new call: 00:00, stopped, nothing to send (the server's clock is gone too).
        after = next(c["id"] for c in sample["contestants"] if c.get("group") == venue["group"] and not c.get("withdrawn")
                     and c["id"] not in (contestant, recused_contestant))
        status, body = api(port, "POST", "/api/stage", head, {"venue": "PRE", "contestant": after})
        check(status == 200, "call %s: %s %s" % (after, status, body))
        after_name = next(c["name"] for c in sample["contestants"] if c["id"] == after)
        wait(driver, "00:00 and nothing to send after the call", lambda d: after_name in text(d, "#timer .where") and
             text(d, "#clock") == "00:00" and not d.find_elements(By.ID, "send-time") and
             not d.find_elements(By.ID, "recorded") and enabled(d, "clock-start"))
        check(pre_clock() is None, "the server's clock after the call: %s" % pre_clock())
        shoot(driver, args, "web-timekeeper-new-call", ("ipad-landscape", "phone"), type_mark=False)
        # A stopwatch reading typed with a reason (the tablet died mid-act): for the one on stage.
        tap(driver, "type-reading")
        wait(driver, "the reading's fields", lambda d: d.find_elements(By.ID, "reading-seconds"))
        driver.find_element(By.ID, "reading-minutes").send_keys("5")
        driver.find_element(By.ID, "reading-seconds").send_keys("61")
        wait(driver, "61 seconds refused", lambda d: "秒须为" in text(d, "#reading-problem"))
        driver.find_element(By.ID, "reading-seconds").clear()
        driver.find_element(By.ID, "reading-seconds").send_keys("46")
        check(driver.execute_script("return document.getElementById('send-reading').disabled"), "sent without a reason")
        click(driver, '#reading [data-reason="3"]', "the reason")
        check(after_name in text(driver, "#reading .where"), "the reading names %s: %s" % (after_name, text(driver, "#reading .where")))
        shoot(driver, args, "web-timekeeper-reading", ("ipad-landscape", "phone"), type_mark=False)
        tap(driver, "send-reading")
        wait(driver, "the typed time recorded", lambda d: text(d, "#recorded") == "已记录 5:46 ✓" and badge_count(d) == "0")
        status, state = api(port, "GET", "/api/state", head)
        durations = {p["contestant"]["id"]: p["duration_s"] for p in state["panels"] if p["section"] == section}
        check(durations.get(after) == 346 and durations.get(recused_contestant) == stopped_ms // 1000,
              "the durations on the server: %s" % durations)
        # 9. The organizer re-issues the timekeeper's code (a lost tablet): the page's live feed
        # ends, and it goes back to its login screen at once saying why (issue 23), in the words
        # of scoring/protocol/session_end.h.
        status, body = api(port, "POST", "/api/people/reissue", org, {"person": "timer:PRE"})
        check(status == 200, "reissue: %s %s" % (status, body))
        wait(driver, "the login screen saying the code was re-issued", lambda d: d.find_elements(By.ID, "code") and
             text(d, "#login-message") == "登录已失效：此登录码已重新发放，请用新的登录码登录", limit_s=10)
        shoot(driver, args, "web-login-ended", ("ipad-landscape", "phone"), type_mark=False)
        if args.engine == "chromium":
            n = check_slip_link_leaves_no_code_in_history(args, port, work, slip_judge, codes[slip_judge], slip_link)
            print("ok: the slip's link logged %s in; Chromium's history (%d URLs) holds the link, no code; the ticket "
                  "is dead" % (slip_judge, n))
        print("ok: %s logged in by the QR link, saved 1 mark online and 2 offline, each once; the head judge "
              "sent a far mark back, published, called the next contestant, recorded a 缺赛 and cleared it; a recused judge's keypad is shut; the timekeeper took over the clock, stopped it, sent the time, showed 00:00 at the next call and sent a typed reading; "
              "a re-issued code took the page back to its login screen with the reason" % args.engine)
        return 0
    finally:
        if driver:
            try:
                driver.quit()
            except Exception:
                pass
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


SIZES = {"ipad-landscape": (1180, 820, False), "ipad-portrait": (820, 1180, False), "phone": (390, 844, True)}


def shoot(driver, args, prefix, sizes, type_mark=True):
    """The screen at iPad landscape, portrait and phone sizes (Chromium's exact viewport), with
    8.5 typed on the judge's keypad (type_mark): SCREENSHOTS/PREFIX-SIZE.png."""
    if not args.screenshots or args.engine != "chromium":
        return
    os.makedirs(args.screenshots, exist_ok=True)
    window = driver.execute_script("return innerWidth")
    for name in sizes:
        w, h, mobile = SIZES[name]
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})
        wait(driver, "the %s viewport" % name, lambda d: d.execute_script("return innerWidth") == w)
        if type_mark:
            time.sleep(0.35)  # a tap within 300 ms of a dialog closing types nothing (a double tap's)
            for k in ("key-8", "key-point", "key-5"):
                tap(driver, k)
        time.sleep(0.3)  # layout settles; only the picture depends on it
        driver.save_screenshot(os.path.join(args.screenshots, "%s-%s.png" % (prefix, name)))
        if type_mark:
            for _ in range(3):
                tap(driver, "key-back")
    clear_metrics(driver, window)


def main(run_test=None):
    """The command line of this test and of the others that share its server and helpers
    (layout_web_test.py, ruling_web_test.py): --engine, --bin, --source, --screenshots; `run_test(args)` (this
    file's run by default) returns the exit status, an AssertionError is a failure."""
    run_test = run_test or run
    p = argparse.ArgumentParser()
    p.add_argument("--engine", choices=("chromium", "webkit"), required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--screenshots")
    args = p.parse_args()
    try:
        return run_test(args)
    except AssertionError as e:
        print("FAILED (%s): %s" % (args.engine, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
