#include "engine/wire/extra_routes.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/api_version.h"
#include "engine/json_render.h"
#include "engine/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/webhooks/webhook_endpoint.pb.h"
#include "engine/wire/api_key.h"
#include "engine/wire/extra_params.pb.h"
#include "engine/wire/form_decoder.h"
#include "engine/wire/wire_params.pb.h"

namespace paysim {
namespace wire {
namespace {

enum class RouteId {
  kClock,
  kClockAdvance,
  kEndpointCreate,
  kEndpointList,
  kEndpointRetrieve,
  kEndpointUpdate,
  kEndpointDelete,
};

struct ExtraRoute {
  absl::string_view method;
  absl::string_view pattern;  // "{}" matches one id
  RouteId id;
  bool webhooks;  // needs ExtraRoutesOptions::webhooks
};

// The routes ExtraRoutes claims. Test helpers that call the engine (3D Secure actions of
// PaymentIntents and SetupIntents, ...) are routes.cc's: see extra_routes.h.
constexpr ExtraRoute kRoutes[] = {
    {"GET", "/v1/test_helpers/clock", RouteId::kClock, false},
    {"POST", "/v1/test_helpers/clock/advance", RouteId::kClockAdvance, false},
    {"POST", "/v1/webhook_endpoints", RouteId::kEndpointCreate, true},
    {"GET", "/v1/webhook_endpoints", RouteId::kEndpointList, true},
    {"GET", "/v1/webhook_endpoints/{}", RouteId::kEndpointRetrieve, true},
    {"POST", "/v1/webhook_endpoints/{}", RouteId::kEndpointUpdate, true},
    {"DELETE", "/v1/webhook_endpoints/{}", RouteId::kEndpointDelete, true},
};

// The first header named `name` (case-insensitively), whitespace-trimmed (as WireApi).
absl::optional<absl::string_view> FindHeader(const WireApi::Headers& headers,
                                             absl::string_view name) {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return absl::StripAsciiWhitespace(value);
  }
  return absl::nullopt;
}

// "/v1/webhook_endpoints/we_1" -> {"v1", "webhook_endpoints", "we_1"}, %-decoded; nullopt if
// malformed (WireApi then answers it).
absl::optional<std::vector<std::string>> PathSegments(absl::string_view path) {
  if (!absl::ConsumePrefix(&path, "/")) return absl::nullopt;
  std::vector<std::string> segments;
  for (absl::string_view raw : absl::StrSplit(path, '/')) {
    std::string segment;
    if (raw.empty() || !PercentDecode(raw, /*plus_is_space=*/false, &segment) ||
        !IsValidUtf8(segment)) {
      return absl::nullopt;
    }
    segments.push_back(std::move(segment));
  }
  return segments;
}

bool Matches(absl::string_view pattern, const std::vector<std::string>& segments,
             std::vector<std::string>* ids) {
  std::vector<absl::string_view> parts = absl::StrSplit(pattern.substr(1), '/');
  if (parts.size() != segments.size()) return false;
  ids->clear();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "{}") {
      ids->push_back(segments[i]);
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

std::string Dump(const Json& json) {
  return json.dump(2, ' ', false, Json::error_handler_t::replace);
}

// A webhook endpoint as the API shows it: `secret` only when the object carries one (create).
Json EndpointJson(const webhooks::WebhookEndpoint& endpoint) {
  Json json = ToJson(endpoint);
  if (!endpoint.has_secret()) json.erase("secret");
  return json;
}

template <typename Params>
absl::StatusOr<Params> Decode(const std::vector<FormParam>& form) {
  Params params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(form, &params));
  return params;
}

}  // namespace

// One request: its checks in WireApi's order, then the route.
struct ExtraRoutes::Exchange {
  ExtraRoutes* routes;
  const ExtraRoute* route;
  std::vector<std::string> ids;
  std::string method;
  absl::string_view path;
  absl::string_view query;
  std::string api_version;

  absl::StatusOr<Json> Run(const WireApi::Headers& headers, absl::string_view body) {
    PAYSIM_RETURN_IF_ERROR(CheckAuthorization(FindHeader(headers, "Authorization")));
    if (auto version = FindHeader(headers, "Stripe-Version"); version && !version->empty()) {
      PAYSIM_RETURN_IF_ERROR(ValidateApiVersion(Utf8OrEscaped(*version)));
      api_version = std::string(*version);
    }
    std::string encoded(query);
    if (method == "POST" && !body.empty()) {
      absl::StrAppend(&encoded, encoded.empty() ? "" : "&", body);
    }
    PAYSIM_ASSIGN_OR_RETURN(std::vector<FormParam> form, ParseForm(encoded));
    return Call(form);
  }

  absl::StatusOr<Json> Call(const std::vector<FormParam>& form) {
    const ExtraRoutesOptions& o = routes->options_;
    switch (route->id) {
      case RouteId::kClock: {
        PAYSIM_RETURN_IF_ERROR(Decode<NoParams>(form).status());
        return ClockJson();
      }
      case RouteId::kClockAdvance: {
        PAYSIM_ASSIGN_OR_RETURN(ClockAdvanceParams params, Decode<ClockAdvanceParams>(form));
        if (params.has_seconds() && params.has_to()) {
          return InvalidRequestError("", "to", "Pass either seconds or to, not both.");
        }
        if (params.has_to()) {
          PAYSIM_RETURN_IF_ERROR(
              routes->AdvanceClockTo(absl::FromUnixSeconds(params.to()), "to"));
        } else if (params.has_seconds()) {
          if (params.seconds() < 1 ||
              params.seconds() > absl::ToInt64Seconds(kMaxClockAdvance)) {
            return InvalidRequestError(
                "", "seconds",
                absl::StrCat("Invalid seconds: must be between 1 and ",
                             absl::ToInt64Seconds(kMaxClockAdvance), "."));
          }
          PAYSIM_RETURN_IF_ERROR(routes->AdvanceClockTo(
              o.engine->Now() + absl::Seconds(params.seconds()), "seconds"));
        } else {
          return InvalidRequestError("parameter_missing", "seconds",
                                     "Missing required param: seconds (or to).");
        }
        return ClockJson();
      }
      case RouteId::kEndpointCreate: {
        PAYSIM_ASSIGN_OR_RETURN(auto params, Decode<webhooks::WebhookEndpointCreateParams>(form));
        PAYSIM_ASSIGN_OR_RETURN(webhooks::WebhookEndpoint endpoint, o.webhooks->Create(params));
        return EndpointJson(endpoint);
      }
      case RouteId::kEndpointList: {
        PAYSIM_ASSIGN_OR_RETURN(auto params, Decode<webhooks::WebhookEndpointListParams>(form));
        PAYSIM_ASSIGN_OR_RETURN(auto result, o.webhooks->List(params));
        Json list = Json::object();
        list["object"] = "list";
        list["data"] = Json::array();
        for (const auto& endpoint : result.data) list["data"].push_back(EndpointJson(endpoint));
        list["has_more"] = result.has_more;
        list["url"] = std::string(path);
        return list;
      }
      case RouteId::kEndpointRetrieve: {
        PAYSIM_RETURN_IF_ERROR(Decode<NoParams>(form).status());
        PAYSIM_ASSIGN_OR_RETURN(webhooks::WebhookEndpoint endpoint, o.webhooks->Retrieve(ids[0]));
        return EndpointJson(endpoint);
      }
      case RouteId::kEndpointUpdate: {
        PAYSIM_ASSIGN_OR_RETURN(auto params, Decode<webhooks::WebhookEndpointUpdateParams>(form));
        PAYSIM_ASSIGN_OR_RETURN(webhooks::WebhookEndpoint endpoint,
                                o.webhooks->Update(ids[0], params));
        return EndpointJson(endpoint);
      }
      case RouteId::kEndpointDelete: {
        PAYSIM_RETURN_IF_ERROR(Decode<NoParams>(form).status());
        PAYSIM_ASSIGN_OR_RETURN(DeletedObject deleted, o.webhooks->Delete(ids[0]));
        return ToJson(deleted);
      }
    }
    return absl::InternalError("unreachable");
  }

  Json ClockJson() const {
    Json json = Json::object();
    json["object"] = "test_helpers.paysim_clock";
    json["frozen_time"] = absl::ToUnixSeconds(routes->options_.engine->Now());
    return json;
  }
};

ExtraRoutes::ExtraRoutes(ExtraRoutesOptions options) : options_(options) {}

absl::optional<WireApi::Response> ExtraRoutes::Handle(absl::string_view method,
                                                      absl::string_view path_and_query,
                                                      const WireApi::Headers& headers,
                                                      absl::string_view body) {
  Exchange exchange;
  exchange.routes = this;
  exchange.method = absl::AsciiStrToUpper(method);
  const size_t q = path_and_query.find('?');
  exchange.path = path_and_query.substr(0, q);
  if (q != absl::string_view::npos) exchange.query = path_and_query.substr(q + 1);
  absl::optional<std::vector<std::string>> segments = PathSegments(exchange.path);
  if (!segments.has_value()) return absl::nullopt;
  exchange.route = nullptr;
  for (const ExtraRoute& route : kRoutes) {
    if (route.method == exchange.method && (!route.webhooks || options_.webhooks != nullptr) &&
        Matches(route.pattern, *segments, &exchange.ids)) {
      exchange.route = &route;
      break;
    }
  }
  if (exchange.route == nullptr) return absl::nullopt;

  const std::string request_id = absl::StrCat("req_X", RequestIdFor(++requests_).substr(5));
  exchange.api_version = options_.engine->options().api_version;
  absl::StatusOr<Json> result = exchange.Run(headers, body);

  WireApi::Response response;
  if (result.ok()) {
    response.status = 200;
    response.body = Dump(*result);
  } else if (absl::optional<StripeError> error = GetStripeError(result.status())) {
    response.status = HttpStatus(result.status());
    response.body = Dump(ErrorToJson(*error));
  } else {
    StripeError api_error;
    api_error.set_type("api_error");
    api_error.set_message("An unknown error occurred in paysim.");
    response.status = 500;
    response.body = Dump(ErrorToJson(api_error));
  }
  response.headers = {{"Content-Type", "application/json"},
                      {"Request-Id", request_id},
                      {"Stripe-Version", exchange.api_version}};
  return response;
}

absl::Status ExtraRoutes::AdvanceClockTo(absl::Time target, absl::string_view param) {
  SimulatedClock* clock = options_.clock;
  if (clock == nullptr) {
    return InvalidRequestError(
        "", "",
        "paysim is running on the system clock (--clock=system): its time cannot be advanced. "
        "Start paysim serve with --clock=simulated to move time.");
  }
  absl::MutexLock lock(&advance_mu_);
  const absl::Time now = clock->Now();
  if (target <= now) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid ", param, ": the clock only moves forward, and it is at ",
                     absl::ToUnixSeconds(now), " (frozen_time)."));
  }
  if (target - now > kMaxClockAdvance) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid ", param, ": the clock cannot move more than ",
                     absl::ToInt64Seconds(kMaxClockAdvance), " seconds (two years) at once."));
  }
  webhooks::WebhookEndpoints* webhooks = options_.webhooks;
  while (webhooks != nullptr) {
    absl::optional<absl::Time> next = webhooks->NextDue();
    if (!next.has_value() || *next > target) break;
    clock->SetTime(*next);
    options_.engine->FireDueTimers();
    webhooks->DeliverDue();
  }
  clock->SetTime(target);
  options_.engine->FireDueTimers();
  if (webhooks != nullptr) webhooks->DeliverDue();
  return absl::OkStatus();
}

}  // namespace wire
}  // namespace paysim
