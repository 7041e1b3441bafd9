#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/str_replace.h"
#include "engine/api_version.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/checkout_billing_cycle_anchor.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_custom_fields.h"
#include "engine/internal/checkout_invoice_creation.h"
#include "engine/internal/checkout_recovery.h"
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/payment_link_lifecycle.h"
#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

using Machine = CheckoutSessionLifecycle::Machine;
using S = CheckoutSessionState;
using T = CheckoutSessionTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kOpen, ""},
    {Machine::From({S::kOpen}), T::kComplete, S::kComplete, "checkout.session.completed"},
    {Machine::From({S::kOpen}), T::kExpire, S::kExpired, "checkout.session.expired"},
    {Machine::From({S::kComplete}), T::kAsyncPaymentSucceeded, S::kComplete,
     "checkout.session.async_payment_succeeded"},
    {Machine::From({S::kComplete}), T::kAsyncPaymentFailed, S::kComplete,
     "checkout.session.async_payment_failed"},
};
constexpr absl::string_view kStates[] = {"open", "complete", "expired"};
constexpr absl::string_view kTriggers[] = {
    "create",
    "its payment went through, its card or bank account was saved, or nothing is due",
    "expire, or expires_at passes",
    "the bank debit settles (payment_status paid)",
    "the bank returns the debit",
};

// The SetupIntent a setup-mode session collects the card with (requires_payment_method).
const SetupIntent& CreateSetupIntent(World& w, const CheckoutSession& session) {
  SetupIntent si;
  si.set_id(w.ids().NewId("seti_"));
  si.set_object(PAYSIM_INTERNED("setup_intent"));
  si.set_client_secret(NewClientSecret(w, si.id()));
  si.set_created(w.created());
  if (session.has_customer()) si.set_customer(session.customer());
  if (session.setup_intent_data().has_description()) {
    si.set_description(session.setup_intent_data().description());
  }
  si.set_livemode(false);
  *si.mutable_metadata() = session.setup_intent_data().metadata();
  *si.mutable_payment_method_types() = session.payment_method_types();
  if (session.payment_method_options().has_card()) {  // the session takes cards
    si.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        session.payment_method_options().card().request_three_d_secure());
  }
  si.set_usage(PAYSIM_INTERNED("off_session"));
  return SetupIntentLifecycle::Create(w, std::move(si));
}

}  // namespace

const Machine& CheckoutSessionLifecycle::machine() {
  static constexpr Machine kMachine(
      kRows, {"checkout.session", "status", kStates, kStates, kTriggers});
  return kMachine;
}

CheckoutSessionState CheckoutSessionLifecycle::StateOf(const CheckoutSession& session) {
  if (session.status() == "complete") return S::kComplete;
  return session.status() == "expired" ? S::kExpired : S::kOpen;
}

CheckoutUi CheckoutSessionLifecycle::UiOf(const CheckoutSession& session) {
  const std::string& name = session.ui_mode();
  if (name == "embedded" || name == "embedded_page") return CheckoutUi::kEmbedded;
  if (name == "custom" || name == "elements") return CheckoutUi::kElements;
  return CheckoutUi::kHosted;
}

CheckoutSession& CheckoutSessionLifecycle::Mutable(World& world, const CheckoutSession& session) {
  return *world.checkout_sessions().Mutable(Key(), session.id());
}

void CheckoutSessionLifecycle::Enter(World& world, CheckoutSession& session,
                                     CheckoutSessionTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(session), trigger);
  if (row == nullptr) return;
  session.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, session); });
}

const CheckoutSession& CheckoutSessionLifecycle::Create(World& world, CheckoutSession session) {
  session.set_status(std::string(machine().Rendered(machine().FindCreate(T::kCreate)->to)));
  CheckoutSession& stored = world.checkout_sessions().Insert(Key(), std::move(session));
  if (stored.has_customer()) {
    world.customer_checkout_sessions(Key()).Enter(stored.customer(), world.checkout_sessions(),
                                                  stored);
  }
  world.timers().Schedule(absl::FromUnixSeconds(stored.expires_at()),
                          TimerKind::kCheckoutSessionExpiry, stored.id());
  if (stored.has_customer() && stored.mode() != "setup") {
    world.timers().Schedule(world.now() + kCheckoutPrefillWindow,
                            TimerKind::kCheckoutPrefillWindowEnd, stored.id());
  }
  if (stored.mode() == "setup") {
    stored.set_setup_intent(CreateSetupIntent(world, stored).id_shared());
  } else if (stored.mode() == "payment" &&
             !CheckoutPaymentIntentIsDeferred(world.api_version())) {
    CreatePaymentIntent(world, stored);
  }
  // Stripe has no checkout.session.created event.
  return stored;
}

const PaymentIntent* CheckoutSessionLifecycle::PaymentIntentOf(World& world,
                                                               const CheckoutSession& session) {
  const std::string& id = session.mode() == "subscription" ? session.subscription_payment_intent()
                                                           : session.payment_intent();
  return id.empty() ? nullptr : world.payment_intents().Find(id);
}

const PaymentIntent& CheckoutSessionLifecycle::CreatePaymentIntent(
    World& world, const CheckoutSession& current) {
  CheckoutSession& session = Mutable(world, current);
  const CheckoutPaymentIntentData& data = session.payment_intent_data();
  PaymentIntent pi;
  pi.set_id(world.ids().NewId("pi_"));
  pi.set_object(PAYSIM_INTERNED("payment_intent"));
  pi.set_amount(session.amount_total());
  pi.set_amount_capturable(0);
  pi.set_amount_received(0);
  pi.set_capture_method(data.has_capture_method()
                            ? InternedCopy(data.capture_method())
                            : Interned(DefaultCaptureMethod(world.api_version())));
  pi.set_client_secret(NewClientSecret(world, pi.id()));
  pi.set_confirmation_method(PAYSIM_INTERNED("automatic"));
  pi.set_created(world.created());
  pi.set_currency(session.currency_shared());
  if (session.has_customer()) pi.set_customer(session.customer_shared());
  if (data.has_description()) {
    pi.set_description(data.description());
  } else if (session.mode() == "subscription") {
    pi.set_description(PAYSIM_INTERNED("Subscription creation"));  // as a subscription's first invoice says
  }
  pi.set_livemode(false);
  *pi.mutable_metadata() = data.metadata();
  *pi.mutable_payment_method_types() = session.payment_method_types();
  if (session.payment_method_options().has_card()) {  // the session takes cards
    pi.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        session.payment_method_options().card().request_three_d_secure());
  }
  if (session.has_presentment_details()) {  // Adaptive Pricing, from basil on
    pi.mutable_presentment_details()->set_presentment_amount(
        session.presentment_details().presentment_amount());
    pi.mutable_presentment_details()->set_presentment_currency(
        session.presentment_details().presentment_currency());
  }
  if (data.has_receipt_email()) pi.set_receipt_email(data.receipt_email());
  if (data.has_setup_future_usage()) {
    pi.set_setup_future_usage(data.setup_future_usage());
  } else if (session.mode() == "subscription") {
    pi.set_setup_future_usage(PAYSIM_INTERNED("off_session"));  // later renewals charge the card off-session
  }
  if (data.has_statement_descriptor()) pi.set_statement_descriptor(data.statement_descriptor());
  if (data.has_statement_descriptor_suffix()) {
    pi.set_statement_descriptor_suffix(data.statement_descriptor_suffix());
  }
  if (data.has_shipping()) *pi.mutable_shipping() = data.shipping();
  if (data.has_transfer_group()) pi.set_transfer_group(data.transfer_group());
  if (session.mode() == "subscription") {
    session.set_subscription_payment_intent(pi.id_shared());
  } else {
    session.set_payment_intent(pi.id_shared());
    world.intent_sessions(Key()).Enter(pi.id(), world.checkout_sessions(), session);
  }
  return PaymentIntentLifecycle::Create(world, std::move(pi));
}

void CheckoutSessionLifecycle::SetCustomer(World& world, const CheckoutSession& current,
                                           const std::string& customer_id) {
  CheckoutSession& session = Mutable(world, current);
  OrdinalIndex& index = world.customer_checkout_sessions(Key());
  if (session.has_customer()) index.Leave(session.customer(), world.checkout_sessions(), session);
  session.set_customer(customer_id);
  index.Enter(customer_id, world.checkout_sessions(), session);
  if (const SetupIntent* si = world.setup_intents().Find(session.setup_intent())) {
    SetupIntentLifecycle::SetCustomer(world, *si, customer_id);
  }
  if (const PaymentIntent* pi = PaymentIntentOf(world, session)) {
    PaymentIntentLifecycle::SetCustomer(world, *pi, customer_id);
  }
}

void CheckoutSessionLifecycle::RecordCustomFields(
    World& world, const CheckoutSession& current,
    const std::map<std::string, std::string>& entries) {
  CheckoutSession& session = Mutable(world, current);
  obj::StringMap& kept = *session.mutable_entered_custom_fields();
  kept.clear();
  for (const auto& [key, value] : entries) kept[key] = value;
}

void CheckoutSessionLifecycle::RecordEntered(World& world, const CheckoutSession& current,
                                             const CheckoutCustomerDetails& details,
                                             const CheckoutShippingDetails* shipping,
                                             const obj::SharedString& payment_method) {
  CheckoutSession& session = Mutable(world, current);
  *session.mutable_entered_details() = details;
  if (shipping != nullptr) {
    *session.mutable_entered_shipping() = *shipping;
  } else {
    session.clear_entered_shipping();
  }
  session.set_entered_payment_method(payment_method);
}

void CheckoutSessionLifecycle::BeginConfirming(World& world, const CheckoutSession& session) {
  Mutable(world, session).set_confirming(true);
}

void CheckoutSessionLifecycle::Complete(World& world, const CheckoutSession& current) {
  CheckoutSession& session = Mutable(world, current);
  if (!machine().Allows(StateOf(session), T::kComplete)) return;
  session.clear_url();
  session.clear_confirming();
  // payment_status: paid once the money is captured; unpaid while a bank debit is processing
  // or a manual-capture hold waits (UNCERTAIN for the hold: its funds are not captured yet).
  if (session.mode() == "setup" || (session.has_amount_total() && session.amount_total() == 0)) {
    session.set_payment_status(PAYSIM_INTERNED("no_payment_required"));
  } else {
    const PaymentIntent* pi = PaymentIntentOf(world, session);
    session.set_payment_status(pi != nullptr && pi->status() == "succeeded" ? "paid" : "unpaid");
  }
  if (session.automatic_tax().enabled()) session.mutable_automatic_tax()->set_status(PAYSIM_INTERNED("complete"));
  CheckoutCustomerDetails* details = session.mutable_customer_details();
  *details = session.entered_details();
  details->set_tax_exempt(PAYSIM_INTERNED("none"));
  if (session.mode() == "setup") {
    details->clear_address();  // "not present on Sessions in setup mode"
  } else {
    details->mutable_address();
  }
  if (session.has_entered_shipping()) {
    *session.mutable_collected_information()->mutable_shipping_details() =
        session.entered_shipping();
  }
  // A required terms of service box had to be checked before paying (consent_collection).
  if (session.consent_collection().terms_of_service() == "required") {
    session.mutable_consent()->set_terms_of_service(PAYSIM_INTERNED("accepted"));
  }
  FillCustomFieldValues(session);
  if (const Customer* customer = world.customers().Find(session.customer())) {
    SaveToCustomer(world, session, *customer);  // customer_update
  }
  if (session.mode() == "subscription") {
    // The subscription's first invoice, paid by the session's payment (Stripe's session names
    // it in `invoice`; its payment_intent stays null).
    // A free stub before a future anchor with nothing else to pay makes no invoice
    // (checkout_billing_cycle_anchor.h).
    const bool invoiced = !(InCheckoutStub(session) && session.subscription_data().free_stub() &&
                            session.amount_total() == 0);
    const std::string invoice_id = invoiced ? InvoiceLifecycle::NewId(world) : "";
    const Subscription& subscription = SubscriptionLifecycle::StartFromCheckout(
        world, session, session.entered_payment_method(), invoice_id);
    session.set_subscription(subscription.id_shared());
    if (invoiced) {
      InvoiceLifecycle::CreatePaidByCheckout(world, subscription, session,
                                             PaymentIntentOf(world, session), invoice_id);
      session.set_invoice(invoice_id);
    }
  }
  // invoice_creation: the page made the customer it needs when the customer paid (a session
  // completed without the page, as an intent confirmed by the merchant's own code, has none
  // to invoice: UNCERTAIN).
  if (MakesInvoiceAfterPayment(session) && session.has_customer()) {
    const std::string invoice_id = InvoiceLifecycle::NewId(world);
    InvoiceLifecycle::CreateAfterCheckout(world, session, PaymentIntentOf(world, session),
                                          invoice_id);
    session.set_invoice(invoice_id);
  }
  if (session.has_applied_discount()) {
    const Discount discount = session.applied_discount();
    RedeemCheckoutDiscount(world, discount);
  }
  Enter(world, session, T::kComplete);
  if (session.has_payment_link()) {
    PaymentLinkLifecycle::OnSessionCompleted(world, session.payment_link());
  }
}

void CheckoutSessionLifecycle::Expire(World& world, const CheckoutSession& current) {
  CheckoutSession& session = Mutable(world, current);
  if (!machine().Allows(StateOf(session), T::kExpire)) return;
  // The intent waiting for the customer is canceled first.
  if (const PaymentIntent* pi = PaymentIntentOf(world, session)) {
    PaymentIntentLifecycle::OnSessionExpired(world, *pi);
  }
  if (const SetupIntent* si = world.setup_intents().Find(session.setup_intent())) {
    SetupIntentLifecycle::Cancel(world, *si, "");
  }
  session.clear_url();
  session.clear_confirming();
  OpenRecovery(session, world.created());  // after_expiration[recovery]: its url, 30 days
  if (session.entered_details().has_email()) {
    session.mutable_customer_details()->set_email(session.entered_details().email());
    session.mutable_customer_details()->set_tax_exempt(PAYSIM_INTERNED("none"));
  }
  Enter(world, session, T::kExpire);
}

const CheckoutSession& CheckoutSessionLifecycle::SetMetadata(World& world,
                                                             const CheckoutSession& current,
                                                             obj::StringMap metadata) {
  CheckoutSession& session = Mutable(world, current);
  *session.mutable_metadata() = std::move(metadata);
  return session;
}

void CheckoutSessionLifecycle::SettleAttempt(World& world, const CheckoutSession& current) {
  CheckoutSession& session = Mutable(world, current);
  session.set_confirming(false);
  if (StateOf(session) != S::kOpen) return;
  bool went_through = false;
  if (session.mode() == "setup") {
    const SetupIntent* si = world.setup_intents().Find(session.setup_intent());
    went_through = si != nullptr && si->status() == "succeeded";
  } else {
    const PaymentIntent* pi = PaymentIntentOf(world, session);
    went_through = pi != nullptr && StatusIn(pi->status(), {"succeeded", "requires_capture",
                                                            "processing"});
  }
  if (went_through) {
    Complete(world, session);
  } else if (world.created() >= session.expires_at()) {
    Expire(world, session);
  }
}

void CheckoutSessionLifecycle::ScheduleBankDebitSettlement(World& world,
                                                           const CheckoutSession& session) {
  world.timers().Schedule(world.now() + kBankDebitSettlementDelay,
                          TimerKind::kBankDebitSettlement, session.id());
}

std::string CheckoutSessionLifecycle::CompletionRedirect(const CheckoutSession& session) {
  std::string url;
  switch (UiOf(session)) {
    case CheckoutUi::kHosted:
      url = session.success_url();
      break;
    case CheckoutUi::kEmbedded:
      if (session.redirect_on_completion() != "never") url = session.return_url();
      break;
    case CheckoutUi::kElements:
      url = session.return_url();
      break;
  }
  return absl::StrReplaceAll(url, {{"{CHECKOUT_SESSION_ID}", session.id()}});
}

const PaymentMethodSettings& CheckoutSessionLifecycle::SaveSettings(
    World& world, const PaymentMethodSettings& settings) {
  if (PaymentMethodSettings* stored = world.payment_method_settings().Mutable(Key(), kSettingsId)) {
    *stored = settings;
    return *stored;
  }
  PaymentMethodSettings saved = settings;
  saved.set_id(std::string(kSettingsId));
  return world.payment_method_settings().Insert(Key(), std::move(saved));
}

void CheckoutSessionLifecycle::OnExpiry(World& world, absl::string_view session_id) {
  const CheckoutSession* session = world.checkout_sessions().Find(session_id);
  // A session being paid waits for its payment's outcome (SettleAttempt).
  if (session == nullptr || StateOf(*session) != S::kOpen || session->confirming()) return;
  Expire(world, *session);
}

void CheckoutSessionLifecycle::OnPrefillWindowEnd(World& world, absl::string_view session_id) {
  if (CheckoutSession* session = world.checkout_sessions().Mutable(Key(), session_id)) {
    session->set_prefill_window_closed(true);
  }
}

void CheckoutSessionLifecycle::OnBankDebitSettlement(World& world,
                                                     absl::string_view session_id) {
  CheckoutSession* session = world.checkout_sessions().Mutable(Key(), session_id);
  if (session == nullptr) return;
  const PaymentIntent* pi = PaymentIntentOf(world, *session);
  if (pi == nullptr || PaymentIntentLifecycle::StateOf(*pi) != PaymentIntentState::kProcessing) {
    return;
  }
  const bool paid = PaymentIntentLifecycle::SettleBankDebit(world, *pi);
  if (paid) session->set_payment_status(PAYSIM_INTERNED("paid"));
  Enter(world, *session, paid ? T::kAsyncPaymentSucceeded : T::kAsyncPaymentFailed);
}

}  // namespace internal
}  // namespace paysim
