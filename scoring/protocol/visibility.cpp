#include "scoring/protocol/visibility.h"

#include <algorithm>

#include "data/format/contest_file.h"
#include "scoring/protocol/protocol.h"

namespace lf::protocol {

ViewRules view_rules(const Viewer& v, bool anonymous_judging) {
  ViewRules r;
  r.results = scope_of(v.role, "results");
  const bool judge = v.role == role::kJudge, head = v.role == role::kHeadJudge,
             organizer = v.role == role::kOrganizer;
  r.names = !(anonymous_judging && judge);
  r.names_when_final = anonymous_judging && v.role == role::kDisplay;
  // The organizer and head judges sit at the desk and see every 回避; under anonymous judging
  // everyone else sees at most their own.
  r.every_recusal = !anonymous_judging || organizer || head;
  r.prep_room = v.role == role::kSteward || organizer;
  r.own_marks = scope_of(v.role, "state") == Scope::kOwnMarks;
  r.venue_times = v.role == role::kTimekeeper && v.venue >= 0;
  r.desk = head || organizer;
  r.all_venues = organizer;
  r.may_read_results = r.results != Scope::kNothing && r.names;
  r.unpublished_results = r.results == Scope::kEverything;
  return r;
}

bool group_is_final(const GroupStandings& g) {
  if (!g.unresolved.empty()) return false;
  return std::all_of(g.standings.begin(), g.standings.end(), [](const Standing& st) {
    if (st.flags & kWithdrawn) return true;  // out of the round (or the contest): nothing to wait for
    if (st.flags & (kIncomplete | kUntimed)) return false;
    return std::all_of(st.sections.begin(), st.sections.end(),
                       [](const SectionResult& x) { return x.score.has_value() && x.complete(); });
  });
}

bool desk_covers(const Contest& c, const ViewRules& rules, const Viewer& v, int round, int group) {
  if (!rules.desk) return false;
  if (rules.all_venues) return true;
  return v.venue >= 0 && c.venues[size_t(v.venue)].round == round && c.venues[size_t(v.venue)].group == group;
}

namespace {

// Where each kind happened: one member per kind (a kind added to EventBody and left out here
// does not compile).
struct PlaceOf {
  const Contest& c;

  EventPlace performance(const std::string& round, const std::string& contestant, const std::string& section,
                         const std::string& judge = {}) const {
    EventPlace p;
    p.round = find_round(c, round);
    int ct = find_contestant(c, contestant), sec = find_section(c, section);
    if (ct >= 0) p.group = c.contestants[size_t(ct)].group;
    if (p.round >= 0 && p.group >= 0 && sec >= 0) p.venue = venue_for(c, p.round, p.group, sec).value_or(-1);
    p.judge = find_judge(c, judge);
    return p;
  }
  EventPlace round_group(const std::string& round, int group) const {
    EventPlace p;
    p.round = find_round(c, round), p.group = group;
    return p;
  }
  EventPlace venue(const std::string& key, const std::string& judge = {}) const {
    EventPlace p;
    p.venue = find_venue(c, key);
    if (p.venue >= 0) p.round = c.venues[size_t(p.venue)].round, p.group = c.venues[size_t(p.venue)].group;
    p.judge = find_judge(c, judge);
    return p;
  }
  int group_of(const std::string& contestant) const {
    int ct = find_contestant(c, contestant);
    return ct >= 0 ? c.contestants[size_t(ct)].group : -1;
  }

  EventPlace operator()(const ev::Mark& m) const { return performance(m.round, m.contestant, m.section, m.judge); }
  EventPlace operator()(const ev::Return& r) const { return performance(r.round, r.contestant, r.section, r.judge); }
  EventPlace operator()(const ev::Timing& t) const { return performance(t.round, t.contestant, t.section); }
  EventPlace operator()(const ev::Publish& p) const { return performance(p.round, p.contestant, p.section); }
  EventPlace operator()(const ev::Reopen& r) const { return performance(r.round, r.contestant, r.section); }
  EventPlace operator()(const ev::TopicDraw& t) const { return performance(t.round, t.contestant, t.section); }
  EventPlace operator()(const ev::Stage& s) const { return venue(s.venue); }
  EventPlace operator()(const ev::Clock& k) const { return venue(k.venue); }
  EventPlace operator()(const ev::CallHeadJudge& h) const { return venue(h.venue, h.judge.value_or("")); }
  EventPlace operator()(const ev::Decision& d) const { return round_group(d.round, find_group(c, d.group)); }
  EventPlace operator()(const ev::Draw& d) const { return round_group(d.round, find_group(c, d.group)); }
  EventPlace operator()(const ev::Absence& a) const { return round_group(a.round, group_of(a.contestant)); }
  EventPlace operator()(const ev::Advance& a) const { return round_group(a.from, -1); }
  EventPlace operator()(const ev::RosterCorrect& r) const { return round_group("", group_of(r.contestant)); }
  EventPlace operator()(const ev::RosterAdd& r) const { return round_group("", find_group(c, r.group)); }
  EventPlace operator()(const ev::TopicAdd&) const { return {}; }
  EventPlace operator()(const ev::DisplayScene&) const { return {}; }
  EventPlace operator()(const ev::Import&) const { return {}; }
  EventPlace operator()(const ev::UnknownEvent&) const { return {}; }
};

}  // namespace

EventPlace event_place(const Contest& c, const EventBody& body) { return std::visit(PlaceOf{c}, body); }

const std::vector<Audience>& event_audience() {
  using R = Reach;
  namespace r = role;
  static const std::vector<Audience> table = {
      // Public facts: who is on stage and the clock.
      {"stage", r::kHeadJudge, R::kAnywhere}, {"stage", r::kJudge, R::kAnywhere},
      {"stage", r::kTimekeeper, R::kAnywhere}, {"stage", r::kSteward, R::kAnywhere},
      {"stage", r::kDisplay, R::kAnywhere},
      {"clock", r::kHeadJudge, R::kAnywhere}, {"clock", r::kJudge, R::kAnywhere},
      {"clock", r::kTimekeeper, R::kAnywhere}, {"clock", r::kSteward, R::kAnywhere},
      {"clock", r::kDisplay, R::kAnywhere},
      // The running order and who went on are announced in the hall: the head judges' calling
      // lists, the prep room and the projector follow them at once.
      {"draw", r::kHeadJudge, R::kAnywhere}, {"draw", r::kSteward, R::kAnywhere},
      {"draw", r::kDisplay, R::kAnywhere},
      {"advance", r::kHeadJudge, R::kAnywhere}, {"advance", r::kSteward, R::kAnywhere},
      {"advance", r::kDisplay, R::kAnywhere},
      // 缺赛 / 弃权 is announced: the projector and the prep room; a head judge their calling list.
      {"absence", r::kDisplay, R::kAnywhere}, {"absence", r::kSteward, R::kAnywhere},
      {"absence", r::kHeadJudge, R::kOwnRoundGroup},
      // A name corrected, a substitute: every screen that shows names. Not a judge: under
      // anonymous judging a name next to a draw number is what they must not learn.
      {"roster_correct", r::kHeadJudge, R::kAnywhere}, {"roster_correct", r::kTimekeeper, R::kAnywhere},
      {"roster_correct", r::kSteward, R::kAnywhere}, {"roster_correct", r::kDisplay, R::kAnywhere},
      {"roster_add", r::kHeadJudge, R::kAnywhere}, {"roster_add", r::kTimekeeper, R::kAnywhere},
      {"roster_add", r::kSteward, R::kAnywhere}, {"roster_add", r::kDisplay, R::kAnywhere},
      // The banks are the prep room's; a topic drawn, the prep room's and the venue's desk.
      {"topic_add", r::kSteward, R::kAnywhere},
      {"topic_draw", r::kSteward, R::kAnywhere}, {"topic_draw", r::kHeadJudge, R::kOwnVenue},
      {"display_scene", r::kDisplay, R::kAnywhere},
      // Rulings: the projector, and the head judge of the round and group.
      {"decision", r::kDisplay, R::kAnywhere}, {"decision", r::kHeadJudge, R::kOwnRoundGroup},
      // 亮分 and its taking back: the projector, the venue's desk and its panel.
      {"publish", r::kDisplay, R::kAnywhere}, {"publish", r::kHeadJudge, R::kOwnVenue},
      {"publish", r::kJudge, R::kPanelOfVenue},
      {"reopen", r::kDisplay, R::kAnywhere}, {"reopen", r::kHeadJudge, R::kOwnVenue},
      {"reopen", r::kJudge, R::kPanelOfVenue},
      // Marks are not shown until published (§6): the venue's desk and the judge whose they are.
      {"mark", r::kHeadJudge, R::kOwnVenue}, {"mark", r::kJudge, R::kOwnJudge},
      {"return", r::kHeadJudge, R::kOwnVenue}, {"return", r::kJudge, R::kOwnJudge},
      {"call_head_judge", r::kHeadJudge, R::kOwnVenue}, {"call_head_judge", r::kJudge, R::kOwnJudge},
      // A time: the venue's desk and its timekeeper.
      {"timing", r::kHeadJudge, R::kOwnVenue}, {"timing", r::kTimekeeper, R::kOwnVenue},
  };
  return table;
}

bool may_see(const Contest& c, const Viewer& v, const Event& e) {
  const Scope events = scope_of(v.role, "events");
  if (events == Scope::kEverything) return true;
  if (events == Scope::kNothing) return false;
  const std::string kind = e.kind();
  const Audience* row = nullptr;
  for (const Audience& a : event_audience())
    if (a.kind == kind && a.role == v.role) row = &a;
  if (!row) return false;
  if (row->reach == Reach::kAnywhere) return true;
  const EventPlace at = event_place(c, e.body);
  switch (row->reach) {
    case Reach::kOwnVenue:
      return at.venue >= 0 && at.venue == v.venue;
    case Reach::kOwnRoundGroup:
      return v.venue >= 0 && at.round == c.venues[size_t(v.venue)].round &&
             at.group == c.venues[size_t(v.venue)].group;
    case Reach::kPanelOfVenue: {
      if (at.venue < 0 || v.judge < 0) return false;
      const auto& panel = c.venues[size_t(at.venue)].judges;
      return std::find(panel.begin(), panel.end(), v.judge) != panel.end();
    }
    case Reach::kOwnJudge:
      return v.judge >= 0 && at.judge == v.judge;
    case Reach::kAnywhere:
      return true;
  }
  return false;
}

}  // namespace lf::protocol
