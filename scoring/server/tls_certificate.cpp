#include "scoring/server/tls_certificate.h"

#include "data/format/bytes.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

namespace lf {

namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

std::string hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(d[p[i] >> 4]);
    out.push_back(d[p[i] & 15]);
  }
  return out;
}

std::string fingerprint_of(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md, &n) != 1) return "";
  return hex(md, n);
}

// This machine's names and addresses, for the certificate's SAN.
std::string subject_alt_names() {
  std::set<std::string> dns = {"localhost"}, ips = {"127.0.0.1", "::1"};
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0 && host[0]) dns.insert(host);
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) == 0) {
    for (ifaddrs* a = list; a; a = a->ifa_next) {
      if (!a->ifa_addr) continue;
      char text[INET6_ADDRSTRLEN] = {};
      if (a->ifa_addr->sa_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
      else if (a->ifa_addr->sa_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr, text, sizeof text);
      else
        continue;
      std::string ip = text;
      if (!ip.empty() && ip.find('%') == std::string::npos) ips.insert(ip);
    }
    ::freeifaddrs(list);
  }
  std::string san;
  for (const auto& d : dns) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const auto& i : ips) san += ",IP:" + i;
  return san;
}

bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

Result<TlsIdentity> create(const std::string& crt, const std::string& key, const std::string& common_name) {
  const Error failed{crt, "cannot make the server's TLS certificate (OpenSSL)"};
  KeyPtr pkey(EVP_EC_gen("P-256"));
  if (!pkey) return failed;
  CertPtr cert(X509_new());
  if (!cert) return failed;
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  if (!secure_random(serial, sizeof serial)) return failed;
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()))) {
    BN_free(bn);
    return failed;
  }
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 20L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), pkey.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  std::string cn = common_name.empty() ? "liangfen" : common_name.substr(0, 64);
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()),
                                 -1, -1, 0) != 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("liangfen"),
                                 -1, -1, 0) != 1)
    return failed;
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("liangfen"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!add_extension(cert.get(), NID_subject_alt_name, subject_alt_names()) ||
      !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !add_extension(cert.get(), NID_ext_key_usage, "serverAuth"))
    return failed;
  if (X509_sign(cert.get(), pkey.get(), EVP_sha256()) <= 0) return failed;

  // The key: created 0600 from the start (O_EXCL: never over a file that appeared meanwhile).
  int fd = ::open(key.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error{key, "cannot write the server's private key"};
  FILE* kf = ::fdopen(fd, "w");
  if (!kf) {
    ::close(fd);
    return Error{key, "cannot write the server's private key"};
  }
  bool key_ok = PEM_write_PrivateKey(kf, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  key_ok = std::fflush(kf) == 0 && ::fsync(fd) == 0 && key_ok;
  std::fclose(kf);
  FILE* cf = std::fopen(crt.c_str(), "wx");
  bool crt_ok = cf && PEM_write_X509(cf, cert.get()) == 1;
  if (cf) crt_ok = std::fclose(cf) == 0 && crt_ok;
  if (!key_ok || !crt_ok) {
    std::error_code ec;
    std::filesystem::remove(key, ec);
    std::filesystem::remove(crt, ec);
    return Error{crt, "cannot write the server's certificate and key"};
  }
  return TlsIdentity{crt, key, fingerprint_of(cert.get()), true};
}

}  // namespace

Result<std::string> certificate_file_fingerprint(const std::string& certificate_file) {
  FILE* f = std::fopen(certificate_file.c_str(), "r");
  if (!f) return Error{certificate_file, "cannot read the server's certificate"};
  CertPtr cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!cert) return Error{certificate_file, "not a PEM certificate"};
  std::string fp = fingerprint_of(cert.get());
  if (fp.empty()) return Error{certificate_file, "cannot hash the certificate"};
  return fp;
}

Result<TlsIdentity> load_or_create_tls_identity(const std::string& db_path, const std::string& common_name) {
  std::string crt = db_path + ".crt", key = db_path + ".key";
  std::error_code ec;
  bool has_crt = std::filesystem::exists(crt, ec), has_key = std::filesystem::exists(key, ec);
  if (!has_crt && !has_key) return create(crt, key, common_name);
  if (!has_crt || !has_key)
    return Error{has_crt ? key : crt, "missing: the certificate and its key go together (" + crt + ", " + key +
                                          "); restore the missing one, or remove both to make a new pair " +
                                          "(every tablet must then be told the new fingerprint)"};
  struct stat st{};
  if (::stat(key.c_str(), &st) == 0 && (st.st_mode & 077) != 0) ::chmod(key.c_str(), 0600);
  auto fp = certificate_file_fingerprint(crt);
  if (!fp.ok()) return fp.status().errors().front();
  return TlsIdentity{crt, key, fp.value(), false};
}

std::string short_fingerprint(const std::string& fingerprint) {
  std::string out;
  for (size_t i = 0; i < fingerprint.size() && i < 16; ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(fingerprint[i]);
  }
  return out;
}

}  // namespace lf
