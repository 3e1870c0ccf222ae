// The real LanAnnouncer: Avahi's client library talking to the avahi-daemon over D-Bus, on a
// thread of Avahi's own (avahi_threaded_poll). The pattern of Avahi's own example
// (client-publish-service.c): the service is added when the client is running, renamed on a
// collision, added again when the daemon restarts.
#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/thread-watch.h>

#include "scoring/protocol/protocol.h"
#include "scoring/server/lan_announcer.h"

namespace lf {

namespace {

class AvahiAnnouncer : public LanAnnouncer {
 public:
  explicit AvahiAnnouncer(std::function<void(const std::string&)> log) : log_(std::move(log)) {}
  AvahiAnnouncer(const AvahiAnnouncer&) = delete;
  AvahiAnnouncer& operator=(const AvahiAnnouncer&) = delete;
  ~AvahiAnnouncer() override {
    if (poll_) avahi_threaded_poll_stop(poll_);  // no callback runs after this
    if (client_) avahi_client_free(client_);     // frees the entry group too
    if (poll_) avahi_threaded_poll_free(poll_);
  }

  Status announce(const LanService& service) override {
    if (poll_) return Error{"", "已经公布过", ErrorKind::conflict};
    service_ = service;
    name_ = service.instance;
    poll_ = avahi_threaded_poll_new();
    if (!poll_) return Error{"", "内存不足", ErrorKind::unavailable};
    int error = 0;
    // The state callback may run inside avahi_client_new (already running): it adds the service.
    client_ = avahi_client_new(avahi_threaded_poll_get(poll_), AvahiClientFlags(0),
                               &AvahiAnnouncer::on_client, this, &error);
    if (!client_)
      return Error{
          "",
          error == AVAHI_ERR_NO_DAEMON
              ? std::string("本机没有运行局域网发现服务 avahi-daemon")
              : std::string("无法连接局域网发现服务 avahi-daemon：") + avahi_strerror(error),
          ErrorKind::unavailable};
    if (!setup_error_.empty()) return Error{"", setup_error_, ErrorKind::unavailable};
    started_ = true;  // before Avahi's thread starts: from now on problems go to the log
    if (avahi_threaded_poll_start(poll_) < 0)
      return Error{"", "无法启动 Avahi 的线程", ErrorKind::unavailable};
    return {};
  }

 private:
  void say(const std::string& line) {
    if (log_) log_(line);
  }

  // Adds the service to the (empty) entry group and commits it; a problem goes to setup_error_
  // (during announce) or the log (later, on Avahi's thread).
  void add_service(AvahiClient* c) {
    if (!group_ && !(group_ = avahi_entry_group_new(c, &AvahiAnnouncer::on_group, this))) {
      fail(std::string("Avahi 出错：") + avahi_strerror(avahi_client_errno(c)));
      return;
    }
    if (!avahi_entry_group_is_empty(group_)) return;
    for (int attempt = 0; attempt < 10; ++attempt) {
      AvahiStringList* txt = nullptr;
      for (const std::string& t : service_.txt) txt = avahi_string_list_add(txt, t.c_str());
      int r = avahi_entry_group_add_service_strlst(
          group_, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, AvahiPublishFlags(0), name_.c_str(),
          protocol::lan::kServiceType, nullptr, nullptr, uint16_t(service_.port), txt);
      avahi_string_list_free(txt);
      if (r == AVAHI_ERR_COLLISION) {  // a local service has the name: take Avahi's next one
        rename();
        continue;
      }
      if (r < 0 || (r = avahi_entry_group_commit(group_)) < 0)
        fail(std::string("Avahi 出错：") + avahi_strerror(r));
      return;
    }
    fail("局域网上同名的服务太多");
  }

  void rename() {
    char* other = avahi_alternative_service_name(name_.c_str());
    if (!other) return;
    say("局域网上已有名为“" + name_ + "”的服务，本服务器改名为“" + other + "”公布");
    name_ = other;
    avahi_free(other);
  }

  void fail(const std::string& why) {
    if (!started_)
      setup_error_ = why;
    else
      say("注意：局域网公布出了问题（" + why + "）；服务器照常运行");
  }

  static void on_client(AvahiClient* c, AvahiClientState state, void* self_ptr) {
    auto* self = static_cast<AvahiAnnouncer*>(self_ptr);
    switch (state) {
      case AVAHI_CLIENT_S_RUNNING:
        self->add_service(c);
        break;
      case AVAHI_CLIENT_S_COLLISION:
      case AVAHI_CLIENT_S_REGISTERING:  // the host's name changes: add the service again then
        if (self->group_) avahi_entry_group_reset(self->group_);
        break;
      case AVAHI_CLIENT_FAILURE:
        self->fail(std::string("与 avahi-daemon 的连接断了：") +
                   avahi_strerror(avahi_client_errno(c)));
        break;
      case AVAHI_CLIENT_CONNECTING:
        break;
    }
  }

  static void on_group(AvahiEntryGroup* g, AvahiEntryGroupState state, void* self_ptr) {
    auto* self = static_cast<AvahiAnnouncer*>(self_ptr);
    if (state == AVAHI_ENTRY_GROUP_COLLISION) {  // another machine on the LAN has the name
      self->rename();
      avahi_entry_group_reset(g);
      self->add_service(avahi_entry_group_get_client(g));
    } else if (state == AVAHI_ENTRY_GROUP_FAILURE) {
      self->fail(std::string("Avahi 出错：") +
                 avahi_strerror(avahi_client_errno(avahi_entry_group_get_client(g))));
    }
  }

  std::function<void(const std::string&)> log_;
  LanService service_;
  std::string name_;
  std::string setup_error_;
  bool started_ = false;  // set before Avahi's thread starts, read on it only
  AvahiThreadedPoll* poll_ = nullptr;
  AvahiClient* client_ = nullptr;
  AvahiEntryGroup* group_ = nullptr;
};

}  // namespace

std::unique_ptr<LanAnnouncer> make_avahi_announcer(std::function<void(const std::string&)> log) {
  return std::make_unique<AvahiAnnouncer>(std::move(log));
}

}  // namespace lf
