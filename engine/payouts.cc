// Payouts: create, retrieve, update (metadata), cancel, list.
#include "engine/payouts.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/balance_ledger.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payout_destinations.h"
#include "engine/internal/payout_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"

namespace paysim {
namespace {

using internal::BalanceLedger;
using internal::PayoutLifecycle;
using internal::World;

// Stripe's answer when the balance cannot cover a payout (recorded from the API, 2021: type
// invalid_request_error, code balance_insufficient, HTTP 400, no param).
absl::Status BalanceInsufficient(absl::string_view source_type) {
  return InvalidRequestError(
      "balance_insufficient", "",
      absl::StrCat("You have insufficient funds in your Stripe account for this transfer. Your ",
                   source_type,
                   " balance is too low.  You can use the /v1/balance endpoint to view your "
                   "Stripe balance (for more details, see stripe.com/docs/api#balance)."));
}

// The payout the create parameters describe (status and dates left to the lifecycle), or the
// error Stripe gives for the first bad parameter.
absl::StatusOr<Payout> Draft(World& w, const PayoutCreateParams& params) {
  if (!params.has_amount()) return ParameterMissing("amount");
  if (!params.has_currency()) return ParameterMissing("currency");
  if (params.amount() <= 0) {
    return InvalidRequestError("parameter_invalid_integer", "amount", "Invalid positive integer");
  }
  const CurrencyInfo* currency = nullptr;
  PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
  const std::string method = params.has_method() ? params.method() : "standard";
  PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(method, {"instant", "standard"}, "method"));
  const std::string source_type = params.has_source_type() ? params.source_type() : "card";
  PAYSIM_RETURN_IF_ERROR(
      internal::ValidateEnum(source_type, {"bank_account", "card", "fpx"}, "source_type"));
  if (params.has_statement_descriptor() &&
      static_cast<int64_t>(params.statement_descriptor().size()) >
          kPayoutStatementDescriptorMaxLength) {
    // UNCERTAIN: Stripe's wording for a payout descriptor over the limit.
    return InvalidRequestError(
        "", "statement_descriptor",
        absl::StrCat("The statement descriptor must be at most ",
                     kPayoutStatementDescriptorMaxLength, " characters."));
  }
  const PayoutDestination* destination = FindPayoutDestination(
      params.has_destination() ? params.destination() : std::string(kDefaultPayoutDestination));
  if (destination == nullptr) {
    // UNCERTAIN: Stripe's wording for an unknown destination.
    return ResourceMissing("external account", params.destination(), "destination");
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  // Every card payment's funds are in the `card` balance: the others are empty.
  const int64_t available =
      source_type == "card" ? BalanceLedger::Available(w, currency->code) : 0;
  if (available < params.amount()) return BalanceInsufficient(source_type);

  Payout draft;
  draft.set_amount(params.amount());
  draft.set_currency(std::string(currency->code));
  if (params.has_description()) draft.set_description(params.description());
  draft.set_destination(std::string(destination->id));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));
  draft.set_method(method);
  draft.set_source_type(source_type);
  if (params.has_statement_descriptor()) {
    draft.set_statement_descriptor(params.statement_descriptor());
  }
  return draft;
}

}  // namespace

absl::StatusOr<Payout> PayoutService::Create(const PayoutCreateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Payout>(options, "POST /v1/payouts", params,
                                 [&]() -> absl::StatusOr<Payout> {
                                   // validate: every refusal before anything changes
                                   PAYSIM_ASSIGN_OR_RETURN(Payout draft, Draft(w, params));
                                   // transition + commit
                                   return PayoutLifecycle::Create(w, std::move(draft));
                                 });
}

absl::StatusOr<Payout> PayoutService::Retrieve(absl::string_view id,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Payout> {
    PAYSIM_ASSIGN_OR_RETURN(const Payout* payout, w.payouts().Get(id));
    return *payout;
  });
}

absl::StatusOr<Payout> PayoutService::Update(absl::string_view id,
                                             const PayoutUpdateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Payout>(
      options, [&] { return absl::StrCat("POST /v1/payouts/", id); }, params,
      [&]() -> absl::StatusOr<Payout> {
        PAYSIM_ASSIGN_OR_RETURN(const Payout* payout, w.payouts().Get(id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        Payout updated = *payout;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        return PayoutLifecycle::Update(w, *payout, updated);
      });
}

absl::StatusOr<Payout> PayoutService::Cancel(absl::string_view id,
                                             const RequestOptions& options) {
  World& w = *world_;
  PayoutCancelParams none;
  return w.RunIdempotent<Payout>(
      options, [&] { return absl::StrCat("POST /v1/payouts/", id, "/cancel"); }, none,
      [&]() -> absl::StatusOr<Payout> {
        PAYSIM_ASSIGN_OR_RETURN(const Payout* payout, w.payouts().Get(id));
        if (!PayoutLifecycle::machine().Allows(PayoutLifecycle::StateOf(*payout),
                                               internal::PayoutTrigger::kCancel)) {
          // UNCERTAIN: Stripe's wording; its API reference: "A previously created payout can
          // be canceled if it has not yet been paid out."
          return StateError("", "",
                            absl::StrCat("Payout ", payout->id(), " has status ",
                                         payout->status(),
                                         ". Only a pending payout can be canceled."));
        }
        return PayoutLifecycle::Cancel(w, *payout);
      });
}

absl::StatusOr<ListResult<Payout>> PayoutService::List(const PayoutListParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Payout>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    const CreatedRange arrival = params.has_arrival_date()
                                     ? MakeCreatedRange(params.arrival_date())
                                     : CreatedRange{};
    return w.payouts().List(window, "/v1/payouts", [&](const Payout& p) {
      return (!params.has_status() || p.status() == params.status()) &&
             (!params.has_destination() || p.destination() == params.destination()) &&
             arrival.Contains(p.arrival_date());
    });
  });
}

}  // namespace paysim
