#include "engine/internal/payment_method_lifecycle.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/mandate_lifecycle.h"
#include "engine/internal/params_util.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

using Machine = PaymentMethodLifecycle::Machine;
using S = PaymentMethodState;
using T = PaymentMethodTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kUnattached, ""},
    {Machine::From({S::kUnattached}), T::kAttach, S::kAttached, "payment_method.attached"},
    {Machine::From({S::kAttached}), T::kDetach, S::kDetached, "payment_method.detached"},
};
constexpr absl::string_view kStates[] = {"unattached", "attached", "detached"};
constexpr absl::string_view kRendered[] = {"customer: null", "customer: cus_...",
                                           "customer: null"};
constexpr absl::string_view kTriggers[] = {
    "create", "attach (or saved by a succeeded PaymentIntent or SetupIntent)", "detach"};

// The customer an attached PaymentMethod is indexed under; nullopt for any other.
std::optional<absl::string_view> AttachedTo(const PaymentMethod& pm) {
  if (pm.detached() || !pm.has_customer()) return std::nullopt;
  return absl::string_view(pm.customer());
}

}  // namespace

const Machine& PaymentMethodLifecycle::machine() {
  static constexpr Machine kMachine(
      kRows, {"payment_method", "customer", kStates, kRendered, kTriggers});
  return kMachine;
}

PaymentMethodState PaymentMethodLifecycle::StateOf(const PaymentMethod& pm) {
  if (pm.detached()) return S::kDetached;
  return pm.has_customer() ? S::kAttached : S::kUnattached;
}

void PaymentMethodLifecycle::Enter(World& world, PaymentMethod& pm,
                                   PaymentMethodTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(pm), trigger);
  if (row == nullptr) return;
  if (row->to != S::kAttached && pm.has_customer()) {
    world.customer_payment_methods(Key()).Leave(pm.customer(), world.payment_methods(), pm);
    pm.clear_customer();
  }
  pm.set_detached(row->to == S::kDetached);
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, pm); });
}

PaymentMethod PaymentMethodLifecycle::NewCard(World& world, const CheckedCard& checked) {
  PaymentMethod pm;
  pm.set_id(world.ids().NewId("pm_"));
  pm.set_object(PAYSIM_INTERNED("payment_method"));
  pm.set_allow_redisplay(PAYSIM_INTERNED("unspecified"));
  *pm.mutable_billing_details() = EmptyBillingDetails();
  *pm.mutable_card() = MakePaymentMethodCard(checked);
  pm.set_created(world.created());
  pm.set_livemode(false);
  pm.set_type(PAYSIM_INTERNED("card"));
  return pm;
}

const PaymentMethod& PaymentMethodLifecycle::Create(World& world, PaymentMethod pm) {
  pm.clear_customer();
  return world.payment_methods().Insert(Key(), std::move(pm));
}

const PaymentMethod& PaymentMethodLifecycle::Mint(World& world, const TestCard& card) {
  return Create(world, NewCard(world, CheckedTestCard(card, world.now())));
}

const PaymentMethod& PaymentMethodLifecycle::CreateBankAccount(World& world, PaymentMethod pm,
                                                               absl::string_view account_number,
                                                               absl::string_view routing_number) {
  pm.set_id(world.ids().NewId("pm_"));
  pm.set_object(PAYSIM_INTERNED("payment_method"));
  if (pm.allow_redisplay().empty()) pm.set_allow_redisplay(PAYSIM_INTERNED("unspecified"));
  pm.mutable_billing_details()->mutable_address();  // always present
  pm.set_created(world.created());
  pm.set_livemode(false);
  const PaymentMethod& stored = Create(world, std::move(pm));
  UsBankAccount details;
  details.set_id(stored.id_shared());
  details.set_account_number(std::string(account_number));
  details.set_routing_number(std::string(routing_number));
  world.us_bank_accounts().Insert(Key(), std::move(details));
  return stored;
}

absl::string_view PaymentMethodLifecycle::BankAccountNumberOf(World& world,
                                                              const PaymentMethod& pm) {
  const UsBankAccount* details = world.us_bank_accounts().Find(pm.id());
  return details == nullptr ? absl::string_view() : absl::string_view(details->account_number());
}

absl::StatusOr<const PaymentMethod*> PaymentMethodLifecycle::FindUsable(World& world,
                                                                        absl::string_view id,
                                                                        absl::string_view param) {
  absl::StatusOr<const PaymentMethod*> pm = world.payment_methods().Get(id, param);
  if (!pm.ok()) return pm.status();
  if (StateOf(**pm) == S::kDetached) return NotReusable(param);
  return *pm;
}

absl::Status PaymentMethodLifecycle::NotReusable(absl::string_view param) {
  return StateError("", param,
                    "This PaymentMethod was previously used without being attached to a "
                    "Customer or was detached from a Customer, and may not be used again.");
}

absl::Status PaymentMethodLifecycle::CheckAttachable(const TestCard& card) {
  if (card.charge_outcome == CardOutcome::kDeclined ||
      card.charge_outcome == CardOutcome::kBlocked) {
    StripeError error;
    error.set_type(PAYSIM_INTERNED("card_error"));
    error.set_code(std::string(card.code.empty() ? "card_declined" : card.code));
    if (!card.decline_code.empty()) error.set_decline_code(Interned(card.decline_code));
    error.set_message(
        std::string(card.message.empty() ? "Your card was declined." : card.message));
    if (!card.param.empty()) error.set_param(Interned(card.param));
    error.set_http_status(402);
    return MakeStripeError(std::move(error));
  }
  return absl::OkStatus();
}

void PaymentMethodLifecycle::Attach(World& world, const PaymentMethod& current,
                                    const std::string& customer_id) {
  PaymentMethod& pm = *world.payment_methods().Mutable(Key(), current.id());
  const Machine::Row* row = machine().Find(StateOf(pm), T::kAttach);
  if (row == nullptr) return;
  pm.set_customer(customer_id);
  world.customer_payment_methods(Key()).Enter(customer_id, world.payment_methods(), pm);
  // Attaching runs the CVC check (unchecked -> the card's result).
  if (pm.card().cvc_provided()) {
    const TestCard* card = FindTestCardByNumber(pm.card().number());
    pm.mutable_card()->mutable_checks()->set_cvc_check(
        std::string(card != nullptr ? card->cvc_check : "pass"));
  }
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, pm); });
}

bool PaymentMethodLifecycle::SaveForCustomer(World& world, const PaymentMethod& current,
                                             const std::string& customer_id, bool off_session) {
  PaymentMethod& pm = *world.payment_methods().Mutable(Key(), current.id());
  if (off_session) pm.set_setup_for_off_session(true);
  switch (StateOf(pm)) {
    case S::kDetached:
      return false;  // detached while the customer paid or authenticated: stays detached
    case S::kAttached:
      return true;
    case S::kUnattached:
      if (!customer_id.empty()) Attach(world, pm, customer_id);
      return true;
  }
  return false;
}

void PaymentMethodLifecycle::SetMandate(World& world, const PaymentMethod& current,
                                        const std::string& mandate_id) {
  world.payment_methods().Mutable(Key(), current.id())->set_mandate(mandate_id);
}

void PaymentMethodLifecycle::Detach(World& world, const PaymentMethod& current) {
  PaymentMethod& pm = *world.payment_methods().Mutable(Key(), current.id());
  Enter(world, pm, T::kDetach);
  // A detached PaymentMethod can no longer be debited under its mandate.
  MandateLifecycle::OnPaymentMethodDetached(world, pm);
}

const PaymentMethod& PaymentMethodLifecycle::Update(World& world, const PaymentMethod& current,
                                                    const PaymentMethod& updated) {
  PaymentMethod& pm = *world.payment_methods().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(pm, updated);
  OrdinalIndex& index = world.customer_payment_methods(Key());
  if (const std::optional<absl::string_view> customer = AttachedTo(pm)) {
    index.Leave(*customer, world.payment_methods(), pm);
  }
  pm = updated;
  if (const std::optional<absl::string_view> customer = AttachedTo(pm)) {
    index.Enter(*customer, world.payment_methods(), pm);
  }
  if (!previous.empty()) world.Emit("payment_method.updated", pm, std::move(previous));
  return pm;
}

void PaymentMethodLifecycle::ForEachOf(World& world, absl::string_view customer_id,
                                       absl::FunctionRef<void(const PaymentMethod&)> visit) {
  for (const int64_t ordinal : ByCustomer(world).Of(customer_id)) {
    if (const PaymentMethod* pm = world.payment_methods().AtOrdinal(ordinal)) visit(*pm);
  }
}

const OrdinalIndex& PaymentMethodLifecycle::ByCustomer(World& world) {
  return world.customer_payment_methods(Key()).BuiltFrom(world.payment_methods(), AttachedTo);
}

}  // namespace internal
}  // namespace paysim
