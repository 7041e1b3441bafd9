// customers.h: Customers (`cus_...`).
//
// Create, retrieve, update, delete, list. A customer can hold legacy card sources (from a
// token: `source=tok_...` sets `default_source`) and PaymentMethods (attached through
// PaymentMethodService::Attach or `payment_method` on create); `invoice_settings.
// default_payment_method` must name a PaymentMethod attached to this customer.
//
// A `source` token on create saves a card (customer.created, then customer.source.created);
// on update it saves a new card, makes it the default and deletes the old default, as Stripe
// documents. The cards themselves: customer_sources.h.
//
// `coupon` or `promotion_code` on create or update redeems it as the customer's `discount`
// (engine/internal/customer_discounts.h lists the refusals: an unknown or expired coupon, a
// promotion code inactive, expired, used up or restricted to another customer or to a first
// transaction); an empty value removes the discount, as DeleteDiscount does.
//
// `balance` on create or update sets the customer's balance (negative: a credit the next
// invoice uses); each change is recorded as a customer balance transaction (`initial` on
// create, `adjustment` on update; customer_balance_transactions.h), and the first sets the
// customer's `currency` to usd if it had none.
//
// The profile parameters (engine/internal/customer_profile.h): preferred_locales, tax_exempt
// (none | exempt | reverse), invoice_prefix (3-12 uppercase letters or digits) and
// next_invoice_sequence (>= 1), which number the customer's invoices (`<prefix>-<sequence>`),
// and cash_balance[settings][reconciliation_mode] (cash_balances.h). `tax_id_data[]` on
// create adds tax IDs after the customer exists (tax_ids.h; each checked first, named
// `tax_id_data[i][type|value]`).
//
// Deleting a customer cancels its subscriptions that have not ended, detaches its
// PaymentMethods and deletes its tax IDs first (engine/internal/customer_deletion.h).
//
// Events: customer.created, customer.updated (with previous_attributes), customer.deleted;
// customer.discount.created, .updated, .deleted after the customer's own event.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CUSTOMERS_H_
#define PAYSIM_ENGINE_CUSTOMERS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/common.obj.h"
#include "proto/customer.obj.h"
#include "proto/discount.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class CustomerService {
 public:
  explicit CustomerService(internal::World* world) : world_(world) {}

  // Errors: email_invalid (param email), metadata limits, resource_missing for an unknown
  // payment_method / source, token_already_used for a used token, a profile parameter or a
  // tax_id_data entry outside Stripe's rules (named by its param).
  absl::StatusOr<Customer> Create(const CustomerCreateParams& params,
                                  const RequestOptions& options = {});

  // 404 resource_missing (param id) if unknown or deleted.
  absl::StatusOr<Customer> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Changes only the fields given; an empty metadata value removes that key.
  absl::StatusOr<Customer> Update(absl::string_view id, const CustomerUpdateParams& params,
                                  const RequestOptions& options = {});

  // Returns `{"id", "object": "customer", "deleted": true}`; the customer is then not found.
  // Events: customer.subscription.deleted, payment_method.detached, customer.tax_id.deleted
  // for what goes with it, then customer.deleted.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // DeleteDiscount()
  //
  // Removes the customer's discount; returns it with deleted: true. Event
  // customer.discount.deleted (and customer.updated). A customer without one: resource_missing
  // (404).
  absl::StatusOr<Discount> DeleteDiscount(absl::string_view id,
                                          const RequestOptions& options = {});

  // Newest first; `email` filters by exact email.
  absl::StatusOr<ListResult<Customer>> List(const CustomerListParams& params,
                                            const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CUSTOMERS_H_
