// wire_fuzzer: the wire door (engine/wire/wire.h, WireApi::Handle) from arbitrary requests,
// several per input against one fresh engine, then the engine's invariants.
//
// Input: up to 8 requests separated by a line "===". Each is a request line "METHOD PATH" then
// optional header lines ("Idempotency-Key: k"), an empty line, and the body. A `$` in the path
// or body becomes the id in the previous response (to reach the objects just made). Two
// pseudo-requests: "ADVANCE <seconds>" moves the clock; "SNAPSHOT" snapshots the engine and
// continues on the restored copy.
//
// Checks: no crash, no sanitizer report; every response has a Request-Id, an HTTP status
// Stripe uses (never 500) and a JSON object body (an `error` with a `type` when not 200);
// afterwards testing::AuditEngine holds (money adds up, events in order).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "engine/engine.h"
#include "engine/wire/wire.h"
#include "nlohmann/json.hpp"
#include "testing/audit.h"
#include "testing/fake_clock.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// The value of the first "id" in a JSON body, or "".
std::string FirstId(const std::string& body) {
  const std::string key = "\"id\": \"";
  const size_t at = body.find(key);
  if (at == std::string::npos) return "";
  const size_t start = at + key.size();
  const size_t end = body.find('"', start);
  return end == std::string::npos ? "" : body.substr(start, end - start);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  paysim::testing::FakeClock clock;
  auto engine = std::make_unique<paysim::Engine>(paysim::EngineOptions{.clock = &clock, .seed = 1});
  auto api = std::make_unique<paysim::wire::WireApi>(engine.get());
  std::unique_ptr<paysim::testing::FakeClock> restored_clock;

  std::string last_id;
  int requests = 0;
  for (absl::string_view request : absl::StrSplit(input, "\n===\n")) {
    if (++requests > 8) break;
    std::string text = absl::StrReplaceAll(request, {{"$", last_id}});
    absl::string_view rest = text;
    const size_t eol = rest.find('\n');
    absl::string_view line = rest.substr(0, eol);
    rest = eol == absl::string_view::npos ? absl::string_view() : rest.substr(eol + 1);

    if (absl::ConsumePrefix(&line, "ADVANCE ")) {
      int64_t seconds = 0;
      if (absl::SimpleAtoi(line, &seconds) && seconds > 0) {
        (restored_clock ? restored_clock.get() : &clock)->Advance(absl::Seconds(seconds));
      }
      continue;
    }
    if (line == "SNAPSHOT") {
      absl::StatusOr<paysim::EngineSnapshot> snapshot = engine->Snapshot();
      Check(snapshot.ok());
      auto new_clock = std::make_unique<paysim::testing::FakeClock>(engine->Now());
      absl::StatusOr<std::unique_ptr<paysim::Engine>> restored =
          paysim::Engine::Restore(*snapshot, {.clock = new_clock.get()});
      Check(restored.ok());
      api = std::make_unique<paysim::wire::WireApi>(restored->get());
      engine = *std::move(restored);
      restored_clock = std::move(new_clock);
      continue;
    }
    const size_t space = line.find(' ');
    const absl::string_view method = line.substr(0, space);
    const absl::string_view path =
        space == absl::string_view::npos ? absl::string_view("/") : line.substr(space + 1);
    paysim::wire::WireApi::Headers headers = {{"Authorization", "Bearer sk_test_fuzz"}};
    while (!rest.empty()) {
      const size_t end = rest.find('\n');
      absl::string_view header = rest.substr(0, end);
      rest = end == absl::string_view::npos ? absl::string_view() : rest.substr(end + 1);
      if (header.empty()) break;
      const size_t colon = header.find(':');
      if (colon == absl::string_view::npos) break;
      headers.emplace_back(std::string(header.substr(0, colon)),
                           std::string(absl::StripAsciiWhitespace(header.substr(colon + 1))));
    }

    paysim::wire::WireApi::Response response = api->Handle(method, path, headers, rest);
    Check(response.status == 200 || response.status == 400 || response.status == 401 ||
          response.status == 402 || response.status == 404);
    bool has_request_id = false;
    for (const auto& [name, value] : response.headers) has_request_id |= name == "Request-Id";
    Check(has_request_id);
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    Check(!body.is_discarded() && body.is_object());
    if (response.status != 200) {
      Check(body.contains("error") && body["error"].contains("type") &&
            body["error"]["type"].is_string());
    }
    if (std::string id = FirstId(response.body); !id.empty()) last_id = std::move(id);
  }
  Check(paysim::testing::AuditEngine(*engine).ok());
  return 0;
}
