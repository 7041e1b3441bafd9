#include "engine/internal/card_source_payment_method.h"

#include "absl/strings/match.h"
#include "engine/card_catalog.h"
#include "engine/internal/card_details.h"
#include "engine/internal/interned.h"
#include "engine/internal/params_util.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

bool IsCardSourceId(absl::string_view id) { return absl::StartsWith(id, "card_"); }

const Card* FindSavedCard(World& world, absl::string_view id) {
  if (!IsCardSourceId(id)) return nullptr;
  const Card* card = world.cards().Find(id);
  if (card == nullptr || !card->has_customer()) return nullptr;
  return card;
}

absl::Status CheckCustomerSource(World& world, absl::string_view id, absl::string_view customer,
                                 absl::string_view param) {
  const Card* card = FindSavedCard(world, id);
  if (card == nullptr || card->customer() != customer) {
    // As the sources API answers a card that is unknown or another customer's.
    return ResourceMissing("source", id, param);
  }
  return absl::OkStatus();
}

PaymentMethod PaymentMethodOfCard(const Card& card) {
  PaymentMethod pm;
  pm.set_id(card.id());
  pm.set_object(PAYSIM_INTERNED("payment_method"));
  pm.set_allow_redisplay(PAYSIM_INTERNED("unspecified"));
  BillingDetails& billing = *pm.mutable_billing_details() = EmptyBillingDetails();
  Address& address = *billing.mutable_address();
  if (card.has_address_city()) address.set_city(card.address_city());
  if (card.has_address_country()) address.set_country(card.address_country());
  if (card.has_address_line1()) address.set_line1(card.address_line1());
  if (card.has_address_line2()) address.set_line2(card.address_line2());
  if (card.has_address_zip()) address.set_postal_code(card.address_zip());
  if (card.has_address_state()) address.set_state(card.address_state());
  if (card.has_name()) billing.set_name(card.name());
  if (const TestCard* test_card = FindTestCardByNumber(card.number())) {
    *pm.mutable_card() = MakePaymentMethodCard(
        CheckedCard{test_card, card.exp_month(), card.exp_year(), card.cvc_provided()});
  }
  PaymentMethodCard& details = *pm.mutable_card();
  details.set_fingerprint(card.fingerprint());
  CardChecks& checks = *details.mutable_checks();
  checks.Clear();
  if (card.has_address_line1_check()) checks.set_address_line1_check(card.address_line1_check());
  if (card.has_address_zip_check()) {
    checks.set_address_postal_code_check(card.address_zip_check());
  }
  if (card.has_cvc_check()) checks.set_cvc_check(card.cvc_check());
  pm.set_created(card.created());
  pm.set_customer(card.customer());
  pm.set_livemode(false);
  *pm.mutable_metadata() = card.metadata();
  pm.set_type(PAYSIM_INTERNED("card"));
  pm.set_setup_for_off_session(card.setup_for_off_session());
  return pm;
}

const PaymentMethod* FindPaymentMethodOrCard(World& world, absl::string_view id,
                                             PaymentMethod* view) {
  if (const PaymentMethod* pm = world.payment_methods().Find(id)) return pm;
  const Card* card = FindSavedCard(world, id);
  if (card == nullptr) return nullptr;
  *view = PaymentMethodOfCard(*card);
  return view;
}

}  // namespace internal
}  // namespace paysim
