#!/usr/bin/env python3
"""The head judge's tie ruling in the browser (issue 24 §4), Chromium or WebKit, against a real
liangfen-server holding the sample contest's marks and times (its preliminary ends in a tie at
the advancement line: two teachers with the same total, 主题班会设计 equal too).

The head judge of the preliminary's venue opens the page with their code: the tie shows as a
table — places 14 and 15, the names, the totals and section scores, 晋级 / 不晋级 — with the
tie-break already compared. 上移 changes the order; a reason asks "确认：…晋级，…不晋级？" and
sends nothing; 取消 goes back; 确认裁决 records the ruling on the server with that order and
the reason. A block that changes while the question is open (a 缺赛 above the line moves it)
takes the question away. No id (C0xx, J0xx) is in any text of the ruling.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge_web_test import (Server, api, contest_day_db, check, check_touch_targets, click, free_port, login, main,  # noqa: E402
                            make_driver, new_code, shoot, text, wait)
from selenium.webdriver.common.by import By  # noqa: E402


def run(args):
    work = tempfile.mkdtemp(prefix="liangfen-ruling-%s-" % args.engine)
    server = driver = None
    try:
        sample, db = contest_day_db(args.bin, args.source, work, drop=("decisions",))  # its marks and times kept
        codes = {p: new_code(args.bin, db, p) for p in ("head:PRE", "organizer")}
        server = Server(args.bin, db, free_port())
        server.start()
        port = server.port
        head, org = login(port, codes["head:PRE"]), login(port, codes["organizer"])
        status, state = api(port, "GET", "/api/state", head)
        check(status == 200, "state: %s" % status)
        ties = [t for t in state["ties"] if t["decides"]]
        check(len(ties) == 1, "one tie to rule in the preliminary: %s" % state["ties"])
        tie = ties[0]
        first, second = (p["name"] for p in tie["contestants"])
        total = tie["contestants"][0]["total"]
        names = {c["id"]: c["name"] for c in sample["contestants"]}

        driver = make_driver(args.engine, os.path.join(work, "profile"))
        driver.get("https://127.0.0.1:%d/#code=%s" % (port, codes["head:PRE"]))
        wait(driver, "the tie on the head judge's screen", lambda d: d.find_elements(By.CSS_SELECTOR, "#ties .tie"))
        shown = text(driver, "#ties")
        for want in ("并列待裁决（小学组预赛 · 小学组）", "总分同为 %.2f 分" % total,
                     "已按规则依次比较主题班会设计的成绩，仍然相同", "第 14 名", "第 15 名", first, second,
                     "晋级", "不晋级", "这一位置", "德育故事演讲", "情景答辩"):
            check(want in shown, "the tie shows %r: %s" % (want, shown))
        rows = driver.execute_script("return [...document.querySelectorAll('#ties tbody tr')].map(r => r.textContent)")
        check(rows[0].startswith("第 14 名" + first) and "不晋级" not in rows[0] and rows[1].startswith("第 15 名" + second)
              and "不晋级" in rows[1], "the rows in order with what they bring: %s" % rows)
        check(not re.search(r"[CJ]\d{3}", shown), "no id in the tie: %s" % shown)
        check("8.50" in shown, "section scores with the rule's decimals (才艺展示 8.50): %s" % shown)
        driver.execute_script("document.getElementById('ties').scrollIntoView()")
        shoot(driver, args, "web-head-judge-tie", ("ipad-landscape", "phone"), type_mark=False)
        check_touch_targets(driver, "the head judge's tie")

        # A reason asks first; 取消 sends nothing.
        click(driver, "#ties button.tie-reason", "评审组合议")
        wait(driver, "the question", lambda d: d.find_elements(By.ID, "tie-confirm-0"))
        asked = text(driver, "#tie-confirm-0")
        check("确认：%s晋级，%s不晋级？" % (first, second) in asked, "the question: %s" % asked)
        check("裁决理由：评审组合议" in asked, "the reason: %s" % asked)
        click(driver, "#tie-confirm-0 .tie-cancel", "取消")
        wait(driver, "the question gone", lambda d: not d.find_elements(By.ID, "tie-confirm-0"))
        check(api(port, "GET", "/api/state", head)[1]["rulings"] == [], "nothing ruled after 取消")

        # 上移: the question names the new order; 确认裁决 records it.
        click(driver, "#ties tbody tr:nth-child(2) button.tie-up", "上移")
        wait(driver, "the order changed", lambda d: text(d, "#ties tbody tr:first-child").startswith("第 14 名" + second))
        click(driver, "#ties button.tie-reason", "评审组合议")
        wait(driver, "the question again", lambda d: d.find_elements(By.ID, "tie-confirm-0"))
        check("确认：%s晋级，%s不晋级？" % (second, first) in text(driver, "#tie-confirm-0"),
              "the question after 上移: %s" % text(driver, "#tie-confirm-0"))
        driver.execute_script("document.getElementById('tie-confirm-0').scrollIntoView({block: 'end'})")
        shoot(driver, args, "web-head-judge-tie-confirm", ("ipad-landscape", "phone"), type_mark=False)
        click(driver, "#tie-confirm-0 .tie-yes", "确认裁决")

        def ruled(_):
            return api(port, "GET", "/api/state", head)[1]["rulings"]
        wait(driver, "the ruling on the server", ruled)
        r = ruled(None)[0]
        check([names[p["id"]] for p in r["order"]] == [second, first] and r["reason"] == "评审组合议",
              "the ruling recorded: %s" % r)
        wait(driver, "the screen says it is ruled", lambda d: "已裁决的并列" in text(d, "#ties"))
        status, results = api(port, "GET", "/api/results", org)
        notes = {st["name"]: st.get("tie", {}).get("note") for g in results["rounds"][0]["groups"] for st in g["standings"]}
        check(notes[first] == notes[second] == "总分相同，经裁判长裁决（评审组合议）", "the results' 备注: %s %s" %
              (notes[first], notes[second]))

        # The question open while the block changes (someone above the line recorded 缺赛): the
        # question goes, and nothing is sent.
        click(driver, "#ties button.tie-reason", "评审组合议")
        wait(driver, "the question about the ruled tie", lambda d: d.find_elements(By.ID, "tie-confirm-0"))
        top = results["rounds"][0]["groups"][0]["standings"][0]["contestant"]
        status, body = api(port, "POST", "/api/absence", org, {"round": "prelim", "contestant": top, "status": "absent",
                                                              "reason": "本人未到场"})
        check(status == 200, "缺赛 recorded: %s %s" % (status, body))
        wait(driver, "the question gone when the tie changed", lambda d: not d.find_elements(By.ID, "tie-confirm-0"))
        check(len(ruled(None)) == 1, "nothing more ruled")
        print("ok (%s): the tie showed places 14/15 with totals, sections and 晋级/不晋级; the question named who "
              "goes on; 取消 sent nothing; 上移 + 确认裁决 recorded %s over %s with the reason; the results' 备注 "
              "says so; a change of the block took the question away" % (args.engine, second, first))
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


if __name__ == "__main__":
    sys.exit(main(run))
