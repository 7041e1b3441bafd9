#include "engine/internal/credit_note_lifecycle.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/customer_balance_lifecycle.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

// Moves the customer's balance by `delta` (negative: a credit) for credit note `note_id`:
// customer.updated, and a `credit_note` balance transaction, whose id is returned ("" if
// nothing moved).
std::string MoveCustomerBalance(World& world, const std::string& customer_id,
                                const std::string& note_id, const std::string& currency,
                                int64_t delta) {
  const Customer* customer = world.customers().Find(customer_id);
  if (customer == nullptr || delta == 0) return "";
  BalanceMove move;
  move.amount = delta;
  move.type = "credit_note";
  move.currency = customer->has_currency() ? customer->currency() : currency;
  move.credit_note = note_id;
  const CustomerBalanceTransaction* transaction =
      CustomerBalanceLifecycle::Move(world, *customer, std::move(move));
  return transaction != nullptr ? transaction->id() : "";
}

}  // namespace

Lifecycle CreditNoteLifecycle::Published() {
  Lifecycle out;
  out.resource = "credit_note";
  out.field = "status";
  out.states = {"issued", "void"};
  out.rendered_status = {"issued", "void"};
  out.transitions = {
      {"", "issue on an open invoice (pre_payment)", "issued",
       "credit_note.created, invoice.updated"},
      {"", "issue on a paid invoice (post_payment)", "issued",
       "refund.created, charge.refunded, customer.updated, credit_note.created, "
       "invoice.updated"},
      {"issued", "update memo or metadata", "issued", "credit_note.updated"},
      {"issued", "void (no refund)", "void", "credit_note.voided, invoice.updated"},
  };
  return out;
}

void CreditNoteLifecycle::AssignIds(World& world, CreditNote& draft) {
  draft.set_id(world.ids().NewId("cn_"));
  for (int i = 0; i < draft.lines().data_size(); ++i) {
    draft.mutable_lines()->mutable_data(i)->set_id(world.ids().NewId("cnli_"));
  }
  draft.mutable_lines()->set_url(absl::StrCat("/v1/credit_notes/", draft.id(), "/lines"));
  // UNCERTAIN: the shape of Stripe's PDF link; no PDF is served.
  draft.set_pdf(absl::StrCat("https://pay.stripe.com/credit_notes/", draft.id(), "/pdf"));
}

const CreditNote& CreditNoteLifecycle::Issue(World& world, CreditNote draft,
                                             const Invoice& invoice) {
  const bool pre_payment = draft.type() == "pre_payment";
  if (!pre_payment && draft.refund_amount() > 0) {
    const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id());
    const Charge* charge = pi == nullptr ? nullptr : world.charges().Find(pi->latest_charge());
    if (charge != nullptr) {
      // UNCERTAIN: the refund's reason (Stripe's refunds made by credit notes carry none
      // documented); paysim leaves it null.
      const Refund& refund = ChargeLifecycle::RefundCaptured(
          world, *charge, draft.refund_amount(), "", google::protobuf::Map<std::string, std::string>());
      // Before basil the note names its refund; from basil on it lists it (`refunds[]`).
      if (draft.legacy_shape()) {
        draft.set_refund(refund.id_shared());
      } else {
        CreditNoteRefund* made = draft.add_refunds();
        made->set_amount_refunded(refund.amount());
        made->set_refund(refund.id_shared());
        made->set_type(PAYSIM_INTERNED("refund"));
      }
    }
  }
  if (!pre_payment) {
    const std::string transaction = MoveCustomerBalance(world, draft.customer(), draft.id(),
                                                        draft.currency(), -draft.credit_amount());
    if (!transaction.empty()) draft.set_customer_balance_transaction(transaction);
  }
  draft.set_status(PAYSIM_INTERNED("issued"));
  const CreditNote& stored = world.credit_notes().Insert(Key(), std::move(draft));
  world.invoice_credit_notes(Key()).Enter(stored.invoice(), world.credit_notes(), stored);
  world.Emit("credit_note.created", stored);
  if (pre_payment) {
    InvoiceLifecycle::ApplyPrePaymentCredit(world, invoice, stored.amount());
  } else {
    InvoiceLifecycle::ApplyPostPaymentCredit(world, invoice, stored.amount());
  }
  return stored;
}

const OrdinalIndex& CreditNoteLifecycle::ByInvoice(World& world) {
  return world.invoice_credit_notes(Key()).BuiltFrom(
      world.credit_notes(), [](const CreditNote& note) -> std::optional<absl::string_view> {
        return absl::string_view(note.invoice());
      });
}

const CreditNote& CreditNoteLifecycle::Update(World& world, const CreditNote& current,
                                              const CreditNote& updated) {
  CreditNote& note = *world.credit_notes().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(note, updated);
  note = updated;
  if (!previous.empty()) world.Emit("credit_note.updated", note, std::move(previous));
  return note;
}

const CreditNote& CreditNoteLifecycle::Void(World& world, const CreditNote& current) {
  CreditNote& note = *world.credit_notes().Mutable(Key(), current.id());
  const bool pre_payment = note.type() == "pre_payment";
  // UNCERTAIN: taking the credit back is recorded as a credit_note transaction too; the note
  // keeps naming the transaction that credited it.
  if (!pre_payment) {
    MoveCustomerBalance(world, note.customer(), note.id(), note.currency(), note.credit_amount());
  }
  note.set_status(PAYSIM_INTERNED("void"));
  note.set_voided_at(world.created());
  world.Emit("credit_note.voided", note);
  if (const Invoice* invoice = world.invoices().Find(note.invoice())) {
    if (pre_payment) {
      InvoiceLifecycle::ApplyPrePaymentCredit(world, *invoice, -note.amount());
    } else {
      InvoiceLifecycle::ApplyPostPaymentCredit(world, *invoice, -note.amount());
    }
  }
  return note;
}

}  // namespace internal
}  // namespace paysim
