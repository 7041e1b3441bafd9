// The customer portal's configurations and sessions: checks and requests (billing_portal.h).
#include "engine/billing_portal.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/billing_portal_flow.h"
#include "engine/internal/billing_portal_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/url_param.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::BillingPortalLifecycle;
using internal::CheckUrlParam;
using internal::PortalConfigurationTrigger;
using internal::World;

constexpr char kFeatures[] = "features";

std::string Param(absl::string_view feature, absl::string_view field) {
  return absl::StrCat("features[", feature, "][", field, "]");
}

// A feature given on create must say whether it is enabled.
absl::Status NeedsEnabled(bool create, bool given, absl::string_view feature) {
  if (create && !given) return ParameterMissing(Param(feature, "enabled"));
  return absl::OkStatus();
}

// Each of `values` one of `allowed`; `param` the list's (Stripe names the list, not the entry).
absl::Status CheckEach(const google::protobuf::RepeatedPtrField<std::string>& values,
                       std::initializer_list<absl::string_view> allowed,
                       absl::string_view param) {
  for (const std::string& value : values) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(value, allowed, param));
  }
  return absl::OkStatus();
}

// Replaces a list of values from a fixed set with `values`: `add` appends one.
template <typename Add>
void SetList(const google::protobuf::RepeatedPtrField<std::string>& values, Add add) {
  for (const std::string& value : values) add(internal::InternedCopy(value));
}

constexpr std::initializer_list<absl::string_view> kProrations = {
    "always_invoice", "create_prorations", "none"};

// features[subscription_update][products]: each product and price exists, each price a
// recurring price of its product.
absl::Status CheckProducts(World& w, const BillingPortalSubscriptionUpdateParams& given,
                           BillingPortalSubscriptionUpdate* out) {
  out->mutable_products()->Clear();
  for (int i = 0; i < given.products_size(); ++i) {
    const BillingPortalProductParams& product = given.products(i);
    const std::string at = absl::StrCat(Param("subscription_update", "products"), "[", i, "]");
    if (!product.has_product()) return ParameterMissing(absl::StrCat(at, "[product]"));
    PAYSIM_RETURN_IF_ERROR(
        w.products().Get(product.product(), absl::StrCat(at, "[product]")).status());
    if (product.prices_size() == 0) return ParameterMissing(absl::StrCat(at, "[prices]"));
    BillingPortalProduct* kept = out->add_products();
    kept->set_product(product.product());
    for (const std::string& price_id : product.prices()) {
      PAYSIM_ASSIGN_OR_RETURN(const Price* price,
                              w.prices().Get(price_id, absl::StrCat(at, "[prices]")));
      // UNCERTAIN: Stripe's wording.
      if (price->product() != product.product() || !price->has_recurring()) {
        return InvalidRequestError(
            "", absl::StrCat(at, "[prices]"),
            absl::StrCat("The price ", price_id, " must be a recurring price of product ",
                         product.product(), "."));
      }
      kept->add_prices(price_id);
    }
  }
  return absl::OkStatus();
}

// Lays `given` over `out`: each feature's fields one by one, refusing what Stripe refuses.
absl::Status ApplyFeatures(World& w, const BillingPortalFeaturesParams& given, bool create,
                           BillingPortalFeatures* out) {
  if (given.has_customer_update()) {
    const BillingPortalCustomerUpdateParams& p = given.customer_update();
    PAYSIM_RETURN_IF_ERROR(NeedsEnabled(create, p.has_enabled(), "customer_update"));
    PAYSIM_RETURN_IF_ERROR(
        CheckEach(p.allowed_updates(), {"address", "email", "name", "phone", "shipping", "tax_id"},
                  Param("customer_update", "allowed_updates")));
    BillingPortalCustomerUpdate* f = out->mutable_customer_update();
    if (p.has_enabled()) f->set_enabled(p.enabled());
    if (p.allowed_updates_size() > 0 || p.allowed_updates_emptied()) {
      f->mutable_allowed_updates()->Clear();
      SetList(p.allowed_updates(), [f](const auto& v) { f->add_allowed_updates(v); });
    }
  }
  if (given.has_invoice_history()) {
    PAYSIM_RETURN_IF_ERROR(
        NeedsEnabled(create, given.invoice_history().has_enabled(), "invoice_history"));
    if (given.invoice_history().has_enabled()) {
      out->mutable_invoice_history()->set_enabled(given.invoice_history().enabled());
    }
  }
  if (given.has_payment_method_update()) {
    PAYSIM_RETURN_IF_ERROR(NeedsEnabled(create, given.payment_method_update().has_enabled(),
                                        "payment_method_update"));
    if (given.payment_method_update().has_enabled()) {
      out->mutable_payment_method_update()->set_enabled(given.payment_method_update().enabled());
    }
  }
  if (given.has_subscription_cancel()) {
    const BillingPortalSubscriptionCancelParams& p = given.subscription_cancel();
    PAYSIM_RETURN_IF_ERROR(NeedsEnabled(create, p.has_enabled(), "subscription_cancel"));
    BillingPortalSubscriptionCancel* f = out->mutable_subscription_cancel();
    if (p.has_enabled()) f->set_enabled(p.enabled());
    if (p.has_mode()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(p.mode(), {"at_period_end", "immediately"},
                                                    Param("subscription_cancel", "mode")));
      f->set_mode(internal::InternedCopy(p.mode()));
    }
    if (p.has_proration_behavior()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          p.proration_behavior(), kProrations, Param("subscription_cancel", "proration_behavior")));
      f->set_proration_behavior(internal::InternedCopy(p.proration_behavior()));
    }
    if (p.has_cancellation_reason()) {
      const BillingPortalCancellationReasonParams& r = p.cancellation_reason();
      const std::string reason = Param("subscription_cancel", "cancellation_reason");
      if (create && !r.has_enabled()) return ParameterMissing(absl::StrCat(reason, "[enabled]"));
      PAYSIM_RETURN_IF_ERROR(CheckEach(
          r.options(),
          {"customer_service", "low_quality", "missing_features", "other", "switched_service",
           "too_complex", "too_expensive", "unused"},
          absl::StrCat(reason, "[options]")));
      BillingPortalCancellationReason* kept = f->mutable_cancellation_reason();
      if (r.has_enabled()) kept->set_enabled(r.enabled());
      if (r.options_size() > 0) {
        kept->mutable_options()->Clear();
        SetList(r.options(), [kept](const auto& v) { kept->add_options(v); });
      }
      if (kept->enabled() && kept->options().empty()) {
        return ParameterMissing(absl::StrCat(reason, "[options]"));
      }
    }
  }
  if (given.has_subscription_update()) {
    const BillingPortalSubscriptionUpdateParams& p = given.subscription_update();
    PAYSIM_RETURN_IF_ERROR(NeedsEnabled(create, p.has_enabled(), "subscription_update"));
    PAYSIM_RETURN_IF_ERROR(CheckEach(p.default_allowed_updates(),
                                     {"price", "promotion_code", "quantity"},
                                     Param("subscription_update", "default_allowed_updates")));
    BillingPortalSubscriptionUpdate* f = out->mutable_subscription_update();
    if (p.has_enabled()) f->set_enabled(p.enabled());
    if (p.default_allowed_updates_size() > 0) {
      f->mutable_default_allowed_updates()->Clear();
      SetList(p.default_allowed_updates(),
              [f](const auto& v) { f->add_default_allowed_updates(v); });
    }
    if (p.products_size() > 0) PAYSIM_RETURN_IF_ERROR(CheckProducts(w, p, f));
    if (p.has_proration_behavior()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          p.proration_behavior(), kProrations, Param("subscription_update", "proration_behavior")));
      f->set_proration_behavior(internal::InternedCopy(p.proration_behavior()));
    }
    // UNCERTAIN: that Stripe asks for both when the feature is on.
    if (f->enabled() && f->default_allowed_updates().empty()) {
      return ParameterMissing(Param("subscription_update", "default_allowed_updates"));
    }
    if (f->enabled() && f->products().empty()) {
      return ParameterMissing(Param("subscription_update", "products"));
    }
  }
  return absl::OkStatus();
}

// Lays `params` (all but `active`) over `out`.
absl::Status Apply(World& w, const BillingPortalConfigurationParams& params, bool create,
                   BillingPortalConfiguration& out) {
  if (params.has_business_profile()) {
    const BillingPortalBusinessProfileParams& p = params.business_profile();
    BillingPortalBusinessProfile* profile = out.mutable_business_profile();
    if (p.has_headline()) {
      if (static_cast<int>(p.headline().size()) > kPortalHeadlineMaxLength) {
        return StringTooLong("business_profile[headline]", kPortalHeadlineMaxLength);
      }
      p.headline().empty() ? profile->clear_headline() : profile->set_headline(p.headline());
    }
    if (p.has_privacy_policy_url()) {
      PAYSIM_RETURN_IF_ERROR(
          CheckUrlParam(p.privacy_policy_url(), "business_profile[privacy_policy_url]"));
      profile->set_privacy_policy_url(p.privacy_policy_url());
    }
    if (p.has_terms_of_service_url()) {
      PAYSIM_RETURN_IF_ERROR(
          CheckUrlParam(p.terms_of_service_url(), "business_profile[terms_of_service_url]"));
      profile->set_terms_of_service_url(p.terms_of_service_url());
    }
  }
  if (params.has_default_return_url()) {
    if (params.default_return_url().empty() && !create) {
      out.clear_default_return_url();
    } else {
      PAYSIM_RETURN_IF_ERROR(CheckUrlParam(params.default_return_url(), "default_return_url"));
      out.set_default_return_url(params.default_return_url());
    }
  }
  PAYSIM_RETURN_IF_ERROR(ApplyFeatures(w, params.features(), create, out.mutable_features()));
  if (params.has_login_page() && params.login_page().has_enabled()) {
    out.mutable_login_page()->set_enabled(params.login_page().enabled());
  }
  if (params.has_name()) {
    if (static_cast<int>(params.name().size()) > kPortalNameMaxLength) {
      return StringTooLong("name", kPortalNameMaxLength);
    }
    params.name().empty() ? out.clear_name() : out.set_name(params.name());
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  return MergeMetadata(params.metadata(), out.mutable_metadata());
}

}  // namespace

absl::StatusOr<BillingPortalConfiguration> BillingPortalService::CreateConfiguration(
    const BillingPortalConfigurationParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<BillingPortalConfiguration>(
      options, "POST /v1/billing_portal/configurations", params,
      [&]() -> absl::StatusOr<BillingPortalConfiguration> {
        if (params.has_active()) return ParameterUnknown("active");
        if (!params.has_features()) return ParameterMissing(kFeatures);
        BillingPortalConfiguration draft = BillingPortalLifecycle::Blank();
        PAYSIM_RETURN_IF_ERROR(Apply(w, params, /*create=*/true, draft));
        return BillingPortalLifecycle::Create(w, std::move(draft));
      });
}

absl::StatusOr<BillingPortalConfiguration> BillingPortalService::RetrieveConfiguration(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<BillingPortalConfiguration> {
    PAYSIM_ASSIGN_OR_RETURN(const BillingPortalConfiguration* c,
                            w.billing_portal_configurations().Get(id));
    return *c;
  });
}

absl::StatusOr<BillingPortalConfiguration> BillingPortalService::UpdateConfiguration(
    absl::string_view id, const BillingPortalConfigurationParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<BillingPortalConfiguration>(
      options, [&] { return absl::StrCat("POST /v1/billing_portal/configurations/", id); },
      params, [&]() -> absl::StatusOr<BillingPortalConfiguration> {
        PAYSIM_ASSIGN_OR_RETURN(const BillingPortalConfiguration* current,
                                w.billing_portal_configurations().Get(id));
        BillingPortalConfiguration changed = *current;
        PAYSIM_RETURN_IF_ERROR(Apply(w, params, /*create=*/false, changed));
        PortalConfigurationTrigger trigger = PortalConfigurationTrigger::kUpdate;
        if (params.has_active() && params.active() != current->active()) {
          if (current->is_default() && !params.active()) {
            // UNCERTAIN: Stripe's wording.
            return InvalidRequestError("", "active",
                                       "The default configuration cannot be deactivated.");
          }
          trigger = params.active() ? PortalConfigurationTrigger::kReactivate
                                    : PortalConfigurationTrigger::kDeactivate;
        } else if (changed == *current) {
          return *current;  // nothing changed: no event
        }
        return BillingPortalLifecycle::Update(w, *current, std::move(changed), trigger);
      });
}

absl::StatusOr<ListResult<BillingPortalConfiguration>> BillingPortalService::ListConfigurations(
    const BillingPortalConfigurationListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<BillingPortalConfiguration>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.billing_portal_configurations().List(
        window, "/v1/billing_portal/configurations", [&](const BillingPortalConfiguration& c) {
          return (!params.has_active() || c.active() == params.active()) &&
                 (!params.has_is_default() || c.is_default() == params.is_default());
        });
  });
}

absl::StatusOr<BillingPortalSession> BillingPortalService::CreateSession(
    const BillingPortalSessionCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<BillingPortalSession>(
      options, "POST /v1/billing_portal/sessions", params,
      [&]() -> absl::StatusOr<BillingPortalSession> {
        if (!params.has_customer() || params.customer().empty()) {
          return ParameterMissing("customer");
        }
        PAYSIM_RETURN_IF_ERROR(w.customers().Get(params.customer(), "customer").status());
        const BillingPortalConfiguration* configuration = nullptr;
        if (params.has_configuration()) {
          PAYSIM_ASSIGN_OR_RETURN(
              configuration,
              w.billing_portal_configurations().Get(params.configuration(), "configuration"));
          if (!configuration->active()) {
            // UNCERTAIN: Stripe's wording.
            return InvalidRequestError(
                "", "configuration",
                absl::StrCat("The configuration ", configuration->id(), " is not active."));
          }
        }
        if (params.has_locale()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.locale(),
              {"auto", "bg", "cs", "da", "de", "el", "en", "en-AU", "en-CA", "en-GB", "en-IE",
               "en-IN", "en-NZ", "en-SG", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA",
               "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl",
               "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK",
               "zh-TW"},
              "locale"));
        }
        if (params.has_return_url()) {
          PAYSIM_RETURN_IF_ERROR(CheckUrlParam(params.return_url(), "return_url"));
        }
        BillingPortalSession draft;
        if (params.has_flow_data()) {
          const BillingPortalConfiguration* in = configuration;
          if (in == nullptr) in = BillingPortalLifecycle::FindDefault(w);
          const BillingPortalFeatures features =
              in != nullptr ? in->features() : BillingPortalLifecycle::DefaultFeatures();
          PAYSIM_ASSIGN_OR_RETURN(
              *draft.mutable_flow(),
              internal::CheckPortalFlow(w, params.flow_data(), params.customer(), features));
        }
        // Every check passed: only now may the default configuration come to exist.
        if (configuration == nullptr) configuration = &BillingPortalLifecycle::Default(w);
        draft.set_configuration(configuration->id());
        draft.set_customer(params.customer());
        if (params.has_locale()) draft.set_locale(params.locale());
        if (params.has_return_url()) {
          draft.set_return_url(params.return_url());
        } else if (configuration->has_default_return_url()) {
          draft.set_return_url(configuration->default_return_url());
        }
        return BillingPortalLifecycle::CreateSession(w, std::move(draft));
      });
}

}  // namespace paysim
