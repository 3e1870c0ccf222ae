// One contestant's trail as people read it (查分 on appeal; contest-file.md §6: every change to a
// mark, a duration or a ruling is kept with who, when, old and new value): the events of the log
// that concern one contestant — marks, times, returns, rulings, publishes, reopens, stage calls,
// topic draws, 缺赛 / 弃权 and roster fixes (a name or school corrected, a substitute entered) —
// each as one line: when, who (their name and role in Chinese), what (round,
// section and judge by their names), the value it replaced, the new value, and the reason or
// note given. The server answers GET /api/history with these lines (the organizer's console
// shows them) and `liangfen print history` prints them.
//
// The value replaced is the event's own record of it (payload "previous", written by the rules
// since every change records it); for an event logged before that, it is what the earlier
// events of the same list had set.
//
// Pure: no store, no clock, no I/O. Times are Beijing time (UTC+8, China's one time zone) so a
// log reads the same on any machine. Thread-safety: reads only its arguments.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/format/json_text.h"
#include "data/live/live_state.h"
#include "scoring/engine/contest.h"
#include "scoring/engine/status.h"

namespace lf {

// A person as the log names them: person id ("J01", "head:PRE", "organizer") -> their name and
// role (protocol::role: organizer | head_judge | judge | timekeeper | display | steward).
struct HistoryPerson {
  std::string name;
  std::string role;
  std::string venue;  // venue key of a head judge or timekeeper; "" otherwise
};
using HistoryPeople = std::map<std::string, HistoryPerson>;

struct HistoryLine {
  int64_t seq = 0;  // the event's number in the log (the import's for imported values)
  int64_t at_ms = 0;
  std::string kind;  // the event kind
  std::string when;  // "11月23日 09:14:05"
  std::string who;   // "评委三（评委）", "王老师（裁判长）", "导入的比赛文件"
  std::string what;  // "改分：小学组预赛 · 德育故事演讲 · 评委三"
  std::string before;  // the value replaced, "" when nothing was replaced
  std::string after;   // the new value
  std::string note;    // "原因：看错了秒表", "更正第 12 号记录", ...
};

// The lines of `events` (oldest first, as the log holds them) that concern `contestant` (an
// index into c.contestants), oldest first. Events that name ids the contest does not have are
// skipped, never trusted.
std::vector<HistoryLine> contestant_history(const Contest& c, const std::vector<Event>& events,
                                            int contestant, const HistoryPeople& people);

// "C001 张三 · 实验小学 · 小学组": the contestant as the history's heading names them.
std::string history_heading(const Contest& c, int contestant);

// "11月23日 09:14:05", Beijing time.
std::string beijing_time_text(int64_t at_ms);

// A role as the people in the hall call it: "裁判长", "评委", ...
std::string role_in_chinese(const std::string& role);

// The lines as the API sends them ([{seq, at_ms, kind, when, who, what, before, after, note}])
// and back (a client's reading: an element that is not an object is refused with its index).
Json history_json(const std::vector<HistoryLine>& lines);
Result<std::vector<HistoryLine>> history_from_json(const Json& lines);

}  // namespace lf
