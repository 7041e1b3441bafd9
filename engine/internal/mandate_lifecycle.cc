// The Mandate lifecycle (mandate_lifecycle.h).
#include "engine/internal/mandate_lifecycle.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

using Machine = MandateLifecycle::Machine;
using S = MandateState;
using T = MandateTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kAccept, S::kActive, ""},
    {Machine::From({S::kActive}), T::kRevoke, S::kInactive, "mandate.updated"},
    {Machine::From({S::kActive}), T::kUse, S::kInactive, "mandate.updated"},
};
constexpr absl::string_view kStates[] = {"active", "inactive"};
constexpr absl::string_view kTriggers[] = {
    "the customer accepts it: a bank debit confirmed with mandate_data, a SetupIntent set up, "
    "or Checkout paid by bank debit",
    "revoked: its PaymentMethod detached, or a debit returned as unauthorized or from a closed "
    "or missing account",
    "used: the payment of a single-use mandate succeeds or fails",
};

// The returns after which the bank will take no more debits under the mandate.
bool RevokesMandate(absl::string_view return_code) {
  return return_code == "debit_not_authorized" || return_code == "account_closed" ||
         return_code == "no_account";
}

// The length of a SEPA mandate reference (Stripe shows 16 characters, letters and digits).
constexpr size_t kSepaReferenceLength = 16;

// The SEPA section: the reference the bank shows the customer (from the mandate's own id, so
// deterministic) and the page of the mandate. UNCERTAIN: the url's form; paysim names the
// mandate on payments.stripe.com.
MandateSepaDebitDetails SepaDetails(absl::string_view mandate_id) {
  absl::string_view random = mandate_id.substr(mandate_id.find('_') + 1);
  if (random.size() > kSepaReferenceLength) {
    random = random.substr(random.size() - kSepaReferenceLength);
  }
  MandateSepaDebitDetails sepa;
  sepa.set_reference(absl::AsciiStrToUpper(random));
  sepa.set_url(absl::StrCat("https://payments.stripe.com/sepa_debit/mandate/", mandate_id));
  return sepa;
}

}  // namespace

const Machine& MandateLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"mandate", "status", kStates, kStates, kTriggers});
  return kMachine;
}

MandateState MandateLifecycle::StateOf(const Mandate& mandate) {
  const std::string& status = mandate.status();
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (status == kStates[s]) return static_cast<S>(s);
  }
  return S::kActive;  // never expected
}

void MandateLifecycle::Enter(World& world, const Mandate& current, MandateTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(current), trigger);
  if (row == nullptr) return;
  const Mandate before = current;
  Mandate& mandate = *world.mandates().Mutable(Key(), current.id());
  mandate.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.EmitChange(type, mandate, before); });
}

void MandateLifecycle::OnPaymentMethodDetached(World& world, const PaymentMethod& pm) {
  if (const Mandate* mandate = ActiveFor(world, pm); mandate != nullptr) {
    Enter(world, *mandate, T::kRevoke);
  }
}

void MandateLifecycle::OnDebitOutcome(World& world, absl::string_view id,
                                      absl::string_view return_code) {
  const Mandate* mandate = world.mandates().Find(id);
  if (mandate == nullptr || StateOf(*mandate) != S::kActive) return;
  if (RevokesMandate(return_code)) {
    Enter(world, *mandate, T::kRevoke);
  } else if (mandate->has_single_use()) {
    Enter(world, *mandate, T::kUse);
  }
}

const Mandate& MandateLifecycle::Create(World& world, const PaymentMethod& pm,
                                        MandateCustomerAcceptance acceptance,
                                        const SingleUse* single_use) {
  const Machine::Row* row = machine().FindCreate(T::kAccept);
  Mandate mandate;
  mandate.set_id(world.ids().NewId("mandate_"));
  mandate.set_object(PAYSIM_INTERNED("mandate"));
  *mandate.mutable_customer_acceptance() = std::move(acceptance);
  mandate.set_livemode(false);
  if (single_use == nullptr) {
    mandate.mutable_multi_use()->set_present(true);
  } else {
    mandate.mutable_single_use()->set_amount(single_use->amount);
    mandate.mutable_single_use()->set_currency(single_use->currency);
  }
  mandate.set_payment_method(pm.id_shared());
  MandatePaymentMethodDetails* details = mandate.mutable_payment_method_details();
  details->set_type(pm.type());
  if (pm.type() == "sepa_debit") {
    *details->mutable_sepa_debit() = SepaDetails(mandate.id());
  } else {
    details->mutable_us_bank_account();
  }
  mandate.set_status(Interned(machine().Rendered(row->to)));
  mandate.set_type(Interned(single_use == nullptr ? "multi_use" : "single_use"));
  const Mandate& stored = world.mandates().Insert(Key(), std::move(mandate));
  if (single_use == nullptr) PaymentMethodLifecycle::SetMandate(world, pm, stored.id());
  return stored;
}

const Mandate* MandateLifecycle::ActiveFor(World& world, const PaymentMethod& pm) {
  if (pm.mandate().empty()) return nullptr;
  const Mandate* mandate = world.mandates().Find(pm.mandate());
  if (mandate == nullptr || mandate->status() != "active") return nullptr;
  return mandate;
}

absl::StatusOr<const Mandate*> MandateLifecycle::FindUsable(World& world, absl::string_view id,
                                                            absl::string_view payment_method) {
  const Mandate* mandate = world.mandates().Find(id);
  if (mandate == nullptr) return ResourceMissing("mandate", id, "mandate");
  // UNCERTAIN: Stripe's wording of both refusals.
  if (mandate->payment_method() != payment_method) {
    return InvalidRequestError(
        "", "mandate",
        absl::StrCat("The mandate ", id, " was accepted for another PaymentMethod."));
  }
  if (mandate->status() != "active") {
    return InvalidRequestError(
        "", "mandate", absl::StrCat("The mandate ", id, " is ", mandate->status(),
                                    ": it cannot be used for a payment."));
  }
  return mandate;
}

}  // namespace internal
}  // namespace paysim
