// Every word the projection display shows, in one table (Chinese first; another language is
// another instance of this struct).
#pragma once

namespace lf {

struct DisplayStrings {
  const char* rank = "名次";
  const char* name = "姓名";
  const char* school = "学校";
  const char* total = "总分";
  const char* absent = "缺赛";    // did not come to this round
  const char* withdrew = "弃权";  // gave up in this round
  const char* provisional = "暂定";
  const char* final_result = "最终成绩";
  const char* advance_certain = "晋级";
  const char* advance_at_risk = "晋级区";
  const char* advance_legend = "前 %d 名晋级决赛";
  const char* page = "第 %d / %d 页";
  const char* on_stage = "正在比赛";
  const char* nobody_on_stage = "候场中";
  const char* join_caption = "评委、裁判长、计时员：扫码打开评分页面，输入本人登录码";
  const char* venue = "赛场";
  const char* time_left_to_min = "距最短时间";
  const char* overtime = "超时";
  const char* penalty = "扣";
  const char* points = "分";
  const char* judges_marks = "评委打分";
  const char* dropped_note = "去掉一个最高分、一个最低分";
  const char* average = "平均分";
  const char* section_score = "本项得分";
  const char* new_total = "当前总分";
  const char* current_rank = "当前名次";
  const char* unranked = "待定";
  const char* awards_title = "颁奖典礼";
  const char* awards_not_final = "成绩尚未全部公布，暂不颁奖";
  const char* awards_open_tie = "有并列待裁决，裁决后颁奖";
  const char* no_penalty = "不扣分";
  const char* awards_press = "按空格键揭晓";
  const char* no_results = "等待第一个成绩公布…";
  const char* no_reveal = "尚无公布的成绩";
  const char* disconnected = "与服务器的连接已断开 · 最后更新 %s · 正在重连";
  // The login ended or is refused while the server answers: the reason's words (from
  // scoring/protocol/session_end.h, or one of the two below), then the last update.
  const char* login_banner = "%s · 最后更新 %s";
  const char* relogin = "正在用本大屏的登录码重新登录…";
  const char* code_reissued = "登录已失效：本大屏的登录码已重新发放，请向组委会要新的登录码，用它重新启动大屏";
  const char* code_refused = "登录码不对，大屏无法登录：请核对登录码单，用正确的登录码重新启动大屏";
  const char* connecting = "正在连接服务器…";
  const char* help_title = "放映控制键";
  const char* help_lines[12] = {
      "1  排行榜        2  正在比赛",
      "3  亮分          4  颁奖典礼",
      "←/→  切换组别 / 赛场",
      "空格  颁奖：揭晓下一个奖项",
      "Backspace  颁奖：退回一步",
      "A  自动跟随比赛（亮分后回到排行榜）",
      "T  切换主题（深色 / 浅色 / 喜庆红）",
      "F  全屏",
      "F1  显示 / 隐藏本帮助",
      "Esc  关闭帮助",
      "",
      ""};
  const char* auto_on = "自动";
  const char* manual = "手动";
  const char* seconds = "秒";
};

inline const DisplayStrings& display_strings() {
  static const DisplayStrings s;
  return s;
}

}  // namespace lf
