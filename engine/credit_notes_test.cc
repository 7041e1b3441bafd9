// Behaviour tests of credit notes: pre_payment notes on open invoices (amount_due down, the
// PaymentIntent follows, a fully credited invoice is paid), post_payment notes on paid ones
// (a real refund, the customer's balance, out of band), lines, preview, update, void, list
// (by invoice, numbered per invoice, also on a restored engine) and every refusal (nothing
// changes).
#include <memory>
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::StartsWith;

class CreditNotesTest : public BillingTest {
 protected:
  // An open one-off invoice of one 2000 usd item (quantity 2 of 1000) of `customer`.
  Invoice OpenInvoice(const std::string& customer) {
    absl::StatusOr<InvoiceItem> item = engine_.invoice_items().Create(
        ParseParams<InvoiceItemCreateParams>("customer: \"" + customer +
                                             "\" unit_amount: 1000 quantity: 2 currency: \"usd\" "
                                             "description: \"Seats\""));
    EXPECT_THAT(item, IsOk());
    absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
        "customer: \"" + customer + "\" pending_invoice_items_behavior: \"include\""));
    EXPECT_THAT(draft, IsOk());
    absl::StatusOr<Invoice> open =
        engine_.invoices().Finalize(draft.ok() ? draft->id() : "", InvoiceFinalizeParams());
    EXPECT_THAT(open, IsOk());
    return open.value_or(Invoice());
  }

  // A subscription's first invoice, paid by card: 3000 usd.
  Invoice PaidInvoice(const std::string& customer) {
    absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(3000));
    EXPECT_THAT(sub, IsOk());
    return Inv(sub.ok() ? sub->latest_invoice() : "");
  }

  absl::StatusOr<CreditNote> Create(const std::string& text) {
    return engine_.credit_notes().Create(ParseParams<CreditNoteCreateParams>(text));
  }

  CreditNote MustCreate(const std::string& text) {
    absl::StatusOr<CreditNote> note = Create(text);
    EXPECT_THAT(note, IsOk());
    return note.value_or(CreditNote());
  }

  void ExpectRefused(const std::string& text, const std::string& code, const std::string& param) {
    const size_t events = events_.size();
    EXPECT_THAT(Create(text), StripeErrorWithParam("invalid_request_error", code, param)) << text;
    EXPECT_THAT(engine_.credit_notes().Preview(ParseParams<CreditNoteCreateParams>(text)),
                StripeErrorWithParam("invalid_request_error", code, param))
        << text;
    EXPECT_EQ(events_.size(), events);
  }

  std::string Of(const Invoice& invoice) { return "invoice: \"" + invoice.id() + "\" "; }
};

TEST_F(CreditNotesTest, PrePaymentLowersWhatIsDue) {
  const std::string customer = NewCustomer("");
  const Invoice invoice = OpenInvoice(customer);
  ASSERT_EQ(invoice.status(), "open");
  ASSERT_EQ(invoice.amount_due(), 2000);
  const size_t before = events_.size();
  CreditNote note = MustCreate(Of(invoice) +
                               "amount: 500 reason: \"order_change\" memo: \"Sorry\" "
                               "metadata { key: \"k\" value: \"v\" }");
  EXPECT_THAT(note.id(), StartsWith("cn_"));
  EXPECT_EQ(note.object(), "credit_note");
  EXPECT_EQ(note.amount(), 500);
  EXPECT_EQ(note.currency(), "usd");
  EXPECT_EQ(note.customer(), customer);
  EXPECT_EQ(note.invoice(), invoice.id());
  EXPECT_EQ(note.number(), invoice.number() + "-CN-01");
  EXPECT_EQ(note.status(), "issued");
  EXPECT_EQ(note.type(), "pre_payment");
  EXPECT_EQ(note.reason(), "order_change");
  EXPECT_EQ(note.memo(), "Sorry");
  EXPECT_EQ(note.metadata().at("k"), "v");
  EXPECT_EQ(note.subtotal(), 500);
  EXPECT_EQ(note.total(), 500);
  EXPECT_EQ(note.created(), kStart);
  EXPECT_EQ(note.effective_at(), kStart);
  EXPECT_EQ(note.lines().data_size(), 0);
  EXPECT_EQ(note.lines().url(), "/v1/credit_notes/" + note.id() + "/lines");
  EXPECT_FALSE(note.has_refund());
  EXPECT_FALSE(note.has_customer_balance_transaction());
  EXPECT_THAT(TypesSince(before), ElementsAre("credit_note.created", "invoice.updated"));

  const Invoice after = Inv(invoice.id());
  EXPECT_EQ(after.status(), "open");
  EXPECT_EQ(after.total(), 2000);
  EXPECT_EQ(after.amount_due(), 1500);
  EXPECT_EQ(after.amount_remaining(), 1500);
  EXPECT_EQ(after.pre_payment_credit_notes_amount(), 500);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(after.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->amount(), 1500);

  // A second note is numbered -02; paying the invoice then charges what is left.
  CreditNote second = MustCreate(Of(invoice) + "amount: 100");
  EXPECT_EQ(second.number(), invoice.number() + "-CN-02");
  const std::string pm = AttachCard(customer, "pm_card_visa");
  InvoicePayParams pay;
  pay.set_payment_method(pm);
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(invoice.id(), pay);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_paid(), 1400);
}

TEST_F(CreditNotesTest, FullyCreditedOpenInvoiceIsPaid) {
  const Invoice invoice = OpenInvoice(NewCustomer(""));
  const size_t before = events_.size();
  CreditNote note = MustCreate(Of(invoice) + "amount: 2000");
  EXPECT_EQ(note.type(), "pre_payment");
  const Invoice after = Inv(invoice.id());
  EXPECT_EQ(after.status(), "paid");
  EXPECT_EQ(after.amount_due(), 0);
  EXPECT_EQ(after.amount_paid(), 0);
  EXPECT_EQ(after.amount_remaining(), 0);
  EXPECT_EQ(engine_.payment_intents().Retrieve(after.payment_intent_id())->status(), "canceled");
  EXPECT_THAT(TypesSince(before, "invoice"),
              ElementsAre("invoice.updated", "invoice.paid", "invoice.payment_succeeded"));
  // Nothing more can be credited.
  ExpectRefused(Of(invoice) + "amount: 1", "", "amount");
}

TEST_F(CreditNotesTest, Lines) {
  const Invoice invoice = OpenInvoice(NewCustomer(""));
  const std::string line = invoice.lines().data(0).id();
  CreditNote note = MustCreate(Of(invoice) + "lines { type: \"invoice_line_item\" invoice_line_item: \"" +
                               line +
                               "\" quantity: 1 } lines { type: \"custom_line_item\" "
                               "unit_amount: 150 quantity: 2 description: \"Shipping\" }");
  EXPECT_EQ(note.amount(), 1300);
  ASSERT_EQ(note.lines().data_size(), 2);
  const CreditNoteLineItem& first = note.lines().data(0);
  EXPECT_THAT(first.id(), StartsWith("cnli_"));
  EXPECT_EQ(first.object(), "credit_note_line_item");
  EXPECT_EQ(first.type(), "invoice_line_item");
  EXPECT_EQ(first.invoice_line_item(), line);
  EXPECT_EQ(first.quantity(), 1);
  EXPECT_EQ(first.unit_amount(), 1000);
  EXPECT_EQ(first.amount(), 1000);
  EXPECT_EQ(first.description(), "Seats");
  const CreditNoteLineItem& second = note.lines().data(1);
  EXPECT_EQ(second.type(), "custom_line_item");
  EXPECT_EQ(second.amount(), 300);
  EXPECT_EQ(second.description(), "Shipping");
  EXPECT_FALSE(second.has_invoice_line_item());

  CreditNote by_amount = MustCreate(Of(invoice) + "amount: 200 lines { type: \"invoice_line_item\" "
                                    "invoice_line_item: \"" + line + "\" amount: 200 }");
  EXPECT_EQ(by_amount.lines().data(0).amount(), 200);
  EXPECT_FALSE(by_amount.lines().data(0).has_quantity());

  CreditNoteLinesParams page;
  page.set_limit(1);
  absl::StatusOr<ListResult<CreditNoteLineItem>> lines =
      engine_.credit_notes().ListLines(note.id(), page);
  ASSERT_THAT(lines, IsOk());
  ASSERT_EQ(lines->data.size(), 1u);
  EXPECT_EQ(lines->data[0].id(), first.id());
  EXPECT_TRUE(lines->has_more);
  EXPECT_EQ(lines->url, "/v1/credit_notes/" + note.id() + "/lines");
  page.set_starting_after(first.id());
  lines = engine_.credit_notes().ListLines(note.id(), page);
  ASSERT_THAT(lines, IsOk());
  ASSERT_EQ(lines->data.size(), 1u);
  EXPECT_EQ(lines->data[0].id(), second.id());
  EXPECT_FALSE(lines->has_more);
  EXPECT_THAT(engine_.credit_notes().ListLines("cn_missing", CreditNoteLinesParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(CreditNotesTest, PostPaymentRefundCreditAndOutOfBand) {
  const std::string customer = NewCustomer();
  const Invoice invoice = PaidInvoice(customer);
  ASSERT_EQ(invoice.status(), "paid");
  const size_t before = events_.size();
  CreditNote note = MustCreate(Of(invoice) +
                               "amount: 1000 refund_amount: 600 credit_amount: 300 "
                               "out_of_band_amount: 100 reason: \"product_unsatisfactory\"");
  EXPECT_EQ(note.type(), "post_payment");
  EXPECT_EQ(note.out_of_band_amount(), 100);
  // From basil on the note lists its refund (before basil: `refund`, credit_note_taxes_test).
  ASSERT_EQ(note.refunds_size(), 1);
  EXPECT_FALSE(note.has_refund());
  EXPECT_EQ(note.refunds(0).amount_refunded(), 600);
  absl::StatusOr<Refund> refund = engine_.refunds().Retrieve(note.refunds(0).refund());
  ASSERT_THAT(refund, IsOk());
  EXPECT_EQ(refund->amount(), 600);
  EXPECT_EQ(refund->status(), "succeeded");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(invoice.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(engine_.charges().Retrieve(pi->latest_charge())->amount_refunded(), 600);
  EXPECT_EQ(engine_.customers().Retrieve(customer)->balance(), -300);
  const Invoice after = Inv(invoice.id());
  EXPECT_EQ(after.status(), "paid");
  EXPECT_EQ(after.amount_paid(), 3000);
  EXPECT_EQ(after.post_payment_credit_notes_amount(), 1000);
  const std::vector<std::string> types = TypesSince(before);
  EXPECT_THAT(TypesSince(before, "credit_note"), ElementsAre("credit_note.created"));
  EXPECT_THAT(TypesSince(before, "refund"), ElementsAre("refund.created"));
  EXPECT_THAT(TypesSince(before, "customer."), ElementsAre("customer.updated"));
  EXPECT_EQ(types.back(), "invoice.updated");

  // By default the whole amount goes to the customer's balance.
  CreditNote credit = MustCreate(Of(invoice) + "amount: 500");
  EXPECT_FALSE(credit.has_refund());
  EXPECT_EQ(engine_.customers().Retrieve(customer)->balance(), -800);

  // 1500 left to credit.
  ExpectRefused(Of(invoice) + "amount: 1501", "", "amount");
  ExpectRefused(Of(invoice) + "amount: 100 refund_amount: 50", "", "amount");
  ExpectRefused(Of(invoice) + "amount: 10 credit_amount: -1 refund_amount: 11",
                "parameter_invalid_integer", "credit_amount");

  // Voiding gives the credit back; a note with a refund cannot be voided.
  const size_t void_before = events_.size();
  absl::StatusOr<CreditNote> voided = engine_.credit_notes().Void(credit.id());
  ASSERT_THAT(voided, IsOk());
  EXPECT_EQ(voided->status(), "void");
  EXPECT_EQ(voided->voided_at(), kStart);
  EXPECT_EQ(engine_.customers().Retrieve(customer)->balance(), -300);
  EXPECT_EQ(Inv(invoice.id()).post_payment_credit_notes_amount(), 1000);
  EXPECT_THAT(TypesSince(void_before),
              ElementsAre("customer.updated", "credit_note.voided", "invoice.updated"));
  const size_t refused = events_.size();
  EXPECT_THAT(engine_.credit_notes().Void(note.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_THAT(engine_.credit_notes().Void(credit.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_EQ(events_.size(), refused);
}

TEST_F(CreditNotesTest, PaidOutOfBandHasNothingToRefund) {
  const Invoice invoice = OpenInvoice(NewCustomer(""));
  InvoicePayParams pay;
  pay.set_paid_out_of_band(true);
  ASSERT_THAT(engine_.invoices().Pay(invoice.id(), pay), IsOk());
  ExpectRefused(Of(invoice) + "amount: 100 refund_amount: 100", "", "refund_amount");
  CreditNote note = MustCreate(Of(invoice) + "amount: 100 out_of_band_amount: 100");
  EXPECT_EQ(note.out_of_band_amount(), 100);
}

TEST_F(CreditNotesTest, VoidPrePaymentRestoresTheInvoice) {
  const Invoice invoice = OpenInvoice(NewCustomer(""));
  CreditNote note = MustCreate(Of(invoice) + "amount: 700");
  const size_t before = events_.size();
  absl::StatusOr<CreditNote> voided = engine_.credit_notes().Void(note.id());
  ASSERT_THAT(voided, IsOk());
  EXPECT_THAT(TypesSince(before), ElementsAre("credit_note.voided", "invoice.updated"));
  const Invoice after = Inv(invoice.id());
  EXPECT_EQ(after.amount_due(), 2000);
  EXPECT_EQ(after.amount_remaining(), 2000);
  EXPECT_EQ(after.pre_payment_credit_notes_amount(), 0);
  EXPECT_EQ(engine_.payment_intents().Retrieve(after.payment_intent_id())->amount(), 2000);

  // Once the invoice is no longer open, a pre_payment note stays.
  CreditNote kept = MustCreate(Of(invoice) + "amount: 100");
  ASSERT_THAT(engine_.invoices().Void(invoice.id()), IsOk());
  EXPECT_THAT(engine_.credit_notes().Void(kept.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_THAT(engine_.credit_notes().Void("cn_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(CreditNotesTest, RefusalsChangeNothing) {
  const Invoice invoice = OpenInvoice(NewCustomer(""));
  const std::string line = invoice.lines().data(0).id();
  ExpectRefused("amount: 100", "parameter_missing", "invoice");
  ExpectRefused("invoice: \"in_missing\" amount: 100", "resource_missing", "invoice");
  ExpectRefused(Of(invoice), "parameter_missing", "amount");
  ExpectRefused(Of(invoice) + "amount: 0", "parameter_invalid_integer", "amount");
  ExpectRefused(Of(invoice) + "amount: -5", "parameter_invalid_integer", "amount");
  ExpectRefused(Of(invoice) + "amount: 2001", "", "amount");
  ExpectRefused(Of(invoice) + "amount: 100 reason: \"bored\"", "", "reason");
  ExpectRefused(Of(invoice) + "amount: 100 refund_amount: 100", "", "refund_amount");
  ExpectRefused(Of(invoice) + "amount: 100 credit_amount: 100", "", "credit_amount");
  ExpectRefused(Of(invoice) + "amount: 100 out_of_band_amount: 100", "", "out_of_band_amount");
  ExpectRefused(Of(invoice) + "amount: 100 metadata { key: \"\" value: \"v\" }", "", "metadata");
  ExpectRefused(Of(invoice) + "lines { quantity: 1 }", "parameter_missing", "lines[0][type]");
  ExpectRefused(Of(invoice) + "lines { type: \"other\" }", "", "lines[0][type]");
  ExpectRefused(Of(invoice) + "lines { type: \"invoice_line_item\" }", "parameter_missing",
                "lines[0][invoice_line_item]");
  ExpectRefused(Of(invoice) + "lines { type: \"invoice_line_item\" invoice_line_item: \"il_x\" }",
                "resource_missing", "lines[0][invoice_line_item]");
  ExpectRefused(Of(invoice) + "lines { type: \"invoice_line_item\" invoice_line_item: \"" + line +
                    "\" quantity: 3 }",
                "", "lines[0][quantity]");
  ExpectRefused(Of(invoice) + "lines { type: \"invoice_line_item\" invoice_line_item: \"" + line +
                    "\" quantity: 0 }",
                "parameter_invalid_integer", "lines[0][quantity]");
  ExpectRefused(Of(invoice) + "lines { type: \"invoice_line_item\" invoice_line_item: \"" + line +
                    "\" amount: 2001 }",
                "", "lines[0][amount]");
  ExpectRefused(Of(invoice) + "lines { type: \"invoice_line_item\" invoice_line_item: \"" + line +
                    "\" amount: 1 quantity: 1 }",
                "", "lines[0][amount]");
  ExpectRefused(Of(invoice) + "lines { type: \"custom_line_item\" description: \"d\" }",
                "parameter_missing", "lines[0][unit_amount]");
  ExpectRefused(Of(invoice) + "lines { type: \"custom_line_item\" unit_amount: 5 }",
                "parameter_missing", "lines[0][description]");
  ExpectRefused(Of(invoice) + "amount: 7 lines { type: \"custom_line_item\" unit_amount: 5 "
                              "description: \"d\" }",
                "", "amount");

  // A draft or void invoice takes no credit note.
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(
      ParseParams<InvoiceCreateParams>("customer: \"" + invoice.customer() + "\""));
  ASSERT_THAT(draft, IsOk());
  ExpectRefused(Of(*draft) + "amount: 1", "", "invoice");
  EXPECT_EQ(Inv(invoice.id()).amount_due(), 2000);
}

TEST_F(CreditNotesTest, PreviewStoresNothing) {
  const Invoice invoice = OpenInvoice(NewCustomer(""));
  const size_t before = events_.size();
  const CreditNoteCreateParams params = ParseParams<CreditNoteCreateParams>(
      Of(invoice) + "lines { type: \"custom_line_item\" unit_amount: 1000 quantity: 1 "
                    "description: \"(created by Stripe CLI)\" }");
  absl::StatusOr<CreditNote> preview = engine_.credit_notes().Preview(params);
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->amount(), 1000);
  EXPECT_EQ(preview->number(), invoice.number() + "-CN-01");
  EXPECT_EQ(events_.size(), before);
  EXPECT_EQ(Inv(invoice.id()).amount_due(), 2000);
  EXPECT_THAT(engine_.credit_notes().Retrieve(preview->id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));

  CreditNotePreviewLinesParams lines;
  ASSERT_TRUE(lines.ParseFromString(params.SerializeAsString()));
  lines.set_limit(5);
  absl::StatusOr<ListResult<CreditNoteLineItem>> page = engine_.credit_notes().PreviewLines(lines);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].amount(), 1000);
  EXPECT_EQ(page->url, "/v1/credit_notes/preview/lines");
}

TEST_F(CreditNotesTest, UpdateRetrieveAndList) {
  const std::string customer = NewCustomer("");
  const Invoice first = OpenInvoice(customer);
  CreditNote a = MustCreate(Of(first) + "amount: 10 memo: \"m\"");
  clock_.Advance(absl::Seconds(1));
  const Invoice other = OpenInvoice(NewCustomer(""));
  CreditNote b = MustCreate(Of(other) + "amount: 20");

  const size_t before = events_.size();
  absl::StatusOr<CreditNote> updated = engine_.credit_notes().Update(
      a.id(), ParseParams<CreditNoteUpdateParams>(R"pb(memo: "" metadata { key: "foo" value: "bar" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_memo());
  EXPECT_EQ(updated->metadata().at("foo"), "bar");
  EXPECT_THAT(TypesSince(before), ElementsAre("credit_note.updated"));
  EXPECT_EQ(engine_.credit_notes().Retrieve(a.id())->metadata().at("foo"), "bar");
  ASSERT_THAT(engine_.credit_notes().Update(a.id(), CreditNoteUpdateParams()), IsOk());
  EXPECT_EQ(events_.size(), before + 1);
  EXPECT_THAT(engine_.credit_notes().Update("cn_missing", CreditNoteUpdateParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));

  auto ids = [&](const std::string& text) {
    absl::StatusOr<ListResult<CreditNote>> list =
        engine_.credit_notes().List(ParseParams<CreditNoteListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> out;
    if (list.ok()) {
      for (const CreditNote& n : list->data) out.push_back(n.id());
    }
    return out;
  };
  EXPECT_THAT(ids(""), ElementsAre(b.id(), a.id()));
  EXPECT_THAT(ids("customer: \"" + customer + "\""), ElementsAre(a.id()));
  EXPECT_THAT(ids("invoice: \"" + other.id() + "\""), ElementsAre(b.id()));
  EXPECT_THAT(ids("limit: 1"), ElementsAre(b.id()));
}

TEST_F(CreditNotesTest, EachInvoiceNumbersAndListsItsOwnNotesAlsoAfterARestore) {
  const std::string customer = NewCustomer("");
  const Invoice first = OpenInvoice(customer);
  const Invoice second = OpenInvoice(customer);
  const CreditNote f1 = MustCreate(Of(first) + "amount: 10");
  const CreditNote s1 = MustCreate(Of(second) + "amount: 10");
  const CreditNote f2 = MustCreate(Of(first) + "amount: 10");
  EXPECT_EQ(f1.number(), first.number() + "-CN-01");
  EXPECT_EQ(s1.number(), second.number() + "-CN-01");
  EXPECT_EQ(f2.number(), first.number() + "-CN-02");
  auto ids = [](Engine& engine, const std::string& text) {
    absl::StatusOr<ListResult<CreditNote>> list =
        engine.credit_notes().List(ParseParams<CreditNoteListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> out;
    if (list.ok()) {
      for (const CreditNote& n : list->data) out.push_back(n.id());
    }
    return out;
  };
  const std::string of_first = "invoice: \"" + first.id() + "\"";
  EXPECT_THAT(ids(engine_, of_first), ElementsAre(f2.id(), f1.id()));
  EXPECT_THAT(ids(engine_, of_first + " customer: \"" + customer + "\""),
              ElementsAre(f2.id(), f1.id()));
  EXPECT_THAT(ids(engine_, of_first + " customer: \"cus_other\""), ElementsAre());
  EXPECT_THAT(ids(engine_, "invoice: \"in_missing\""), ElementsAre());

  // A restored engine lists the same and numbers the next note after the notes it holds.
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& again = **restored;
  absl::StatusOr<CreditNote> f3 =
      again.credit_notes().Create(ParseParams<CreditNoteCreateParams>(Of(first) + "amount: 10"));
  ASSERT_THAT(f3, IsOk());
  EXPECT_EQ(f3->number(), first.number() + "-CN-03");
  EXPECT_THAT(ids(again, of_first), ElementsAre(f3->id(), f2.id(), f1.id()));
  EXPECT_THAT(ids(again, "invoice: \"" + second.id() + "\""), ElementsAre(s1.id()));
}

}  // namespace
}  // namespace paysim
