#include "scoring/print/history_sheet.h"

namespace lf {

PrintDocument history_sheet(const Contest& c, const std::string& heading, const std::string& as_of,
                            const ContestantSummary& summary, const std::vector<HistorySheetLine>& lines) {
  PrintDocument d;
  d.kind = "history";
  d.title = c.name + " 选手成绩记录（查分）";
  d.subtitle = c.organizer + (c.organizer.empty() || c.date.empty() ? "" : " · ") + c.date;
  d.landscape = true;  // seven columns, the 说明 column wide enough for a reason
  PrintSection sec;
  sec.heading = heading;
  sec.notes = summary.lines;
  if (sec.notes.empty()) sec.notes.push_back("这位选手没有参加任何一轮，没有成绩");
  if (!summary.table.rows.empty()) sec.tables.push_back(summary.table);
  PrintTable t;
  t.caption = "全部记录";
  sec.notes.insert(sec.notes.end(), {
      "“全部记录”按时间先后列出这位选手的每一条记录：评分与改分、用时、退回重打、并列裁决、亮分与撤回亮分；"
      "“原值”是这次改动之前的值，“编号”是比赛数据库中的记录号。",
      as_of + "，共 " + std::to_string(lines.size()) + " 条。"});
  t.headers = {"编号", "时间", "操作人", "事项", "原值", "新值", "说明"};
  t.widths = {0.55f, 1.7f, 1.6f, 2.8f, 1.5f, 1.5f, 2.4f};
  t.wrap = true;  // a reason or the marks a reopen undid are never cut short
  for (const HistorySheetLine& l : lines) {
    std::vector<PrintCell> row;
    row.push_back(PrintCell{std::to_string(l.seq), l.seq, 0, false, false});
    row.push_back(PrintCell{l.when, {}, 0, false, false});
    row.push_back(PrintCell{l.who, {}, 0, false, false});
    row.push_back(PrintCell{l.what, {}, 0, false, false});
    row.push_back(PrintCell{l.before.empty() ? "—" : l.before, {}, 0, false, false});
    row.push_back(PrintCell{l.after, {}, 0, false, true});
    row.push_back(PrintCell{l.note, {}, 0, false, false});
    t.rows.push_back(std::move(row));
  }
  if (lines.empty())
    t.rows.push_back({PrintCell{"—"}, PrintCell{""}, PrintCell{""}, PrintCell{"（没有记录）"},
                      PrintCell{""}, PrintCell{""}, PrintCell{""}});
  sec.tables.push_back(std::move(t));
  sec.signatures = {"裁判长", "监督"};
  d.sections.push_back(std::move(sec));
  return d;
}

}  // namespace lf
