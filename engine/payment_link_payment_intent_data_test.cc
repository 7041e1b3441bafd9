// A Payment Link's payment_intent_data: rendered on the link (null unless given), passed to the
// PaymentIntent (and its charge) of each session the link opens, changed by update (an empty
// string unsets, metadata is replaced whole), and refused on a subscription link, with a full
// statement descriptor on a link that takes cards, or with bad values (nothing changed).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "engine/payment_link_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::HasSubstr;

class PaymentLinkPaymentIntentDataTest : public payment_link_test::PaymentLinkTest {
 protected:
  // Opens the link and pays its session with `payment_method`: the session's PaymentIntent.
  PaymentIntent OpenAndPay(const std::string& link, const std::string& payment_method) {
    absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link);
    EXPECT_THAT(session, IsOk());
    if (!session.ok()) return PaymentIntent();
    CheckoutPayParams pay;
    pay.set_payment_method(payment_method);
    pay.set_email("buyer@example.com");
    pay.set_name("Jenny Rosen");
    EXPECT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
    absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
    EXPECT_THAT(done, IsOk());
    if (!done.ok()) return PaymentIntent();
    return engine_.payment_intents().Retrieve(done->payment_intent()).value_or(PaymentIntent());
  }
  Charge ChargeOf(const PaymentIntent& pi) {
    return engine_.charges().Retrieve(pi.latest_charge()).value_or(Charge());
  }
};

TEST_F(PaymentLinkPaymentIntentDataTest, ItsSessionsPaymentIntentsTakeIt) {
  const PaymentLink link = Create(Link(false, 
      "payment_intent_data { capture_method: \"manual\" description: \"Lamp order\" "
      "metadata { key: \"channel\" value: \"link\" } setup_future_usage: \"off_session\" "
      "statement_descriptor_suffix: \"LAMP\" transfer_group: \"order_42\" }"));
  const PaymentLinkPaymentIntentData& data = link.payment_intent_data();
  EXPECT_EQ(data.capture_method(), "manual");
  EXPECT_EQ(data.description(), "Lamp order");
  EXPECT_EQ(data.metadata().at("channel"), "link");
  EXPECT_EQ(data.setup_future_usage(), "off_session");
  EXPECT_FALSE(data.has_statement_descriptor());
  EXPECT_EQ(data.statement_descriptor_suffix(), "LAMP");
  EXPECT_EQ(data.transfer_group(), "order_42");
  EXPECT_THAT(RenderJson(link), HasSubstr("\"statement_descriptor\": null"));

  const PaymentIntent pi = OpenAndPay(link.id(), "pm_card_visa");
  EXPECT_EQ(pi.status(), "requires_capture");  // capture_method=manual
  EXPECT_EQ(pi.description(), "Lamp order");
  EXPECT_EQ(pi.metadata().at("channel"), "link");
  EXPECT_EQ(pi.setup_future_usage(), "off_session");
  EXPECT_EQ(pi.statement_descriptor_suffix(), "LAMP");
  EXPECT_EQ(pi.transfer_group(), "order_42");
  const Charge charge = ChargeOf(pi);
  EXPECT_FALSE(charge.captured());
  EXPECT_EQ(charge.transfer_group(), "order_42");
  EXPECT_EQ(charge.statement_descriptor_suffix(), "LAMP");
}

TEST_F(PaymentLinkPaymentIntentDataTest, ABankDebitLinkTakesAFullStatementDescriptor) {
  const PaymentLink link = Create(Link(false, 
      "payment_method_types: \"us_bank_account\" "
      "payment_intent_data { statement_descriptor: \"LAMPS AND CO\" }"));
  EXPECT_EQ(link.payment_intent_data().statement_descriptor(), "LAMPS AND CO");
  const PaymentIntent pi = OpenAndPay(link.id(), "pm_usBankAccount_success");
  EXPECT_EQ(pi.status(), "processing");
  EXPECT_EQ(pi.statement_descriptor(), "LAMPS AND CO");
  EXPECT_EQ(ChargeOf(pi).statement_descriptor(), "LAMPS AND CO");
}

TEST_F(PaymentLinkPaymentIntentDataTest, NullUnlessGivenAndItsSessionsKeepTheirDefaults) {
  const PaymentLink link = Create(Link(false, ""));
  EXPECT_FALSE(link.has_payment_intent_data());
  EXPECT_THAT(RenderJson(link), HasSubstr("\"payment_intent_data\": null"));
  const PaymentIntent pi = OpenAndPay(link.id(), "pm_card_visa");
  EXPECT_EQ(pi.status(), "succeeded");
  EXPECT_FALSE(pi.has_transfer_group());
  EXPECT_THAT(RenderJson(pi), HasSubstr("\"transfer_group\": null"));
}

TEST_F(PaymentLinkPaymentIntentDataTest, UpdateSetsUnsetsAndReplacesMetadataWhole) {
  const PaymentLink link = Create(Link(false, 
      "payment_intent_data { description: \"Old\" transfer_group: \"g1\" "
      "metadata { key: \"a\" value: \"1\" } }"));
  absl::StatusOr<PaymentLink> updated =
      Update(link.id(),
             "payment_intent_data { description: \"\" statement_descriptor_suffix: \"NEW\" "
             "metadata { key: \"b\" value: \"2\" } }");
  ASSERT_THAT(updated, IsOk());
  const PaymentLinkPaymentIntentData& data = updated->payment_intent_data();
  EXPECT_FALSE(data.has_description());  // "" unsets
  EXPECT_EQ(data.transfer_group(), "g1");  // not given: kept
  EXPECT_EQ(data.statement_descriptor_suffix(), "NEW");
  EXPECT_EQ(data.metadata().size(), 1u);  // replaced, not merged
  EXPECT_EQ(data.metadata().at("b"), "2");

  // `payment_intent_data[metadata]=` alone clears the metadata.
  updated = Update(link.id(), "payment_intent_data { }");
  ASSERT_THAT(updated, IsOk());
  EXPECT_TRUE(updated->payment_intent_data().metadata().empty());
  EXPECT_EQ(updated->payment_intent_data().transfer_group(), "g1");

  // A refused update changes nothing.
  EXPECT_THAT(Update(link.id(), "payment_intent_data { setup_future_usage: \"sometimes\" }"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_intent_data[setup_future_usage]"));
  EXPECT_FALSE(engine_.payment_links()
                   .Retrieve(link.id())
                   ->payment_intent_data()
                   .has_setup_future_usage());
}

TEST_F(PaymentLinkPaymentIntentDataTest, RefusedAsStripeRefusesIt) {
  ExpectRefused(Link(true, "payment_intent_data { description: \"x\" }"),
                "payment_intent_data");
  // Cards take a suffix, not a full descriptor (the link's dynamic methods include cards).
  ExpectRefused(Link(false, "payment_intent_data { statement_descriptor: \"LAMPS\" }"),
                "payment_intent_data[statement_descriptor]");
  ExpectRefused(Link(false, "payment_method_types: \"card\" payment_method_types: \"us_bank_account\" "
                     "payment_intent_data { statement_descriptor: \"LAMPS\" }"),
                "payment_intent_data[statement_descriptor]");
  ExpectRefused(Link(false, "payment_method_types: \"us_bank_account\" "
                     "payment_intent_data { statement_descriptor: \"<LAMPS>\" }"),
                "payment_intent_data[statement_descriptor]");
  ExpectRefused(Link(false, "payment_intent_data { capture_method: \"later\" }"),
                "payment_intent_data[capture_method]");
  ExpectRefused(Link(false, "payment_intent_data { setup_future_usage: \"always\" }"),
                "payment_intent_data[setup_future_usage]");
  ExpectRefused(Link(false, absl::StrCat("payment_intent_data { description: \"",
                                  std::string(1001, 'd'), "\" }")),
                "payment_intent_data[description]");
  ExpectRefused(Link(false, "payment_intent_data { statement_descriptor_suffix: \"12345\" }"),
                "payment_intent_data[statement_descriptor_suffix]");
  EXPECT_THAT(TryCreate(Link(false, absl::StrCat("payment_intent_data { description: \"",
                                          std::string(1000, 'd'), "\" }"))),
              IsOk());
  // A subscription link refuses it on update too.
  const PaymentLink subscription = Create(Link(true, ""));
  EXPECT_THAT(Update(subscription.id(), "payment_intent_data { description: \"x\" }"),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent_data"));
}

}  // namespace
}  // namespace paysim
