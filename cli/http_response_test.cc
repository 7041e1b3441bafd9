#include "cli/http_response.h"

#include <string>

#include "gtest/gtest.h"

namespace paysim {
namespace cli {
namespace {

TEST(HttpResponseTest, HeadersSortedWithoutRegardToCaseAsTheFirstServerSentThem) {
  HttpResponse r{402,
                 {{"Content-Type", "application/json"},
                  {"Request-Id", "req_1"},
                  {"Stripe-Version", "2026-07-29.dahlia"},
                  {"Idempotent-Replayed", "true"},
                  {"Idempotency-Key", "k"}},
                 "{}"};
  std::string bytes;
  AppendResponseBytes(r, {}, &bytes);
  EXPECT_EQ(bytes,
            "HTTP/1.1 402 Payment Required\r\n"
            "Content-Length: 2\r\n"
            "Content-Type: application/json\r\n"
            "Idempotency-Key: k\r\n"
            "Idempotent-Replayed: true\r\n"
            "Keep-Alive: timeout=5, max=100000\r\n"
            "Request-Id: req_1\r\n"
            "Stripe-Version: 2026-07-29.dahlia\r\n"
            "\r\n"
            "{}");
}

TEST(HttpResponseTest, ClosingAndHead) {
  HttpResponse r{404, {{"content-type", "text/plain"}}, "gone"};
  std::string bytes;
  AppendResponseBytes(r, {.keep_alive = false, .head = true}, &bytes);
  EXPECT_EQ(bytes,
            "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 4\r\n"
            "content-type: text/plain\r\n\r\n");
}

TEST(HttpResponseTest, ReasonPhrases) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(401), "Unauthorized");
  EXPECT_EQ(ReasonPhrase(413), "Payload Too Large");
  EXPECT_EQ(ReasonPhrase(429), "Too Many Requests");
  EXPECT_EQ(ReasonPhrase(520), "Unknown");
  EXPECT_EQ(ReasonPhrase(7), "Unknown");
}

TEST(HttpResponseTest, TransportErrorsAreStripeShaped) {
  HttpResponse r = TransportError(413, "", "Request body too large: the limit is 10 bytes.");
  EXPECT_EQ(r.status, 413);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "application/json");
  EXPECT_EQ(r.body,
            "{\n"
            "  \"error\": {\n"
            "    \"message\": \"Request body too large: the limit is 10 bytes.\",\n"
            "    \"type\": \"invalid_request_error\"\n"
            "  }\n"
            "}");
  EXPECT_NE(TransportError(429, "rate_limit", "slow down")
                .body.find("\"doc_url\": \"https://stripe.com/docs/error-codes/rate-limit\""),
            std::string::npos);
}

}  // namespace
}  // namespace cli
}  // namespace paysim
