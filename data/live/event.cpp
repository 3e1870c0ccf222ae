#include "data/live/event.h"

#include <tuple>
#include <type_traits>

namespace lf {

namespace {

// One field of a kind's JSON: its key and the member it is read into. The fields of each kind
// are listed once (fields_of below) and both directions walk the list, so the two cannot
// disagree.
template <class S, class T>
struct Field {
  const char* key;
  T S::*member;
};
template <class S, class T>
Field(const char*, T S::*) -> Field<S, T>;

constexpr auto fields_of(const ev::Mark*) {
  using M = ev::Mark;
  return std::tuple{Field{"round", &M::round},     Field{"contestant", &M::contestant},
                    Field{"section", &M::section}, Field{"judge", &M::judge},
                    Field{"points", &M::points},   Field{"previous", &M::previous}};
}
constexpr auto fields_of(const ev::Timing*) {
  using T = ev::Timing;
  return std::tuple{Field{"round", &T::round},       Field{"contestant", &T::contestant},
                    Field{"section", &T::section},   Field{"duration_s", &T::duration_s},
                    Field{"reason", &T::reason},     Field{"previous", &T::previous}};
}
constexpr auto fields_of(const ev::Publish*) {
  using P = ev::Publish;
  return std::tuple{Field{"round", &P::round}, Field{"contestant", &P::contestant},
                    Field{"section", &P::section}};
}
constexpr auto fields_of(const ev::Reopen*) {
  using R = ev::Reopen;
  return std::tuple{Field{"round", &R::round},   Field{"contestant", &R::contestant},
                    Field{"section", &R::section}, Field{"reason", &R::reason},
                    Field{"previous", &R::previous}};
}
constexpr auto fields_of(const ev::Return*) {
  using R = ev::Return;
  return std::tuple{Field{"round", &R::round},     Field{"contestant", &R::contestant},
                    Field{"section", &R::section}, Field{"judge", &R::judge},
                    Field{"note", &R::note},       Field{"previous", &R::previous}};
}
constexpr auto fields_of(const ev::Decision*) {
  using D = ev::Decision;
  return std::tuple{Field{"kind", &D::rule},         Field{"round", &D::round},
                    Field{"group", &D::group},       Field{"order", &D::order},
                    Field{"reason", &D::reason},     Field{"previous", &D::previous},
                    Field{"by", &D::by},             Field{"at_ms", &D::at_ms},
                    Field{"import_index", &D::import_index}};
}
constexpr auto fields_of(const ev::AdvancingGroup*) {
  using G = ev::AdvancingGroup;
  return std::tuple{Field{"group", &G::group}, Field{"contestants", &G::contestants}};
}
constexpr auto fields_of(const ev::Advance*) {
  using A = ev::Advance;
  return std::tuple{Field{"from", &A::from}, Field{"groups", &A::groups}, Field{"by", &A::by},
                    Field{"at_ms", &A::at_ms}};
}
constexpr auto fields_of(const ev::Draw*) {
  using D = ev::Draw;
  return std::tuple{Field{"round", &D::round},   Field{"group", &D::group},
                    Field{"replaces", &D::replaces}, Field{"method", &D::method},
                    Field{"seed", &D::seed},     Field{"order", &D::order},
                    Field{"reason", &D::reason}, Field{"by", &D::by},
                    Field{"at_ms", &D::at_ms}};
}
constexpr auto fields_of(const ev::Stage*) {
  using S = ev::Stage;
  return std::tuple{Field{"venue", &S::venue}, Field{"round", &S::round},
                    Field{"contestant", &S::contestant}, Field{"previous", &S::previous}};
}
constexpr auto fields_of(const ev::Clock*) {
  using K = ev::Clock;
  return std::tuple{Field{"contestant", &K::contestant},       Field{"running", &K::running},
                    Field{"started_at_ms", &K::started_at_ms}, Field{"elapsed_ms", &K::elapsed_ms},
                    Field{"section", &K::section},             Field{"venue", &K::venue},
                    Field{"round", &K::round},                 Field{"previous", &K::previous}};
}
constexpr auto fields_of(const ev::CallHeadJudge*) {
  using H = ev::CallHeadJudge;
  return std::tuple{Field{"venue", &H::venue}, Field{"judge", &H::judge}, Field{"note", &H::note},
                    Field{"cleared", &H::cleared}};
}
constexpr auto fields_of(const ev::TopicDraw*) {
  using T = ev::TopicDraw;
  return std::tuple{Field{"round", &T::round},     Field{"contestant", &T::contestant},
                    Field{"section", &T::section}, Field{"topic", &T::topic},
                    Field{"text", &T::text}};
}
constexpr auto fields_of(const ev::Absence*) {
  using A = ev::Absence;
  return std::tuple{Field{"round", &A::round},   Field{"contestant", &A::contestant},
                    Field{"status", &A::status}, Field{"reason", &A::reason},
                    Field{"previous", &A::previous}, Field{"by", &A::by},
                    Field{"at_ms", &A::at_ms}};
}
constexpr auto fields_of(const ev::RosterCorrect*) {
  using R = ev::RosterCorrect;
  return std::tuple{Field{"contestant", &R::contestant}, Field{"name", &R::name},
                    Field{"school", &R::school},         Field{"reason", &R::reason},
                    Field{"previous", &R::previous}};
}
constexpr auto fields_of(const ev::RosterAdd*) {
  using R = ev::RosterAdd;
  return std::tuple{Field{"contestant", &R::contestant}, Field{"group", &R::group},
                    Field{"name", &R::name}, Field{"school", &R::school},
                    Field{"reason", &R::reason}};
}
constexpr auto fields_of(const ev::TopicAdd*) {
  using T = ev::TopicAdd;
  return std::tuple{Field{"section", &T::section}, Field{"topic", &T::topic},
                    Field{"index", &T::index}};
}
constexpr auto fields_of(const ev::DisplayScene*) {
  using D = ev::DisplayScene;
  return std::tuple{Field{"display", &D::display}, Field{"scene", &D::scene}};
}

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// ---- JSON -> value (a value of the wrong JSON type is an error; absent is left as is) ----

template <class S>
Status decode_object(const Json& j, const std::string& path, S& out);

Error wrong_type(const std::string& path, const char* expected, const Json& got) {
  return Error{path, std::string("应为") + expected + "，实际为" + json_type_name(got), ErrorKind::malformed};
}

template <class T>
Status decode_value(const Json& j, const std::string& path, T& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return wrong_type(path, "字符串", j);
    out = j.get<std::string>();
  } else if constexpr (std::is_same_v<T, DecimalText>) {
    auto text = json_decimal_text(j);
    if (!text) return wrong_type(path, "数字", j);
    out.text = *text;
  } else if constexpr (std::is_same_v<T, Json>) {
    out = j;  // recorded as is (a replaced value): only the history reads it
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return wrong_type(path, "true 或 false", j);
    out = j.get<bool>();
  } else if constexpr (std::is_same_v<T, int64_t>) {
    if (!j.is_number_integer()) return wrong_type(path, "整数", j);
    out = j.get<int64_t>();
  } else if constexpr (IsOptional<T>::value) {
    typename T::value_type v{};
    LF_TRY(decode_value(j, path, v));
    out = std::move(v);
  } else if constexpr (IsVector<T>::value) {
    if (!j.is_array()) return wrong_type(path, "数组", j);
    out.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      typename T::value_type v{};
      LF_TRY(decode_value(j[i], path_index(path, i), v));
      out.push_back(std::move(v));
    }
  } else {
    return decode_object(j, path, out);
  }
  return {};
}

template <class S>
Status decode_object(const Json& j, const std::string& path, S& out) {
  if (!j.is_object()) return wrong_type(path, "对象", j);
  Status status;
  std::apply(
      [&](const auto&... field) {
        // Stops at the first wrong field: one error says where.
        ((status.ok() ? [&] {
           auto it = j.find(field.key);
           if (it != j.end() && !it->is_null())
             status = decode_value(*it, path_key(path, field.key), out.*(field.member));
         }()
                      : void()),
         ...);
      },
      fields_of(static_cast<const S*>(nullptr)));
  return status;
}

// ---- value -> JSON (an absent optional, an empty JSON value: no key) ----

template <class S>
Json encode_object(const S& s);

template <class T>
std::optional<Json> encode_value(const T& v) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
                std::is_same_v<T, int64_t>) {
    return Json(v);
  } else if constexpr (std::is_same_v<T, DecimalText>) {
    Json number = Json::parse(v.text, nullptr, false);
    return number.is_number() ? number : Json(nullptr);
  } else if constexpr (std::is_same_v<T, Json>) {
    return v.is_null() ? std::nullopt : std::optional<Json>(v);
  } else if constexpr (IsOptional<T>::value) {
    return v ? encode_value(*v) : std::nullopt;
  } else if constexpr (IsVector<T>::value) {
    Json out = Json::array();
    for (const auto& x : v) out.push_back(*encode_value(x));
    return out;
  } else {
    return encode_object(v);
  }
}

template <class S>
Json encode_object(const S& s) {
  Json out = Json::object();
  std::apply(
      [&](const auto&... field) {
        ((void)[&] {
          if (auto v = encode_value(s.*(field.member))) out[field.key] = std::move(*v);
        }(),
         ...);
      },
      fields_of(static_cast<const S*>(nullptr)));
  return out;
}

// Import keeps its counts as the whole payload (its one field has no key).
Json encode_body(const ev::Import& i) { return i.counts.is_null() ? Json::object() : i.counts; }
Json encode_body(const ev::UnknownEvent&) { return Json::object(); }
template <class S>
Json encode_body(const S& s) {
  return encode_object(s);
}

template <class S>
Result<EventBody> decode_as(const Json& payload) {
  S body{};
  if constexpr (std::is_same_v<S, ev::Import>) {
    if (!payload.is_object()) return wrong_type("payload", "对象", payload);
    body.counts = payload;
  } else {
    LF_TRY(decode_object(payload, "payload", body));
  }
  return EventBody{std::move(body)};
}

template <size_t I = 0>
Result<EventBody> decode_kind(std::string_view kind, const Json& payload) {
  if constexpr (I + 1 == std::variant_size_v<EventBody>) {  // the last: UnknownEvent
    return EventBody{ev::UnknownEvent{std::string(kind)}};
  } else {
    using S = std::variant_alternative_t<I, EventBody>;
    if (kind == S::kKind) return decode_as<S>(payload);
    return decode_kind<I + 1>(kind, payload);
  }
}

}  // namespace

std::string event_kind(const EventBody& body) {
  return std::visit(Overloaded{[](const ev::UnknownEvent& u) { return u.kind; },
                               [](const auto& b) { return std::string(b.kKind); }},
                    body);
}

std::vector<std::string> known_event_kinds() {
  std::vector<std::string> out;
  [&]<size_t... I>(std::index_sequence<I...>) {
    (out.emplace_back(std::variant_alternative_t<I, EventBody>::kKind), ...);
  }(std::make_index_sequence<std::variant_size_v<EventBody> - 1>{});
  return out;
}

Json encode_event_body(const EventBody& body) {
  return std::visit([](const auto& b) { return encode_body(b); }, body);
}

Result<EventBody> decode_event_body(std::string_view kind, const Json& payload) {
  return decode_kind(kind, payload);
}

Event make_event(int64_t seq, int64_t at_ms, std::string actor, EventBody body,
                 std::string idempotency_key) {
  Json payload = encode_event_body(body);
  return Event{seq, at_ms, std::move(actor), std::move(body), std::move(payload),
               std::move(idempotency_key)};
}

Result<Event> read_event(int64_t seq, int64_t at_ms, std::string actor, std::string_view kind,
                         Json payload, std::string idempotency_key) {
  auto body = decode_event_body(kind, payload);
  if (!body.ok()) {
    Error e = body.errors().front();
    e.path = "events[seq " + std::to_string(seq) + "]." + e.path;
    e.message = "比赛记录第 " + std::to_string(seq) + " 条（" + std::string(kind) + "）" + e.message;
    return e;
  }
  return Event{seq, at_ms, std::move(actor), std::move(body.value()), std::move(payload),
               std::move(idempotency_key)};
}

}  // namespace lf
