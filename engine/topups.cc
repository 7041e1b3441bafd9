// Top-ups: create, retrieve, update (description, metadata), cancel, list.
#include "engine/topups.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payout_destinations.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/topup_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"

namespace paysim {
namespace {

using internal::TopupLifecycle;
using internal::World;

// Stripe's API reference: description "Maximum length of 5000".
constexpr int64_t kTopupDescriptionMaxLength = 5000;

// Stripe: "Limited to 15 ASCII characters", with at least one letter; the characters every
// statement descriptor refuses (statement_descriptor.h) are refused here too.
absl::Status ValidateTopupStatementDescriptor(absl::string_view descriptor) {
  bool letter = false;
  bool ascii = true;
  for (char c : descriptor) {
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) letter = true;
  }
  // UNCERTAIN: Stripe's wording for each refusal.
  if (static_cast<int64_t>(descriptor.size()) > kTopupStatementDescriptorMaxLength || !ascii) {
    return InvalidRequestError("", "statement_descriptor",
                               absl::StrCat("The statement descriptor must be at most ",
                                            kTopupStatementDescriptorMaxLength,
                                            " ASCII characters."));
  }
  if (!letter) {
    return InvalidRequestError("", "statement_descriptor",
                               "The statement descriptor must contain at least one letter.");
  }
  if (descriptor.find_first_of("<>\\'\"*") != absl::string_view::npos) {
    return InvalidRequestError(
        "", "statement_descriptor",
        "The statement descriptor cannot contain any of the characters < > \\ ' \" *.");
  }
  return absl::OkStatus();
}

// The top-up the create parameters describe (status and dates left to the lifecycle), or the
// error Stripe gives for the first bad parameter.
absl::StatusOr<Topup> Draft(const TopupCreateParams& params) {
  if (!params.has_amount()) return ParameterMissing("amount");
  if (!params.has_currency()) return ParameterMissing("currency");
  if (params.amount() <= 0) {
    return InvalidRequestError("parameter_invalid_integer", "amount", "Invalid positive integer");
  }
  const CurrencyInfo* currency = nullptr;
  PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
  if (currency->code != "usd") {
    // UNCERTAIN: Stripe's wording; its guide: "U.S. platforms can add funds to their balance".
    return InvalidRequestError(
        "", "currency",
        absl::StrCat("Top-ups in ", currency->code,
                     " are not supported: this account can add funds in usd only."));
  }
  PAYSIM_RETURN_IF_ERROR(ValidateChargeAmount(params.amount(), *currency));
  if (params.has_description() &&
      static_cast<int64_t>(params.description().size()) > kTopupDescriptionMaxLength) {
    return StringTooLong("description", kTopupDescriptionMaxLength);
  }
  const PayoutDestination* bank = nullptr;
  if (params.has_source()) {
    bank = FindPayoutDestination(params.source());
    // Only the tokens name a bank a top-up can debit (not the payout destinations' ids).
    if (bank == nullptr || bank->token != params.source()) {
      return ResourceMissing(absl::StartsWith(params.source(), "btok_") ? "token" : "source",
                             params.source(), "source");
    }
  }
  if (params.has_statement_descriptor()) {
    PAYSIM_RETURN_IF_ERROR(ValidateTopupStatementDescriptor(params.statement_descriptor()));
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));

  Topup draft;
  draft.set_amount(params.amount());
  draft.set_currency(std::string(currency->code));
  if (params.has_description()) draft.set_description(params.description());
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));
  if (params.has_statement_descriptor()) {
    draft.set_statement_descriptor(params.statement_descriptor());
  }
  if (params.has_transfer_group()) draft.set_transfer_group(params.transfer_group());
  if (bank != nullptr) draft.set_bank(std::string(bank->token));
  return draft;
}

}  // namespace

absl::StatusOr<Topup> TopupService::Create(const TopupCreateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Topup>(options, "POST /v1/topups", params,
                                [&]() -> absl::StatusOr<Topup> {
                                  // validate: every refusal before anything changes
                                  PAYSIM_ASSIGN_OR_RETURN(Topup draft, Draft(params));
                                  // transition + commit
                                  return TopupLifecycle::Create(w, std::move(draft));
                                });
}

absl::StatusOr<Topup> TopupService::Retrieve(absl::string_view id,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Topup> {
    PAYSIM_ASSIGN_OR_RETURN(const Topup* topup, w.topups().Get(id));
    return *topup;
  });
}

absl::StatusOr<Topup> TopupService::Update(absl::string_view id, const TopupUpdateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Topup>(
      options, [&] { return absl::StrCat("POST /v1/topups/", id); }, params,
      [&]() -> absl::StatusOr<Topup> {
        PAYSIM_ASSIGN_OR_RETURN(const Topup* topup, w.topups().Get(id));
        if (params.has_description() &&
            static_cast<int64_t>(params.description().size()) > kTopupDescriptionMaxLength) {
          return StringTooLong("description", kTopupDescriptionMaxLength);
        }
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        Topup updated = *topup;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        if (params.has_description()) {
          if (params.description().empty()) {
            updated.clear_description();
          } else {
            updated.set_description(params.description());
          }
        }
        return TopupLifecycle::Update(w, *topup, updated);
      });
}

absl::StatusOr<Topup> TopupService::Cancel(absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  TopupCancelParams none;
  return w.RunIdempotent<Topup>(
      options, [&] { return absl::StrCat("POST /v1/topups/", id, "/cancel"); }, none,
      [&]() -> absl::StatusOr<Topup> {
        PAYSIM_ASSIGN_OR_RETURN(const Topup* topup, w.topups().Get(id));
        if (!TopupLifecycle::machine().Allows(TopupLifecycle::StateOf(*topup),
                                              internal::TopupTrigger::kCancel)) {
          // UNCERTAIN: Stripe's wording; its API reference: "Only pending top-ups can be
          // canceled."
          return StateError("", "",
                            absl::StrCat("Top-up ", topup->id(), " has status ", topup->status(),
                                         ". Only a pending top-up can be canceled."));
        }
        return TopupLifecycle::Cancel(w, *topup);
      });
}

absl::StatusOr<ListResult<Topup>> TopupService::List(const TopupListParams& params,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Topup>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_status()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.status(), {"canceled", "failed", "pending", "succeeded"}, "status"));
    }
    const CreatedRange amount =
        params.has_amount() ? MakeCreatedRange(params.amount()) : CreatedRange{};
    return w.topups().List(window, "/v1/topups", [&](const Topup& t) {
      return (!params.has_status() || t.status() == params.status()) &&
             amount.Contains(t.amount());
    });
  });
}

}  // namespace paysim
