// Customers' tax IDs: create, retrieve, delete, list (tax_ids.h).
#include "engine/tax_ids.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/tax_id_lifecycle.h"
#include "engine/internal/tax_id_types.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::TaxIdLifecycle;
using internal::World;

std::string TaxIdsUrl(absl::string_view customer) {
  return absl::StrCat("/v1/customers/", customer, "/tax_ids");
}

// The tax ID `id` of `customer`, or 404 resource_missing.
absl::StatusOr<const TaxId*> FindTaxId(World& w, const Customer& customer, absl::string_view id) {
  const TaxId* tax_id = w.tax_ids().Find(id);
  if (tax_id == nullptr || tax_id->customer() != customer.id()) {
    return ResourceMissing("tax_id", id, "id");
  }
  return tax_id;
}

}  // namespace

absl::StatusOr<TaxId> TaxIdService::Create(absl::string_view customer_id,
                                           const TaxIdCreateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<TaxId>(
      options, [&] { return absl::StrCat("POST ", TaxIdsUrl(customer_id)); }, params,
      [&]() -> absl::StatusOr<TaxId> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        PAYSIM_RETURN_IF_ERROR(internal::ValidateTaxIdData(params, ""));
        // transition + commit, on the customer's clock
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, customer->id());
        return TaxIdLifecycle::Add(w, *customer, params.type(), params.value());
      });
}

absl::StatusOr<TaxId> TaxIdService::Retrieve(absl::string_view customer_id, absl::string_view id,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<TaxId> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    PAYSIM_ASSIGN_OR_RETURN(const TaxId* tax_id, FindTaxId(w, *customer, id));
    return *tax_id;
  });
}

absl::StatusOr<DeletedObject> TaxIdService::Delete(absl::string_view customer_id,
                                                   absl::string_view id,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    PAYSIM_ASSIGN_OR_RETURN(const TaxId* tax_id, FindTaxId(w, *customer, id));
    DeletedObject deleted;
    deleted.set_id(tax_id->id());
    deleted.set_object(PAYSIM_INTERNED("tax_id"));
    deleted.set_deleted(true);
    TaxIdLifecycle::Delete(w, *tax_id);
    return deleted;
  });
}

absl::StatusOr<ListResult<TaxId>> TaxIdService::List(absl::string_view customer_id,
                                                     const TaxIdListParams& params,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<TaxId>> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.tax_ids().List(window, TaxIdsUrl(customer->id()), [&](const TaxId& t) {
      return t.customer() == customer->id();
    });
  });
}

absl::StatusOr<Customer> TaxIdService::WithTaxIds(Customer customer,
                                                  const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Customer> {
    ListWindow window;
    window.limit = kEmbeddedTaxIdsLimit;
    auto mine = [&](const TaxId& t) { return t.customer() == customer.id(); };
    absl::StatusOr<ListResult<TaxId>> page = w.tax_ids().List(window, TaxIdsUrl(customer.id()), mine);
    int64_t total = 0;
    TaxIdLifecycle::ForEachOf(w, customer.id(), [&](const TaxId&) { ++total; });
    CustomerTaxIds* tax_ids = customer.mutable_tax_ids();
    tax_ids->set_object(PAYSIM_INTERNED("list"));
    if (page.ok()) {
      for (TaxId& tax_id : page->data) *tax_ids->add_data() = std::move(tax_id);
      tax_ids->set_has_more(page->has_more);
    }
    tax_ids->set_total_count(total);
    tax_ids->set_url(TaxIdsUrl(customer.id()));
    return customer;
  });
}

}  // namespace paysim
