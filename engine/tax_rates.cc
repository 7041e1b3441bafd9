// Tax rates: create, retrieve, update, list.
#include "engine/tax_rates.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/tax_rate_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::TaxRateLifecycle;
using internal::World;

// The checks create and update share, on the fields both take.
template <typename Params>
absl::Status ValidateLabels(const Params& params) {
  if (params.has_display_name()) {
    if (params.display_name().empty()) return internal::CannotUnset("display_name");
    if (static_cast<int>(params.display_name().size()) > kTaxRateDisplayNameMaxLength) {
      return StringTooLong("display_name", kTaxRateDisplayNameMaxLength);
    }
  }
  if (params.has_country() && !params.country().empty()) {
    const std::string& c = params.country();
    if (c.size() != 2 || !absl::ascii_isalpha(c[0]) || !absl::ascii_isalpha(c[1])) {
      return InvalidRequestError("", "country",
                                 "Country must be a two-letter country code (ISO 3166-1 "
                                 "alpha-2).");
    }
  }
  if (params.has_state() && params.state().size() > 2) return StringTooLong("state", 2);
  if (params.has_jurisdiction() &&
      static_cast<int>(params.jurisdiction().size()) > kTaxRateJurisdictionMaxLength) {
    return StringTooLong("jurisdiction", kTaxRateJurisdictionMaxLength);
  }
  if (params.has_tax_type() && !params.tax_type().empty()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
        params.tax_type(),
        {"amusement_tax", "communications_tax", "gst", "hst", "igst", "jct", "lease_tax", "pst",
         "qst", "rst", "sales_tax", "service_tax", "vat"},
        "tax_type"));
  }
  return ValidateMetadata(params.metadata());
}

// Sets the optional label fields given (an empty value unsets).
template <typename Params>
void ApplyLabels(const Params& params, TaxRate* rate) {
  auto set = [](bool has, const std::string& value, auto setter, auto clearer) {
    if (!has) return;
    if (value.empty()) {
      clearer();
    } else {
      setter(value);
    }
  };
  if (params.has_active()) rate->set_active(params.active());
  set(params.has_country(), params.country(),
      [&](const std::string& v) { rate->set_country(absl::AsciiStrToUpper(v)); },
      [&] { rate->clear_country(); });
  set(params.has_description(), params.description(),
      [&](const std::string& v) { rate->set_description(v); },
      [&] { rate->clear_description(); });
  if (params.has_display_name()) rate->set_display_name(params.display_name());
  set(params.has_jurisdiction(), params.jurisdiction(),
      [&](const std::string& v) { rate->set_jurisdiction(v); },
      [&] { rate->clear_jurisdiction(); });
  set(params.has_state(), params.state(),
      [&](const std::string& v) { rate->set_state(absl::AsciiStrToUpper(v)); },
      [&] { rate->clear_state(); });
  set(params.has_tax_type(), params.tax_type(),
      [&](const std::string& v) { rate->set_tax_type(v); }, [&] { rate->clear_tax_type(); });
}

absl::StatusOr<TaxRate> Draft(const TaxRateCreateParams& params) {
  if (!params.has_display_name()) return ParameterMissing("display_name");
  if (!params.has_inclusive()) return ParameterMissing("inclusive");
  if (!params.has_percentage()) return ParameterMissing("percentage");
  if (!(params.percentage() >= 0 && params.percentage() <= 100)) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "percentage",
                               "Invalid percentage: must be between 0 and 100.");
  }
  PAYSIM_RETURN_IF_ERROR(ValidateLabels(params));
  TaxRate draft;
  draft.set_active(true);
  ApplyLabels(params, &draft);
  draft.set_inclusive(params.inclusive());
  draft.set_percentage(params.percentage());
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));
  return draft;
}

}  // namespace

absl::StatusOr<TaxRate> TaxRateService::Create(const TaxRateCreateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<TaxRate>(options, "POST /v1/tax_rates", params,
                                  [&]() -> absl::StatusOr<TaxRate> {
                                    PAYSIM_ASSIGN_OR_RETURN(TaxRate draft, Draft(params));
                                    return TaxRateLifecycle::Create(w, std::move(draft));
                                  });
}

absl::StatusOr<TaxRate> TaxRateService::Retrieve(absl::string_view id,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<TaxRate> {
    PAYSIM_ASSIGN_OR_RETURN(const TaxRate* rate, w.tax_rates().Get(id));
    return *rate;
  });
}

absl::StatusOr<TaxRate> TaxRateService::Update(absl::string_view id,
                                               const TaxRateUpdateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<TaxRate>(
      options, [&] { return absl::StrCat("POST /v1/tax_rates/", id); }, params,
      [&]() -> absl::StatusOr<TaxRate> {
        PAYSIM_ASSIGN_OR_RETURN(const TaxRate* rate, w.tax_rates().Get(id));
        // Automatic tax's rates are Stripe's, not the account's: read-only.
        if (rate->automatic()) return ResourceMissing("tax_rate", id, "id");
        PAYSIM_RETURN_IF_ERROR(ValidateLabels(params));
        TaxRate updated = *rate;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        ApplyLabels(params, &updated);
        return TaxRateLifecycle::Update(w, *rate, updated);
      });
}

absl::StatusOr<ListResult<TaxRate>> TaxRateService::List(const TaxRateListParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<TaxRate>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.tax_rates().List(window, "/v1/tax_rates", [&](const TaxRate& r) {
      return !r.automatic() && (!params.has_active() || r.active() == params.active()) &&
             (!params.has_inclusive() || r.inclusive() == params.inclusive());
    });
  });
}

}  // namespace paysim
