#include "testing/scenario_runner.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/simulated_clock.h"
#include "engine/wire/wire.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "testing/json_path.h"

namespace paysim {
namespace testing {
namespace {

constexpr int64_t kDefaultStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr char kDefaultApiKey[] = "sk_test_paysim";

// Collects parser errors with their line and column.
class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    absl::StrAppend(&errors_, errors_.empty() ? "" : "; ", "line ", line + 1, " column ",
                    column + 1, ": ", message);
  }
  const std::string& errors() const { return errors_; }

 private:
  std::string errors_;
};

class Runner {
 public:
  Runner(const Scenario& scenario, absl::string_view file, const ScenarioOutput& output)
      : scenario_(scenario),
        file_(file),
        output_(output),
        start_(absl::FromUnixSeconds(scenario.start_unix() != 0 ? scenario.start_unix()
                                                               : kDefaultStart)),
        clock_(start_),
        engine_(Options()),
        api_(&engine_) {}

  absl::Status Run() {
    if (output_.timeline != nullptr) {
      *output_.timeline << "scenario: " << (scenario_.name().empty() ? file_ : scenario_.name())
                        << " (seed " << scenario_.seed() << ")\n";
    }
    for (int i = 0; i < scenario_.step_size(); ++i) {
      if (absl::Status s = RunStep(i + 1, scenario_.step(i)); !s.ok()) return s;
    }
    if (output_.timeline != nullptr) {
      *output_.timeline << "ok: " << scenario_.step_size() << " steps, every expectation held\n";
    }
    return absl::OkStatus();
  }

 private:
  EngineOptions Options() {
    EngineOptions options;
    options.clock = &clock_;
    options.seed = scenario_.seed();
    if (!scenario_.api_version().empty()) options.api_version = scenario_.api_version();
    return options;
  }

  std::string When() const {
    const int64_t s = absl::ToInt64Seconds(clock_.Now() - start_);
    return absl::StrFormat("day %d %02d:%02d:%02d", s / 86400, (s / 3600) % 24, (s / 60) % 60,
                           s % 60);
  }

  absl::Status Fail(int number, const ScenarioStep& step, absl::string_view what) const {
    return absl::FailedPreconditionError(absl::StrCat(
        file_, ": step ", number, step.name().empty() ? "" : absl::StrCat(" (", step.name(), ")"),
        ": ", what));
  }

  // Replaces every `{name.path}` with the value from that step's response.
  absl::StatusOr<std::string> Substitute(absl::string_view text) const {
    static const std::regex kReference(R"(\{([A-Za-z_][A-Za-z0-9_]*)\.([^{}]+)\})");
    std::string in(text);
    std::string out;
    auto begin = std::sregex_iterator(in.begin(), in.end(), kReference);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      out.append(in, last, m.position() - last);
      auto response = responses_.find(m[1].str());
      if (response == responses_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("{", m[1].str(), ".", m[2].str(), "}: no earlier step is named ", m[1].str()));
      }
      const JsonValue* value = FindJsonPath(response->second, m[2].str());
      if (value == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("{", m[1].str(), ".", m[2].str(),
                                                       "}: the response has no ", m[2].str()));
      }
      out += JsonValueText(*value);
      last = m.position() + m.length();
    }
    out.append(in, last, std::string::npos);
    return out;
  }

  absl::Status RunStep(int number, const ScenarioStep& step) {
    const absl::Time before = clock_.Now();
    std::string action;
    int status = 0;
    JsonValue response;
    switch (step.action_case()) {
      case ScenarioStep::kRequest: {
        const WireRequest& request = step.request();
        absl::StatusOr<std::string> path = Substitute(request.path());
        if (!path.ok()) return Fail(number, step, path.status().message());
        std::vector<std::string> pairs;
        for (const std::string& data : request.data()) {
          absl::StatusOr<std::string> pair = Substitute(data);
          if (!pair.ok()) return Fail(number, step, pair.status().message());
          pairs.push_back(*std::move(pair));
        }
        wire::WireApi::Headers headers;
        const std::string key = request.api_key().empty() ? kDefaultApiKey : request.api_key();
        if (key != "none") headers.emplace_back("Authorization", absl::StrCat("Bearer ", key));
        std::map<std::string, std::string> sorted(request.headers().begin(),
                                                  request.headers().end());
        for (const auto& [name, value] : sorted) {
          absl::StatusOr<std::string> v = Substitute(value);
          if (!v.ok()) return Fail(number, step, v.status().message());
          headers.emplace_back(name, *std::move(v));
        }
        const std::string body = absl::StrJoin(pairs, "&");
        const std::string method = request.method().empty() ? "GET" : request.method();
        wire::WireApi::Response r = api_.Handle(method, *path, headers, body);
        status = r.status;
        response = JsonValue::parse(r.body, nullptr, /*allow_exceptions=*/false);
        action = absl::StrCat(method, " ", *path, body.empty() ? "" : " ", absl::StrJoin(pairs, " "));
        break;
      }
      case ScenarioStep::kAdvance: {
        const ClockAdvance& a = step.advance();
        const absl::Duration d = absl::Hours(24 * a.days()) + absl::Hours(a.hours()) +
                                 absl::Minutes(a.minutes()) + absl::Seconds(a.seconds());
        clock_.Advance(d);
        action = absl::StrCat("advance the clock by ", absl::FormatDuration(d));
        break;
      }
      case ScenarioStep::kCustomer: {
        // The customer acts on the hosted 3D Secure page: through the test-helper routes, so
        // the action shows in the timeline as the request it is.
        const CustomerAction& customer = step.customer();
        if (customer.action_case() == CustomerAction::kCheckout) {
          absl::Status s = RunCheckoutAction(customer.checkout(), &status, &response, &action);
          if (!s.ok()) return Fail(number, step, s.message());
          break;
        }
        const bool complete =
            customer.action_case() == CustomerAction::kCompleteThreeDSecure;
        if (customer.action_case() == CustomerAction::ACTION_NOT_SET) {
          return Fail(number, step, "a customer step needs an action");
        }
        absl::StatusOr<std::string> id = Substitute(
            complete ? customer.complete_three_d_secure() : customer.fail_three_d_secure());
        if (!id.ok()) return Fail(number, step, id.status().message());
        const std::string kind =
            absl::StartsWith(*id, "seti_") ? "setup_intents" : "payment_intents";
        const std::string path =
            absl::StrCat("/v1/test_helpers/", kind, "/", *id,
                         complete ? "/complete_three_d_secure" : "/fail_three_d_secure");
        wire::WireApi::Response r = api_.Handle(
            "POST", path, {{"Authorization", absl::StrCat("Bearer ", kDefaultApiKey)}}, "");
        status = r.status;
        response = JsonValue::parse(r.body, nullptr, /*allow_exceptions=*/false);
        action = absl::StrCat("the customer ", complete ? "completes" : "fails",
                              " 3D Secure for ", *id);
        break;
      }
      case ScenarioStep::ACTION_NOT_SET:
        return Fail(number, step, "a step needs a request, an advance or a customer action");
    }
    engine_.FireDueTimers();
    std::vector<Event> events = NewEvents();
    if (!step.name().empty() && step.action_case() != ScenarioStep::kAdvance) {
      responses_[step.name()] = response;
    }
    Report(number, action, status, response, events);
    Record(number, step, before, action, status, response, events);
    return Check(number, step, status, response, events);
  }

  // The customer on a Checkout page: POST /v1/test_helpers/checkout/sessions/{id}/{action}.
  absl::Status RunCheckoutAction(const CheckoutAction& checkout, int* status, JsonValue* response,
                                 std::string* action) {
    static const std::map<std::string, std::string>* const kVerbs =
        new std::map<std::string, std::string>{
            {"view", "views"},
            {"pay", "pays on"},
            {"promotion_code", "enters a promotion code on"},
            {"shipping_option", "picks a shipping option on"},
            {"complete_three_d_secure", "completes 3D Secure on"},
            {"fail_three_d_secure", "fails 3D Secure on"},
            {"abandon", "abandons"}};
    auto verb = kVerbs->find(checkout.action());
    if (verb == kVerbs->end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "checkout action \"", checkout.action(),
          "\": expected view, pay, promotion_code, shipping_option, complete_three_d_secure, "
          "fail_three_d_secure or abandon"));
    }
    absl::StatusOr<std::string> id = Substitute(checkout.session());
    if (!id.ok()) return id.status();
    std::vector<std::string> pairs;
    for (const std::string& data : checkout.data()) {
      absl::StatusOr<std::string> pair = Substitute(data);
      if (!pair.ok()) return pair.status();
      pairs.push_back(*std::move(pair));
    }
    const std::string path =
        absl::StrCat("/v1/test_helpers/checkout/sessions/", *id, "/", checkout.action());
    wire::WireApi::Response r =
        api_.Handle("POST", path, {{"Authorization", absl::StrCat("Bearer ", kDefaultApiKey)}},
                    absl::StrJoin(pairs, "&"));
    *status = r.status;
    *response = JsonValue::parse(r.body, nullptr, /*allow_exceptions=*/false);
    *action = absl::StrCat("the customer ", verb->second, " the Checkout page of ", *id,
                           pairs.empty() ? "" : ": ", absl::StrJoin(pairs, " "));
    return absl::OkStatus();
  }

  std::vector<Event> NewEvents() {
    const uint64_t total = engine_.events().emitted();
    std::vector<Event> fresh;
    std::string cursor;
    while (fresh.size() < total - events_seen_) {
      EventListParams params;
      params.set_limit(
          static_cast<int64_t>(std::min<uint64_t>(100, total - events_seen_ - fresh.size())));
      if (!cursor.empty()) params.set_starting_after(cursor);
      absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
      if (!page.ok() || page->data.empty()) break;
      for (Event& e : page->data) fresh.push_back(std::move(e));
      cursor = fresh.back().id();
    }
    std::reverse(fresh.begin(), fresh.end());
    events_seen_ = total;
    return fresh;
  }

  void Report(int number, absl::string_view action, int status, const JsonValue& response,
              const std::vector<Event>& events) {
    if (output_.timeline != nullptr) {
      std::ostream& out = *output_.timeline;
      out << "[" << When() << "] " << action << "\n";
      if (status != 0) {
        out << "    -> " << status;
        if (const JsonValue* id = FindJsonPath(response, "id")) out << " " << JsonValueText(*id);
        if (const JsonValue* st = FindJsonPath(response, "status"); st && st->is_string()) {
          out << " " << st->get<std::string>();
        }
        if (const JsonValue* code = FindJsonPath(response, "error.code")) {
          out << " " << JsonValueText(*code);
        }
        if (const JsonValue* message = FindJsonPath(response, "error.message")) {
          out << ": " << JsonValueText(*message);
        }
        out << "\n";
      }
      for (const Event& e : events) {
        const int64_t s = e.created() - absl::ToUnixSeconds(start_);
        out << absl::StrFormat("    event %s at day %d %02d:%02d:%02d\n", e.type(), s / 86400,
                               (s / 3600) % 24, (s / 60) % 60, s % 60);
      }
    }
    if (output_.json_lines != nullptr) {
      JsonValue line = JsonValue::object();
      line["file"] = file_;
      line["step"] = number;
      line["time"] = absl::ToUnixSeconds(clock_.Now());
      line["action"] = std::string(action);
      if (status != 0) {
        line["status"] = status;
        line["response"] = response;
      }
      JsonValue rendered = JsonValue::array();
      for (const Event& e : events) rendered.push_back(ToJson(e));
      line["events"] = std::move(rendered);
      *output_.json_lines << line.dump(-1, ' ', false, JsonValue::error_handler_t::replace)
                          << "\n";
    }
  }

  void Record(int number, const ScenarioStep& step, absl::Time before, absl::string_view action,
              int status, const JsonValue& response, const std::vector<Event>& events) {
    if (output_.steps == nullptr) return;
    ScenarioStepRecord record;
    record.number = number;
    record.name = step.name();
    record.action = std::string(action);
    record.advance = step.action_case() == ScenarioStep::kAdvance;
    record.before = before;
    record.after = clock_.Now();
    record.status = status;
    if (status != 0) {
      record.response = response.dump(2, ' ', false, JsonValue::error_handler_t::replace);
    }
    for (const Event& e : events) record.events.push_back(RenderJson(e));
    output_.steps->push_back(std::move(record));
  }

  absl::Status Check(int number, const ScenarioStep& step, int status, const JsonValue& response,
                     const std::vector<Event>& events) {
    if (!step.has_expect()) return absl::OkStatus();
    const StepExpectation& expect = step.expect();
    if (expect.has_status() && expect.status() != status) {
      return Fail(number, step, absl::StrCat("HTTP status: expected ", expect.status(), ", got ",
                                             status, " ", response.dump()));
    }
    for (const std::string& expectation : expect.json()) {
      absl::StatusOr<std::string> text = Substitute(expectation);
      if (!text.ok()) return Fail(number, step, text.status().message());
      if (absl::Status s = CheckJsonExpectation(response, *text); !s.ok()) {
        return Fail(number, step, s.message());
      }
    }
    if (expect.has_error()) {
      const ErrorExpectation& e = expect.error();
      const std::pair<const char*, const std::string*> fields[] = {
          {"type", &e.type()}, {"code", &e.code()}, {"decline_code", &e.decline_code()},
          {"param", &e.param()}};
      for (const auto& [field, want] : fields) {
        if (want->empty()) continue;
        const JsonValue* got = FindJsonPath(response, absl::StrCat("error.", field));
        if (got == nullptr || JsonValueText(*got) != *want) {
          return Fail(number, step,
                      absl::StrCat("error.", field, ": expected \"", *want, "\", got ",
                                   got == nullptr ? "nothing" : got->dump()));
        }
      }
    }
    if (expect.events_size() > 0 || expect.no_events()) {
      std::vector<std::string> got;
      for (const Event& e : events) got.push_back(e.type());
      std::vector<std::string> want(expect.events().begin(), expect.events().end());
      if (got != want) {
        return Fail(number, step,
                    absl::StrCat("events: expected [", absl::StrJoin(want, ", "), "], got [",
                                 absl::StrJoin(got, ", "), "]"));
      }
    }
    return absl::OkStatus();
  }

  const Scenario& scenario_;
  std::string file_;
  ScenarioOutput output_;
  absl::Time start_;
  SimulatedClock clock_;
  Engine engine_;
  wire::WireApi api_;
  std::map<std::string, JsonValue> responses_;
  uint64_t events_seen_ = 0;
};

}  // namespace

absl::StatusOr<Scenario> ParseScenario(absl::string_view text) {
  Scenario scenario;
  google::protobuf::TextFormat::Parser parser;
  ErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &scenario)) {
    return absl::InvalidArgumentError(absl::StrCat("scenario does not parse: ", errors.errors()));
  }
  return scenario;
}

absl::StatusOr<Scenario> LoadScenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Scenario> scenario = ParseScenario(text.str());
  if (!scenario.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", scenario.status().message()));
  }
  return scenario;
}

absl::Status RunScenario(const Scenario& scenario, absl::string_view file,
                         const ScenarioOutput& output) {
  if (!scenario.api_version().empty()) {
    absl::StatusOr<std::unique_ptr<Engine>> check = Engine::Create([&] {
      EngineOptions o;
      o.api_version = scenario.api_version();
      return o;
    }());
    if (!check.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": ", check.status().message()));
    }
  }
  Runner runner(scenario, file, output);
  return runner.Run();
}

}  // namespace testing
}  // namespace paysim
