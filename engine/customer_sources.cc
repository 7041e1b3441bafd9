// A customer's legacy card sources: create, retrieve, update, delete, list.
#include "engine/customer_sources.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/internal/source_tokens.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::CustomerLifecycle;
using internal::World;

std::string SourcesUrl(absl::string_view customer) {
  return absl::StrCat("/v1/customers/", customer, "/sources");
}

// The card `id` of `customer`, or 404 resource_missing. UNCERTAIN: Stripe's wording for a
// card id that is unknown or another customer's is taken to be its generic "No such source".
absl::StatusOr<const Card*> FindCard(World& w, const Customer& customer, absl::string_view id) {
  const Card* card = w.cards().Find(id);
  if (card == nullptr || card->customer() != customer.id()) {
    return ResourceMissing("source", id, "id");
  }
  return card;
}

// Stripe answers a card error for a bad expiry, as when the card is tokenized.
absl::Status ExpiryError(absl::string_view code, absl::string_view param,
                         absl::string_view message) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("card_error"));
  error.set_code(std::string(code));
  error.set_param(std::string(param));
  error.set_message(std::string(message));
  error.set_http_status(402);
  return MakeStripeError(std::move(error));
}

}  // namespace

absl::StatusOr<Card> CustomerSourceService::Create(absl::string_view customer_id,
                                                   const CustomerSourceCreateParams& params,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Card>(
      options, [&] { return absl::StrCat("POST ", SourcesUrl(customer_id)); }, params,
      [&]() -> absl::StatusOr<Card> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        if (!params.has_source() || params.source().empty()) return ParameterMissing("source");
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        PAYSIM_ASSIGN_OR_RETURN(internal::SourceToken token,
                                internal::CheckSourceToken(w, params.source()));
        // transition + commit: customer.source.created, then customer.updated if this is the
        // customer's first card (it becomes the default).
        Card card = internal::TakeCardFromToken(w, token);
        *card.mutable_metadata() = params.metadata();
        const Card& added = CustomerLifecycle::AddCard(w, std::move(card), customer->id());
        if (!customer->has_default_source()) {
          Customer updated = *customer;
          updated.set_default_source(added.id());
          CustomerLifecycle::Update(w, *customer, updated);
        }
        return added;
      });
}

absl::StatusOr<Card> CustomerSourceService::Retrieve(absl::string_view customer_id,
                                                     absl::string_view id,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Card> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    PAYSIM_ASSIGN_OR_RETURN(const Card* card, FindCard(w, *customer, id));
    return *card;
  });
}

absl::StatusOr<Card> CustomerSourceService::Update(absl::string_view customer_id,
                                                   absl::string_view id,
                                                   const CustomerSourceUpdateParams& params,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Card>(
      options, [&] { return absl::StrCat("POST ", SourcesUrl(customer_id), "/", id); }, params,
      [&]() -> absl::StatusOr<Card> {
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        PAYSIM_ASSIGN_OR_RETURN(const Card* card, FindCard(w, *customer, id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        Card updated = *card;
        if (params.has_exp_month()) {
          if (params.exp_month() < 1 || params.exp_month() > 12) {
            return ExpiryError("invalid_expiry_month", "exp_month",
                               "Your card's expiration month is invalid.");
          }
          updated.set_exp_month(params.exp_month());
        }
        if (params.has_exp_year()) {
          int32_t year = params.exp_year();
          if (year >= 0 && year < 100) year += 2000;  // two-digit years, as Stripe accepts them
          if (year < 2000 || year > 2100) {
            return ExpiryError("invalid_expiry_year", "exp_year",
                               "Your card's expiration year is invalid.");
          }
          updated.set_exp_year(year);
        }
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
// An empty string unsets an optional string (it becomes null), as elsewhere in Stripe.
#define PAYSIM_SET_OR_CLEAR(field)                                           \
  if (params.has_##field()) {                                                \
    if (params.field().empty()) {                                            \
      updated.clear_##field();                                               \
    } else {                                                                 \
      updated.set_##field(params.field());                                   \
    }                                                                        \
  }
        PAYSIM_SET_OR_CLEAR(address_city)
        PAYSIM_SET_OR_CLEAR(address_country)
        PAYSIM_SET_OR_CLEAR(address_line1)
        PAYSIM_SET_OR_CLEAR(address_line2)
        PAYSIM_SET_OR_CLEAR(address_state)
        PAYSIM_SET_OR_CLEAR(address_zip)
        PAYSIM_SET_OR_CLEAR(name)
#undef PAYSIM_SET_OR_CLEAR
        return CustomerLifecycle::UpdateCard(w, *card, updated);
      });
}

absl::StatusOr<DeletedObject> CustomerSourceService::Delete(absl::string_view customer_id,
                                                            absl::string_view id,
                                                            const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    PAYSIM_ASSIGN_OR_RETURN(const Card* card, FindCard(w, *customer, id));
    DeletedObject deleted;
    deleted.set_id(card->id());
    deleted.set_object(PAYSIM_INTERNED("card"));
    deleted.set_deleted(true);
    const bool was_default = customer->default_source() == card->id();
    CustomerLifecycle::DeleteCard(w, *card);
    if (was_default) {
      // Stripe: deleting the default source makes the most recently added remaining source
      // the default.
      std::string next;
      CustomerLifecycle::ForEachCardOf(w, customer->id(), [&](const Card& c) { next = c.id(); });
      Customer updated = *customer;
      if (next.empty()) {
        updated.clear_default_source();
      } else {
        updated.set_default_source(next);
      }
      CustomerLifecycle::Update(w, *customer, updated);
    }
    return deleted;
  });
}

absl::StatusOr<ListResult<Card>> CustomerSourceService::List(
    absl::string_view customer_id, const CustomerSourceListParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Card>> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    if (params.has_object() && params.object() != "card") {
      // UNCERTAIN: Stripe also keeps bank_account and source objects; paysim keeps cards only,
      // so another known kind lists nothing.
      if (params.object() != "bank_account" && params.object() != "source") {
        return InvalidRequestError(
            "", "object",
            absl::StrCat("Invalid object: must be one of card, bank_account or source"));
      }
    }
    const bool none = params.has_object() && params.object() != "card";
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.cards().ListAt(window, SourcesUrl(customer->id()),
                            CustomerLifecycle::CardsByCustomer(w).Of(customer->id()),
                            [&](const Card&) { return !none; });
  });
}

absl::StatusOr<Card> CustomerSourceService::Find(absl::string_view id,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Card> {
    PAYSIM_ASSIGN_OR_RETURN(const Card* card, w.cards().Get(id));
    return *card;
  });
}

absl::StatusOr<Customer> CustomerSourceService::WithSources(Customer customer,
                                                            const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Customer> {
    ListWindow window;
    window.limit = kEmbeddedSourcesLimit;
    absl::StatusOr<ListResult<Card>> page =
        w.cards().ListAt(window, SourcesUrl(customer.id()),
                         CustomerLifecycle::CardsByCustomer(w).Of(customer.id()),
                         [](const Card&) { return true; });
    int64_t total = 0;
    CustomerLifecycle::ForEachCardOf(w, customer.id(), [&](const Card&) { ++total; });
    CustomerSources* sources = customer.mutable_sources();
    sources->set_object(PAYSIM_INTERNED("list"));
    if (page.ok()) {
      for (Card& card : page->data) *sources->add_data() = std::move(card);
      sources->set_has_more(page->has_more);
    }
    sources->set_total_count(total);
    sources->set_url(SourcesUrl(customer.id()));
    return customer;
  });
}

}  // namespace paysim
