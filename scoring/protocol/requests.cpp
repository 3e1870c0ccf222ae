#include "scoring/protocol/requests.h"

#include <algorithm>
#include <map>

#include "data/format/person_text.h"
#include "scoring/protocol/protocol.h"

namespace lf::protocol {

namespace {

using T = FieldType;

FieldSpec id(std::string_view name, bool required = true) { return {name, T::kId, required}; }
FieldSpec text(std::string_view name, bool required = false) {
  FieldSpec f{name, T::kText, required};
  f.max_length = kMaxTextChars;
  return f;
}
FieldSpec key() { return {"idempotency_key", T::kKey, false}; }
FieldSpec text_of_length(std::string_view name, bool required, size_t max_length) {
  FieldSpec f = text(name, required);
  f.max_length = max_length;
  return f;
}

// Four hours: longer than any section, shorter than a day's drift.
constexpr int64_t kMaxElapsedMs = 4 * 3600 * 1000;
constexpr int64_t kMaxDurationTenths = 4 * 3600 * 10;
// The largest mark any section may have is well under 1000 points; in units that is at most
// 1000 * 10^decimals, checked after the decimals are known.
constexpr int64_t kMaxPoints = 1000;
// Seqs are positive 63-bit integers; JSON numbers are exact up to 2^53.
constexpr int64_t kMaxSeq = (int64_t{1} << 53);

std::vector<RequestSpec> make_specs() {
  namespace p = path;
  FieldSpec points{"points", T::kDecimal, true, 0, kMaxPoints, kMarkDecimals};
  FieldSpec revision{"revision", T::kInteger, true, 0, kMaxSeq};
  FieldSpec duration{"duration_s", T::kDecimal, true, 0, kMaxDurationTenths, 1};
  FieldSpec running{"running", T::kBoolean, true};
  FieldSpec elapsed{"elapsed_ms", T::kInteger, false, 0, kMaxElapsedMs};
  FieldSpec contestant_or_empty = id("contestant");
  contestant_or_empty.empty_allowed = true;
  FieldSpec order{"order", T::kIdList, true, 2, 1000};
  FieldSpec scene{"scene", T::kChoice, true};
  scene.choices = {"leaderboard", "stage", "reveal", "awards", "follow"};
  FieldSpec code{"code", T::kCode, true};
  FieldSpec api_version{"api_version", T::kInteger, true, 0, 1000000};
  FieldSpec manual_order{"order", T::kIdList, false, 1, 1000};
  FieldSpec redraw{"redraw", T::kBoolean, false};
  FieldSpec shown{"shown", T::kKey, true};  // a token: printable ASCII, no spaces
  FieldSpec decision_kind{"kind", T::kChoice, false};
  decision_kind.choices = {"tie_order"};
  FieldSpec absence_status{"status", T::kChoice, true};
  absence_status.choices = {"absent", "withdrew", "cleared"};
  auto perf = [&](std::vector<FieldSpec> more) {
    std::vector<FieldSpec> f = {id("round"), id("contestant"), id("section")};
    f.insert(f.end(), more.begin(), more.end());
    f.push_back(key());
    return f;
  };
  return {
      {"login", p::kLogin, {code, api_version}},
      {"mark", p::kMarks, perf({points, id("judge"), revision})},
      {"timing", p::kTimings, perf({duration, text("reason")})},
      // contestant: optional here so that a change without it gets the rules' clear refusal
      // (conflict, "contestant"), not a bare "missing field".
      {"clock", p::kClock, {running, elapsed, id("section", false), id("contestant", false), key()}},
      {"stage", p::kStage, {id("venue", false), contestant_or_empty, key()}},
      {"publish", p::kPublish, perf({})},
      {"reopen", p::kReopen, perf({text("reason", true)})},
      {"return", p::kReturn, perf({id("judge"), text("note")})},
      {"decision", p::kDecisions, {decision_kind, id("round"), id("group"), order, text("reason", true), shown, key()}},
      {"call_head_judge", p::kCallHeadJudge, {id("venue", false), text("note"), key()}},
      {"display_scene", p::kDisplayScene, {id("display"), scene, key()}},
      {"topic_draw", p::kTopicDraw, perf({})},
      {"advance", p::kAdvance, {id("from"), key()}},
      {"draw", p::kDraw, {id("round"), id("group"), id("seed", false), manual_order, redraw, text("reason"), key()}},
      {"absence", p::kAbsence, {id("round"), id("contestant"), absence_status, text("reason", true), key()}},
      {"roster_correct", p::kRosterCorrect,
       {id("contestant"), text_of_length("name", false, kMaxNameChars), text_of_length("school", false, kMaxSchoolChars),
        text("reason", true), key()}},
      {"roster_add", p::kRosterAdd,
       {id("group"), text_of_length("name", true, kMaxNameChars), text_of_length("school", true, kMaxSchoolChars),
        text("reason", true), key()}},
      {"topic_add", p::kTopicAdd, {id("section"), text_of_length("topic", true, kMaxTopicChars), key()}},
  };
}

// Characters (code points) in valid UTF-8; the parser has already refused invalid UTF-8.
size_t utf8_chars(std::string_view s) {
  return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The type of a JSON value, in the words of the refusals.
std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "真假值";
    case Json::value_t::string: return "文字";
    case Json::value_t::array: return "列表";
    case Json::value_t::object: return "对象";
    default: return "数字";
  }
}

// Checks one present field; on success stores a normalized copy in `out` (strings as they
// are, decimals as exact integers in `units`).
struct Checked {
  std::string text;
  int64_t units = 0;
  bool flag = false;
  std::vector<std::string> list;
};

std::optional<std::string> id_problem(const Json& v, bool empty_allowed) {
  if (!v.is_string()) return "应为编号（文字），而不是" + describe(v);
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return empty_allowed ? std::nullopt : std::optional<std::string>("不能为空");
  if (s.size() > 64) return "超过 64 字节";
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F) return "不能含空格或控制字符";
  if (auto why = person_text_problem(s)) return *why;
  return std::nullopt;
}

std::optional<std::string> check_field(const FieldSpec& f, const Json& v,
                                       const DecodeContext& ctx, Checked& out) {
  switch (f.type) {
    case T::kId:
      if (auto why = id_problem(v, f.empty_allowed)) return why;
      out.text = v.get<std::string>();
      return std::nullopt;
    case T::kText: {
      if (!v.is_string()) return "应为文字，而不是" + describe(v);
      const std::string& s = v.get_ref<const std::string&>();
      if (f.required && s.empty()) return "不能为空";
      if (utf8_chars(s) > f.max_length)
        return "超过 " + std::to_string(f.max_length) + " 个字";
      if (auto why = person_text_problem(s)) return *why;
      out.text = s;
      return std::nullopt;
    }
    case T::kCode: {
      if (!v.is_string()) return "登录码应为文字，而不是" + describe(v);
      const std::string& s = v.get_ref<const std::string&>();
      if (s.empty() || s.size() > 32 ||
          !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "登录码只能是数字";
      out.text = s;
      return std::nullopt;
    }
    case T::kKey: {
      if (!v.is_string()) return "应为文字，而不是" + describe(v);
      const std::string& s = v.get_ref<const std::string&>();
      if (s.empty() || s.size() > 100) return "应为 1 到 100 个字符";
      for (unsigned char c : s)
        if (c <= 0x20 || c >= 0x7F) return "只能是不含空格的英文字母、数字和符号";
      out.text = s;
      return std::nullopt;
    }
    case T::kInteger: {
      if (!v.is_number_integer()) return "应为整数，而不是" + describe(v);
      if (v.is_number_unsigned() ? v.get<uint64_t>() > uint64_t(f.max) : v.get<int64_t>() > f.max)
        return "不能大于 " + std::to_string(f.max);
      if (!v.is_number_unsigned() && v.get<int64_t>() < f.min)
        return "不能小于 " + std::to_string(f.min);
      out.units = v.get<int64_t>();
      return std::nullopt;
    }
    case T::kDecimal: {
      if (!v.is_number()) return "应为数字，而不是" + describe(v);
      int decimals = f.decimals == kMarkDecimals ? ctx.mark_decimals : f.decimals;
      auto text = json_decimal_text(v);
      if (!text || text->size() > 16) return "数值过大或位数过多";
      auto units = json_units(v, decimals);
      if (!units)
        return "最多 " + std::to_string(decimals) + " 位小数";
      int64_t scale = 1;
      for (int i = 0; i < decimals; ++i) scale *= 10;
      int64_t max = f.decimals == kMarkDecimals ? f.max * scale : f.max;
      if (*units < f.min) return "不能为负数";
      if (*units > max) return "数值过大";
      out.units = *units;
      out.text = *text;
      return std::nullopt;
    }
    case T::kBoolean:
      if (!v.is_boolean()) return "应为 true 或 false，而不是" + describe(v);
      out.flag = v.get<bool>();
      return std::nullopt;
    case T::kIdList: {
      if (!v.is_array()) return "应为编号列表，而不是" + describe(v);
      if (int64_t(v.size()) < f.min) return "至少要列 " + std::to_string(f.min) + " 项";
      if (int64_t(v.size()) > f.max) return "不能超过 " + std::to_string(f.max) + " 项";
      for (size_t i = 0; i < v.size(); ++i) {
        if (auto why = id_problem(v[i], false)) return "第 " + std::to_string(i + 1) + " 项" + *why;
        out.list.push_back(v[i].get<std::string>());
      }
      return std::nullopt;
    }
    case T::kChoice: {
      if (!v.is_string()) return "应为文字，而不是" + describe(v);
      const std::string& s = v.get_ref<const std::string&>();
      if (std::find(f.choices.begin(), f.choices.end(), s) == f.choices.end()) {
        std::string list;
        for (auto c : f.choices) list += (list.empty() ? "" : "、") + std::string(c);
        return "只能是 " + list + " 之一";
      }
      out.text = s;
      return std::nullopt;
    }
  }
  return "类型未知";
}

// The checked fields of a body, by name.
using Fields = std::map<std::string_view, Checked>;

Result<Fields> check_body(const RequestSpec& spec, const Json& body, const DecodeContext& ctx) {
  if (!body.is_object()) return Error{"", "请求内容应为 JSON 对象，而不是" + describe(body)};
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = std::any_of(spec.fields.begin(), spec.fields.end(),
                             [&](const FieldSpec& f) { return f.name == it.key(); });
    if (!known) {
      std::string k = it.key();
      if (k.size() > 64 || person_text_problem(k)) k = "(a key)";
      return Error{k, "不是这个请求的字段"};
    }
  }
  Fields out;
  for (const FieldSpec& f : spec.fields) {
    auto it = body.find(std::string(f.name));
    if (it == body.end()) {
      if (f.required) return Error{std::string(f.name), "缺少这个字段"};
      continue;
    }
    Checked c;
    if (auto why = check_field(f, *it, ctx, c)) return Error{std::string(f.name), *why};
    out.emplace(f.name, std::move(c));
  }
  return out;
}

std::string text_of(const Fields& f, std::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second.text;
}

template <class R>
Result<ChangeRequest> as_change(Result<R> r) {
  if (!r.ok()) return Result<ChangeRequest>(r.errors());
  return ChangeRequest(std::move(r.value()));
}

}  // namespace

const std::vector<RequestSpec>& request_specs() {
  static const std::vector<RequestSpec> specs = make_specs();
  return specs;
}

const RequestSpec* request_spec(std::string_view kind) {
  for (const RequestSpec& s : request_specs())
    if (s.kind == kind) return &s;
  return nullptr;
}

Result<Json> parse_body(std::string_view text) {
  if (text.size() > kMaxBodyBytes)
    return Error{"", "请求内容超过 " + std::to_string(kMaxBodyBytes / 1024) + " KiB"};
  // Nesting is checked before parsing: a deep document costs the parser and the destructor
  // stack space in proportion to its depth.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return Error{"", "请求内容嵌套过深"};
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  auto parsed = parse_json(text);
  if (!parsed.ok()) {
    const Error& e = parsed.errors().front();
    // A number that cannot be read exactly keeps its JSON path ("points"): the field to fix.
    if (e.kind == ErrorKind::invalid) return Error{e.path, e.message, ErrorKind::malformed};
    return Error{"", "请求内容不是有效的 JSON（" + e.to_string() + "）", ErrorKind::malformed};
  }
  if (!parsed->is_object()) return Error{"", "请求内容应为 JSON 对象"};
  return std::move(parsed.value());
}

Result<LoginRequest> decode_login(const Json& body) {
  auto f = check_body(*request_spec("login"), body, DecodeContext{});
  if (!f.ok()) return Result<LoginRequest>(f.errors());
  return LoginRequest{text_of(f.value(), "code"), f->at("api_version").units};
}

Result<ChangeRequest> decode_change(std::string_view kind, const Json& body,
                                    const DecodeContext& ctx) {
  const RequestSpec* spec = request_spec(kind);
  if (!spec || kind == "login") return Error{"", "未知的操作 \"" + std::string(kind) + "\""};
  auto checked = check_body(*spec, body, ctx);
  if (!checked.ok()) return Result<ChangeRequest>(checked.errors());
  const Fields& f = checked.value();
  auto s = [&](std::string_view name) { return text_of(f, name); };
  auto units = [&](std::string_view name) {
    auto it = f.find(name);
    return it == f.end() ? int64_t{0} : it->second.units;
  };
  std::string k = s("idempotency_key");
  if (kind == "mark")
    return ChangeRequest(MarkSubmission{s("round"), s("contestant"), s("section"), s("judge"),
                                        units("points"), s("points"), units("revision"), k});
  if (kind == "timing")
    return ChangeRequest(TimingSubmission{s("round"), s("contestant"), s("section"),
                                          s("duration_s"), units("duration_s"), s("reason"), k});
  if (kind == "clock")
    return ChangeRequest(ClockChange{f.at("running").flag,
                                     f.count("elapsed_ms") ? std::optional<int64_t>(units("elapsed_ms")) : std::nullopt,
                                     s("section"), s("contestant"), k});
  if (kind == "stage") return ChangeRequest(StageCall{s("venue"), s("contestant"), k});
  if (kind == "publish" || kind == "reopen" || kind == "return")
    return ChangeRequest(PerformanceAction{std::string(kind), s("round"), s("contestant"),
                                           s("section"), s("judge"), s("note"), s("reason"), k});
  if (kind == "decision")
    return ChangeRequest(TieRuling{s("round"), s("group"), f.at("order").list, s("reason"), s("shown"), k});
  if (kind == "call_head_judge") return ChangeRequest(HeadJudgeCall{s("venue"), s("note"), k});
  if (kind == "display_scene")
    return ChangeRequest(DisplaySceneChange{s("display"), s("scene"), k});
  if (kind == "topic_draw")
    return ChangeRequest(TopicDrawRequest{s("round"), s("contestant"), s("section"), k});
  if (kind == "advance") return ChangeRequest(AdvanceRequest{s("from"), k});
  if (kind == "draw") {
    auto list = f.find("order");
    auto again = f.find("redraw");
    return ChangeRequest(DrawRequest{s("round"), s("group"), s("seed"),
                                     list == f.end() ? std::vector<std::string>() : list->second.list,
                                     again != f.end() && again->second.flag, s("reason"), k});
  }
  if (kind == "absence")
    return ChangeRequest(AbsenceChange{s("round"), s("contestant"), s("status"), s("reason"), k});
  if (kind == "roster_correct") {
    auto given = [&](std::string_view name) {
      return f.count(name) ? std::optional<std::string>(s(name)) : std::nullopt;
    };
    return ChangeRequest(RosterCorrection{s("contestant"), given("name"), given("school"), s("reason"), k});
  }
  if (kind == "roster_add") return ChangeRequest(RosterAddition{s("group"), s("name"), s("school"), s("reason"), k});
  if (kind == "topic_add") return ChangeRequest(TopicAddition{s("section"), s("topic"), k});
  return Error{"", "未知的操作 \"" + std::string(kind) + "\""};
}

const std::string& idempotency_key(const ChangeRequest& request) {
  return std::visit([](const auto& r) -> const std::string& { return r.idempotency_key; },
                    request);
}

Json encode(const MarkSubmission& m) {
  Json j = {{"round", m.round},   {"contestant", m.contestant},
            {"section", m.section}, {"points", Json::parse(m.points_text, nullptr, false)},
            {"judge", m.judge},   {"revision", m.revision}};
  if (!m.idempotency_key.empty()) j["idempotency_key"] = m.idempotency_key;
  return j;
}

}  // namespace lf::protocol
