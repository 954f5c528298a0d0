#include "support/expectations.hpp"

#include <algorithm>
#include <set>

namespace mailscope::testing {
namespace {

using Json = nlohmann::json;

std::string str(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::string squeeze(std::string s) {  // "TLS1.3" and "TLS 1.3" are the same version
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

bool optional(const Json& j) {
  return j.value("optional", false);
}

std::string describe(const Json& c) {
  std::string secret = "null";
  if (c.contains("secret") && c["secret"].is_string()) {
    secret = "'";  // appended, not `"'" + s`: GCC 12 warns falsely (-Wrestrict) on the latter
    secret.append(c["secret"].get<std::string>()).append("'");
  }
  std::string packet = c.contains("frame")    ? std::to_string(c["frame"].get<long>())
                       : c.contains("packet") ? std::to_string(c["packet"].get<long>())
                                              : "?";
  return str(c, "protocol") + " " + str(c, "mechanism") + " user '" + str(c, "username") +
         "' secret " + secret + " " + str(c, "result") + " packet " + packet;
}

}  // namespace

std::vector<std::string> compare_with_expectation(const Json& report, const Json& expected) {
  std::vector<std::string> problems;
  const Json& sessions = report["sessions"];
  std::set<std::size_t> matched;
  const Json& expected_sessions =
      expected.contains("sessions") ? expected["sessions"] : Json::array();
  for (const Json& want : expected_sessions) {
    // Port reuse puts two sessions on one pair of endpoints: take them in order.
    auto it = sessions.begin();
    for (; it != sessions.end(); ++it) {
      if ((*it)["client"] == want["client"] && (*it)["server"] == want["server"] &&
          !matched.contains(static_cast<std::size_t>(it - sessions.begin()))) {
        break;
      }
    }
    std::string name = str(want, "protocol") + "/" + str(want, "transport") + " " +
                       str(want, "client") + " -> " + str(want, "server");
    if (it == sessions.end()) {
      if (!optional(want)) problems.push_back("missing session " + name);
      continue;
    }
    matched.insert(static_cast<std::size_t>(it - sessions.begin()));
    const Json& got = *it;
    if (got["protocol"] != want["protocol"] || got["transport"] != want["transport"]) {
      problems.push_back("session " + name + " reported as " + str(got, "protocol") + "/" +
                         str(got, "transport"));
    }
    if (want.contains("hop") && got["hop"] != want["hop"]) {
      problems.push_back("session " + name + " hop " + str(got, "hop") + ", want " +
                         str(want, "hop"));
    }
    if (want.contains("tls_version") && want["tls_version"].is_string()) {
      std::string got_version = got["tls"].is_object() ? str(got["tls"], "version") : "";
      if (squeeze(got_version) != squeeze(want["tls_version"].get<std::string>())) {
        problems.push_back("session " + name + " TLS version '" + got_version + "', want " +
                           want["tls_version"].get<std::string>());
      }
    }
    if (want.contains("sni") && want["sni"].is_string()) {
      std::string got_sni = got["tls"].is_object() ? str(got["tls"], "sni") : "";
      if (got_sni != want["sni"].get<std::string>()) {
        problems.push_back("session " + name + " SNI '" + got_sni + "'");
      }
    }
    if (want.contains("messages")) {
      if (got["messages"].size() != want["messages"].size()) {
        problems.push_back("session " + name + ": " + std::to_string(got["messages"].size()) +
                           " messages, want " + std::to_string(want["messages"].size()));
      } else {
        for (std::size_t i = 0; i < want["messages"].size(); ++i) {
          const Json& wm = want["messages"][i];
          const Json& gm = got["messages"][i];
          for (const char* key : {"from", "subject", "size", "to"}) {
            if (wm.contains(key) && gm[key] != wm[key]) {
              problems.push_back("session " + name + " message " + std::to_string(i) + " " + key +
                                 " " + gm[key].dump() + ", want " + wm[key].dump());
            }
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    if (!matched.contains(i)) {
      problems.push_back("unexpected session " + str(sessions[i], "protocol") + "/" +
                         str(sessions[i], "transport") + " " + str(sessions[i], "client") + " -> " +
                         str(sessions[i], "server"));
    }
  }

  Json remaining = report["credentials"];
  const Json& expected_credentials =
      expected.contains("credentials") ? expected["credentials"] : Json::array();
  for (const Json& want : expected_credentials) {
    std::vector<std::string> users{str(want, "username")};
    if (want.contains("alt_usernames")) {
      for (const auto& u : want["alt_usernames"])
        users.push_back(u.get<std::string>());
    }
    long packet = want.contains("frame") ? want["frame"].get<long>() : want.value("packet", -1L);
    auto it = std::find_if(remaining.begin(), remaining.end(), [&](const Json& got) {
      return got["protocol"] == want["protocol"] && got["mechanism"] == want["mechanism"] &&
             std::find(users.begin(), users.end(), str(got, "username")) != users.end() &&
             got["secret"] == want["secret"] && got["packet"].get<long>() == packet;
    });
    if (it == remaining.end()) {
      if (!optional(want)) problems.push_back("missing credential " + describe(want));
      continue;
    }
    if ((*it)["result"] != want["result"]) {
      problems.push_back("credential " + describe(want) + " reported " + str(*it, "result"));
    }
    // An empty authorization identity is left out of the report (DESIGN.md).
    std::string want_authzid = want.contains("authzid") && want["authzid"].is_string()
                                   ? want["authzid"].get<std::string>()
                                   : "";
    if (str(*it, "authzid") != want_authzid) {
      problems.push_back("credential " + describe(want) + " authzid '" + str(*it, "authzid") + "'");
    }
    remaining.erase(it);
  }
  for (const Json& got : remaining)
    problems.push_back("unexpected credential " + describe(got));

  if (expected.contains("findings")) {
    for (const Json& want : expected["findings"]) {
      std::string code = str(want, "code");
      bool found = std::any_of(report["findings"].begin(), report["findings"].end(),
                               [&](const Json& f) { return f["code"] == code; });
      if (!found) problems.push_back("missing finding " + code);
    }
  }
  return problems;
}

}  // namespace mailscope::testing
