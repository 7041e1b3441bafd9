#include "engine/search.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/search_query.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/list.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::SearchQuery;

// The page of `store`'s objects matching `params` for `resource` (its search fields).
template <typename StoreT, typename T = typename std::remove_const<typename std::remove_reference<
                               decltype(*std::declval<StoreT&>().Find(""))>::type>::type>
absl::StatusOr<SearchResult<T>> Search(StoreT& store, absl::string_view resource,
                                       const std::vector<absl::string_view>& fields,
                                       const SearchParams& params) {
  PAYSIM_ASSIGN_OR_RETURN(const SearchQuery query,
                          SearchQuery::Parse(params.query(), resource, fields));
  ListWindow window;
  PAYSIM_RETURN_IF_ERROR(MakeListWindow(
      params.has_limit() ? absl::optional<int64_t>(params.limit()) : absl::nullopt,
      absl::nullopt, absl::nullopt, &window));
  if (params.has_page()) {
    if (store.Find(params.page()) == nullptr) {
      StripeError error;
      error.set_type("invalid_request_error");
      error.set_param("page");
      error.set_message(absl::StrCat("Invalid page token: ", params.page(), "."));
      error.set_http_status(400);
      return MakeStripeError(std::move(error));
    }
    window.starting_after = params.page();
  }
  const std::string url = absl::StrCat("/v1/", resource, "/search");
  PAYSIM_ASSIGN_OR_RETURN(
      ListResult<T> page,
      store.List(window, url, [&](const T& object) { return query.Matches(object); }));
  SearchResult<T> result;
  result.data = std::move(page.data);
  result.has_more = page.has_more;
  if (result.has_more && !result.data.empty()) result.next_page = result.data.back().id();
  result.url = url;
  return result;
}

}  // namespace

absl::StatusOr<SearchResult<Charge>> SearchService::Charges(const SearchParams& params,
                                                            const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.charges(), "charges",
                  {"amount", "billing_details.address.postal_code", "created", "currency",
                   "customer", "disputed", "metadata", "payment_intent",
                   "payment_method_details.card.last4", "refunded", "status"},
                  params);
  });
}

absl::StatusOr<SearchResult<Customer>> SearchService::Customers(const SearchParams& params,
                                                                const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.customers(), "customers", {"created", "email", "metadata", "name", "phone"},
                  params);
  });
}

absl::StatusOr<SearchResult<Invoice>> SearchService::Invoices(const SearchParams& params,
                                                              const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.invoices(), "invoices",
                  {"created", "currency", "customer", "metadata", "number", "receipt_number",
                   "status", "subscription", "total"},
                  params);
  });
}

absl::StatusOr<SearchResult<PaymentIntent>> SearchService::PaymentIntents(
    const SearchParams& params, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.payment_intents(), "payment_intents",
                  {"amount", "created", "currency", "customer", "metadata", "status"}, params);
  });
}

absl::StatusOr<SearchResult<Price>> SearchService::Prices(const SearchParams& params,
                                                          const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.prices(), "prices",
                  {"active", "currency", "lookup_key", "metadata", "product", "type"}, params);
  });
}

absl::StatusOr<SearchResult<Product>> SearchService::Products(const SearchParams& params,
                                                              const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.products(), "products",
                  {"active", "description", "metadata", "name", "shippable", "url"}, params);
  });
}

absl::StatusOr<SearchResult<Subscription>> SearchService::Subscriptions(
    const SearchParams& params, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&] {
    return Search(w.subscriptions(), "subscriptions", {"created", "metadata", "status"}, params);
  });
}

}  // namespace paysim
