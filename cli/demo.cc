#include "cli/demo.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/timeline.h"
#include "engine/engine.h"
#include "engine/simulated_clock.h"

namespace paysim {
namespace cli {
namespace {

ChargeCreateParams ChargeParams(int64_t amount, const std::string& source, bool capture) {
  ChargeCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  params.set_source(source);
  if (!capture) params.set_capture(false);
  return params;
}

std::string Describe(const Charge& c) {
  std::string out = absl::StrCat(c.id(), " ", c.status(), ", ",
                                 c.captured() ? "captured " : "authorized (uncaptured) ",
                                 Money(c.captured() ? c.amount_captured() : c.amount(), c.currency()));
  if (c.amount_refunded() > 0) absl::StrAppend(&out, ", refunded ", Money(c.amount_refunded(), c.currency()));
  if (c.payment_method_details().card().has_capture_before()) {
    absl::StrAppend(&out, ", capture_before ",
                    absl::FormatTime("%Y-%m-%d %H:%M:%S",
                                     absl::FromUnixSeconds(
                                         c.payment_method_details().card().capture_before()),
                                     absl::UTCTimeZone()));
  }
  return out;
}

std::string Describe(const PaymentIntent& pi) {
  std::string out =
      absl::StrCat(pi.id(), " ", pi.status(), ", ", Money(pi.amount(), pi.currency()));
  if (pi.has_next_action()) absl::StrAppend(&out, ", next_action ", pi.next_action().type());
  if (pi.has_latest_charge()) absl::StrAppend(&out, ", latest_charge ", pi.latest_charge());
  return out;
}

std::string DescribeBalance(const Balance& b) {
  std::string out;
  for (const BalanceAmount& a : b.available()) {
    absl::StrAppend(&out, "available ", Money(a.amount(), a.currency()));
  }
  for (const BalanceAmount& p : b.pending()) {
    absl::StrAppend(&out, ", pending ", Money(p.amount(), p.currency()));
  }
  return out;
}

}  // namespace

int RunDemo(uint64_t seed, std::ostream& out) {
  const absl::Time start = absl::FromCivil(absl::CivilSecond(2026, 1, 1), absl::UTCTimeZone());
  SimulatedClock clock(start);
  EngineOptions options;
  options.clock = &clock;
  options.seed = seed;
  Engine engine(options);
  Timeline t(&engine, start, &out);
  int failures = 0;
  auto expect = [&](bool ok, absl::string_view what) {
    if (!ok) {
      out << "    !! unexpected: " << what << "\n";
      ++failures;
    }
  };

  out << "paysim demo: seed " << seed << ", API version " << options.api_version
      << ", simulated clock starting " << absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", start, absl::UTCTimeZone())
      << "\n";

  t.Section("A successful charge");
  absl::StatusOr<Charge> paid = engine.charges().Create(ChargeParams(2000, "tok_visa", true));
  expect(paid.ok(), "tok_visa charge succeeds");
  if (!paid.ok()) return 1;
  t.Step("POST /v1/charges amount=2000 currency=usd source=tok_visa", Describe(*paid));

  t.Section("An authorization, captured in part");
  absl::StatusOr<Charge> hold = engine.charges().Create(ChargeParams(5000, "tok_mastercard", false));
  expect(hold.ok(), "authorization succeeds");
  if (!hold.ok()) return 1;
  t.Step("POST /v1/charges amount=5000 currency=usd source=tok_mastercard capture=false",
         Describe(*hold));
  clock.Advance(absl::Hours(3));
  ChargeCaptureParams partial;
  partial.set_amount(3000);
  absl::StatusOr<Charge> captured = engine.charges().Capture(hold->id(), partial);
  expect(captured.ok() && captured->amount_captured() == 3000, "partial capture of 3000");
  if (captured.ok()) {
    t.Step(absl::StrCat("POST /v1/charges/", hold->id(), "/capture amount=3000"),
           absl::StrCat(Describe(*captured), "; the other $20.00 is released at once"));
  }

  t.Section("A refund");
  clock.Advance(absl::Hours(1));
  RefundCreateParams refund_params;
  refund_params.set_charge(paid->id());
  refund_params.set_amount(500);
  refund_params.set_reason("requested_by_customer");
  absl::StatusOr<Refund> refund = engine.refunds().Create(refund_params);
  expect(refund.ok(), "refund of 500");
  if (refund.ok()) {
    t.Step(absl::StrCat("POST /v1/refunds charge=", paid->id(),
                        " amount=500 reason=requested_by_customer"),
           absl::StrCat(refund->id(), " ", refund->status(), " ", Money(refund->amount(), "usd")));
  }

  t.Section("Declined cards");
  for (const char* token : {"tok_chargeDeclined", "tok_visa_chargeDeclinedInsufficientFunds",
                            "tok_chargeDeclinedExpiredCard", "tok_chargeDeclinedIncorrectCvc",
                            "tok_radarBlock"}) {
    absl::StatusOr<Charge> declined = engine.charges().Create(ChargeParams(1500, token, true));
    expect(!declined.ok(), absl::StrCat(token, " declines"));
    t.Step(absl::StrCat("POST /v1/charges amount=1500 currency=usd source=", token),
           declined.status());
  }

  t.Section("3D Secure: the customer authenticates");
  PaymentIntentCreateParams secure;
  secure.set_amount(3000);
  secure.set_currency("usd");
  secure.set_payment_method("pm_card_authenticationRequired");
  secure.set_confirm(true);
  secure.set_return_url("https://shop.example/return");
  absl::StatusOr<PaymentIntent> challenged = engine.payment_intents().Create(secure);
  expect(challenged.ok() && challenged->status() == "requires_action",
         "pm_card_authenticationRequired asks for 3D Secure");
  if (!challenged.ok()) return 1;
  t.Step("POST /v1/payment_intents amount=3000 currency=usd "
         "payment_method=pm_card_authenticationRequired confirm=true return_url=...",
         Describe(*challenged));
  clock.Advance(absl::Minutes(1));
  absl::StatusOr<PaymentIntent> authenticated =
      engine.payment_intents().CompleteThreeDSecure(challenged->id());
  expect(authenticated.ok() && authenticated->status() == "succeeded",
         "the payment succeeds once the customer authenticates");
  if (authenticated.ok()) {
    t.Step("(test helper) the customer completes 3D Secure", Describe(*authenticated));
  }

  t.Section("Off-session: a card that needs authentication");
  absl::StatusOr<Customer> customer = engine.customers().Create({});
  expect(customer.ok(), "customer");
  if (!customer.ok()) return 1;
  PaymentMethodAttachParams attach;
  attach.set_customer(customer->id());
  absl::StatusOr<PaymentMethod> saved =
      engine.payment_methods().Attach("pm_card_authenticationRequired", attach);
  expect(saved.ok(), "the card is saved on the customer");
  if (!saved.ok()) return 1;
  t.Step(absl::StrCat("POST /v1/payment_methods/pm_card_authenticationRequired/attach customer=",
                      customer->id()),
         saved->id());
  PaymentIntentCreateParams off_session;
  off_session.set_amount(1200);
  off_session.set_currency("usd");
  off_session.set_customer(customer->id());
  off_session.set_payment_method(saved->id());
  off_session.set_off_session(true);
  off_session.set_confirm(true);
  absl::StatusOr<PaymentIntent> unattended = engine.payment_intents().Create(off_session);
  expect(!unattended.ok(), "an off-session payment that needs authentication is declined");
  t.Step(absl::StrCat("POST /v1/payment_intents amount=1200 currency=usd customer=",
                      customer->id(), " payment_method=", saved->id(),
                      " off_session=true confirm=true"),
         unattended.status());

  t.Section("A hold left uncaptured");
  absl::StatusOr<Charge> forgotten = engine.charges().Create(ChargeParams(7500, "tok_amex", false));
  expect(forgotten.ok(), "second authorization succeeds");
  if (!forgotten.ok()) return 1;
  t.Step("POST /v1/charges amount=7500 currency=usd source=tok_amex capture=false",
         Describe(*forgotten));

  t.Section("Day 2: funds become available");
  clock.SetTime(start + kFundsAvailableDelay - absl::Seconds(1));
  absl::StatusOr<Balance> balance = engine.balance().Retrieve();
  expect(balance.ok(), "balance");
  if (balance.ok()) t.Step("GET /v1/balance (one second before day 2)", DescribeBalance(*balance));
  clock.SetTime(start + kFundsAvailableDelay + absl::Hours(5));  // after the last payment
  balance = engine.balance().Retrieve();
  expect(balance.ok() && balance->pending(0).amount() == 0, "all funds available after day 2");
  if (balance.ok()) t.Step("GET /v1/balance", DescribeBalance(*balance));

  t.Section("Day 7: the uncaptured hold expires");
  const absl::Time expiry = absl::FromUnixSeconds(forgotten->created()) + kAuthorizationWindow;
  clock.SetTime(expiry - absl::Seconds(1));
  absl::StatusOr<Charge> still = engine.charges().Retrieve(forgotten->id());
  expect(still.ok() && !still->authorization_released(), "hold still open one second before");
  if (still.ok()) t.Step(absl::StrCat("GET /v1/charges/", forgotten->id(), " (one second before)"), Describe(*still));
  clock.SetTime(expiry);
  absl::StatusOr<Charge> late = engine.charges().Capture(forgotten->id(), {});
  expect(!late.ok(), "capture at exactly 7 days fails");
  t.Step(absl::StrCat("POST /v1/charges/", forgotten->id(), "/capture (at exactly 7 days)"),
         late.status());

  t.Section("Checkout: a returning customer, card prefilled");
  clock.Advance(absl::Hours(1));
  CustomerCreateParams jenny;
  jenny.set_email("jenny@example.com");
  jenny.set_name("Jenny Rosen");
  absl::StatusOr<Customer> returning = engine.customers().Create(jenny);
  expect(returning.ok(), "returning customer");
  if (!returning.ok()) return 1;
  PaymentMethodAttachParams save;
  save.set_customer(returning->id());
  absl::StatusOr<PaymentMethod> card = engine.payment_methods().Attach("pm_card_visa", save);
  expect(card.ok(), "the customer's saved card");
  if (!card.ok()) return 1;
  PaymentMethodUpdateParams redisplay;
  redisplay.set_allow_redisplay("always");
  redisplay.mutable_billing_details()->set_email("jenny@example.com");
  redisplay.mutable_billing_details()->set_name("Jenny Rosen");
  redisplay.mutable_billing_details()->mutable_address()->set_country("US");
  redisplay.mutable_billing_details()->mutable_address()->set_postal_code("94107");
  expect(engine.payment_methods().Update(card->id(), redisplay).ok(), "card may be redisplayed");
  t.Step(absl::StrCat("a customer with card ", card->id(),
                      " saved earlier (allow_redisplay=always, billing details)"),
         returning->id());
  ProductCreateParams shirt;
  shirt.set_name("T-shirt");
  shirt.mutable_default_price_data()->set_currency("usd");
  shirt.mutable_default_price_data()->set_unit_amount(2500);
  absl::StatusOr<Product> product = engine.products().Create(shirt);
  expect(product.ok(), "product with a default price");
  if (!product.ok()) return 1;
  t.Step("POST /v1/products name=T-shirt default_price_data[unit_amount]=2500",
         absl::StrCat(product->id(), ", price ", product->default_price()));
  CheckoutSessionCreateParams order;
  order.set_mode("payment");
  order.set_customer(returning->id());
  CheckoutLineItemParams* line = order.add_line_items();
  line->set_price(product->default_price());
  line->set_quantity(2);
  order.set_success_url("https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}");
  absl::StatusOr<CheckoutSession> session = engine.checkout_sessions().Create(order);
  expect(session.ok() && !session->has_payment_intent(),
         "session open, PaymentIntent deferred until the customer confirms");
  if (!session.ok()) return 1;
  t.Step(absl::StrCat("POST /v1/checkout/sessions mode=payment customer=", returning->id(),
                      " line_items[0][quantity]=2"),
         absl::StrCat(session->id().substr(0, 24), "... ", session->status(), ", ",
                      Money(session->amount_total(), "usd"), ", payment_intent null"));
  clock.Advance(absl::Minutes(2));
  absl::StatusOr<CheckoutPage> page = engine.checkout_page().View(session->id());
  const bool prefilled = page.ok() && page->prefill().payment_method() == card->id();
  expect(prefilled, "the saved card is prefilled");
  if (page.ok()) {
    std::string offered;
    for (const std::string& m : page->payment_methods()) {
      absl::StrAppend(&offered, offered.empty() ? "" : ", ", m);
    }
    t.Step("(test helper) the customer opens the page",
           absl::StrCat("prefilled: ", page->prefill().card_brand(), " ending ",
                        page->prefill().card_last4(), ", ", page->prefill().name(), ", ",
                        page->prefill().email(), "; offered: ", offered));
  }
  CheckoutPayParams pay_saved;
  pay_saved.set_payment_method(card->id());
  absl::StatusOr<CheckoutPage> paid_page = engine.checkout_page().Pay(session->id(), pay_saved);
  expect(paid_page.ok() && paid_page->status() == "complete", "paying with the prefilled card");
  if (paid_page.ok()) {
    t.Step("(test helper) the customer pays with the prefilled card",
           absl::StrCat("session ", paid_page->status(), ", redirected to ",
                        paid_page->redirect_url().substr(0, 48), "..."));
  }
  absl::StatusOr<CheckoutPage> twice = engine.checkout_page().Pay(session->id(), pay_saved);
  expect(!twice.ok(), "a completed session cannot be paid again");
  t.Step("(test helper) the customer presses Pay again", twice.status());

  t.Section("Checkout in setup mode, then an off-session charge");
  CustomerCreateParams ravi;
  ravi.set_email("ravi@example.com");
  absl::StatusOr<Customer> saver = engine.customers().Create(ravi);
  expect(saver.ok(), "customer");
  if (!saver.ok()) return 1;
  CheckoutSessionCreateParams setup;
  setup.set_mode("setup");
  setup.set_currency("usd");
  setup.set_customer(saver->id());
  setup.set_success_url("https://shop.example/card-saved");
  absl::StatusOr<CheckoutSession> setup_session = engine.checkout_sessions().Create(setup);
  expect(setup_session.ok(), "setup-mode session");
  if (!setup_session.ok()) return 1;
  t.Step(absl::StrCat("POST /v1/checkout/sessions mode=setup currency=usd customer=",
                      saver->id()),
         absl::StrCat(setup_session->status(), ", setup_intent ", setup_session->setup_intent()));
  CheckoutPayParams pay_new;
  pay_new.set_payment_method("pm_card_visa");
  absl::StatusOr<CheckoutPage> saved_page =
      engine.checkout_page().Pay(setup_session->id(), pay_new);
  expect(saved_page.ok() && saved_page->status() == "complete", "the card is saved");
  if (saved_page.ok()) {
    t.Step("(test helper) the customer enters pm_card_visa", absl::StrCat("session ",
                                                                          saved_page->status()));
  }
  absl::StatusOr<SetupIntent> seti = engine.setup_intents().Retrieve(setup_session->setup_intent());
  expect(seti.ok() && seti->status() == "succeeded", "setup intent succeeded");
  if (!seti.ok()) return 1;
  clock.Advance(absl::Hours(24));
  PaymentIntentCreateParams renewal;
  renewal.set_amount(4200);
  renewal.set_currency("usd");
  renewal.set_customer(saver->id());
  renewal.set_payment_method(seti->payment_method());
  renewal.set_off_session(true);
  renewal.set_confirm(true);
  absl::StatusOr<PaymentIntent> later = engine.payment_intents().Create(renewal);
  expect(later.ok() && later->status() == "succeeded", "the off-session charge succeeds");
  if (later.ok()) {
    t.Step(absl::StrCat("a day later: POST /v1/payment_intents amount=4200 customer=", saver->id(),
                        " payment_method=", seti->payment_method(), " off_session=true confirm=true"),
           Describe(*later));
  }

  out << "\n" << engine.events().emitted() << " events in all; "
      << (failures == 0 ? "every step behaved as Stripe test mode does." : "SOME STEPS DID NOT.")
      << "\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace paysim
