// Every word the console shows, in one table (Chinese first; another language is another
// instance of this struct). Format strings use printf conventions.
#pragma once

namespace lf {

struct ConsoleStrings {
  const char* app_title = "亮分 · 评委终端";
  const char* server = "服务器地址";
  const char* found_servers = "本场地的服务器（点一下即填好地址）";
  const char* code = "个人登录码";
  const char* login = "登  录";
  const char* logging_in = "正在登录…";
  const char* clear = "清除";
  const char* logout = "退出登录";
  const char* online = "已连接";
  const char* offline = "网络中断";
  const char* unsynced = "%d 条待同步";
  const char* all_synced = "全部已同步";
  const char* refused_count = "%d 条被退回";
  const char* judge_role = "评委";
  const char* head_judge_role = "裁判长";
  const char* timekeeper_role = "计时员";
  const char* organizer_role = "组委会";
  const char* display_role = "大屏";
  // Printed on the terminal when the console stops on an unexpected error (main's barrier).
  const char* stopped_unexpectedly = "评委终端意外停止：%s\n请重新打开评委终端，已输入的分数不会丢失。\n";
  const char* role_not_here = "此登录码属于“%s”，请在对应设备上使用";
  // After the reason a login ended (scoring/protocol/session_end.h's words, 登录已失效：…) when
  // marks wait in this person's outbox (web/strings.js: session_ended_kept).
  const char* session_ended_kept = "（未同步的分数已保存在本机，同一人重新登录后自动发送）";
  const char* venue = "赛场";
  const char* on_stage = "当前选手";
  const char* nobody_on_stage = "请等待裁判长呼叫下一位选手";
  const char* max_points = "满分 %s 分 · 最小单位 %s";
  const char* criteria = "评分标准";
  const char* enter_mark = "请输入分数";
  const char* mark_unfinished = "请输入小数点后的数字";
  const char* mark_invalid = "不是有效的分数";
  const char* mark_above_max = "超过本项满分 %s 分，无法提交";
  const char* mark_off_step = "分数须为 %s 的整数倍";
  const char* backspace = "退格";
  const char* submit = "提交分数";
  const char* confirm_title = "确认提交";
  const char* confirm_text = "确认提交 %s 分？";
  const char* confirm_yes = "确认提交";
  const char* confirm_no = "返回修改";
  const char* my_marks = "我的评分";
  const char* no_marks_yet = "还没有打分";
  const char* state_todo = "待打分";  // a performance in my list with no mark of mine yet
  // The keypad on a performance that is no longer on stage (opened from my list, or kept when
  // the next teacher was called): a late mark is taken until 亮分.
  const char* left_stage = "已下台 · 补评";
  const char* back_to_stage = "回到当前选手：%s";
  const char* returned_banner = "被退回，请重评：%s · %s";           // who, section
  const char* draft_kept = "未提交的 %s 分已保留：%s · %s（点此继续）";  // points, who, section
  const char* state_saved = "已保存 ✓";
  const char* state_waiting = "待同步";
  const char* state_returned = "被退回，请重评";
  const char* state_locked = "已亮分（锁定）";
  const char* state_refused = "服务器拒收";
  const char* state_missing = "未打分";
  const char* call_head_judge = "请裁判长";
  const char* head_judge_called = "已通知裁判长";
  const char* call_why = "请裁判长：请选择原因";
  const char* call_notes[4] = {"设备故障", "需要核对选手信息", "对评分标准有疑问", "其他，请到场"};
  const char* already_marked = "已打分：%s";
  const char* recused = "回避";
  const char* dropped_mark = "去";  // beside a mark the trimmed mean leaves out
  const char* recused_note = "您应当回避这位选手（比赛规则第 6 条），无需打分";
  const char* panel = "本赛场评分";
  const char* judge = "评委";
  const char* contestant = "选手";
  const char* average = "平均";
  const char* penalty = "扣分";
  const char* score = "得分";
  const char* publish = "亮  分";
  const char* published = "已亮分";
  const char* reopen = "撤回亮分";
  // 亮分 and 撤回亮分 each ask first, with what the tap decides shown (issue 24 §3).
  const char* confirm_publish_title = "确认亮分：%s · %s";
  const char* confirm_publish_marks = "评分：%s";
  const char* confirm_publish_dropped = "（去掉 %s）";
  const char* confirm_publish_result = "平均 %s · 用时 %s · 扣分 %s · 得分 %s";
  const char* confirm_publish = "确认亮分";
  const char* reopen_title = "撤回亮分：%s · %s（得分 %s）";
  const char* reopen_help = "撤回后评委可以改分，大屏不再显示这一项的得分；改好后再亮分。撤回原因：";
  const char* reopen_reasons[3] = {"评委录错分", "计时有误", "评审组复核"};
  const char* send_back = "退回重评";
  const char* note = "退回原因";
  const char* notes[4] = {"请核对分数", "疑似输入错误", "与其他评委差距较大", "请按评分标准重新评定"};
  const char* call_next = "呼叫上场";
  // 呼叫上场 while the one on stage still lacks marks or a time asks first (issue 24 §3).
  const char* call_lacks = "%s 还缺：%s。仍要呼叫下一位吗？";
  const char* lacks_marks = "%s缺 %d 个分数";
  const char* lacks_time = "%s未计时";
  const char* call_anyway = "仍然呼叫";
  const char* duration = "用时";
  const char* calls = "评委请求：%s";
  const char* clear_call = "已处理";
  const char* far_hint = "与中位数相差较大";
  const char* wide_hint = "分差过大";
  const char* missing_marks = "缺 %d 个分数";
  const char* no_time = "未计时";
  const char* ties = "并列待裁决";
  const char* rule_tie = "按此顺序裁决";
  // A ruling is recorded with its reason (the server refuses one without).
  const char* rule_tie_because = "裁决理由：";
  const char* ruling_reasons[3] = {"评审组合议", "比较单项成绩", "现场抽签"};
  // The tied block and what its order decides (issue 24 §4; the server computes it, the screen
  // draws it), then the question before the ruling is sent. The browser says the same
  // (web/strings.js, checked key for key).
  const char* tie_ruled = "已裁决的并列（可重新裁决）";
  const char* tie_same_total = "总分同为 %s 分";
  const char* tie_break_applied = "已按规则依次比较%s的成绩，仍然相同";
  const char* tie_break_none = "比赛规则没有规定同分时比较哪一项";
  const char* tie_col_order = "顺序";
  const char* tie_col_name = "姓名";
  const char* tie_col_total = "总分";
  const char* tie_col_outcome = "这一位置";
  const char* tie_place = "第 %d 名";
  const char* tie_advances = "晋级";
  const char* tie_not_advances = "不晋级";
  const char* tie_award = "获%s";
  const char* tie_no_award = "不获奖";
  const char* tie_confirm = "确认：%s？";
  const char* tie_confirm_reason = "裁决理由：%s。确认后记录在案，大屏、成绩表和获奖名单的备注会写明。";
  const char* tie_confirm_yes = "确认裁决";
  // Between rounds (organizer): who goes on, and the next round's running order.
  const char* between_rounds = "轮次之间：晋级与抽签";
  const char* advance_step = "晋级名单";
  const char* confirm_advance = "确认晋级";
  const char* advance_done = "已确认（%s）";
  const char* draw_step = "上场顺序";
  const char* draw_now = "抽  签";
  const char* drawn_seeded = "已抽签（%s，种子 %s）";
  const char* drawn_manual = "已抽签（%s，人工抽签）";
  const char* drawn_again = "已重新抽签（%s，原因：%s）";
  // A group's running order, as a table that scrolls inside a fixed height.
  const char* draw_number = "抽签号";
  const char* person_name = "姓名";
  const char* school_group = "学校/组别";
  const char* nobody_drawn = "这一组没有选手";
  // Redraw and the order entered by hand: both replace a recorded draw, so both need a reason.
  const char* redraw = "重新抽签";
  const char* manual_order = "手动排序";
  const char* redraw_why = "重新抽签的原因：";
  const char* manual_why = "改变顺序的原因：";
  const char* redraw_reasons[3] = {"签筒有误", "选手名单有变", "抽签时操作失误"};
  const char* manual_reasons[3] = {"按现场纸签录入", "选手名单有变", "抽签时操作失误"};
  const char* confirm_redraw = "确认重新抽签";
  const char* confirm_manual = "确认手动排序";
  const char* cancel = "取消";
  const char* down = "下移";
  const char* type_numbers = "按新的出场顺序输入原抽签号，用空格隔开：";
  const char* apply_numbers = "按此排列";
  const char* sending = "正在提交…";
  // Refused on the console before anything is sent.
  const char* need_reason = "请先选择原因：重新抽签或改变顺序都必须写明原因";
  const char* order_unchanged = "顺序没有改变，无须提交";
  const char* order_not_drawn = "名单与已抽的签不一致，请取消后重来";
  const char* not_a_number = "“%s”不是抽签号";
  const char* number_out_of_range = "没有 %d 号：抽签号是 1 到 %d";
  const char* number_twice = "%d 号写了两次";
  const char* numbers_missing = "还缺：%s 号";
  // A tie ruling as recorded: the order, who, when and why (head judge and organizer).
  const char* rulings_title = "裁决记录";
  const char* ruling_order = "裁决顺序：%s";
  const char* ruling_by = "裁决人：%s  时间：%s  理由：%s";
  const char* no_reason = "（未写明）";
  // The words of the server's refusals of these actions, so a toast can draw them.
  const char* between_rounds_refusals = "还不能确认的晋级名单成绩不完整没有亮分线上并列待裁决已经确认过选手还没有确定请先"
                                        "抽过签确需重新抽签选择并写明原因开始上台不能再撤回组委会比赛文件不设名额无须";
  const char* up = "上移";
  const char* section = "环节";
  const char* start = "开  始";
  const char* stop = "停  止";
  const char* reset = "归零";
  // The timekeeper's time for the performance on stage (issue 24): 提交用时 only after a stop;
  // once sent it reads 已记录 with 更正 behind its own button; a stopwatch reading may be typed.
  const char* send_time = "提交用时 %s";
  const char* recorded_time = "已记录 %s ✓";
  const char* correct = "更正";
  const char* type_reading = "输入秒表读数";
  const char* reading_for = "%s 的用时（秒表读数）";
  const char* minutes = "分";
  const char* seconds = "秒";
  const char* reason = "原因";
  const char* reasons[4] = {"计时器误操作", "按录像复核", "裁判长决定", "平板故障，按秒表读数"};
  const char* left_unsent = "%s 的用时 %s 尚未提交";
  const char* send_left = "提交 %s 的用时";
  // A typed reading refused (timer_model.h typed_reading_tenths: by the field it names).
  const char* reading_minutes_bad = "分钟须为 0–99 的整数";
  const char* reading_seconds_bad = "秒须为 0–59.9，最多一位小数";
  const char* reading_zero = "用时须大于 0";
  // The server's refusals of a clock change (scoring/live/live_rules.cpp), so a toast can draw them.
  const char* clock_refusals = "计时须写明是哪位选手的表演：请刷新计时页面后再操作没有这位选手已不在的台上（裁判长已呼叫），"
                               "计时器不能再为其计时；其用时请直接提交台上现在没有选手，计时器不能操作不比正在为另一项计时，请先停止";
  const char* window = "规定用时 %s";
  const char* overtime = "超时 %lld 秒 · 扣 %s 分";
  const char* overtime_free =
      "超时 %lld 秒 · 未到扣分档，不扣分";  // over, but below the first tier
  const char* on_time = "用时符合要求";
  const char* too_short = "未到最短时间";
  const char* near_max = "即将超时";
  const char* done = "完成";
  const char* marks_in = "当前选手已评";
  const char* published_count = "已亮分";
  // 缺赛 / 弃权 (panels/absence_panel.cpp): the organizer's overview and both their screens and
  // the head judge's. A reason is always sent: one button per reason the hall uses.
  const char* unmarked_short = "尚无分数";
  const char* unmarked_count = "%d 项";
  const char* unmarked_items = "%s：%d 项尚无分数：%s";  // venue, count, names (the last few)
  // The organizer's roster fixes and topics on the running server (roster_panel.cpp).
  const char* roster_title = "名单与题库（比赛中更正，逐项记录）";
  const char* roster_correct = "更正姓名或学校：";
  const char* roster_name = "姓名";
  const char* roster_school = "学校";
  const char* roster_reason = "原因：";
  const char* roster_reasons[2] = {"报名表录入有误", "本人核对后更正"};
  const char* roster_send = "更正";
  const char* roster_add = "录入替补：";
  const char* roster_group = "组别";
  const char* substitute_reasons[2] = {"原选手弃权，由替补参赛", "报名时遗漏"};
  const char* roster_add_send = "录入替补";
  const char* roster_substitute_note =
      "替补参加此后的抽签；已抽过签而未开始上台的组别可“重新抽签”把替补排进去。";
  const char* topic_add = "向题库加题：";
  const char* topic_text = "题目";
  const char* topic_add_send = "加入题库";
  const char* topic_banks_short = "题库不够：";
  const char* roster_pick_reason = "请先选一个原因";
  const char* roster_fill_both = "请填写姓名和学校";
  const char* absences_title = "缺赛 / 弃权";
  const char* absent_word = "缺赛";
  const char* withdrew_word = "弃权";
  const char* withdrawn_word = "已退赛";
  const char* absence_pick = "选手";
  const char* absence_reasons[3] = {"本人未到场", "本人申请弃权", "因病不能继续比赛"};  // 缺赛, 弃权, 弃权
  const char* absence_record = "记为%s（%s）";  // 缺赛, 本人未到场
  const char* absence_line = "%s · %s：%s（%s，%s；原因：%s）";  // who, round, 缺赛, by, when, why
  const char* absence_clear = "撤销（本人已到场）";
  const char* absence_clear_reason = "本人已到场";
  const char* absence_none = "没有缺赛或弃权的记录";
  const char* calls_short = "呼叫";
  const char* displays = "大屏画面";
  const char* display_main = "主会场";
  const char* display_lobby = "大厅";
  const char* display_prep = "备赛室";
  const char* scene_follow = "自动跟随";
  const char* scene_leaderboard = "排行榜";
  const char* scene_stage = "正在比赛";
  const char* scene_reveal = "亮分";
  const char* scene_awards = "颁奖";
  const char* join_title = "扫码加入";
  const char* join_how = "评委、裁判长、计时员用手机或平板扫码打开评分页面，再输入本人登录码（扫登录码条上的二维码可直接登录）";
  const char* downloads = "打印文件（保存到本机）";
  const char* doc_awards = "获奖名单";
  const char* doc_awards_draft = "获奖名单（草稿）";
  const char* doc_results = "成绩汇总表";
  const char* doc_results_xlsx = "成绩汇总表 Excel";
  const char* doc_marks = "评分明细表";
  const char* doc_certificates = "荣誉证书";
  const char* saved_to = "已保存：%s";
  const char* steward_role = "备赛室";
  const char* round = "轮次";
  const char* draw_topic = "抽  题";
  const char* topic_no = "第 %d 题";
  const char* prep_left = "准备时间还剩";
  const char* prep_over = "准备时间到，请上场";
  const char* no_bank = "本环节题库为空：请组委会先导入题目（liangfen import-topics）";
  const char* choose_contestant = "选择选手";
  // The steward's picker: what the steward calls out (the draw number of the round), then the
  // name; a teacher without a number in the round is listed after, by name.
  const char* drawn_number = "%d 号";
  const char* not_drawn_yet = "未抽签";
  const char* failed = "未成功：%s";
  // Marks that belong to someone, and the newest wins.
  const char* mark_stale = "这个分数已在另一台设备上改为 %s，本机的修改未保存";
  const char* mark_stale_unknown = "这个分数已在另一台设备上修改，本机的修改未保存";
  const char* logout_confirm = "还有 %d 条分数未发送到服务器，退出后它们会留在本机，等您再次登录时自动发送。确定退出？";
  const char* logout_yes = "确定退出";
  const char* logout_no = "取消";
  const char* others_unsent = "本机还有 %s 的 %d 条分数未发送，请 %s 在本机重新登录";
  // The certificate pin's refusal (scoring/client/certificate_pin.cpp) and the plain-HTTP banner: here
  // so their characters are baked into the font.
  const char* certificate_changed = "服务器证书已改变（指纹 ），可能有人冒充服务器；请向组委会核对登录码单上的指纹";
  const char* plain_http_warning = "未加密连接（http://）：同一网络上的人能看到登录码和分数，只应在可信的有线网络上使用";
  const char* offline_view = "网络中断：显示的是上次保存的状态。新打的分数先存在本机，联网后自动发送";
  const char* saved_locally = "已存入本机，等待发送到服务器";
  // The outbox cannot write (a read-only file, a full disk): outbox_sender.cpp, console_client.cpp.
  const char* storage_error = "本机存储出错";
  const char* storage_error_help = "本机存储出错：分数无法保存在这台设备上，请联系工作人员更换设备";
  const char* not_his_mark = "这个分数属于另一位评委，未发送";
  // The organizer's history of one contestant (查分): panels/history_panel.cpp.
  const char* history_title = "选手成绩记录（查分）";
  const char* history_show = "查看记录";
  const char* history_loading = "正在读取…";
  const char* history_empty = "这位选手还没有任何记录";
  const char* history_count = "共 %d 条，按时间先后；“原值”是这次改动之前的值";
  // A trail longer than a page (the server sends at most 500 lines at a time).
  const char* history_page = "第 %d–%d 条，共 %d 条，按时间先后；“原值”是这次改动之前的值";
  const char* history_prev = "上一页";
  const char* history_next = "下一页";
  const char* history_no = "编号";
  const char* history_when = "时间";
  const char* history_who = "操作人";
  const char* history_what = "事项";
  const char* history_before = "原值";
  const char* history_after = "新值";
  const char* history_note = "说明";
};

inline const ConsoleStrings& console_strings() {
  static const ConsoleStrings s;
  return s;
}

}  // namespace lf
