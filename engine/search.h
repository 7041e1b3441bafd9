// search.h: Stripe's Search API (`GET /v1/<resource>/search?query=...`): the objects of a
// resource matching a query, newest first, a page at a time.
//
// The query language (engine/internal/search_query.h has the grammar): clauses `field:'value'`
// (equal; text case-insensitively), `field~'val'` (contains, 3 characters at least), `field>N`,
// `<`, `>=`, `<=` (numbers), `field:null`, `-clause` (not), joined by AND or by OR (not both),
// at most 10; `metadata['key']:'value'` for any metadata key. The fields of each resource are
// those of Stripe's Search documentation:
//   charges           amount, billing_details.address.postal_code, created, currency,
//                     customer, disputed, metadata, payment_intent,
//                     payment_method_details.card.last4, refunded, status
//   customers         created, email, metadata, name, phone
//   invoices          created, currency, customer, metadata, number, receipt_number, status,
//                     subscription, total
//   payment_intents   amount, created, currency, customer, metadata, status
//   prices            active, currency, lookup_key, metadata, product, type
//   products          active, description, metadata, name, shippable, url
//   subscriptions     created, metadata, status
// Unlike Stripe's (whose index lags writes by up to a minute), paysim's results are current.
//
// Pagination: `limit` (1-100, default 10); a result with `has_more` gives `next_page`, the
// token to pass as `page` for the next one.
//
// Errors (invalid_request_error, 400; a search changes nothing): a malformed query, a field
// the resource does not support, AND and OR mixed (param `query`); `limit` out of range
// (param `limit`); an unknown `page` token (param `page`).
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SEARCH_H_
#define PAYSIM_ENGINE_SEARCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/request_options.h"
#include "proto/billing.obj.h"
#include "proto/catalog.obj.h"
#include "proto/charge.obj.h"
#include "proto/customer.obj.h"
#include "proto/params.pb.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// One page of search results (Stripe's `search_result` object).
template <typename T>
struct SearchResult {
  std::vector<T> data;
  bool has_more = false;
  std::string next_page;  // the `page` of the next page; empty without has_more
  std::string url;        // e.g. "/v1/customers/search"
};

class SearchService {
 public:
  explicit SearchService(internal::World* world) : world_(world) {}

  absl::StatusOr<SearchResult<Charge>> Charges(const SearchParams& params,
                                               const RequestOptions& options = {});
  absl::StatusOr<SearchResult<Customer>> Customers(const SearchParams& params,
                                                   const RequestOptions& options = {});
  absl::StatusOr<SearchResult<Invoice>> Invoices(const SearchParams& params,
                                                 const RequestOptions& options = {});
  absl::StatusOr<SearchResult<PaymentIntent>> PaymentIntents(const SearchParams& params,
                                                             const RequestOptions& options = {});
  absl::StatusOr<SearchResult<Price>> Prices(const SearchParams& params,
                                             const RequestOptions& options = {});
  absl::StatusOr<SearchResult<Product>> Products(const SearchParams& params,
                                                 const RequestOptions& options = {});
  absl::StatusOr<SearchResult<Subscription>> Subscriptions(const SearchParams& params,
                                                           const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SEARCH_H_
