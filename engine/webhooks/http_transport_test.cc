// HttpTransport against a real receiver: an httplib server on 127.0.0.1 inside the test.
#include "engine/webhooks/http_transport.h"

#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace paysim {
namespace webhooks {
namespace {

class Receiver {
 public:
  Receiver() {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      absl::MutexLock lock(&mu_);
      target_ = req.target;
      body_ = req.body;
      content_type_ = req.get_header_value("Content-Type");
      signature_ = req.get_header_value("Stripe-Signature");
      res.status = status_;
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // httplib 0.11 has no wait_until_ready; stop() before listening starts would be lost.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }

  std::string url(absl::string_view path) const {
    return absl::StrCat("http://127.0.0.1:", port_, path);
  }
  void set_status(int status) {
    absl::MutexLock lock(&mu_);
    status_ = status;
  }

  absl::Mutex mu_;
  std::string target_, body_, content_type_, signature_;
  int status_ = 200;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

WebhookRequest Request(std::string url) {
  return WebhookRequest{std::move(url),
                        {{"Content-Type", "application/json"}, {"Stripe-Signature", "t=1,v1=ab"}},
                        R"({"id": "evt_1"})"};
}

TEST(HttpTransportTest, PostsTheBodyAndHeaders) {
  Receiver receiver;
  HttpTransport transport;
  WebhookResponse response = transport.Post(Request(receiver.url("/hooks/stripe?x=1")));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.ok());
  absl::MutexLock lock(&receiver.mu_);
  EXPECT_EQ(receiver.target_, "/hooks/stripe?x=1");
  EXPECT_EQ(receiver.body_, R"({"id": "evt_1"})");
  EXPECT_EQ(receiver.content_type_, "application/json");
  EXPECT_EQ(receiver.signature_, "t=1,v1=ab");
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

TEST(HttpTransportTest, NoReceiverIsStatusZero) {
  int port;
  {
    httplib::Server probe;  // a port that was free a moment ago and is closed now
    port = probe.bind_to_any_port("127.0.0.1");
  }
  HttpTransport transport({.connect_timeout = absl::Seconds(1), .read_timeout = absl::Seconds(1)});
  WebhookResponse response = transport.Post(Request(absl::StrCat("http://127.0.0.1:", port, "/")));
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.error.empty());
  EXPECT_EQ(transport.Post(Request("not a url")).status, 0);
}

}  // namespace
}  // namespace webhooks
}  // namespace paysim
