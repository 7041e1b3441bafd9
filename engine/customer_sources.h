// customer_sources.h: a customer's legacy card sources (`card_...`), Stripe's
// /v1/customers/{customer}/sources (and its older alias /cards).
//
// A card is saved from a card token (`source=tok_...`: a token from POST /v1/tokens, or a test
// token name such as `tok_visa`). The first card saved becomes the customer's default_source;
// deleting the default makes the newest remaining card the default (or none). A charge with
// `customer` and no `source` pays with the default source; `source=card_...` names one of the
// customer's cards (charges.h). Cards that Stripe's tests say cannot be saved (declines, fraud
// blocks) are refused with their 402 card_error, as attaching them as PaymentMethods is.
//
// Events: customer.source.created, customer.source.updated (with previous_attributes),
// customer.source.deleted; customer.updated when the default_source changes.
//
// Example:
//   CustomerSourceCreateParams params;
//   params.set_source("tok_visa");
//   absl::StatusOr<Card> card = engine.customer_sources().Create(customer_id, params);
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CUSTOMER_SOURCES_H_
#define PAYSIM_ENGINE_CUSTOMER_SOURCES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/card.obj.h"
#include "proto/common.obj.h"
#include "proto/customer.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// The most sources a customer object embeds in its `sources` list (the rest: has_more).
inline constexpr int kEmbeddedSourcesLimit = 10;

class CustomerSourceService {
 public:
  explicit CustomerSourceService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Saves the card of `params.source` on `customer`. Errors: 404 resource_missing (param id)
  // for an unknown customer; parameter_missing source; resource_missing (param source) for an
  // unknown token; token_already_used; the card's 402 card_error if it cannot be saved.
  absl::StatusOr<Card> Create(absl::string_view customer, const CustomerSourceCreateParams& params,
                              const RequestOptions& options = {});

  // The customer's card `id`: 404 resource_missing for an unknown customer (param id) or a
  // card that is not this customer's ("No such source: '<id>'", param id).
  absl::StatusOr<Card> Retrieve(absl::string_view customer, absl::string_view id,
                                const RequestOptions& options = {});

  // Changes the fields given (name, address_*, exp_month, exp_year, metadata). Errors as
  // Retrieve; 402 card_error invalid_expiry_month / invalid_expiry_year.
  absl::StatusOr<Card> Update(absl::string_view customer, absl::string_view id,
                              const CustomerSourceUpdateParams& params,
                              const RequestOptions& options = {});

  // Returns `{"id", "object": "card", "deleted": true}`; the card is then not found.
  absl::StatusOr<DeletedObject> Delete(absl::string_view customer, absl::string_view id,
                                       const RequestOptions& options = {});

  // The customer's cards, newest first; `object` may only be "card".
  absl::StatusOr<ListResult<Card>> List(absl::string_view customer,
                                        const CustomerSourceListParams& params,
                                        const RequestOptions& options = {});

  // The saved card `id` whoever owns it (expanding a customer's default_source); 404
  // resource_missing if unknown.
  absl::StatusOr<Card> Find(absl::string_view id, const RequestOptions& options = {});

  // `customer` with its `sources` list filled in (the first kEmbeddedSourcesLimit cards and
  // total_count), as Stripe embeds it.
  absl::StatusOr<Customer> WithSources(Customer customer, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CUSTOMER_SOURCES_H_
