// The fields `expand[]` reaches (expand_rules.h).
#include "engine/wire/expand_rules.h"

#include "absl/strings/match.h"
#include "engine/api_version.h"
#include "engine/wire/expand.h"

namespace paysim {
namespace wire {
namespace expand_rules {

namespace {

// The versions whose invoices show `payment_intent` no more (expandable as included).
bool FromBasil(absl::string_view version) { return !InvoiceShowsPaymentIntent(version); }

}  // namespace

const std::vector<Rule>& Rules() {
  static const auto* rules = new std::vector<Rule>{
      {"charge", {"customer"}, {"customer"}},
      {"charge", {"balance_transaction"}, {"balance_transaction"}},
      {"charge", {"payment_method"}, {"payment_method"}},
      {"charge", {"payment_intent"}, {"payment_intent"}},
      {"payment_intent", {"customer"}, {"customer"}},
      {"payment_intent", {"latest_charge"}, {"charge"}},
      {"payment_intent", {"payment_method"}, {"payment_method"}},
      {"setup_intent", {"customer"}, {"customer"}},
      {"setup_intent", {"payment_method"}, {"payment_method"}},
      {"setup_intent", {"mandate"}, {"mandate"}},
      {"mandate", {"payment_method"}, {"payment_method"}},
      {"refund", {"charge"}, {"charge"}},
      {"refund", {"balance_transaction"}, {"balance_transaction"}},
      {"refund", {"failure_balance_transaction"}, {"balance_transaction"}},
      {"dispute", {"charge"}, {"charge"}},
      {"dispute", {"payment_intent"}, {"payment_intent"}},
      {"radar.early_fraud_warning", {"charge"}, {"charge"}},
      {"radar.early_fraud_warning", {"payment_intent"}, {"payment_intent"}},
      {"payout", {"balance_transaction"}, {"balance_transaction"}},
      {"payout", {"failure_balance_transaction"}, {"balance_transaction"}},
      {"topup", {"balance_transaction"}, {"balance_transaction"}},
      {"payment_method", {"customer"}, {"customer"}},
      {"customer", {"invoice_settings", "default_payment_method"}, {"payment_method"}},
      {"customer", {"default_source"}, {"card"}},
      // Not an id: the customer's list of saved cards, filled in when asked for (WithSources).
      {"customer", {"sources"}, {}},
      // Not an id: the charge's list of refunds, filled in when asked for (WithRefunds).
      {"charge", {"refunds"}, {}},
      // The customer's cash balance, filled in when asked for (cash_balances.h Retrieve).
      {"customer", {"cash_balance"}, {}, Kind::kInclude},
      // The customer's tax IDs, a list filled in when asked for (tax_ids.h WithTaxIds).
      {"customer", {"tax_ids"}, {}, Kind::kInclude},
      // Where Stripe Tax places the customer, computed when asked for (customer_tax.h).
      {"customer", {"tax"}, {}, Kind::kInclude},
      {"tax_id", {"customer"}, {"customer"}},
      {"balance_transaction", {"source"}, {"charge", "refund"}},
      {"checkout.session", {"customer"}, {"customer"}},
      {"checkout.session", {"payment_intent"}, {"payment_intent"}},
      {"checkout.session", {"setup_intent"}, {"setup_intent"}},
      {"checkout.session", {"subscription"}, {"subscription"}},
      {"checkout.session", {"invoice"}, {"invoice"}},
      {"checkout.session", {"line_items"}, {"item"}, Kind::kIncludeList},
      {"checkout.session", {"total_details", "breakdown"}, {}, Kind::kInclude},
      {"checkout.session", {"shipping_cost", "taxes"}, {}, Kind::kInclude},
      {"payment_link", {"line_items"}, {"item"}, Kind::kIncludeList},
      {"quote", {"line_items"}, {"item"}, Kind::kIncludeList},
      {"quote", {"computed", "upfront", "line_items"}, {"item"}, Kind::kIncludeList},
      {"quote", {"customer"}, {"customer"}},
      {"quote", {"invoice"}, {"invoice"}},
      {"quote", {"subscription"}, {"subscription"}},
      {"coupon", {"currency_options"}, {}, Kind::kIncludeHash},
      {"promotion_code", {"coupon"}, {"coupon"}},
      {"promotion_code", {"restrictions", "currency_options"}, {}, Kind::kIncludeHash},
      {"shipping_rate", {"fixed_amount", "currency_options"}, {}, Kind::kIncludeHash},
      {"item", {"discounts"}, {}, Kind::kInclude},
      {"item", {"taxes"}, {}, Kind::kInclude},
      {"price", {"product"}, {"product"}},
      // A tiered price's (or plan's) tiers: included only when asked for.
      {"price", {"tiers"}, {}, Kind::kInclude},
      {"plan", {"tiers"}, {}, Kind::kInclude},
      {"product", {"default_price"}, {"price"}},
      {"item", {"price", "product"}, {"product"}},
      {"subscription", {"customer"}, {"customer"}},
      {"subscription", {"default_payment_method"}, {"payment_method"}},
      {"subscription_schedule", {"customer"}, {"customer"}},
      {"customer_balance_transaction", {"customer"}, {"customer"}},
      {"subscription_schedule", {"subscription"}, {"subscription"}},
      {"subscription", {"latest_invoice"}, {"invoice"}},
      {"invoice", {"customer"}, {"customer"}},
      {"invoice", {"default_payment_method"}, {"payment_method"}},
      {"invoice", {"payment_intent"}, {"payment_intent"}, Kind::kId, InvoiceShowsPaymentIntent},
      {"invoice", {"subscription"}, {"subscription"}, Kind::kId, InvoiceShowsPaymentIntent},
      {"invoice", {"charge"}, {"charge"}, Kind::kId, InvoiceShowsPaymentIntent},
      {"invoice", {"parent", "subscription_details", "subscription"}, {"subscription"},
       Kind::kId, FromBasil},
      {"invoice", {"payments"}, {}, Kind::kInclude, FromBasil},
      {"invoice_payment", {"invoice"}, {"invoice"}},
      {"invoice_payment", {"payment", "payment_intent"}, {"payment_intent"}},
      // The client secret of the invoice's PaymentIntent, filled in when asked for.
      {"invoice", {"confirmation_secret"}, {}, Kind::kInclude, FromBasil},
      {"payment_intent", {"invoice"}, {"invoice"}, Kind::kId, PaymentIntentShowsInvoice},
      {"invoiceitem", {"customer"}, {"customer"}},
      {"invoiceitem", {"invoice"}, {"invoice"}},
      {"credit_note", {"customer"}, {"customer"}},
      {"credit_note", {"invoice"}, {"invoice"}},
      // Before basil a credit note names its refund; from basil on it lists them (refunds[]).
      {"credit_note", {"refund"}, {"refund"}, Kind::kId, InvoiceShowsPaymentIntent},
      {"customer_balance_transaction", {"invoice"}, {"invoice"}},
      {"customer_balance_transaction", {"credit_note"}, {"credit_note"}},
  };
  return *rules;
}

bool IdNames(absl::string_view type, absl::string_view id) {
  if (type == "customer") return absl::StartsWith(id, "cus_");
  if (type == "balance_transaction") return absl::StartsWith(id, "txn_");
  // A `pm_card_*` test name would mint a new PaymentMethod: never expanded.
  // A saved card (`card_...`) answers as a PaymentMethod too.
  if (type == "payment_method") {
    return (absl::StartsWith(id, "pm_") && !absl::StartsWith(id, "pm_card_")) ||
           absl::StartsWith(id, "card_");
  }
  if (type == "charge") return absl::StartsWith(id, "ch_") || absl::StartsWith(id, "py_");
  if (type == "refund") return absl::StartsWith(id, "re_");
  if (type == "payment_intent") return absl::StartsWith(id, "pi_");
  if (type == "setup_intent") return absl::StartsWith(id, "seti_");
  if (type == "mandate") return absl::StartsWith(id, "mandate_");
  if (type == "product") return !id.empty();  // a product may have an id of your own
  if (type == "price") return absl::StartsWith(id, "price_");
  if (type == "subscription") return absl::StartsWith(id, "sub_");
  if (type == "card") return absl::StartsWith(id, "card_");
  if (type == "invoice") return absl::StartsWith(id, "in_");
  if (type == "credit_note") return absl::StartsWith(id, "cn_");
  return false;
}

const Rule* Match(absl::string_view type, const std::vector<std::string>& path, size_t pos,
                  absl::string_view version) {
  for (const Rule& rule : Rules()) {
    if (rule.object != type || pos + rule.field.size() > path.size()) continue;
    if (rule.exists != nullptr && !rule.exists(version)) continue;
    bool same = true;
    for (size_t i = 0; i < rule.field.size() && same; ++i) same = rule.field[i] == path[pos + i];
    if (same) return &rule;
  }
  return nullptr;
}

Check CheckFrom(absl::string_view type, const std::vector<std::string>& path, size_t pos,
                int depth, absl::string_view version) {
  const Rule* rule = Match(type, path, pos, version);
  if (rule == nullptr) return Check::kUnknown;
  if (depth >= kMaxExpandDepth) return Check::kTooDeep;
  size_t next = pos + rule->field.size();
  if (next == path.size()) return Check::kOk;
  if (rule->kind == Kind::kIncludeList) {  // on through its `data`
    if (path[next] != "data" || next + 1 == path.size()) return Check::kUnknown;
    ++next;
  }
  Check result = Check::kUnknown;
  for (absl::string_view target : rule->targets) {
    Check c = CheckFrom(target, path, next, depth + 1, version);
    if (c == Check::kOk) return c;
    if (c == Check::kTooDeep) result = c;
  }
  return result;
}

}  // namespace expand_rules
}  // namespace wire
}  // namespace paysim
