#include "engine/wire/wire.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/wire/api_key.h"
#include "engine/wire/expand.h"
#include "engine/wire/form_decoder.h"
#include "engine/wire/publishable_key.h"
#include "engine/wire/routes.h"
#include "engine/wire/wire_params.pb.h"

namespace paysim {
namespace wire {
namespace {

constexpr int kRequestIdDigits = 14;  // as Stripe's `req_` ids
// Bytes reserved for a response body up front: most objects fit (a charge is about 3.5 KiB).
constexpr size_t kBodyCapacity = 8 << 10;
constexpr absl::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// The first header named `name` (case-insensitively), whitespace-trimmed.
absl::optional<absl::string_view> FindHeader(const WireApi::Headers& headers,
                                             absl::string_view name) {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return absl::StripAsciiWhitespace(value);
  }
  return absl::nullopt;
}

absl::Status Unrecognized(absl::string_view method, absl::string_view path) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_message(absl::StrCat("Unrecognized request URL (", Utf8OrEscaped(method), ": ",
                                 Utf8OrEscaped(path),
                                 "). Please see https://stripe.com/docs or we can help at "
                                 "https://support.stripe.com/."));
  error.set_http_status(404);
  return MakeStripeError(std::move(error));
}

// "/v1/charges/ch_1" -> {"v1", "charges", "ch_1"}, each %-decoded; nullopt if malformed.
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

// Stripe's error body: as ErrorToJson, with the intent and payment method the error names
// given as whole objects (as Stripe sends them), not ids; to a publishable key, the intent in
// its client-side shape (publishable_key.h).
class ErrorObjects : public obj::JsonFieldHook {
 public:
  ErrorObjects(Engine* engine, ApiKeyKind key_kind) : engine_(engine), key_kind_(key_kind) {}

  // Called for the error's set fields only (WriteErrorJson leaves unset ones out).
  bool WriteField(obj::ObjectRef object, const google::protobuf::FieldDescriptor& field,
                  JsonWriter& out) const override {
    const StripeError* found = object.As<StripeError>();
    if (found == nullptr) return false;
    const StripeError& error = *found;
    if (field.name() == "payment_intent") {
      return WriteIntent(engine_->payment_intents().Retrieve(error.payment_intent()),
                         "payment_intent", out);
    }
    if (field.name() == "setup_intent") {
      return WriteIntent(engine_->setup_intents().Retrieve(error.setup_intent()), "setup_intent",
                         out);
    }
    if (field.name() == "payment_method" && !absl::StartsWith(error.payment_method(), "pm_card_")) {
      return Write(engine_->payment_methods().Retrieve(error.payment_method()), out);
    }
    return false;
  }

 private:
  template <typename T>
  static bool Write(const absl::StatusOr<T>& object, JsonWriter& out) {
    if (object.ok()) object->WriteJson(out);
    return object.ok();
  }

  template <typename T>
  bool WriteIntent(const absl::StatusOr<T>& object, absl::string_view type,
                   JsonWriter& out) const {
    if (!object.ok() || key_kind_ != ApiKeyKind::kPublishable) return Write(object, out);
    std::string json;
    {
      JsonWriter whole(&json);
      object->WriteJson(whole);
    }
    RestrictToPublishableFields(type, &json);
    out.Value(Json::parse(json));
    return true;
  }

  Engine* engine_;
  ApiKeyKind key_kind_;
};

// One request, from the API key to the rendered result. What a publishable key may do is
// decided here for every route table, from each route's declaration (publishable_key.h).
class Exchange {
 public:
  Exchange(Engine* engine, const std::vector<RouteTable>& extra_routes, absl::string_view method,
           absl::string_view path_and_query, const WireApi::Headers& headers,
           absl::string_view body, const std::string& request_id)
      : engine_(engine),
        extra_routes_(extra_routes),
        method_(absl::AsciiStrToUpper(method)),
        headers_(headers),
        body_(body) {
    call_.options.request_id = request_id;  // events carry the Request-Id this response has
    const size_t q = path_and_query.find('?');
    path_ = path_and_query.substr(0, q);
    if (q != absl::string_view::npos) query_ = path_and_query.substr(q + 1);
    api_version_ = engine->options().api_version;
  }

  // Answers the request: its JSON appended to `*json`, or the error (nothing appended).
  absl::Status Run(std::string* json) {
    PAYSIM_ASSIGN_OR_RETURN(key_kind_, ReadApiKey(FindHeader(headers_, "Authorization")));
    if (auto version = FindHeader(headers_, "Stripe-Version"); version && !version->empty()) {
      PAYSIM_RETURN_IF_ERROR(ValidateApiVersion(Utf8OrEscaped(*version)));
      api_version_ = std::string(*version);
      call_.options.api_version = api_version_;
    }
    if (auto key = FindHeader(headers_, "Idempotency-Key"); is_post() && key && !key->empty()) {
      // Echoed in a response header: no control characters (no header injection).
      if (!IsValidUtf8(*key) || std::any_of(key->begin(), key->end(), [](char c) {
            return absl::ascii_iscntrl(static_cast<unsigned char>(c));
          })) {
        return InvalidRequestError("", "Idempotency-Key",
                                   "Invalid Idempotency-Key: it must be printable text.");
      }
      idempotency_key_ = std::string(*key);
      call_.options.idempotency_key = idempotency_key_;
      call_.options.idempotent_replayed = &replayed_;
    }
    const Route* route = RouteFor();
    // An unknown path and a known path with another method get the same 404, as on Stripe.
    if (route == nullptr) return Unrecognized(method_, path_);
    PAYSIM_RETURN_IF_ERROR(CheckPublishableRoute(*route, key_kind_));

    // Params: the query string, then (POST, DELETE) the form body, as Stripe reads a DELETE's
    // (`curl -X DELETE -d prorate=true`; the SDKs put them in the query); `expand` is the
    // door's own.
    std::string encoded(query_);
    if ((is_post() || method_ == "DELETE") && !body_.empty()) absl::StrAppend(&encoded, encoded.empty() ? "" : "&", body_);
    PAYSIM_ASSIGN_OR_RETURN(std::vector<FormParam> params, ParseForm(encoded));
    std::vector<FormParam> expand_params;
    for (FormParam& param : params) {
      (param.path[0] == "expand" ? expand_params : call_.params).push_back(std::move(param));
    }
    if (!call_.ids.empty()) {
      PAYSIM_RETURN_IF_ERROR(CheckClientSecret(engine_, *route, key_kind_, call_.ids[0],
                                               call_.options, &call_.params));
    }
    ExpandParams expand;
    PAYSIM_RETURN_IF_ERROR(DecodeParams(expand_params, &expand));
    const Expander expander(engine_, call_.options,
                            {expand.expand().begin(), expand.expand().end()});
    PAYSIM_RETURN_IF_ERROR(expander.Validate(route->object, route->list));

    call_.engine = engine_;
    call_.expander = &expander;
    call_.path = std::string(path_);
    call_.path_field = route->path_field;
    PAYSIM_RETURN_IF_ERROR(route->handler(call_, json));
    if (key_kind_ == ApiKeyKind::kPublishable) RestrictToPublishableFields(route->object, json);
    return absl::OkStatus();
  }

  bool is_post() const { return method_ == "POST"; }
  bool replayed() const { return replayed_; }
  ApiKeyKind key_kind() const { return key_kind_; }
  const std::string& api_version() const { return api_version_; }
  const std::string& idempotency_key() const { return idempotency_key_; }

 private:
  // The first route for the request, the engine's then the extra tables' (setting call_.ids
  // and call_.context); nullptr if none.
  const Route* RouteFor() {
    absl::optional<std::vector<std::string>> segments = PathSegments(path_);
    if (!segments.has_value()) return nullptr;
    if (const Route* route = EngineRouteIndex().Find(method_, *segments, &call_.ids)) {
      return route;
    }
    for (const RouteTable& table : extra_routes_) {
      if (const Route* route = FindRoute(*table.routes, method_, *segments, &call_.ids)) {
        call_.context = table.context;
        return route;
      }
    }
    return nullptr;
  }

  Engine* engine_;
  const std::vector<RouteTable>& extra_routes_;
  std::string method_;
  const WireApi::Headers& headers_;
  absl::string_view body_;
  absl::string_view path_;
  absl::string_view query_;
  std::string api_version_;
  std::string idempotency_key_;
  ApiKeyKind key_kind_ = ApiKeyKind::kSecret;
  bool replayed_ = false;
  RouteCall call_;
};

}  // namespace

std::string RequestIdFor(uint64_t sequence) {
  std::string digits(kRequestIdDigits, '0');
  for (int i = kRequestIdDigits - 1; i >= 0 && sequence > 0; --i) {
    digits[i] = kBase62[sequence % kBase62.size()];
    sequence /= kBase62.size();
  }
  return absl::StrCat("req_", digits);
}

WireApi::WireApi(Engine* engine, std::vector<RouteTable> extra_routes)
    : engine_(engine), extra_routes_(std::move(extra_routes)) {}

WireApi::Response WireApi::Handle(absl::string_view method, absl::string_view path_and_query,
                                  const Headers& headers, absl::string_view body) {
  const std::string request_id = RequestIdFor(++requests_);
  Exchange exchange(engine_, extra_routes_, method, path_and_query, headers, body, request_id);
  Response response;
  response.body.reserve(kBodyCapacity);
  const absl::Status result = exchange.Run(&response.body);
  if (result.ok()) {
    response.status = 200;
  } else if (absl::optional<StripeError> error = GetStripeError(result)) {
    response.body.clear();  // (a failed Run writes nothing; this only makes it obvious)
    response.status = HttpStatus(result);
    JsonWriter out(&response.body);
    const ErrorObjects objects(engine_, exchange.key_kind());
    WriteErrorJson(*error, out, &objects);
  } else {
    // Not expected: every engine error carries a Stripe error. Nothing internal leaks out.
    StripeError api_error;
    api_error.set_type("api_error");
    api_error.set_message("An unknown error occurred in paysim.");
    response.status = 500;
    JsonWriter out(&response.body);
    WriteErrorJson(api_error, out);
  }
  response.headers = {{"Content-Type", "application/json"},
                      {"Request-Id", request_id},
                      {"Stripe-Version", exchange.api_version()}};
  if (!exchange.idempotency_key().empty()) {
    response.headers.emplace_back("Idempotency-Key", exchange.idempotency_key());
  }
  if (exchange.replayed()) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

}  // namespace wire
}  // namespace paysim
