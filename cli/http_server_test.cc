// HttpServer against raw bytes: keep-alive, pipelining, chunked bodies, 100-continue, limits
// with Stripe-shaped errors, half-closed and slow clients, timeouts, Stop().
#include "cli/http_server.h"

#include <atomic>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "cli/http_test_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Answers "METHOD TARGET|BODY"; GET /slow sleeps 300 ms first; GET /wait blocks until
// `release` is notified.
HttpResponse Echo(const HttpRequest& request, absl::Notification* release) {
  if (request.target == "/slow") absl::SleepFor(absl::Milliseconds(300));
  if (request.target == "/wait" && release != nullptr) release->WaitForNotification();
  std::string header_names;
  for (const auto& [name, value] : *request.headers) absl::StrAppend(&header_names, name, ";");
  return HttpResponse{200,
                      {{"Content-Type", "text/plain"}, {"X-Headers", header_names}},
                      absl::StrCat(request.method, " ", request.target, "|", request.body)};
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(
        options, [this](const HttpRequest& r) { return Echo(r, &release_); });
    ASSERT_TRUE(server_->Start().ok());
  }
  int port() const { return server_->port(); }

  void TearDown() override {
    if (!release_.HasBeenNotified()) release_.Notify();
  }

  absl::Notification release_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, KeepAliveCarriesManyRequestsWithSortedHeaders) {
  StartServer();
  HttpTestClient client(port());
  for (int i = 0; i < 20; ++i) {
    absl::StatusOr<HttpTestClient::Response> r =
        client.Send("POST", absl::StrCat("/v1/x?i=", i), {{"Authorization", "Bearer k"}}, "a=1");
    ASSERT_TRUE(r.ok()) << i << " " << r.status();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, absl::StrCat("POST /v1/x?i=", i, "|a=1"));
    ASSERT_EQ(r->headers.size(), 4u);
    EXPECT_EQ(r->headers[0].first, "Content-Length");
    EXPECT_EQ(r->headers[1].first, "Content-Type");
    EXPECT_EQ(r->headers[2],
              std::make_pair(std::string("Keep-Alive"), std::string("timeout=5, max=100000")));
    EXPECT_EQ(r->headers[3].first, "X-Headers");
  }
}

TEST_F(HttpServerTest, HandsOnHeadersInOrderAsSent) {
  StartServer();
  HttpTestClient client(port());
  absl::StatusOr<HttpTestClient::Response> r =
      client.Send("GET", "/", {{"stripe-version", "2024-06-20"}, {"X-B", "1"}, {"X-B", "2"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Header("X-Headers"), "Host;stripe-version;X-B;X-B;");
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  HttpTestClient client(port());
  ASSERT_TRUE(client
                  .Write("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                         "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n")
                  .ok());
  for (const char* want : {"GET /1|", "POST /2|abc", "GET /3|"}) {
    absl::StatusOr<HttpTestClient::Response> r = client.Read();
    ASSERT_TRUE(r.ok()) << want;
    EXPECT_EQ(r->body, want);
  }
}

TEST_F(HttpServerTest, ChunkedBodiesArriveDecoded) {
  StartServer();
  HttpTestClient client(port());
  ASSERT_TRUE(client
                  .Write("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "5\r\namoun\r\n5;ext=1\r\nt=999\r\n0\r\n\r\n")
                  .ok());
  absl::StatusOr<HttpTestClient::Response> r = client.Read();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "POST /c|amount=999");
}

TEST_F(HttpServerTest, ExpectContinueIsAnswered) {
  StartServer();
  HttpTestClient client(port());
  ASSERT_TRUE(client
                  .Write("POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                         "Content-Length: 3\r\n\r\n")
                  .ok());
  absl::StatusOr<HttpTestClient::Response> interim = client.Read();
  ASSERT_TRUE(interim.ok());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Write("xyz").ok());
  absl::StatusOr<HttpTestClient::Response> r = client.Read();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "POST /e|xyz");
}

TEST_F(HttpServerTest, DeclaredBodyOverTheLimitIs413AtOnce) {
  StartServer({.max_body_bytes = 1000});
  HttpTestClient client(port());
  ASSERT_TRUE(
      client.Write("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\nabc").ok());
  const std::string raw = client.ReadToEnd();  // the server closes after answering
  EXPECT_THAT(raw, StartsWith("HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n"
                              "Content-Length: 123\r\nContent-Type: application/json\r\n\r\n"));
  EXPECT_THAT(raw, HasSubstr("{\n  \"error\": {\n    \"message\": \"Request body too large: the "
                             "limit is 1000 bytes.\",\n    \"type\": \"invalid_request_error\"\n"
                             "  }\n}"));
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIs413) {
  StartServer({.max_body_bytes = 8});
  HttpTestClient client(port());
  ASSERT_TRUE(client
                  .Write("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n")
                  .ok());
  absl::StatusOr<HttpTestClient::Response> r = client.Read();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->Header("Connection"), "close");
}

TEST_F(HttpServerTest, HeadersOverTheLimitAre400) {
  StartServer({.max_header_bytes = 1024});
  HttpTestClient client(port());
  absl::StatusOr<HttpTestClient::Response> r =
      client.Send("GET", "/", {{"X-Big", std::string(2000, 'a')}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Header("Content-Type"), "application/json");
  EXPECT_THAT(r->body, HasSubstr("Request line and headers too large: the limit is 1024 bytes."));
  EXPECT_THAT(r->body, HasSubstr("\"type\": \"invalid_request_error\""));
}

TEST_F(HttpServerTest, MalformedRequestsAre400AndClose) {
  StartServer();
  for (const char* bad : {"HELLO WORLD\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                          "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    HttpTestClient client(port());
    ASSERT_TRUE(client.Write(bad).ok());
    const std::string raw = client.ReadToEnd();
    EXPECT_THAT(raw, StartsWith("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n")) << bad;
    EXPECT_THAT(raw, HasSubstr("\"message\": \"Malformed HTTP request: ")) << bad;
  }
}

TEST_F(HttpServerTest, HalfClosedClientStillGetsItsAnswer) {
  StartServer();
  HttpTestClient client(port());
  ASSERT_TRUE(client.Write("GET /h HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  client.ShutdownWrite();
  const std::string raw = client.ReadToEnd();
  EXPECT_THAT(raw, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(raw, HasSubstr("GET /h|"));
}

TEST_F(HttpServerTest, SlowOrBlockedClientsDoNotDelayOthers) {
  StartServer();
  HttpTestClient silent(port());  // half a request, then nothing
  ASSERT_TRUE(silent.Write("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab").ok());
  HttpTestClient waiting(port());  // a request whose handler blocks
  ASSERT_TRUE(waiting.Write("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n").ok());

  HttpTestClient other(port());
  const absl::Time start = absl::Now();
  for (int i = 0; i < 10; ++i) {
    absl::StatusOr<HttpTestClient::Response> r = other.Send("GET", "/fast");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_EQ(server_->open_connections(), 3);
  release_.Notify();
  absl::StatusOr<HttpTestClient::Response> r = waiting.Read();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "GET /wait|");
}

TEST_F(HttpServerTest, ConnectionCloseHttp10AndTheRequestLimitCloseTheConnection) {
  StartServer({.max_requests_per_connection = 2});
  {
    HttpTestClient client(port());
    ASSERT_TRUE(client.Write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok());
    EXPECT_THAT(client.ReadToEnd(), HasSubstr("\r\nConnection: close\r\n"));
  }
  {
    HttpTestClient client(port());
    ASSERT_TRUE(client.Write("GET / HTTP/1.0\r\n\r\n").ok());
    EXPECT_THAT(client.ReadToEnd(), HasSubstr("\r\nConnection: close\r\n"));
  }
  {
    HttpTestClient client(port());
    absl::StatusOr<HttpTestClient::Response> first = client.Send("GET", "/");
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->Header("Keep-Alive"), "timeout=5, max=2");
    absl::StatusOr<HttpTestClient::Response> second = client.Send("GET", "/");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->Header("Connection"), "close");
    EXPECT_FALSE(client.Send("GET", "/").ok());
  }
}

TEST_F(HttpServerTest, HeadAnswersHeadersOnly) {
  StartServer();
  HttpTestClient client(port());
  ASSERT_TRUE(client.Write("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\n\r\n").ok());
  absl::StatusOr<HttpTestClient::Response> head = client.Read(/*head=*/true);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->Header("Content-Length"), "8");  // "HEAD /h|"
  EXPECT_EQ(head->body, "");
  absl::StatusOr<HttpTestClient::Response> get = client.Read();
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->body, "GET /g|");
}

TEST_F(HttpServerTest, IdleConnectionsTimeOut) {
  StartServer({.idle_timeout = absl::Milliseconds(200)});
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET", "/").ok());
  const absl::Time start = absl::Now();
  EXPECT_EQ(client.ReadToEnd(), "");  // closed by the server
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitWaitForAFreeOne) {
  StartServer({.max_connections = 1});
  auto first = std::make_unique<HttpTestClient>(port());
  ASSERT_TRUE(first->Send("GET", "/").ok());
  HttpTestClient second(port(), absl::Seconds(5));  // connected, not accepted yet
  ASSERT_TRUE(second.Write("GET /second HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(server_->open_connections(), 1);
  first.reset();  // frees the slot
  absl::StatusOr<HttpTestClient::Response> r = second.Read();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body, "GET /second|");
}

TEST_F(HttpServerTest, StopLetsARequestInProgressAnswerAndEndsIdleConnections) {
  StartServer();
  HttpTestClient idle(port());
  ASSERT_TRUE(idle.Send("GET", "/").ok());
  HttpTestClient busy(port());
  ASSERT_TRUE(busy.Write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  absl::SleepFor(absl::Milliseconds(50));  // the slow request is being handled
  const absl::Time start = absl::Now();
  server_->Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  const std::string answer = busy.ReadToEnd();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\nConnection: close\r\n"));
  EXPECT_THAT(answer, HasSubstr("GET /slow|"));
  EXPECT_EQ(idle.ReadToEnd(), "");
  EXPECT_EQ(server_->open_connections(), 0);
  EXPECT_FALSE(HttpTestClient(server_->port()).status().ok());  // nothing listens
  server_->Stop();                                              // idempotent
}

TEST_F(HttpServerTest, ABusyPortIsAnError) {
  StartServer();
  HttpServer second({.port = port()}, [](const HttpRequest&) { return HttpResponse{}; });
  const absl::Status s = second.Start();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(s.message()),
              StartsWith(absl::StrCat("cannot listen on 127.0.0.1:", port())));
}

}  // namespace
}  // namespace cli
}  // namespace paysim
