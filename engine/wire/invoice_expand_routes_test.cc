// Expanding invoices on the wire: the subscription integration Stripe documents
// (`payment_behavior=default_incomplete` with `expand[]=latest_invoice.confirmation_secret`
// from 2025-03-31.basil on, `expand[]=latest_invoice.payment_intent` before), a PaymentIntent's
// `invoice` before basil, and the objects that name an invoice (invoice items, credit notes);
// the invoice's own keys and its lines' in each shape.
// A path the version's invoice does not have is refused as Stripe refuses it, and nothing is
// created.
#include <string>

#include "absl/strings/match.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr absl::string_view kBeforeBasil = "2024-06-20";

class InvoiceExpandRoutesTest : public ::testing::Test {
 protected:
  // The answer of a request with `version` as Stripe-Version ("" for the account's default,
  // the latest).
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "", absl::string_view version = "") {
    WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    if (!version.empty()) headers.push_back({"Stripe-Version", std::string(version)});
    WireApi::Response r = api_.Handle(method, path, headers, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  // A customer without a payment method, and a monthly price of 1500 usd.
  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com")["id"];
    price_ = Answer(200, "POST", "/v1/prices",
                    "currency=usd&unit_amount=1500&product_data[name]=Pro&"
                    "recurring[interval]=month")["id"];
  }

  std::string Incomplete(absl::string_view expand) {
    return "customer=" + customer_ + "&items[0][price]=" + price_ +
           "&payment_behavior=default_incomplete&expand[]=" + std::string(expand);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
  WireApi api_{&engine_};
  std::string customer_;
  std::string price_;
};

// The PaymentIntent id of a client secret (`pi_..._secret_...`).
std::string IntentOf(const std::string& client_secret) {
  return client_secret.substr(0, client_secret.find("_secret_"));
}

TEST_F(InvoiceExpandRoutesTest, ConfirmationSecretFromBasilOn) {
  const Json sub =
      Answer(200, "POST", "/v1/subscriptions", Incomplete("latest_invoice.confirmation_secret"));
  EXPECT_EQ(sub["status"], "incomplete");
  const Json& invoice = sub["latest_invoice"];
  ASSERT_TRUE(invoice.is_object()) << sub.dump(2);
  EXPECT_EQ(invoice["object"], "invoice");
  EXPECT_EQ(invoice["status"], "open");
  EXPECT_EQ(invoice["confirmation_secret"]["type"], "payment_intent");
  const std::string secret = invoice["confirmation_secret"]["client_secret"];
  ASSERT_TRUE(absl::StartsWith(secret, "pi_")) << secret;
  // Basil's invoice names neither its PaymentIntent nor its subscription (`parent` does).
  EXPECT_FALSE(invoice.contains("payment_intent"));
  EXPECT_FALSE(invoice.contains("paid"));
  EXPECT_FALSE(invoice.contains("subscription"));
  EXPECT_FALSE(invoice.contains("tax"));
  EXPECT_FALSE(invoice.contains("total_tax_amounts"));
  EXPECT_EQ(invoice["parent"]["subscription_details"]["subscription"], sub["id"]);
  EXPECT_EQ(invoice["total_taxes"], Json::array());
  const Json& line = invoice["lines"]["data"][0];
  EXPECT_EQ(line["pricing"]["price_details"]["price"], price_);
  EXPECT_EQ(line["taxes"], Json::array());
  // A subscription's own line: its parent names the subscription item.
  EXPECT_EQ(line["parent"]["type"], "subscription_item_details");
  EXPECT_TRUE(line["parent"]["invoice_item_details"].is_null());
  const Json& details = line["parent"]["subscription_item_details"];
  EXPECT_EQ(details["subscription"], sub["id"]);
  EXPECT_EQ(details["subscription_item"], sub["items"]["data"][0]["id"]);
  EXPECT_EQ(details["proration"], false);
  EXPECT_TRUE(details["invoice_item"].is_null());
  EXPECT_TRUE(details["proration_details"].is_null());
  EXPECT_EQ(line["discountable"], true);
  for (const char* gone : {"price", "tax_amounts", "tax_rates", "proration", "type",
                           "invoice_item", "subscription_item", "proration_details"}) {
    EXPECT_FALSE(line.contains(gone)) << gone;
  }
  for (const char* gone : {"charge", "paid_out_of_band"}) {
    EXPECT_FALSE(invoice.contains(gone)) << gone;
  }
  EXPECT_FALSE(sub.contains("current_period_start"));

  // The client confirms the PaymentIntent the secret names: the invoice is paid and the
  // subscription active.
  const std::string pi = IntentOf(secret);
  const Json intent = Answer(200, "GET", "/v1/payment_intents/" + pi);
  EXPECT_EQ(intent["client_secret"], secret);
  EXPECT_EQ(intent["amount"], 1500);
  EXPECT_EQ(intent["status"], "requires_payment_method");
  EXPECT_EQ(Answer(200, "POST", "/v1/payment_intents/" + pi + "/confirm",
                   "payment_method=pm_card_visa")["status"],
            "succeeded");
  const std::string sub_id = sub["id"];
  const std::string invoice_id = invoice["id"];
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions/" + sub_id)["status"], "active");
  const Json paid = Answer(200, "GET",
                           "/v1/invoices/" + invoice_id + "?expand[]=confirmation_secret&"
                           "expand[]=parent.subscription_details.subscription&expand[]=customer");
  EXPECT_EQ(paid["status"], "paid");
  EXPECT_EQ(paid["confirmation_secret"]["client_secret"], secret);
  EXPECT_EQ(paid["parent"]["subscription_details"]["subscription"]["id"], sub_id);
  EXPECT_EQ(paid["parent"]["subscription_details"]["subscription"]["status"], "active");
  EXPECT_EQ(paid["customer"]["id"], customer_);

  // Not asked for: no key. An invoice without a PaymentIntent: null.
  EXPECT_FALSE(Answer(200, "GET", "/v1/invoices/" + invoice_id).contains("confirmation_secret"));
  const Json draft = Answer(200, "POST", "/v1/invoices",
                            "customer=" + customer_ + "&expand[]=confirmation_secret");
  EXPECT_EQ(draft["status"], "draft");
  ASSERT_TRUE(draft.contains("confirmation_secret"));
  EXPECT_TRUE(draft["confirmation_secret"].is_null());
}

TEST_F(InvoiceExpandRoutesTest, PaymentIntentBeforeBasil) {
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          Incomplete("latest_invoice.payment_intent"), kBeforeBasil);
  EXPECT_EQ(sub["status"], "incomplete");
  const Json& intent = sub["latest_invoice"]["payment_intent"];
  ASSERT_TRUE(intent.is_object()) << sub.dump(2);
  EXPECT_EQ(intent["object"], "payment_intent");
  EXPECT_EQ(intent["status"], "requires_payment_method");
  EXPECT_EQ(intent["amount"], 1500);
  EXPECT_EQ(intent["invoice"], sub["latest_invoice"]["id"]);
  EXPECT_EQ(sub["latest_invoice"]["paid"], false);
  EXPECT_EQ(sub["latest_invoice"]["subscription"], sub["id"]);
  EXPECT_EQ(sub["latest_invoice"]["tax"], nullptr);
  EXPECT_EQ(sub["latest_invoice"]["total_tax_amounts"], Json::array());
  // The keys basil added are not there.
  EXPECT_FALSE(sub["latest_invoice"].contains("parent"));
  EXPECT_FALSE(sub["latest_invoice"].contains("total_taxes"));
  const Json& line = sub["latest_invoice"]["lines"]["data"][0];
  EXPECT_EQ(line["price"]["id"], price_);
  EXPECT_EQ(line["proration"], false);
  EXPECT_EQ(line["tax_amounts"], Json::array());
  EXPECT_EQ(line["tax_rates"], Json::array());
  EXPECT_EQ(line["discountable"], true);
  EXPECT_EQ(line["type"], "subscription");
  EXPECT_EQ(line["subscription_item"], sub["items"]["data"][0]["id"]);
  EXPECT_TRUE(line["invoice_item"].is_null());
  EXPECT_EQ(line["proration_details"], Json::parse(R"({"credited_items": null})"));
  for (const char* gone : {"parent", "pricing", "taxes"}) {
    EXPECT_FALSE(line.contains(gone)) << gone;
  }
  EXPECT_TRUE(sub["latest_invoice"]["charge"].is_null());  // not paid yet
  EXPECT_EQ(sub["latest_invoice"]["paid_out_of_band"], false);
  EXPECT_EQ(sub["current_period_start"], sub["items"]["data"][0]["current_period_start"]);

  const std::string pi = intent["id"];
  EXPECT_EQ(Answer(200, "POST", "/v1/payment_intents/" + pi + "/confirm",
                   "payment_method=pm_card_visa", kBeforeBasil)["status"],
            "succeeded");
  // The PaymentIntent's invoice, and the invoice's subscription, expanded.
  const Json with = Answer(200, "GET",
                           "/v1/payment_intents/" + pi + "?expand[]=invoice.subscription", "",
                           kBeforeBasil);
  EXPECT_EQ(with["invoice"]["object"], "invoice");
  EXPECT_EQ(with["invoice"]["paid"], true);
  EXPECT_EQ(with["invoice"]["charge"], with["latest_charge"]);  // the charge that paid it
  EXPECT_EQ(with["invoice"]["subscription"]["id"], sub["id"]);
  EXPECT_EQ(with["invoice"]["subscription"]["status"], "active");
  // A list's items too.
  const Json list = Answer(200, "GET",
                           "/v1/invoices?customer=" + customer_ + "&expand[]=data.payment_intent",
                           "", kBeforeBasil);
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["payment_intent"]["id"], pi);
}

TEST_F(InvoiceExpandRoutesTest, BeforeBasilAnInvoiceNamesItsChargeAndItemLines) {
  const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                "customer=" + customer_)["id"];
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][price]=" + price_ +
                              "&default_payment_method=" + pm +
                              "&expand[]=latest_invoice.charge",
                          kBeforeBasil);
  EXPECT_EQ(sub["status"], "active");
  const Json& invoice = sub["latest_invoice"];
  ASSERT_TRUE(invoice["charge"].is_object()) << invoice.dump(2);
  EXPECT_EQ(invoice["charge"]["object"], "charge");
  EXPECT_EQ(invoice["charge"]["amount"], 1500);
  EXPECT_EQ(invoice["charge"]["payment_intent"], invoice["payment_intent"]);
  EXPECT_EQ(invoice["paid_out_of_band"], false);

  // An invoice item's line names it; paid out of band, the invoice says so and has no charge.
  const Json item = Answer(200, "POST", "/v1/invoiceitems",
                           "customer=" + customer_ + "&amount=700&currency=usd", kBeforeBasil);
  const Json draft = Answer(200, "POST", "/v1/invoices",
                            "customer=" + customer_ + "&pending_invoice_items_behavior=include",
                            kBeforeBasil);
  const Json& line = draft["lines"]["data"][0];
  EXPECT_EQ(line["type"], "invoiceitem");
  EXPECT_EQ(line["invoice_item"], item["id"]);
  EXPECT_TRUE(line["subscription_item"].is_null());
  EXPECT_TRUE(line["proration_details"]["credited_items"].is_null());
  EXPECT_FALSE(item.contains("proration_details"));  // not a proration
  const std::string in = draft["id"];
  const Json paid = Answer(200, "POST", "/v1/invoices/" + in + "/pay", "paid_out_of_band=true",
                           kBeforeBasil);
  EXPECT_EQ(paid["status"], "paid");
  EXPECT_EQ(paid["paid_out_of_band"], true);
  EXPECT_TRUE(paid["charge"].is_null());
  EXPECT_EQ(Answer(400, "GET", "/v1/invoices/" + in + "?expand[]=charge")["error"]["param"],
            "expand");  // basil's invoice has no charge
}

TEST_F(InvoiceExpandRoutesTest, InvoicePaymentsNameTheIntentBasilMovedOffTheInvoice) {
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          Incomplete("latest_invoice.payments"));
  const Json& payments = sub["latest_invoice"]["payments"];
  ASSERT_TRUE(payments.is_object()) << sub.dump(2);
  EXPECT_EQ(payments["object"], "list");
  ASSERT_EQ(payments["data"].size(), 1u);
  const Json& open = payments["data"][0];
  EXPECT_EQ(open["object"], "invoice_payment");
  EXPECT_EQ(open["status"], "open");
  EXPECT_EQ(open["is_default"], true);
  EXPECT_EQ(open["amount_requested"], 1500);
  EXPECT_TRUE(open["amount_paid"].is_null());
  EXPECT_EQ(open["payment"]["type"], "payment_intent");
  const std::string pi = open["payment"]["payment_intent"];
  EXPECT_EQ(Answer(200, "POST", "/v1/payment_intents/" + pi + "/confirm",
                   "payment_method=pm_card_visa")["status"],
            "succeeded");

  const std::string in = sub["latest_invoice"]["id"];
  const Json list = Answer(200, "GET",
                           "/v1/invoice_payments?invoice=" + in +
                               "&status=paid&expand[]=data.payment.payment_intent");
  EXPECT_EQ(list["url"], "/v1/invoice_payments");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["amount_paid"], 1500);
  EXPECT_EQ(list["data"][0]["payment"]["payment_intent"]["id"], pi);
  EXPECT_EQ(list["data"][0]["payment"]["payment_intent"]["status"], "succeeded");
  const std::string id = list["data"][0]["id"];
  const Json one = Answer(200, "GET", "/v1/invoice_payments/" + id + "?expand[]=invoice");
  EXPECT_EQ(one["invoice"]["id"], in);
  EXPECT_EQ(one["invoice"]["status"], "paid");
  // Not asked for, the invoice has no `payments` key; before basil it cannot be asked for.
  EXPECT_FALSE(Answer(200, "GET", "/v1/invoices/" + in).contains("payments"));
  EXPECT_EQ(Answer(400, "GET", "/v1/invoices/" + in + "?expand[]=payments", "",
                   kBeforeBasil)["error"]["param"],
            "expand");
  const Json missing = Answer(404, "GET", "/v1/invoice_payments/inpay_nope");
  EXPECT_EQ(missing["error"]["code"], "resource_missing");
  EXPECT_EQ(Answer(400, "GET", "/v1/invoice_payments?status=settled")["error"]["param"],
            "status");
  // `created` over the wire: the payment's own second, and a bad bound named.
  const int64_t created = list["data"][0]["created"];
  EXPECT_EQ(Answer(200, "GET", "/v1/invoice_payments?created[gte]=" +
                                   std::to_string(created))["data"].size(),
            1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoice_payments?created[gt]=" +
                                   std::to_string(created))["data"].size(),
            0u);
  EXPECT_EQ(Answer(400, "GET", "/v1/invoice_payments?created[gt]=soon")["error"]["param"],
            "created[gt]");
}

TEST_F(InvoiceExpandRoutesTest, FieldsTheVersionLacksAreRefused) {
  struct Case {
    std::string expand;
    absl::string_view version;
  };
  const Case cases[] = {
      {"latest_invoice.payment_intent", ""},
      {"latest_invoice.subscription", ""},
      {"latest_invoice.confirmation_secret", kBeforeBasil},
      {"latest_invoice.parent.subscription_details.subscription", kBeforeBasil},
      {"latest_invoice.lines", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expand);
    const Json e = Answer(400, "POST", "/v1/subscriptions", Incomplete(c.expand), c.version);
    EXPECT_EQ(e["error"]["type"], "invalid_request_error");
    EXPECT_EQ(e["error"]["param"], "expand");
    EXPECT_EQ(e["error"]["message"],
              "This property cannot be expanded (" + c.expand + ").");
  }
  // Nothing was created.
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions?customer=" + customer_)["data"].size(), 0u);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices?customer=" + customer_)["data"].size(), 0u);
  EXPECT_EQ(Answer(400, "GET", "/v1/payment_intents/pi_x?expand[]=invoice")["error"]["param"],
            "expand");
}

TEST_F(InvoiceExpandRoutesTest, ObjectsNamingAnInvoice) {
  const Json item = Answer(200, "POST", "/v1/invoiceitems",
                           "customer=" + customer_ + "&amount=700&currency=usd");
  const Json invoice = Answer(200, "POST", "/v1/invoices",
                              "customer=" + customer_ + "&pending_invoice_items_behavior=include");
  const std::string in = invoice["id"];
  const std::string ii = item["id"];
  const Json expanded =
      Answer(200, "GET", "/v1/invoiceitems/" + ii + "?expand[]=invoice&expand[]=customer");
  EXPECT_EQ(expanded["invoice"]["id"], in);
  EXPECT_EQ(expanded["invoice"]["status"], "draft");
  EXPECT_EQ(expanded["customer"]["id"], customer_);

  Answer(200, "POST", "/v1/invoices/" + in + "/finalize");
  const Json note = Answer(200, "POST", "/v1/credit_notes",
                           "invoice=" + in + "&amount=200&expand[]=invoice.customer");
  EXPECT_EQ(note["invoice"]["id"], in);
  EXPECT_EQ(note["invoice"]["customer"]["id"], customer_);
  EXPECT_EQ(note["invoice"]["pre_payment_credit_notes_amount"], 200);
}

TEST_F(InvoiceExpandRoutesTest, ACheckoutSessionNamesItsSubscriptionsFirstInvoice) {
  // A subscription-mode session under `version`, paid: the completed session.
  auto complete = [&](absl::string_view version) {
    const Json session = Answer(200, "POST", "/v1/checkout/sessions",
                                "mode=subscription&line_items[0][price]=" + price_ +
                                    "&line_items[0][quantity]=1&customer=" + customer_ +
                                    "&success_url=https%3A%2F%2Fshop.example%2Fok",
                                version);
    const std::string cs = session["id"];
    EXPECT_TRUE(session["invoice"].is_null());
    Answer(200, "POST", "/v1/test_helpers/checkout/sessions/" + cs + "/pay",
           "payment_method=pm_card_visa", version);
    return Answer(200, "GET",
                  "/v1/checkout/sessions/" + cs + "?expand[]=invoice&expand[]=subscription", "",
                  version);
  };
  const Json done = complete("");
  EXPECT_EQ(done["status"], "complete");
  EXPECT_TRUE(done["payment_intent"].is_null());
  EXPECT_EQ(done["invoice"]["status"], "paid");
  EXPECT_EQ(done["invoice"]["amount_paid"], 1500);
  EXPECT_EQ(done["invoice"]["billing_reason"], "subscription_create");
  EXPECT_EQ(done["subscription"]["latest_invoice"], done["invoice"]["id"]);

  // Before basil the invoice names the PaymentIntent the session's payment made, and the
  // PaymentIntent names the invoice.
  const Json old = complete(kBeforeBasil);
  const std::string in = old["invoice"]["id"];
  const Json invoice = Answer(200, "GET", "/v1/invoices/" + in + "?expand[]=payment_intent", "",
                              kBeforeBasil);
  EXPECT_EQ(invoice["paid"], true);
  ASSERT_TRUE(invoice["payment_intent"].is_object());
  EXPECT_EQ(invoice["payment_intent"]["status"], "succeeded");
  EXPECT_EQ(invoice["payment_intent"]["invoice"], in);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
