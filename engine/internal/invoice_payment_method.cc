// What an invoice is paid with (invoice_payment_method.h).
#include "engine/internal/invoice_payment_method.h"

#include "absl/algorithm/container.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/internal/three_d_secure_request.h"

namespace paysim {
namespace internal {
namespace {

// What the customer pays its invoices with when neither the invoice nor the subscription names
// a payment method: its invoice_settings.default_payment_method, else its default source (a
// saved card, paid through its PaymentMethod view: card_source_payment_method.h).
std::string CustomerDefault(World& world, absl::string_view customer_id) {
  const Customer* customer = world.customers().Find(customer_id);
  if (customer == nullptr) return "";
  if (customer->invoice_settings().has_default_payment_method()) {
    return customer->invoice_settings().default_payment_method();
  }
  if (FindSavedCard(world, customer->default_source()) != nullptr) {
    return customer->default_source();
  }
  return "";
}

void AddOnce(std::vector<std::string>& types, const std::string& type) {
  if (!type.empty() && !absl::c_linear_search(types, type)) types.push_back(type);
}

}  // namespace

std::string PaymentMethodFor(World& world, const Invoice& invoice) {
  if (invoice.has_default_payment_method()) return invoice.default_payment_method();
  if (FindSavedCard(world, invoice.default_source()) != nullptr) return invoice.default_source();
  const Subscription* subscription = world.subscriptions().Find(invoice.subscription_id());
  if (subscription != nullptr) return PaymentMethodFor(world, *subscription);
  return CustomerDefault(world, invoice.customer());
}

std::string PaymentMethodFor(World& world, const Subscription& subscription) {
  if (subscription.has_default_payment_method()) return subscription.default_payment_method();
  if (FindSavedCard(world, subscription.default_source()) != nullptr) {
    return subscription.default_source();
  }
  return CustomerDefault(world, subscription.customer());
}

std::string PaymentMethodTypeOf(World& world, absl::string_view id) {
  if (id.empty()) return "";
  if (const PaymentMethod* pm = world.payment_methods().Find(id); pm != nullptr) {
    return pm->type();
  }
  return FindSavedCard(world, id) != nullptr ? "card" : "";
}

std::vector<std::string> PaymentMethodTypesFor(World& world, const Invoice& invoice,
                                               absl::string_view also_allowed) {
  const auto& given = invoice.payment_settings().payment_method_types();
  if (!given.empty()) return std::vector<std::string>(given.begin(), given.end());
  std::vector<std::string> types = {"card"};
  // UNCERTAIN: Stripe documents that it determines the types from the invoice's, the
  // subscription's and the customer's default payment methods and the invoice template; paysim
  // adds the bank debit type of the one an attempt charges.
  const std::string chosen = PaymentMethodFor(world, invoice);
  for (absl::string_view id : {absl::string_view(chosen), also_allowed}) {
    if (id == chosen && id.data() != chosen.data()) continue;  // the same one: looked up once
    const std::string type = PaymentMethodTypeOf(world, id);
    if (IsBankDebitType(type)) AddOnce(types, type);
  }
  return types;
}

bool PaymentMethodAllowed(World& world, const std::vector<std::string>& types,
                          absl::string_view payment_method) {
  const std::string type = PaymentMethodTypeOf(world, payment_method);
  return type.empty() || absl::c_linear_search(types, type);
}

absl::Status CheckPaymentMethodAllowed(World& world, const Subscription& subscription,
                                       absl::string_view payment_method) {
  const auto& given = subscription.payment_settings().payment_method_types();
  if (given.empty()) return absl::OkStatus();
  const std::vector<std::string> types(given.begin(), given.end());
  if (PaymentMethodAllowed(world, types, payment_method)) return absl::OkStatus();
  return CheckTypeAllowed(types, PaymentMethodTypeOf(world, payment_method), "payment_method",
                          "PaymentIntent");
}

void FollowPaymentMethodTypes(World& world, const Invoice& invoice,
                              const std::vector<std::string>& types) {
  const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id());
  if (pi == nullptr || invoice.status() != "open") return;
  const PaymentIntentState state = PaymentIntentLifecycle::StateOf(*pi);
  if (state != PaymentIntentState::kRequiresPaymentMethod &&
      state != PaymentIntentState::kRequiresConfirmation) {
    return;
  }
  if (absl::c_equal(types, pi->payment_method_types())) return;
  PaymentIntent updated = *pi;
  updated.clear_payment_method_types();
  for (const std::string& type : types) updated.add_payment_method_types(type);
  PaymentIntentLifecycle::Update(world, *pi, updated, /*needs_confirmation=*/false);
}

void SetInvoicePaymentSettings(const InvoicePaymentSettingsParams& params, Invoice& invoice) {
  const CardIntentOptionsParams& card = params.payment_method_options().card();
  if (card.has_request_three_d_secure()) {
    invoice.mutable_payment_settings()
        ->mutable_payment_method_options()
        ->mutable_card()
        ->set_request_three_d_secure(InternedCopy(card.request_three_d_secure()));
  }
  if (params.payment_method_types().empty() && !params.payment_method_types_emptied()) return;
  InvoicePaymentSettings* settings = invoice.mutable_payment_settings();
  settings->clear_payment_method_types();
  for (const std::string& type : params.payment_method_types()) {
    settings->add_payment_method_types(type);
  }
}

absl::Status CheckPaymentSettingsOptions(const PaymentSettingsMethodOptionsParams& options) {
  // UNCERTAIN: whether Stripe refuses card options where cards are not among the types; paysim
  // keeps them (they matter only to a card).
  return CheckThreeDSecureRequest(options.card(), /*takes_card=*/true, "payment_settings")
      .status();
}

void PassCardOptions(const Invoice& invoice, PaymentIntent& pi) {
  const InvoiceCardPaymentMethodOptions& card =
      invoice.payment_settings().payment_method_options().card();
  if (!card.has_request_three_d_secure() ||
      !absl::c_linear_search(pi.payment_method_types(), "card")) {
    return;
  }
  pi.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
      card.request_three_d_secure());
}

absl::Status CheckPaymentSettingsTypes(
    const google::protobuf::RepeatedPtrField<std::string>& types) {
  return ValidatePaymentMethodTypes(types, /*allow_bank_debits=*/true,
                                    /*allow_customer_balance=*/false,
                                    "payment_settings[payment_method_types]");
}

}  // namespace internal
}  // namespace paysim
