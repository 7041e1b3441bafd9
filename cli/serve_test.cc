// `paysim serve` in process: the HTTP front over WireApi, keep-alive, concurrent connections,
// and webhooks delivered to a receiver on 127.0.0.1 (an HttpServer in this test), signed,
// and retried as the simulated clock advances.
#include "cli/serve.h"

#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "cli/http_server.h"
#include "cli/http_test_client.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/webhook_signature.h"

namespace paysim {
namespace cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kKey[] = "sk_test_123";

std::unique_ptr<Server> StartServer(uint64_t seed = 42) {
  ServeOptions options;
  options.port = 0;
  options.seed = seed;
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Create(options);
  EXPECT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE((*server)->Start().ok());
  return *std::move(server);
}

constexpr char kForm[] = "application/x-www-form-urlencoded";

// A client of `server` on one keep-alive connection, with the API key.
class Client {
 public:
  explicit Client(const Server& server) : http_(server.port()) {}

  absl::StatusOr<HttpTestClient::Response> Post(const std::string& path, const std::string& body,
                                                HttpTestClient::Headers headers = {}) {
    headers.emplace_back("Authorization", absl::StrCat("Bearer ", kKey));
    headers.emplace_back("Content-Type", kForm);
    return http_.Send("POST", path, headers, body);
  }
  absl::StatusOr<HttpTestClient::Response> Get(const std::string& path,
                                               HttpTestClient::Headers headers = {}) {
    headers.emplace_back("Authorization", absl::StrCat("Bearer ", kKey));
    return http_.Send("GET", path, headers);
  }

 private:
  HttpTestClient http_;
};

// A webhook receiver: records every POST and answers with a chosen status.
class Receiver {
 public:
  struct Hit {
    std::string body;
    std::string signature;
  };

  Receiver() : server_({}, [this](const HttpRequest& r) { return Record(r); }) {
    EXPECT_TRUE(server_.Start().ok());
  }

  std::string url() const { return absl::StrCat("http://127.0.0.1:", server_.port(), "/hook"); }
  void set_status(int status) {
    absl::MutexLock lock(&mu_);
    status_ = status;
  }
  std::vector<Hit> hits() {
    absl::MutexLock lock(&mu_);
    return hits_;
  }
  // Waits (up to 10 s) until at least `n` POSTs came.
  bool WaitFor(size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return hits_.size() >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
  }

 private:
  HttpResponse Record(const HttpRequest& request) {
    std::string signature;
    for (const auto& [name, value] : *request.headers) {
      if (name == "Stripe-Signature") signature = value;
    }
    absl::MutexLock lock(&mu_);
    if (request.method == "POST" && request.target == "/hook") {
      hits_.push_back({std::string(request.body), signature});
    }
    return HttpResponse{status_, {}, ""};
  }

  absl::Mutex mu_;
  std::vector<Hit> hits_ ABSL_GUARDED_BY(mu_);
  int status_ ABSL_GUARDED_BY(mu_) = 200;
  HttpServer server_;  // last: stopped first
};

TEST(ServeTest, AnswersAsWireApiByteForByte) {
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);
  auto r = client.Post("/v1/charges", "amount=999&currency=usd&source=tok_visa");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Content-Type"), "application/json");
  EXPECT_EQ(r->Header("Request-Id"), "req_00000000000001");
  Json charge = Json::parse(r->body);
  EXPECT_EQ(charge["object"], "charge");
  EXPECT_EQ(charge["amount"], 999);
  EXPECT_EQ(charge["status"], "succeeded");

  // The same request to a fresh server of the same seed, without HTTP: the same bytes.
  std::unique_ptr<Server> twin = *Server::Create({.port = 0, .seed = 42});
  wire::WireApi::Response direct =
      twin->Handle("POST", "/v1/charges", {{"Authorization", absl::StrCat("Bearer ", kKey)}},
                   "amount=999&currency=usd&source=tok_visa");
  EXPECT_EQ(direct.body, r->body);

  // Query strings, errors and unknown routes go through untouched.
  r = client.Get("/v1/charges?limit=1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Json::parse(r->body)["data"][0]["id"], charge["id"]);
  r = client.Get("/v1/nope");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  r = client.Post("/v1/charges", "amount=999&currency=usd&source=tok_chargeDeclined");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 402);
  EXPECT_EQ(Json::parse(r->body)["error"]["decline_code"], "generic_decline");
  HttpTestClient anonymous(server->port());
  r = anonymous.Send("GET", "/v1/charges");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 401);
}

// The raw bytes of a response, headers and their order included, as the first server
// (cpp-httplib) sent them: sorted names, Content-Length among them, no Date, no Server.
TEST(ServeTest, ResponseHeadersAreTheFirstServers) {
  std::unique_ptr<Server> server = StartServer();
  HttpTestClient client(server->port());
  ASSERT_TRUE(client
                  .Write("POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Authorization: Bearer sk_test_123\r\nIdempotency-Key: k1\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: 11\r\nConnection: close\r\n\r\nemail=a@b.c")
                  .ok());
  const std::string raw = client.ReadToEnd();
  const std::string head = raw.substr(0, raw.find("\r\n\r\n"));
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\n"
            "Connection: close\r\n"
            "Content-Length: 645\r\n"
            "Content-Type: application/json\r\n"
            "Idempotency-Key: k1\r\n"
            "Request-Id: req_00000000000001\r\n"
            "Stripe-Version: 2026-07-29.dahlia");
}

TEST(ServeTest, ResponsesAreNeverCompressed) {
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);
  auto r = client.Get("/v1/balance", {{"Accept-Encoding", "br, gzip, deflate"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->HasHeader("Content-Encoding"));
  EXPECT_EQ(Json::parse(r->body)["object"], "balance");
}

TEST(ServeTest, LargeFormBodiesAreNotCutAt8KiB) {
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);
  std::string body = "amount=999&currency=usd&source=tok_visa";
  for (int i = 0; i < 40; ++i)
    absl::StrAppend(&body, "&metadata[k", i, "]=", std::string(400, 'v'));
  ASSERT_GT(body.size(), 8192u);
  auto r = client.Post("/v1/charges", body);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Json::parse(r->body)["metadata"].size(), 40u);
}

TEST(ServeTest, BodiesOverTwoMiBAre413) {
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);
  auto r = client.Post("/v1/charges", std::string((size_t{2} << 20) + 1, 'a'));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Json::parse(r->body)["error"]["type"], "invalid_request_error");
}

TEST(ServeTest, OneKeepAliveConnectionCarriesManyRequests) {
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);  // never reconnects: a closed connection fails the next request
  for (int i = 0; i < 50; ++i) {
    auto r = client.Post("/v1/charges", "amount=999&currency=usd&source=tok_visa");
    ASSERT_TRUE(r.ok()) << i;
    ASSERT_EQ(r->status, 200) << i;
  }
}

TEST(ServeTest, ServesSeveralConnectionsAtOnce) {
  std::unique_ptr<Server> server = StartServer();
  absl::Mutex mu;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      Client client(*server);
      for (int i = 0; i < 25; ++i) {
        auto r = client.Post("/v1/charges", "amount=500&currency=usd&source=tok_visa");
        if (!r.ok() || r->status != 200) continue;
        absl::MutexLock lock(&mu);
        ids.insert(Json::parse(r->body)["id"].get<std::string>());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ids.size(), 200u);
}

TEST(ServeTest, WebhooksReachALocalReceiverSigned) {
  Receiver receiver;
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);
  auto r = client.Post("/v1/webhook_endpoints",
                       absl::StrCat("url=", receiver.url(), "&enabled_events[]=charge.succeeded"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string secret = Json::parse(r->body)["secret"];

  r = client.Post("/v1/charges", "amount=999&currency=usd&source=tok_visa");
  ASSERT_TRUE(r.ok());
  const std::string charge_id = Json::parse(r->body)["id"];
  ASSERT_TRUE(receiver.WaitFor(1));
  const Receiver::Hit hit = receiver.hits()[0];
  Json event = Json::parse(hit.body);
  EXPECT_EQ(event["type"], "charge.succeeded");
  EXPECT_EQ(event["data"]["object"]["id"], charge_id);

  r = client.Get("/v1/test_helpers/clock");
  ASSERT_TRUE(r.ok());
  const int64_t now = Json::parse(r->body)["frozen_time"];
  EXPECT_EQ(now, 1767225600);
  EXPECT_TRUE(
      testing::VerifySignature(hit.body, hit.signature, secret, absl::FromUnixSeconds(now)).ok())
      << hit.signature;
}

TEST(ServeTest, FailedDeliveriesAreRetriedAsTheClockAdvances) {
  Receiver receiver;
  receiver.set_status(500);
  std::unique_ptr<Server> server = StartServer();
  Client client(*server);
  auto post = [&](const std::string& path, const std::string& body) {
    auto r = client.Post(path, body);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200) << path << " " << body << "\n" << r->body;
  };
  post("/v1/webhook_endpoints",
       absl::StrCat("url=", receiver.url(), "&enabled_events[]=charge.succeeded"));
  post("/v1/charges", "amount=999&currency=usd&source=tok_visa");
  ASSERT_TRUE(receiver.WaitFor(1));  // the first attempt, at once

  post("/v1/test_helpers/clock/advance", "seconds=59");
  EXPECT_EQ(receiver.hits().size(), 1u);  // one second early
  post("/v1/test_helpers/clock/advance", "seconds=1");
  EXPECT_EQ(receiver.hits().size(), 2u);  // the advance answers after the retry ran
  receiver.set_status(200);
  post("/v1/test_helpers/clock/advance", "seconds=3600");
  EXPECT_EQ(receiver.hits().size(), 3u);  // delivered at last
  post("/v1/test_helpers/clock/advance", "seconds=86400");
  EXPECT_EQ(receiver.hits().size(), 3u);  // and never again
  EXPECT_EQ(receiver.hits()[2].body, receiver.hits()[0].body);
  EXPECT_NE(receiver.hits()[2].signature, receiver.hits()[0].signature);
}

TEST(ServeTest, SystemClockDeliversWithoutAdvancesAndRefusesThem) {
  Receiver receiver;
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Create({.port = 0, .seed = 1, .system_clock = true});
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE((*server)->Start().ok());
  Client client(**server);
  auto r = client.Post("/v1/webhook_endpoints",
                       absl::StrCat("url=", receiver.url(), "&enabled_events[]=*"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string secret = Json::parse(r->body)["secret"];
  r = client.Post("/v1/customers", "email=a@example.com");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(receiver.WaitFor(1));
  const Receiver::Hit hit = receiver.hits()[0];
  EXPECT_EQ(Json::parse(hit.body)["type"], "customer.created");
  EXPECT_TRUE(testing::VerifySignature(hit.body, hit.signature, secret, absl::Now()).ok());

  r = client.Post("/v1/test_helpers/clock/advance", "seconds=60");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  r = client.Get("/v1/test_helpers/clock");
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(Json::parse(r->body)["frozen_time"].get<double>(), absl::ToUnixSeconds(absl::Now()),
              5);
}

TEST(ServeTest, StopIsIdempotentAndClosesThePort) {
  std::unique_ptr<Server> server = StartServer();
  const int port = server->port();
  server->Stop();
  server->Stop();
  EXPECT_FALSE(HttpTestClient(port).status().ok());
}

TEST(ServeTest, Arguments) {
  EXPECT_EQ(ParseServeArgs({"--port=70000"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseServeArgs({"--clock=wall"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseServeArgs({"--verbose"}).status().message(),
            "unknown flag --verbose (see paysim serve --help)");
  EXPECT_EQ(ParseServeArgs({"--help"}).status().code(), absl::StatusCode::kCancelled);
  absl::StatusOr<ServeOptions> o =
      ParseServeArgs({"--port=0", "--seed=7", "--clock=system", "--api-version=2024-06-20"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->port, 0);
  EXPECT_EQ(o->seed, 7u);
  EXPECT_TRUE(o->system_clock);
  EXPECT_EQ(o->host, "127.0.0.1");
  EXPECT_EQ(o->api_version, "2024-06-20");
  o = ParseServeArgs({"--port", "8080", "--seed", "9", "--clock", "simulated"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->port, 8080);
  EXPECT_EQ(o->seed, 9u);
  EXPECT_FALSE(o->system_clock);
  EXPECT_EQ(o->event_retention, absl::Hours(24 * 30));
  o = ParseServeArgs({"--event-retention=inf"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->event_retention, absl::InfiniteDuration());
  o = ParseServeArgs({"--event_retention", "1h"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->event_retention, absl::Hours(1));
  EXPECT_EQ(ParseServeArgs({"--event-retention=soon"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseServeArgs({"--event-retention=0s"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = ParseServeArgs({});  // every flag back to its default
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->event_retention, absl::Hours(24 * 30));
  EXPECT_EQ(o->port, 12111);
  EXPECT_EQ(o->seed, 0u);
  EXPECT_EQ(o->api_version, "");
  EXPECT_FALSE(Server::Create({.api_version = "not-a-version"}).ok());
}

}  // namespace
}  // namespace cli
}  // namespace paysim
