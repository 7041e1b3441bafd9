#include "engine/internal/subscription_changes.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/prorations.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/renewals.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_request.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// A new item (no id yet) is named by its index until the lifecycle gives it its id.
constexpr char kNewItem[] = "new:";

std::vector<ProratedItem> ItemsOf(World& world, const Subscription& subscription) {
  std::vector<ProratedItem> out;
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    const SubscriptionItem& item = subscription.items().data(i);
    if (BillsUsage(item.price())) continue;  // billed in arrears by usage, never prorated
    ProratedItem p;
    p.id = item.id().empty() ? absl::StrCat(kNewItem, i) : std::string(item.id());
    p.price = item.price().id();
    const Product* product = world.products().Find(item.price().product());
    p.product = product != nullptr ? std::string(product->name())
                                   : std::string(item.price().product());
    p.unit_amount = item.price().unit_amount();
    p.quantity = item.quantity();
    p.amount = PriceAmount(item.price(), item.quantity());
    out.push_back(std::move(p));
  }
  return out;
}

// What a credit proration of subscription item `item_id` at `date` credits (Stripe's
// proration_details.credited_items): the newest pending debit proration of that item whose
// period covers `date`, else the lines of the subscription's latest invoice (unless void) that
// billed the item for a time covering `date`. credited_items stays null when neither exists.
InvoiceItemProrationDetails CreditDetails(World& world, const Subscription& subscription,
                                          absl::string_view item_id, int64_t date) {
  InvoiceItemProrationDetails details;
  auto covers = [date](const InvoiceLinePeriod& period) {
    return period.start() <= date && date < period.end();
  };
  const InvoiceItem* debit = nullptr;
  InvoiceItemLifecycle::ForEachPending(
      world, subscription.customer(), [&](const InvoiceItem& pending) {
        if (pending.subscription_item() == item_id && pending.proration() &&
            pending.amount() > 0 && covers(pending.period())) {
          debit = &pending;
        }
      });
  if (debit != nullptr) {
    InvoiceItemCreditedItems* credited = details.mutable_credited_items();
    credited->set_invoice_item(debit->id_shared());
    credited->set_type(PAYSIM_INTERNED("invoice_item"));
    return details;
  }
  const Invoice* invoice = world.invoices().Find(subscription.latest_invoice());
  if (invoice == nullptr || invoice->status() == "void") return details;
  InvoiceItemCreditedLines lines;
  for (const InvoiceLineItem& line : invoice->lines().data()) {
    if (line.subscription_item() == item_id && line.amount() > 0 && covers(line.period())) {
      lines.add_invoice_line_items(line.id());
    }
  }
  if (lines.invoice_line_items().empty()) return details;
  lines.set_invoice(invoice->id_shared());
  InvoiceItemCreditedItems* credited = details.mutable_credited_items();
  *credited->mutable_invoice_line_item_details() = std::move(lines);
  credited->set_type(PAYSIM_INTERNED("invoice_line_items"));
  return details;
}

// The invoice item of `proration` on `subscription` (as it is after the change), without id.
InvoiceItem ProrationItem(World& world, const Subscription& subscription,
                          const Proration& proration) {
  std::string item_id = proration.item.id;
  if (item_id.rfind(kNewItem, 0) == 0) {
    const int index = std::stoi(item_id.substr(sizeof(kNewItem) - 1));
    item_id = subscription.items().data(index).id();
  }
  InvoiceItem item;
  item.set_object(PAYSIM_INTERNED("invoiceitem"));
  item.set_amount(proration.amount);
  item.set_currency(subscription.currency());
  item.set_customer(subscription.customer());
  item.set_date(world.created());
  item.set_description(proration.description);
  item.set_discountable(false);  // Stripe: prorations have discountable=false
  item.set_livemode(false);
  item.mutable_period()->set_start(proration.period_start);
  item.mutable_period()->set_end(proration.period_end);
  const std::string unit = UnitAmountDecimal(proration.amount, proration.item.quantity);
  InvoiceLinePricing* pricing = item.mutable_pricing();
  pricing->mutable_price_details()->set_price(proration.item.price);
  const Price* price = world.prices().Find(proration.item.price);
  if (price != nullptr) pricing->mutable_price_details()->set_product(price->product());
  pricing->set_type(PAYSIM_INTERNED("price_details"));
  pricing->set_unit_amount_decimal(unit);
  item.set_unit_amount_decimal(unit);
  item.set_proration(true);
  *item.mutable_proration_details() =
      proration.credit ? CreditDetails(world, subscription, item_id, proration.period_start)
                       : InvoiceItemProrationDetails();
  item.set_quantity(proration.item.quantity);
  item.set_subscription(subscription.id_shared());
  item.set_subscription_item(item_id);
  return item;
}

// Stores the invoice item of `proration` on `subscription` (as it is after the change).
void StoreProration(World& world, const Subscription& subscription, const Proration& proration) {
  InvoiceItem item = ProrationItem(world, subscription, proration);
  item.set_id(InvoiceItemLifecycle::NewId(world));
  InvoiceItemLifecycle::Create(world, std::move(item));
}

// Finalizes the draft `invoice_id` and, charge_automatically with something to pay, charges it
// on-session (a failure is retried as a renewal's and makes an active subscription past_due);
// `await_customer` (payment_behavior=default_incomplete): not charged, an active subscription
// becomes past_due until it is paid.
void FinalizeAndCollect(World& world, const std::string& invoice_id,
                        bool await_customer = false) {
  const Invoice* draft = world.invoices().Find(invoice_id);
  const Invoice& invoice = InvoiceLifecycle::Finalize(world, *draft, /*auto_advance=*/true);
  if (invoice.status() != "open" || invoice.collection_method() != "charge_automatically") return;
  if (await_customer) {
    SubscriptionLifecycle::OnUpdateAwaitsPayment(world, invoice);
  } else {
    Renewals::Collect(world, invoice, /*off_session=*/false).IgnoreError();
  }
}

// The refusal of an error_if_incomplete change whose invoice waits for 3D Secure.
// UNCERTAIN: Stripe's error for it (paysim: the card's authentication_required decline).
absl::Status AuthenticationRequired() {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("card_error"));
  error.set_code(PAYSIM_INTERNED("authentication_required"));
  error.set_decline_code(PAYSIM_INTERNED("authentication_required"));
  error.set_doc_url(ErrorDocUrl("authentication_required"));
  error.set_message("Your card was declined. This transaction requires authentication.");
  error.set_http_status(402);
  return MakeStripeError(error);
}

// Whether `change` touches what a pending update of `current` would set (its items, trial,
// billing cycle): the pending update is then discarded first.
bool ConflictsWithPending(const Subscription& current, const SubscriptionChange& change) {
  return change.new_cycle || !(current.items() == change.updated.items()) ||
         current.has_trial_end() != change.updated.has_trial_end() ||
         current.trial_end() != change.updated.trial_end();
}

// A change billed now that applies only once its invoice is paid (error_if_incomplete,
// pending_if_incomplete): the invoice bills the subscription as the change makes it (staged,
// not stored), charged on-session; paid, the change applies; not paid, it is refused
// (`decline`) or held as a pending update.
const Subscription& ApplyIfPaid(World& world, const Subscription& before,
                                const SubscriptionChange& change,
                                const std::vector<Proration>& prorations, absl::Status* decline) {
  const std::string id = before.id();
  const std::string invoice_id = InvoiceLifecycle::NewId(world);
  Subscription staged =
      SubscriptionLifecycle::Staged(world, before, change.updated, change.new_cycle);
  for (const Proration& proration : prorations) StoreProration(world, staged, proration);
  InvoiceLifecycle::CreateDraft(world, staged, "subscription_update", invoice_id,
                                /*bill_period=*/change.new_cycle);
  const Invoice& invoice = InvoiceLifecycle::Finalize(world, *world.invoices().Find(invoice_id),
                                                      /*auto_advance=*/true);
  absl::Status paid = absl::OkStatus();
  if (invoice.status() == "open") {
    paid = InvoiceLifecycle::AttemptPayment(world, invoice,
                                            PaymentMethodFor(world, invoice),
                                            /*off_session=*/false, /*next_attempt=*/0);
  }
  const Invoice& after = *world.invoices().Find(invoice_id);
  const Subscription& fresh = *world.subscriptions().Find(id);
  if (after.status() == "paid") {
    staged.set_latest_invoice(invoice_id);
    // Finalizing counted the invoice against the subscription's discount.
    if (fresh.has_discount() && staged.has_discount() &&
        fresh.discount().id() == staged.discount().id()) {
      staged.mutable_discount()->set_invoices_discounted(fresh.discount().invoices_discounted());
    }
    return SubscriptionLifecycle::Update(world, fresh, staged);
  }
  if (change.payment_behavior == "error_if_incomplete") {
    InvoiceLifecycle::Void(world, after);
    *decline = paid.ok() ? AuthenticationRequired() : paid;
    return *world.subscriptions().Find(id);
  }
  return SubscriptionLifecycle::HoldPendingUpdate(world, fresh, staged, invoice_id,
                                                  change.new_cycle, change.pending_metadata);
}

// Whether the current period was billed (and so is prorated): active or past_due. A trial, an
// incomplete first period or a pause bills nothing to credit. UNCERTAIN: Stripe prorates an
// incomplete subscription's change too (its first invoice is open, not paid).
bool Billed(const Subscription& subscription) {
  return subscription.status() == "active" || subscription.status() == "past_due";
}

// The instant `change` is prorated at.
int64_t ProrationDate(World& world, const SubscriptionChange& change) {
  return change.proration_date != 0 ? change.proration_date : world.created();
}

// The prorations of `change` to `before` (none when it does not prorate). Prices are for the
// period's full length, so a period cut short by cancel_at is prorated out of that length.
std::vector<Proration> ProrationsOf(World& world, const Subscription& before,
                                    const SubscriptionChange& change) {
  const int64_t date = ProrationDate(world, change);
  if (change.proration_behavior == "none" || !Billed(before)) return {};
  const int64_t start = before.period_start();
  const int64_t end = before.period_end();
  const int64_t full = SubscriptionLifecycle::FullPeriodEnd(before) - start;
  if (change.new_cycle) return ComputeCredits(ItemsOf(world, before), date, start, end, full);
  const std::vector<ProratedItem> after = ItemsOf(world, change.updated);
  std::vector<Proration> out =
      ComputeProrations(ItemsOf(world, before), after, date, start, end, full);
  // cancel_at moves the period's end: the time cut off is credited, the time given back
  // (cancel_at moved later or removed) is billed (subscription_cancellation.h).
  const int64_t new_end = SubscriptionLifecycle::CutPeriodEnd(change.updated);
  const std::vector<Proration> span =
      new_end < end ? ComputeSpan(after, /*credit=*/true, new_end, end, full)
                    : ComputeSpan(after, /*credit=*/false, end, new_end, full);
  out.insert(out.end(), span.begin(), span.end());
  return out;
}

// Whether `change` is invoiced now (rather than at the next renewal).
bool InvoicedNow(const SubscriptionChange& change, const std::vector<Proration>& prorations) {
  return change.new_cycle ||
         (change.proration_behavior == "always_invoice" && !prorations.empty());
}

}  // namespace

absl::Status SubscriptionChanges::CheckUpFront(World& world, const Subscription& current,
                                               const SubscriptionChange& change) {
  const bool pending = change.payment_behavior == "pending_if_incomplete";
  if ((change.payment_behavior != "error_if_incomplete" && !pending) ||
      current.collection_method() != "charge_automatically" ||
      !InvoicedNow(change, ProrationsOf(world, current, change))) {
    return absl::OkStatus();
  }
  const std::string payment_method = PaymentMethodFor(world, change.updated);
  if (IsBankDebitType(PaymentMethodTypeOf(world, payment_method))) {
    // Stripe: "Pending updates aren't supported ... when bank debits are used as the payment
    // method for the subscription." UNCERTAIN: error_if_incomplete likewise (a debit is paid
    // days later, never within the request), and the wording.
    return InvalidRequestError(
        "", "payment_behavior",
        absl::StrCat("payment_behavior=", change.payment_behavior,
                     " is not supported when a bank debit pays the subscription: its payment "
                     "completes days later."));
  }
  if (pending) return absl::OkStatus();
  // error_if_incomplete with nothing to charge is refused before anything changes (as a
  // creation is).
  if (payment_method.empty()) {
    // UNCERTAIN: Stripe's wording (as an invoice's payment without a payment method).
    return InvalidRequestError(
        "", "", "This customer has no attached payment source or default payment method.");
  }
  return CheckPaymentMethodAllowed(world, change.updated, payment_method);
}

const Subscription& SubscriptionChanges::Apply(World& world, const Subscription& current,
                                               SubscriptionChange change, absl::Status* decline) {
  const std::string id = current.id();
  if (absl::Status refused = CheckUpFront(world, current, change); !refused.ok()) {
    *decline = std::move(refused);
    return current;
  }
  if (current.has_pending_update() && ConflictsWithPending(current, change)) {
    SubscriptionLifecycle::ExpirePendingUpdate(world, current);
    change.updated.clear_pending_update();
  }
  MakeInlinePrices(world, change.updated);  // items[i][price_data]: their prices made now
  const Subscription before = *world.subscriptions().Find(id);
  const std::vector<Proration> prorations = ProrationsOf(world, before, change);
  const bool invoice_now = InvoicedNow(change, prorations);
  // Only a charged invoice can be paid at once (a send_invoice change applies as usual).
  if (invoice_now && before.collection_method() == "charge_automatically" &&
      (change.payment_behavior == "error_if_incomplete" ||
       change.payment_behavior == "pending_if_incomplete")) {
    return ApplyIfPaid(world, before, change, prorations, decline);
  }
  // The invoice that bills the change now, if any, is named before the change (latest_invoice).
  std::string invoice_id;
  if (invoice_now) invoice_id = InvoiceLifecycle::NewId(world);
  if (invoice_now && !change.new_cycle) change.updated.set_latest_invoice(invoice_id);
  SubscriptionLifecycle::Update(world, before, change.updated,
                                change.new_cycle ? invoice_id : std::string());
  const Subscription* after = world.subscriptions().Find(id);
  for (const Proration& proration : prorations) StoreProration(world, *after, proration);
  if (invoice_now) {
    InvoiceLifecycle::CreateDraft(world, *world.subscriptions().Find(id), "subscription_update",
                                  invoice_id, /*bill_period=*/change.new_cycle);
    FinalizeAndCollect(world, invoice_id, change.payment_behavior == "default_incomplete");
  }
  return *world.subscriptions().Find(id);
}

absl::optional<Invoice> SubscriptionChanges::Preview(World& world, const Subscription& current,
                                                     const SubscriptionChange& change) {
  const std::vector<Proration> prorations = ProrationsOf(world, current, change);
  const Subscription after =
      SubscriptionLifecycle::Projected(world, current, change.updated, change.new_cycle);
  std::vector<InvoiceItem> items;
  for (const Proration& proration : prorations) {
    items.push_back(ProrationItem(world, after, proration));
  }
  if (InvoicedNow(change, prorations)) {
    return InvoiceLifecycle::PreviewNow(world, after, /*bill_period=*/change.new_cycle,
                                        world.created(), items);
  }
  return Renewals::Upcoming(world, after, items);
}

const Subscription& SubscriptionChanges::CancelNow(
    World& world, const Subscription& current, bool prorate, bool invoice_now,
    const SubscriptionCancellationDetailsParams* feedback) {
  const std::string id = current.id();
  const Subscription before = current;
  SubscriptionLifecycle::Cancel(world, current, feedback);
  const Subscription* after = world.subscriptions().Find(id);
  if (prorate && Billed(before)) {
    for (const Proration& proration :
         ComputeCredits(ItemsOf(world, before), world.created(), before.period_start(),
                        before.period_end(),
                        SubscriptionLifecycle::FullPeriodEnd(before) - before.period_start())) {
      StoreProration(world, *after, proration);
    }
  }
  if (invoice_now) InvoiceEnded(world, *after, world.created());
  return *world.subscriptions().Find(id);
}

const Subscription& SubscriptionChanges::ResumeUnchanged(World& world,
                                                         const Subscription& current,
                                                         const std::string& proration_behavior,
                                                         int64_t proration_date) {
  const std::string id = current.id();
  const int64_t date = proration_date != 0 ? proration_date : world.created();
  const SubscriptionLifecycle::CyclePeriod period =
      SubscriptionLifecycle::SurroundingPeriod(current, world.created());
  const std::vector<ProratedItem> items = ItemsOf(world, current);
  const bool prorated = proration_behavior != "none" && !items.empty() && date < period.end;
  const bool invoice_now = prorated && proration_behavior == "always_invoice";
  const std::string invoice_id = invoice_now ? InvoiceLifecycle::NewId(world) : std::string();
  SubscriptionLifecycle::Resume(world, current, invoice_id, /*keep_anchor=*/true);
  const Subscription& after = *world.subscriptions().Find(id);
  if (prorated) {
    const int64_t full = SubscriptionLifecycle::FullPeriodEnd(after) - after.period_start();
    for (const Proration& proration :
         ComputeSpan(ItemsOf(world, after), /*credit=*/false, date, after.period_end(), full)) {
      StoreProration(world, after, proration);
    }
  }
  if (invoice_now) {
    InvoiceLifecycle::CreateDraft(world, *world.subscriptions().Find(id), "subscription_update",
                                  invoice_id, /*bill_period=*/false);
    FinalizeAndCollect(world, invoice_id);
  }
  return *world.subscriptions().Find(id);
}

void SubscriptionChanges::InvoiceEnded(World& world, const Subscription& ended, int64_t until) {
  bool pending = false;
  InvoiceItemLifecycle::ForEachPending(world, ended.customer(), [&](const InvoiceItem& item) {
    if (item.subscription() == ended.id()) pending = true;
  });
  bool metered = false;
  for (const SubscriptionItem& item : ended.items().data()) {
    metered = metered || BillsUsage(item.price());
  }
  if (!pending && !metered) return;
  const std::string invoice_id = InvoiceLifecycle::NewId(world);
  InvoiceLifecycle::CreateDraft(world, ended, "subscription_update", invoice_id,
                                /*bill_period=*/false, /*usage_end=*/until);
  FinalizeAndCollect(world, invoice_id);
}

}  // namespace internal
}  // namespace paysim
