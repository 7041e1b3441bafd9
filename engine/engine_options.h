// engine_options.h: how an Engine is set up. Every field has a default.
#ifndef PAYSIM_ENGINE_ENGINE_OPTIONS_H_
#define PAYSIM_ENGINE_ENGINE_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/optional.h"

#include "engine/api_version.h"
#include "engine/clock.h"
#include "engine/exchange_rates.h"
#include "engine/tax_table.h"

namespace paysim {

struct EngineOptions {
  // The source of time. Not owned; must outlive the engine. nullptr: SystemClock::Default().
  // A SimulatedClock (simulated_clock.h; tests' testing::FakeClock) moves only when told.
  Clock* clock = nullptr;

  // Seeds every random choice (ids, fingerprint-free values). Same seed, same calls: the same
  // objects, ids and events, byte for byte.
  uint64_t seed = 0;

  // The account's default API version (events render in it); requests may pin another.
  std::string api_version = std::string(kLatestApiVersion);

  // The account's statement descriptor (5-22 characters) and its shortened prefix (2-10),
  // joined with a dynamic suffix as "PREFIX* SUFFIX".
  std::string statement_descriptor = "PAYSIM TEST";
  std::string statement_descriptor_prefix = "PAYSIM";

  // The account's default currency (always listed in the balance).
  std::string default_currency = "usd";

  // When a subscription's failed automatic invoice payment is tried again, each counted from
  // the invoice's first failed attempt: paysim's fixed, documented stand-in for Stripe's Smart
  // Retries (whose recommended default is 8 tries within 2 weeks, timed by a model). The
  // default makes 4 attempts: at finalization, then 3, 5 and 7 days later. When the last retry
  // fails too, `after_last_retry` says what happens (by default the subscription is canceled,
  // as Stripe's "if all retries for a payment fail" setting does). Empty: no retries.
  std::vector<absl::Duration> invoice_retry_schedule = {absl::Hours(24 * 3), absl::Hours(24 * 5),
                                                        absl::Hours(24 * 7)};

  // What happens when the last retry of a subscription's renewal invoice fails (Stripe's
  // Billing settings under "if all retries for a payment fail"), and when a send_invoice
  // subscription's invoice is still unpaid `send_invoice_overdue_days` after its due date
  // (Stripe's "if an invoice is X days past due"). The subscription is canceled
  // (customer.subscription.deleted), marked `unpaid` (customer.subscription.updated: its later
  // invoices are drafted each period but left as drafts, auto_advance false, and never
  // charged; paying its latest invoice makes it `active` again) or left `past_due`. The
  // invoice stays open (past due; its automatic collection stops), or is marked
  // uncollectible (invoice.marked_uncollectible) before the subscription moves.
  struct OverdueSettings {
    enum class Outcome { kCancel, kMarkUnpaid, kLeavePastDue };
    Outcome subscription = Outcome::kCancel;
    bool mark_invoice_uncollectible = false;
  };
  // After the last retry: by default the subscription is canceled and its invoice left open,
  // Stripe's defaults.
  OverdueSettings after_last_retry;
  // After `send_invoice_overdue_days` days past due (0 or less: never, the default: the
  // subscription stays past_due, Stripe's default). By default it is then left past_due.
  int64_t send_invoice_overdue_days = 0;
  OverdueSettings send_invoice_overdue = {OverdueSettings::Outcome::kLeavePastDue, false};
  // Stripe's Automations for invoices with a due date (send_invoice, one-off or of a
  // subscription), still open and unpaid: invoice.will_be_due `invoice_will_be_due_days`
  // before the due date (when that instant is still ahead at finalization) and
  // invoice.overdue `invoice_overdue_days` after it. Off (nullopt) by default, as a new
  // Stripe account has no automation.
  absl::optional<int64_t> invoice_will_be_due_days;
  absl::optional<int64_t> invoice_overdue_days;
  // Stripe's Automations for quotes: quote.will_expire `quote_will_expire_days` before an open
  // quote's expires_at (when that instant is still ahead at finalization, or when an update
  // moves expires_at). Off (nullopt) by default, as a new Stripe account has no automation.
  absl::optional<int64_t> quote_will_expire_days;
  // Stripe's automatic payout schedule, daily: at 00:00 UTC each day the whole available
  // balance of each currency is paid out to the default bank account (a standard payout,
  // `automatic: true`, reconciliation_status `in_progress`, then `completed` with
  // payout.reconciliation_completed when it is paid). Off by default: payouts are made with
  // POST /v1/payouts only.
  bool automatic_payouts = false;
  // How many days before a subscription renews invoice.upcoming is sent (Stripe's Dashboard
  // setting "upcoming renewal events"; UNCERTAIN: 7 as Stripe's default, which the docs in
  // shared/stripe do not state). Only for a charge_automatically subscription that will renew
  // (none with cancel_at_period_end), and only when that instant is still ahead when the
  // period (or trial) is set. 0 or less: never sent.
  int64_t upcoming_invoice_days = 7;
  // Stripe's Billing setting for disputed payments ("Manage disputed payments": cancel the
  // subscription when a payment is disputed): when a charge that paid a subscription's
  // invoice is disputed (charge.dispute.created: a chargeback or an inquiry), the subscription
  // is canceled at once (customer.subscription.deleted, cancellation_details.reason
  // `payment_disputed`, no proration, its open invoices left as they are). Off by default:
  // the subscription goes on as before (UNCERTAIN: that this is a new account's setting).
  bool cancel_subscription_on_dispute = false;

  // How long events stay retrievable and listed (Stripe: 30 days, counted from when the event
  // happened on the engine's clock; for a test clock's events, from the engine's time when
  // the clock advanced). Older events are dropped as the engine's time passes, freeing the
  // object versions only they held; webhook deliveries already queued are not affected.
  // absl::InfiniteDuration() keeps every event; a value under one second counts as one.
  absl::Duration event_retention = absl::Hours(24 * 30);

  // Where the account collects tax and at which rate: what Checkout's automatic tax applies
  // (tax_table.h documents the default and the lookup). Empty: tax is collected nowhere.
  std::vector<AutomaticTaxRate> automatic_tax_table = DefaultAutomaticTaxTable();

  // The account's default tax behavior (Stripe's tax settings): `exclusive` or `inclusive`,
  // used by automatic tax for prices and shipping rates whose tax_behavior is `unspecified`.
  // Empty (the default, as a new Stripe account): none, and automatic tax refuses such prices.
  std::string default_tax_behavior;
  // Adaptive Pricing (Checkout Sessions with adaptive_pricing[enabled]): the conversion fee
  // built into every quoted exchange rate, as a fraction (0.02 = 2%; Stripe's is 2-4%),
  // rounded to parts per million. Negative counts as 0, above 1 as 1.
  double adaptive_pricing_fee = 0.02;

  // The exchange rate table Adaptive Pricing quotes from; nullopt: paysim's built-in table
  // (exchange_rates.h, which documents it). Engine::Create refuses an invalid table;
  // Engine::SetExchangeRates replaces it later.
  absl::optional<ExchangeRateTable> exchange_rates;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_ENGINE_OPTIONS_H_
