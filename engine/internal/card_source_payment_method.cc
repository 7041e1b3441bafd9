#include "engine/internal/card_source_payment_method.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/card_catalog.h"
#include "engine/internal/card_details.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"
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
  pm.set_id(card.id_shared());
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

namespace {

// Where cursor `id` falls in `merged` (newest first): true and its index if the list holds it;
// false and the index of the first item created before it if it is an object of the list's
// kind that the list does not hold (another customer's); resource_missing if there is none.
absl::StatusOr<bool> FindCursor(World& world, const std::vector<PaymentMethod>& merged,
                                absl::string_view id, absl::string_view param, int* index) {
  for (size_t i = 0; i < merged.size(); ++i) {
    if (merged[i].id() == id) {
      *index = static_cast<int>(i);
      return true;
    }
  }
  int64_t created;
  if (const PaymentMethod* pm = world.payment_methods().Find(id)) {
    created = pm->created();
  } else if (const Card* card = FindSavedCard(world, id)) {
    created = card->created();
  } else {
    return ResourceMissing("payment_method", id, param);
  }
  int i = 0;
  while (i < static_cast<int>(merged.size()) && merged[i].created() >= created) ++i;
  *index = i;
  return false;
}

}  // namespace

absl::StatusOr<ListResult<PaymentMethod>> ListCustomerPaymentMethodsAndCards(
    World& world, absl::string_view customer, const ListWindow& window, absl::string_view url,
    absl::FunctionRef<bool(const PaymentMethod&)> kept) {
  std::vector<PaymentMethod> methods;  // oldest first, as stored
  PaymentMethodLifecycle::ForEachOf(world, customer, [&](const PaymentMethod& pm) {
    if (kept(pm)) methods.push_back(pm);
  });
  std::vector<PaymentMethod> cards;  // oldest first, as saved
  CustomerLifecycle::ForEachCardOf(world, customer, [&](const Card& card) {
    cards.push_back(PaymentMethodOfCard(card));
  });
  // Newest first; within one second, PaymentMethods before cards.
  std::vector<PaymentMethod> merged;
  merged.reserve(methods.size() + cards.size());
  auto m = methods.rbegin();
  auto c = cards.rbegin();
  while (m != methods.rend() || c != cards.rend()) {
    if (c == cards.rend() || (m != methods.rend() && m->created() >= c->created())) {
      merged.push_back(*m++);
    } else {
      merged.push_back(*c++);
    }
  }
  // The items in [begin, end) are on the page's side of the cursor.
  int begin = 0;
  int end = static_cast<int>(merged.size());
  if (!window.starting_after.empty()) {
    int index;
    PAYSIM_ASSIGN_OR_RETURN(const bool held,
                            FindCursor(world, merged, window.starting_after, "starting_after",
                                       &index));
    begin = held ? index + 1 : index;
  } else if (!window.ending_before.empty()) {
    PAYSIM_ASSIGN_OR_RETURN(const bool held, FindCursor(world, merged, window.ending_before,
                                                        "ending_before", &end));
    (void)held;  // either way, the items before `end` are the newer ones
    if (end - begin > window.limit) begin = end - static_cast<int>(window.limit);
  }
  ListResult<PaymentMethod> out;
  out.url = std::string(url);
  for (int i = begin; i < end && static_cast<int64_t>(out.data.size()) < window.limit; ++i) {
    out.data.push_back(merged[i]);
  }
  out.has_more = begin + static_cast<int>(out.data.size()) < end ||
                 (!window.ending_before.empty() && begin > 0);
  return out;
}

}  // namespace internal
}  // namespace paysim
