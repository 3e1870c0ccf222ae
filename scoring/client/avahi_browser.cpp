// The real LanBrowser: Avahi's client library talking to the avahi-daemon over D-Bus, on a
// thread of Avahi's own (avahi_threaded_poll). Each service seen is resolved once to an IPv4
// address, port and TXT record (Avahi's example client-browse-services.c); a service that goes
// away is dropped.
#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/thread-watch.h>

#include <map>
#include <mutex>
#include <tuple>

#include "scoring/client/lan_browser.h"
#include "scoring/protocol/protocol.h"
#include "scoring/engine/mutex.h"

namespace lf {

namespace {

class AvahiBrowser : public LanBrowser {
 public:
  AvahiBrowser() = default;
  AvahiBrowser(const AvahiBrowser&) = delete;
  AvahiBrowser& operator=(const AvahiBrowser&) = delete;
  ~AvahiBrowser() override {
    if (poll_) avahi_threaded_poll_stop(poll_);  // no callback runs after this
    if (client_) avahi_client_free(client_);     // frees the browser and the resolvers
    if (poll_) avahi_threaded_poll_free(poll_);
  }

  // Connects and starts browsing; the reason in Chinese when it cannot.
  std::string start() {
    poll_ = avahi_threaded_poll_new();
    if (!poll_) return "内存不足";
    int error = 0;
    client_ = avahi_client_new(avahi_threaded_poll_get(poll_), AvahiClientFlags(0),
                               &AvahiBrowser::on_client, this, &error);
    if (!client_)
      return error == AVAHI_ERR_NO_DAEMON
                 ? std::string("本机没有运行局域网发现服务 avahi-daemon")
                 : std::string("无法连接局域网发现服务 avahi-daemon：") + avahi_strerror(error);
    if (!browser_) return std::string("Avahi 出错：") + avahi_strerror(avahi_client_errno(client_));
    if (avahi_threaded_poll_start(poll_) < 0) return "无法启动 Avahi 的线程";
    return "";
  }

  std::vector<FoundServer> found() const override {
    MutexLock lock(mu_);
    std::vector<FoundServer> out;
    for (const auto& [key, server] : found_) out.push_back(server);
    return out;
  }

 private:
  using Key = std::tuple<AvahiIfIndex, AvahiProtocol, std::string>;

  static void on_client(AvahiClient* c, AvahiClientState state, void* self_ptr) {
    auto* self = static_cast<AvahiBrowser*>(self_ptr);
    if (state != AVAHI_CLIENT_S_RUNNING || self->browser_) return;
    // IPv4 only: an address a person can read and cpp-httplib can dial without a scope id.
    self->browser_ =
        avahi_service_browser_new(c, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, protocol::lan::kServiceType,
                                  nullptr, AvahiLookupFlags(0), &AvahiBrowser::on_browse, self);
  }

  static void on_browse(AvahiServiceBrowser* b, AvahiIfIndex interface, AvahiProtocol proto,
                        AvahiBrowserEvent event, const char* name, const char* type,
                        const char* domain, AvahiLookupResultFlags /*flags*/, void* self_ptr) {
    auto* self = static_cast<AvahiBrowser*>(self_ptr);
    if (event == AVAHI_BROWSER_NEW) {
      // Freed in on_resolve; one the client frees first is freed with it.
      avahi_service_resolver_new(avahi_service_browser_get_client(b), interface, proto, name, type,
                                 domain, AVAHI_PROTO_INET, AvahiLookupFlags(0),
                                 &AvahiBrowser::on_resolve, self);
    } else if (event == AVAHI_BROWSER_REMOVE) {
      MutexLock lock(self->mu_);
      self->found_.erase(Key{interface, proto, name});
    }
  }

  static void on_resolve(AvahiServiceResolver* r, AvahiIfIndex interface, AvahiProtocol proto,
                         AvahiResolverEvent event, const char* name, const char* /*type*/,
                         const char* /*domain*/, const char* /*host_name*/,
                         const AvahiAddress* address, uint16_t port, AvahiStringList* txt,
                         AvahiLookupResultFlags /*flags*/, void* self_ptr) {
    auto* self = static_cast<AvahiBrowser*>(self_ptr);
    if (event == AVAHI_RESOLVER_FOUND && address) {
      char host[AVAHI_ADDRESS_STR_MAX] = {};
      avahi_address_snprint(host, sizeof host, address);
      std::vector<std::string> items;
      for (AvahiStringList* t = txt; t; t = avahi_string_list_get_next(t))
        items.emplace_back(reinterpret_cast<const char*>(avahi_string_list_get_text(t)),
                           avahi_string_list_get_size(t));
      MutexLock lock(self->mu_);
      self->found_[Key{interface, proto, name}] = found_server(name, host, port, items);
    }
    avahi_service_resolver_free(r);
  }

  AvahiThreadedPoll* poll_ = nullptr;
  AvahiClient* client_ = nullptr;
  AvahiServiceBrowser* browser_ = nullptr;
  mutable Mutex mu_;
  std::map<Key, FoundServer> found_;
};

// Finds nothing: what a machine without a daemon has.
class NoBrowser : public LanBrowser {
 public:
  std::vector<FoundServer> found() const override { return {}; }
};

}  // namespace

std::unique_ptr<LanBrowser> make_avahi_browser(std::string* problem) {
  auto browser = std::make_unique<AvahiBrowser>();
  std::string why = browser->start();
  if (why.empty()) return browser;
  if (problem) *problem = why;
  return std::make_unique<NoBrowser>();
}

}  // namespace lf
