#include "engine/wire/search_routes.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace wire {
namespace {

// The list endpoint of `path` (".../search" without its last segment).
absl::string_view ListPath(absl::string_view path) {
  absl::ConsumeSuffix(&path, "/search");
  return path;
}

absl::Status ServeSearchUnsupported(const RouteCall& call, std::string* json) {
  (void)json;
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_param("query");
  error.set_message(absl::StrCat(
      "paysim does not implement Stripe's Search API (GET ", call.path,
      "). List the objects with GET ", ListPath(call.path),
      " and its filters (customer, created[gt|gte|lt|lte], status...) instead."));
  error.set_http_status(400);
  return MakeStripeError(std::move(error));
}

Route Search(absl::string_view pattern, absl::string_view object) {
  return Route{"GET", pattern, object, /*list=*/true, &ServeSearchUnsupported, ""};
}

}  // namespace

const std::vector<Route>& SearchRoutes() {
  static const auto* routes = new std::vector<Route>{
      Search("/v1/charges/search", "charge"),
      Search("/v1/customers/search", "customer"),
      Search("/v1/invoices/search", "invoice"),
      Search("/v1/payment_intents/search", "payment_intent"),
      Search("/v1/prices/search", "price"),
      Search("/v1/products/search", "product"),
      Search("/v1/subscriptions/search", "subscription"),
  };
  return *routes;
}

}  // namespace wire
}  // namespace paysim
