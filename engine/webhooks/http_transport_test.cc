// HttpTransport against a real receiver: an HttpServer (cli/http_server.h) on 127.0.0.1 inside
// the test.
#include "engine/webhooks/http_transport.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "cli/http_server.h"
#include "gtest/gtest.h"

namespace paysim {
namespace webhooks {
namespace {

class Receiver {
 public:
  Receiver() : server_({}, [this](const cli::HttpRequest& r) { return Record(r); }) {
    EXPECT_TRUE(server_.Start().ok());
  }

  std::string url(absl::string_view path) const {
    return absl::StrCat("http://127.0.0.1:", server_.port(), path);
  }
  void set_status(int status) {
    absl::MutexLock lock(&mu_);
    status_ = status;
  }
  void set_delay(absl::Duration delay) {
    absl::MutexLock lock(&mu_);
    delay_ = delay;
  }

  absl::Mutex mu_;
  std::string method_, target_, body_;
  cli::HttpResponse::Headers headers_;

 private:
  cli::HttpResponse Record(const cli::HttpRequest& request) {
    absl::Duration delay;
    {
      absl::MutexLock lock(&mu_);
      method_ = std::string(request.method);
      target_ = std::string(request.target);
      body_ = std::string(request.body);
      headers_ = *request.headers;
      delay = delay_;
    }
    absl::SleepFor(delay);
    absl::MutexLock lock(&mu_);
    return cli::HttpResponse{status_, {{"Content-Type", "text/plain"}}, "ok"};
  }

  int status_ = 200;
  absl::Duration delay_;
  cli::HttpServer server_;  // last: stopped first
};

WebhookRequest Request(std::string url) {
  return WebhookRequest{std::move(url),
                        {{"Content-Type", "application/json"}, {"Stripe-Signature", "t=1,v1=ab"}},
                        R"({"id": "evt_1"})"};
}

TEST(HttpTransportTest, PostsTheBodyAndHeaders) {
  Receiver receiver;
  HttpTransport transport;
  WebhookResponse response = transport.Post(Request(receiver.url("/hooks/stripe?x=1#frag")));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.ok()) << response.error;
  absl::MutexLock lock(&receiver.mu_);
  EXPECT_EQ(receiver.method_, "POST");
  EXPECT_EQ(receiver.target_, "/hooks/stripe?x=1");
  EXPECT_EQ(receiver.body_, R"({"id": "evt_1"})");
  const cli::HttpResponse::Headers want = {
      {"Host", absl::StrCat(receiver.url("").substr(7))},
      {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
      {"Accept", "*/*; q=0.5, application/xml"},
      {"Connection", "close"},
      {"Content-Type", "application/json"},
      {"Stripe-Signature", "t=1,v1=ab"},
      {"Content-Length", "15"},
  };
  EXPECT_EQ(receiver.headers_, want);
}

TEST(HttpTransportTest, ReportsTheReceiversStatus) {
  Receiver receiver;
  receiver.set_status(503);
  HttpTransport transport;
  WebhookResponse response = transport.Post(Request(receiver.url("")));
  EXPECT_EQ(response.status, 503);
  EXPECT_FALSE(response.ok());
  absl::MutexLock lock(&receiver.mu_);
  EXPECT_EQ(receiver.target_, "/");
}

TEST(HttpTransportTest, ASlowReceiverTimesOut) {
  Receiver receiver;
  receiver.set_delay(absl::Milliseconds(800));
  HttpTransport transport(
      {.connect_timeout = absl::Seconds(1), .read_timeout = absl::Milliseconds(200)});
  const absl::Time start = absl::Now();
  WebhookResponse response = transport.Post(Request(receiver.url("/slow")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "no answer: timed out");
}

TEST(HttpTransportTest, NoReceiverIsStatusZero) {
  int port;
  {  // a port that was free a moment ago and is closed now
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t size = sizeof(address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    port = ntohs(address.sin_port);
    close(fd);
  }
  HttpTransport transport({.connect_timeout = absl::Seconds(1), .read_timeout = absl::Seconds(1)});
  WebhookResponse response = transport.Post(Request(absl::StrCat("http://127.0.0.1:", port, "/")));
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error.rfind("cannot connect: ", 0), 0u) << response.error;
  for (const char* bad :
       {"not a url", "ftp://127.0.0.1/", "http://", "http://host:99999/", "http://user@host/"}) {
    response = transport.Post(Request(bad));
    EXPECT_EQ(response.status, 0) << bad;
    EXPECT_EQ(response.error, "not an http(s) URL") << bad;
  }
}

}  // namespace
}  // namespace webhooks
}  // namespace paysim
