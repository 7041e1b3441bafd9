#include "cli/demo.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/timeline.h"
#include "engine/engine.h"
#include "testing/fake_clock.h"

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
  testing::FakeClock clock(start);
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

  out << "\n" << engine.events().size() << " events in all; "
      << (failures == 0 ? "every step behaved as Stripe test mode does." : "SOME STEPS DID NOT.")
      << "\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace paysim
