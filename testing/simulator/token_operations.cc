// Operations on Tokens: create (from every test card, with invalid details sometimes), retrieve.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "engine/card_catalog.h"
#include "engine/tokens.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void CreateToken(Simulation& sim) {
  TokenCreateParams params;
  CardParams* card = params.mutable_card();
  absl::Span<const TestCard> cards = AllTestCards();
  const TestCard& test_card = cards[sim.Rand(cards.size())];
  card->set_number(std::string(test_card.number));
  const int64_t year = sim.CurrentYear();
  card->set_exp_month(1 + static_cast<int32_t>(sim.Rand(12)));
  card->set_exp_year(static_cast<int32_t>(year + 1 + static_cast<int64_t>(sim.Rand(5))));
  if (sim.Chance(80)) card->set_cvc(test_card.brand == "amex" ? "1234" : "123");
  if (sim.Chance(20)) card->set_name("Jenny Rosen");
  switch (sim.Rand(12)) {
    case 0:
      params.clear_card();
      sim.ExpectRefusal("no card");
      break;
    case 1:
      card->set_number("4242424242424241");  // fails Luhn
      sim.ExpectRefusal("Luhn");
      break;
    case 2:
      card->set_exp_month(13);
      sim.ExpectRefusal("month 13");
      break;
    case 3:
      card->set_exp_year(static_cast<int32_t>(year - 1));
      sim.ExpectRefusal("expired");
      break;
    default:
      break;
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.tokens().Create(params, o);
  };
  absl::StatusOr<Token> token = sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  if (token.ok()) {
    sim.pool(pool::kTokens).Add(token->id(), sim.rng());
    sim.model().deadlines.push_back(token->created() + absl::ToInt64Seconds(kTokenLifetime));
  }
  TokenCreateParams other = params;
  other.mutable_card()->set_name("Other Name");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.tokens().Create(other, o); },
      Render(token), token.status());
}

void RetrieveToken(Simulation& sim) {
  const std::string id = sim.PickId(pool::kTokens, "tok_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.tokens().Retrieve(id); });
}

}  // namespace

void RegisterTokenOperations(ResourceRegistry& registry) {
  registry.AddOperation("token_create", 6, CreateToken);
  registry.AddOperation("token_retrieve", 1, RetrieveToken);
  registry.AddRetriever("tok_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.tokens().Retrieve(id); }));
  });
  // Used (by a charge, a customer, a PaymentMethod) or expired unused: for good.
  registry.AddLifecycle(Token::descriptor(), {FlagSet("used"), FlagSet("expired")});
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
