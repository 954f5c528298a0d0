#include "loopback_smtp.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace mailscope::testing {
namespace {

bool send_line(int fd, const std::string& line) {
  const std::string out = line + "\r\n";
  return write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size());
}

std::string read_some(int fd) {
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

std::string smtp_auth_plain_on_loopback(std::uint16_t port) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener, 1) != 0) {
    close(listener);
    return "cannot listen on 127.0.0.1:" + std::to_string(port);
  }
  std::thread server([listener] {
    const int c = accept(listener, nullptr, nullptr);
    if (c < 0) return;
    send_line(c, "220 lab.example ESMTP");
    for (std::string got; !(got = read_some(c)).empty();) {
      if (got.starts_with("EHLO")) send_line(c, "250-lab.example\r\n250 AUTH PLAIN");
      if (got.starts_with("AUTH")) send_line(c, "235 2.7.0 Authentication successful");
      if (got.starts_with("QUIT")) {
        send_line(c, "221 bye");
        break;
      }
    }
    close(c);
  });
  std::string error;
  const int client = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = "cannot connect to 127.0.0.1:" + std::to_string(port);
    shutdown(listener, SHUT_RDWR);
  } else {
    read_some(client);
    send_line(client, "EHLO lab-client");
    read_some(client);
    send_line(client, "AUTH PLAIN AGFsaWNlAGxpdmUtc2VjcmV0");  // alice / live-secret
    read_some(client);
    send_line(client, "QUIT");
    read_some(client);
  }
  close(client);
  server.join();
  close(listener);
  return error;
}

}  // namespace mailscope::testing
