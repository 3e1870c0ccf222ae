// The one definition of the liangfen HTTP protocol shared by the server and every client
// (console, display, tests): the API version, role names, endpoint paths, and the JSON error
// shape. Request and response bodies are documented in docs/api.md.
#pragma once

#include <cstddef>

namespace lf::protocol {

// Bumped on any incompatible change; login refuses a client that sends another version.
inline constexpr int kApiVersion = 2;

// How a server announces itself on the LAN (DNS-SD over mDNS, through Avahi) and consoles find
// it: the service type, and the TXT record's keys — the contest's name, "1" when it speaks
// HTTPS, the API version.
namespace lan {
inline constexpr const char* kServiceType = "_liangfen._tcp";
inline constexpr const char* kTxtContest = "contest";
inline constexpr const char* kTxtTls = "tls";
inline constexpr const char* kTxtApi = "api";
}  // namespace lan

namespace role {
inline constexpr const char* kOrganizer = "organizer";
inline constexpr const char* kHeadJudge = "head_judge";
inline constexpr const char* kJudge = "judge";
inline constexpr const char* kTimekeeper = "timekeeper";
inline constexpr const char* kDisplay = "display";
inline constexpr const char* kSteward = "steward";  // the prep room: draws topics and cases
}  // namespace role

namespace path {
inline constexpr const char* kHealth = "/api/health";
inline constexpr const char* kLogin = "/api/login";
inline constexpr const char* kLogout = "/api/logout";            // ends this token's login
inline constexpr const char* kReissueCode = "/api/people/reissue";  // organizer: {person} -> new code
inline constexpr const char* kState = "/api/state";
inline constexpr const char* kMarks = "/api/marks";
inline constexpr const char* kTimings = "/api/timings";
inline constexpr const char* kClock = "/api/clock";
inline constexpr const char* kStage = "/api/stage";
inline constexpr const char* kPublish = "/api/publish";
inline constexpr const char* kReopen = "/api/reopen";
inline constexpr const char* kReturn = "/api/return";
inline constexpr const char* kDecisions = "/api/decisions";
inline constexpr const char* kCallHeadJudge = "/api/call-head-judge";
inline constexpr const char* kResults = "/api/results";
inline constexpr const char* kExport = "/api/export";
inline constexpr const char* kBackup = "/api/backup";
inline constexpr const char* kEvents = "/api/events";
inline constexpr const char* kDisplayScene = "/api/display-scene";
inline constexpr const char* kTopicDraw = "/api/topic-draw";
inline constexpr const char* kHistory = "/api/history";  // ?contestant=ID: one contestant's trail
inline constexpr const char* kAdvance = "/api/advance";  // organizer: confirm who goes on from a round
inline constexpr const char* kDraw = "/api/draw";        // organizer: a round's running order (抽签)
inline constexpr const char* kAbsence = "/api/absence";  // 缺赛 / 弃权 of one contestant in one round
inline constexpr const char* kRosterCorrect =
    "/api/roster/correct";  // organizer: a name or school corrected
inline constexpr const char* kRosterAdd = "/api/roster/add";  // organizer: a substitute entrant
inline constexpr const char* kTopicAdd = "/api/topics/add";   // organizer: one more topic in a bank
inline constexpr const char* kPrint = "/api/print/";  // + awards | results | marks | certificates | score-sheets
}  // namespace path

// Every refusal is {"error": "<why, in words>", "field": "<JSON path or empty>"} with the
// status of its kind (refusal_status.h: one table, read both ways).

// Login codes are this many digits (10^10: guessing one takes years at the enforced rates,
// docs/security.md). Codes printed before the change had 8 digits; they still work.
inline constexpr size_t kLoginCodeDigits = 10;
// A slip's one-time login ticket (the QR link's "#t="): sent as a login "code" of this many
// digits, it logs its person in once and is dead after (docs/security.md).
inline constexpr size_t kLoginTicketDigits = 24;
inline constexpr size_t kOldLoginCodeDigits = 8;

// Largest request body accepted (a mark is ~150 bytes; the largest is a decision).
inline constexpr size_t kMaxBodyBytes = 64 * 1024;

}  // namespace lf::protocol
