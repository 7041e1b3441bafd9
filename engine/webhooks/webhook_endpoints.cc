#include "engine/webhooks/webhook_endpoints.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/json_render.h"
#include "engine/metadata.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/webhooks/signature.h"

namespace paysim {
namespace webhooks {
namespace {

// Salt for the endpoints' own generator ("webhooks" in ASCII): ids and secrets derive from the
// engine's seed without drawing from the engine's generator.
constexpr uint64_t kSeedSalt = 0x776562686f6f6b73ULL;
constexpr int kSecretLength = 32;  // base62 characters after "whsec_"

// "*" or lowercase words of [a-z_] joined by '.', at least two ("charge.succeeded").
bool IsEventTypeShaped(absl::string_view type) {
  if (type == "*") return true;
  std::vector<absl::string_view> words = absl::StrSplit(type, '.');
  if (words.size() < 2) return false;
  for (absl::string_view word : words) {
    if (word.empty()) return false;
    for (char c : word) {
      if (!absl::ascii_islower(static_cast<unsigned char>(c)) && c != '_') return false;
    }
  }
  return true;
}

// http:// or https:// followed by a host: no whitespace or control characters anywhere.
bool IsWebhookUrl(absl::string_view url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "http://") && !absl::ConsumePrefix(&rest, "https://")) {
    return false;
  }
  const absl::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.front() == ':') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return absl::ascii_isspace(u) || absl::ascii_iscntrl(u);
  });
}

bool Wants(const WebhookEndpoint& endpoint, absl::string_view type) {
  if (endpoint.status() != "enabled") return false;
  return std::any_of(endpoint.enabled_events().begin(), endpoint.enabled_events().end(),
                     [&](const std::string& e) { return e == "*" || e == type; });
}

// The endpoint as the API shows it after creation: no secret.
WebhookEndpoint Public(const WebhookEndpoint& endpoint) {
  WebhookEndpoint copy = endpoint;
  copy.clear_secret();
  return copy;
}

}  // namespace

WebhookEndpoints::WebhookEndpoints(Engine* engine, Transport* transport,
                                   WebhookEndpointsOptions options)
    : engine_(engine),
      transport_(transport),
      options_(std::move(options)),
      ids_(engine->options().seed ^ kSeedSalt) {
  subscription_ = engine_->events().Subscribe(
      {"*"}, [this](const Event& event) { OnEvent(event); },
      [this] { return any_endpoint_.load(std::memory_order_acquire); });
}

WebhookEndpoints::~WebhookEndpoints() { engine_->events().Unsubscribe(subscription_); }

absl::Status WebhookEndpoints::Validate(
    const std::string* url, const google::protobuf::RepeatedPtrField<std::string>* enabled_events,
    const std::string* description) const {
  if (url != nullptr) {
    if (url->empty()) return ParameterMissing("url");
    if (url->size() > kMaxUrlLength || !IsWebhookUrl(*url)) {
      return InvalidRequestError(
          "url_invalid", "url",
          absl::StrCat("Invalid URL: ", url->substr(0, 200),
                       ". A webhook URL must start with http:// or https:// and name a host."));
    }
  }
  if (enabled_events != nullptr) {
    if (enabled_events->empty()) return ParameterMissing("enabled_events");
    if (enabled_events->size() > kMaxEnabledEvents) {
      return InvalidRequestError("", "enabled_events",
                                 absl::StrCat("Too many enabled_events: at most ",
                                              kMaxEnabledEvents, " are allowed."));
    }
    for (int i = 0; i < enabled_events->size(); ++i) {
      if (!IsEventTypeShaped(enabled_events->Get(i))) {
        return InvalidRequestError(
            "", absl::StrCat("enabled_events[", i, "]"),
            absl::StrCat("Invalid enabled_events[", i, "]: '", enabled_events->Get(i).substr(0, 100),
                         "' is not an event type (use an exact type such as "
                         "'charge.succeeded', or '*')."));
      }
    }
  }
  if (description != nullptr && description->size() > kMaxDescriptionLength) {
    return InvalidRequestError("", "description",
                               absl::StrCat("Invalid description: must be at most ",
                                            kMaxDescriptionLength, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<WebhookEndpoint> WebhookEndpoints::Create(
    const WebhookEndpointCreateParams& params) {
  static const std::string kNoUrl;
  PAYSIM_RETURN_IF_ERROR(Validate(params.has_url() ? &params.url() : &kNoUrl,
                                  &params.enabled_events(),
                                  params.has_description() ? &params.description() : nullptr));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  const int64_t created = absl::ToUnixSeconds(engine_->Now());
  absl::MutexLock lock(&mu_);
  if (live_endpoints_ >= kMaxWebhookEndpoints) {
    return InvalidRequestError("", "",
                               absl::StrCat("You have reached the maximum of ",
                                            kMaxWebhookEndpoints,
                                            " test webhook endpoints."));
  }
  WebhookEndpoint endpoint;
  endpoint.set_id(ids_.NewId("we_"));
  endpoint.set_object("webhook_endpoint");
  endpoint.set_api_version(engine_->options().api_version);
  endpoint.set_created(created);
  if (params.has_description() && !params.description().empty()) {
    endpoint.set_description(params.description());
  }
  *endpoint.mutable_enabled_events() = params.enabled_events();
  endpoint.set_livemode(false);
  *endpoint.mutable_metadata() = params.metadata();
  endpoint.set_secret(absl::StrCat("whsec_", ids_.RandomString(kSecretLength)));
  endpoint.set_status("enabled");
  endpoint.set_url(params.url());
  ++live_endpoints_;
  any_endpoint_.store(true, std::memory_order_release);
  return endpoints_.Insert(std::move(endpoint));
}

absl::StatusOr<WebhookEndpoint> WebhookEndpoints::Retrieve(absl::string_view id) const {
  absl::MutexLock lock(&mu_);
  const WebhookEndpoint* endpoint = endpoints_.Find(id);
  if (endpoint == nullptr) return ResourceMissing(endpoints_.kind(), id);
  return Public(*endpoint);
}

absl::StatusOr<WebhookEndpoint> WebhookEndpoints::Update(
    absl::string_view id, const WebhookEndpointUpdateParams& params) {
  PAYSIM_RETURN_IF_ERROR(
      Validate(params.has_url() ? &params.url() : nullptr,
               params.enabled_events().empty() ? nullptr : &params.enabled_events(),
               params.has_description() ? &params.description() : nullptr));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  absl::MutexLock lock(&mu_);
  PAYSIM_ASSIGN_OR_RETURN(WebhookEndpoint * stored, endpoints_.Get(id));
  // Everything that can fail is checked on a copy; the stored endpoint changes at the end.
  WebhookEndpoint endpoint = *stored;
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), endpoint.mutable_metadata()));
  if (params.has_url()) endpoint.set_url(params.url());
  if (!params.enabled_events().empty()) {
    *endpoint.mutable_enabled_events() = params.enabled_events();
  }
  if (params.has_description()) {
    if (params.description().empty()) {
      endpoint.clear_description();
    } else {
      endpoint.set_description(params.description());
    }
  }
  if (params.has_disabled()) endpoint.set_status(params.disabled() ? "disabled" : "enabled");
  if (endpoint.status() != "enabled") queue_.EraseEndpoint(endpoint.id());
  *stored = std::move(endpoint);
  return Public(*stored);
}

absl::StatusOr<DeletedObject> WebhookEndpoints::Delete(absl::string_view id) {
  absl::MutexLock lock(&mu_);
  if (!endpoints_.Delete(id)) return ResourceMissing(endpoints_.kind(), id);
  --live_endpoints_;
  any_endpoint_.store(live_endpoints_ > 0, std::memory_order_release);
  queue_.EraseEndpoint(id);
  DeletedObject deleted;
  deleted.set_id(std::string(id));
  deleted.set_object("webhook_endpoint");
  deleted.set_deleted(true);
  return deleted;
}

absl::StatusOr<ListResult<WebhookEndpoint>> WebhookEndpoints::List(
    const WebhookEndpointListParams& params) const {
  ListWindow window;
  PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
  absl::MutexLock lock(&mu_);
  PAYSIM_ASSIGN_OR_RETURN(
      ListResult<WebhookEndpoint> result,
      endpoints_.List(window, "/v1/webhook_endpoints", [](const WebhookEndpoint&) { return true; }));
  for (WebhookEndpoint& endpoint : result.data) endpoint.clear_secret();
  return result;
}

void WebhookEndpoints::OnEvent(const Event& event) {
  const absl::Time due = absl::FromUnixSeconds(event.created());
  int queued = 0;
  {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> receivers;
    // The lambda runs inside ForEach, under this lock.
    endpoints_.ForEach([&](const WebhookEndpoint& endpoint) ABSL_NO_THREAD_SAFETY_ANALYSIS {
      if (Wants(endpoint, event.type())) receivers.push_back(endpoint.id());
    });
    if (receivers.empty()) return;
    queued = static_cast<int>(receivers.size());
    // The payload counts the deliveries of this event not yet made: all of them.
    Event sent = event;
    sent.set_pending_webhooks(queued);
    const auto payload = std::make_shared<const std::string>(RenderJson(sent));
    for (std::string& id : receivers) {
      queue_.Push(due, Delivery{std::move(id), event.id(), event.type(), payload, 0});
    }
  }
  engine_->events().AdjustPendingWebhooks(event.id(), queued);
  if (options_.on_queued) options_.on_queued();
}

size_t WebhookEndpoints::DeliverDue() {
  absl::MutexLock deliverer(&deliver_mu_);
  size_t attempts = 0;
  while (true) {
    Delivery delivery;
    WebhookRequest request;
    absl::Time now;
    {
      absl::MutexLock lock(&mu_);
      now = engine_->Now();
      absl::optional<Delivery> next = queue_.PopDue(now);
      if (!next.has_value()) break;
      const WebhookEndpoint* endpoint = endpoints_.Find(next->endpoint_id);
      if (endpoint == nullptr || endpoint->status() != "enabled") continue;
      delivery = std::move(*next);
      request.url = endpoint->url();
      request.headers = {
          {"Content-Type", "application/json"},
          {"Stripe-Signature",
           SignatureHeader(endpoint->secret(), absl::ToUnixSeconds(now), *delivery.payload)}};
    }
    request.body = *delivery.payload;
    DeliveryAttempt attempt;
    attempt.response = transport_->Post(request);
    ++attempts;
    ++delivery.attempts;
    attempt.endpoint_id = delivery.endpoint_id;
    attempt.url = request.url;
    attempt.event_id = delivery.event_id;
    attempt.event_type = delivery.event_type;
    attempt.attempt = delivery.attempts;
    attempt.at = now;
    if (attempt.response.ok()) {
      engine_->events().AdjustPendingWebhooks(delivery.event_id, -1);
    } else {
      absl::MutexLock lock(&mu_);
      const WebhookEndpoint* endpoint = endpoints_.Find(delivery.endpoint_id);
      absl::optional<absl::Time> retry =
          NextAttempt(options_.retry_delays, delivery.attempts, now);
      if (retry.has_value() && endpoint != nullptr && endpoint->status() == "enabled") {
        attempt.next_attempt = retry;
        queue_.Push(*retry, std::move(delivery));
      }
    }
    if (options_.on_attempt) options_.on_attempt(attempt);
  }
  return attempts;
}

absl::optional<absl::Time> WebhookEndpoints::NextDue() const {
  absl::MutexLock lock(&mu_);
  return queue_.NextDue();
}

size_t WebhookEndpoints::pending() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

}  // namespace webhooks
}  // namespace paysim
