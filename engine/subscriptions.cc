// Subscriptions: create (with the first invoice), retrieve, update, cancel, list.
#include "engine/subscriptions.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/renewals.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_default_settings.h"
#include "engine/internal/subscription_automatic_tax.h"
#include "engine/internal/subscription_cancellation.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/subscription_item_request.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_pause_collection.h"
#include "engine/internal/subscription_pending_update.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::SubscriptionLifecycle;
using internal::SubscriptionTrigger;
using internal::World;

// UNCERTAIN: Stripe's wording when an ended subscription is updated or canceled again.
absl::Status Ended(const Subscription& subscription) {
  return StateError("", "",
                    absl::StrCat("This subscription (", subscription.id(), ") is ",
                                 subscription.status(), " and can no longer be changed."));
}

bool Ended(SubscriptionTrigger trigger, const Subscription& subscription) {
  return !SubscriptionLifecycle::machine().Allows(SubscriptionLifecycle::StateOf(subscription),
                                                  trigger);
}

}  // namespace

int64_t PeriodEnd(int64_t start, absl::string_view interval, int64_t interval_count) {
  // A renewal asks for the same period end several times (its period, then its invoice's
  // whole period, then its preview's), and absl's conversions between Unix seconds and civil
  // time cost about 2,000 instructions a call: the last answers are kept, per thread.
  const char unit = interval == "day"    ? 'd'
                    : interval == "week" ? 'w'
                    : interval == "year" ? 'y'
                                         : 'm';
  struct Answer {
    int64_t start = 0;
    int64_t count = 0;
    char unit = 0;
    int64_t end = 0;
  };
  thread_local std::array<Answer, 8> answers;
  Answer& kept = answers[absl::HashOf(start, interval_count, unit) % answers.size()];
  if (kept.unit == unit && kept.start == start && kept.count == interval_count) return kept.end;
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond begin = absl::ToCivilSecond(absl::FromUnixSeconds(start), utc);
  absl::CivilSecond end;
  if (unit == 'd' || unit == 'w') {
    const int64_t days = unit == 'w' ? 7 * interval_count : interval_count;
    end = begin + days * 86400;
  } else {
    const int64_t months = unit == 'y' ? 12 * interval_count : interval_count;
    const absl::CivilMonth month = absl::CivilMonth(begin) + months;
    // The same day of the month, or the month's last day when it has fewer days.
    const int last_day = (absl::CivilDay(absl::CivilMonth(month + 1)) - 1).day();
    const int day = std::min(begin.day(), last_day);
    end = absl::CivilSecond(month.year(), month.month(), day, begin.hour(), begin.minute(),
                            begin.second());
  }
  kept = Answer{start, interval_count, unit, absl::ToUnixSeconds(absl::FromCivil(end, utc))};
  return kept.end;
}

absl::StatusOr<Subscription> SubscriptionService::Create(const SubscriptionCreateParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Subscription>(
      options, "POST /v1/subscriptions", params, [&]() -> absl::StatusOr<Subscription> {
        // On the customer's test clock, if any (dates, timers).
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, params.customer());
        // validate: every refusal before anything changes
        PAYSIM_ASSIGN_OR_RETURN(internal::SubscriptionRequest request,
                                internal::CheckSubscriptionCreate(w, params));
        // transition + commit
        internal::SetAutomaticTax(w, params.automatic_tax().enabled(), /*only_new=*/true,
                                  request.draft);
        absl::Status decline;
        const std::string id = internal::Renewals::Start(w, std::move(request), &decline);
        if (!decline.ok()) return decline;
        return *w.subscriptions().Find(id);
      });
}

absl::StatusOr<Subscription> SubscriptionService::Retrieve(absl::string_view id,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Subscription> {
    PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription, w.subscriptions().Get(id));
    return *subscription;
  });
}

absl::StatusOr<Subscription> SubscriptionService::Update(absl::string_view id,
                                                         const SubscriptionChangeParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Subscription>(
      options, [&] { return absl::StrCat("POST /v1/subscriptions/", id); }, params,
      [&]() -> absl::StatusOr<Subscription> {
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription, w.subscriptions().Get(id));
        if (Ended(SubscriptionTrigger::kUpdate, *subscription)) return Ended(*subscription);
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, subscription->customer());
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        Subscription updated = *subscription;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        if (params.has_default_payment_method()) {
          if (params.default_payment_method().empty()) {
            updated.clear_default_payment_method();
          } else {
            PAYSIM_RETURN_IF_ERROR(internal::CheckSubscriptionPaymentMethod(
                w, params.default_payment_method(), subscription->customer()));
            updated.set_default_payment_method(params.default_payment_method());
          }
        }
        if (params.has_default_source()) {
          if (params.default_source().empty()) {
            updated.clear_default_source();
          } else {
            PAYSIM_RETURN_IF_ERROR(internal::CheckCustomerSource(
                w, params.default_source(), subscription->customer(), "default_source"));
            updated.set_default_source(params.default_source());
          }
        }
        PAYSIM_RETURN_IF_ERROR(
            internal::CheckSubscriptionPaymentSettings(params.payment_settings()));
        internal::SetSubscriptionPaymentSettings(params.payment_settings(), updated);
        if (params.has_description()) updated.set_description(params.description());
        if (params.has_cancellation_details()) {
          PAYSIM_RETURN_IF_ERROR(
              internal::CheckCancellationDetails(params.cancellation_details()));
        }
        PAYSIM_ASSIGN_OR_RETURN(
            const internal::CancelAtAsk cancel_at,
            internal::CheckCancelAt(
                w, params.has_cancel_at() ? &params.cancel_at() : nullptr,
                subscription->period_end(),
                params.has_cancel_at_period_end() && params.cancel_at_period_end()));
        if (params.has_cancel_at_period_end()) {
          updated.set_cancel_at_period_end(params.cancel_at_period_end());
        }
        internal::ApplyCancellationUpdate(w, *subscription, params, cancel_at, updated);
        if (params.has_trial_settings()) {
          PAYSIM_ASSIGN_OR_RETURN(const std::string end_behavior,
                                  internal::CheckTrialEndBehavior(params.trial_settings()));
          updated.mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method(
              end_behavior);
        }
        if (params.has_pause_collection()) {
          PAYSIM_ASSIGN_OR_RETURN(SubscriptionPauseCollection pause,
                                  internal::CheckPauseCollection(w, params.pause_collection()));
          if (pause.behavior().empty()) {
            updated.clear_pause_collection();
          } else {
            updated.set_pause_collection(std::move(pause));
          }
        }
        bool end_trial_now = false;
        if (params.has_trial_end()) {
          PAYSIM_ASSIGN_OR_RETURN(const int64_t trial_end,
                                  internal::CheckTrialEnd(w, *subscription, params.trial_end(), "trial_end"));
          end_trial_now = trial_end == 0;
          if (!end_trial_now) updated.set_trial_end(trial_end);
        }
        PAYSIM_ASSIGN_OR_RETURN(
            const internal::SubscriptionDiscountUpdate discount_update,
            internal::CheckSubscriptionDiscountUpdate(w, *subscription, params));
        internal::SubscriptionChange change;
        change.updated = std::move(updated);
        PAYSIM_RETURN_IF_ERROR(internal::CheckProration(
            w, *subscription,
            params.has_proration_behavior()
                ? absl::optional<std::string>(params.proration_behavior())
                : absl::nullopt,
            params.has_proration_date() ? absl::optional<int64_t>(params.proration_date())
                                        : absl::nullopt,
            &change));
        PAYSIM_RETURN_IF_ERROR(
            internal::CheckItemUpdates(w, *subscription, params.items(), &change));
        PAYSIM_RETURN_IF_ERROR(internal::CheckAnchorUpdate(*subscription, params, &change));
        PAYSIM_RETURN_IF_ERROR(
            internal::CheckUpdatePaymentBehavior(*subscription, params, w.api_version(),
                                                 &change));
        PAYSIM_ASSIGN_OR_RETURN(
            const internal::AutomaticTaxUpdate tax_update,
            internal::CheckAutomaticTaxUpdate(w, *subscription, params, change.updated));
        PAYSIM_ASSIGN_OR_RETURN(
            std::vector<InvoiceItem> added,
            internal::CheckAddInvoiceItems(w, params.add_invoice_items(), *subscription));
        PAYSIM_RETURN_IF_ERROR(
            internal::SubscriptionChanges::CheckUpFront(w, *subscription, change));
        // add_invoice_items: pending items of the subscription, stored first so that the
        // invoice the change makes now, or else the next renewal's, takes them.
        for (InvoiceItem& item : added) {
          item.set_subscription(std::string(id));
          internal::CommitNewItem(w, std::move(item), nullptr);
        }
        internal::ApplySubscriptionDiscountUpdate(w, discount_update, change.updated);
        internal::ApplyAutomaticTaxUpdate(w, tax_update, change.updated);
        // transition + commit
        absl::Status decline;
        const Subscription& after =
            internal::SubscriptionChanges::Apply(w, *subscription, std::move(change), &decline);
        if (!decline.ok()) return decline;
        if (!end_trial_now) return after;
        internal::Renewals::EndTrialNow(w, after);
        return *w.subscriptions().Find(id);
      });
}

absl::StatusOr<Subscription> SubscriptionService::Cancel(absl::string_view id,
                                                         const SubscriptionCancelNowParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Subscription>(
      options, [&] { return absl::StrCat("DELETE /v1/subscriptions/", id); }, params,
      [&]() -> absl::StatusOr<Subscription> {
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription, w.subscriptions().Get(id));
        if (Ended(SubscriptionTrigger::kCancel, *subscription)) return Ended(*subscription);
        if (params.has_cancellation_details()) {
          PAYSIM_RETURN_IF_ERROR(
              internal::CheckCancellationDetails(params.cancellation_details()));
        }
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, subscription->customer());
        return internal::SubscriptionChanges::CancelNow(
            w, *subscription, params.has_prorate() && params.prorate(),
            params.has_invoice_now() && params.invoice_now(),
            params.has_cancellation_details() ? &params.cancellation_details() : nullptr);
      });
}

absl::StatusOr<Discount> SubscriptionService::DeleteDiscount(absl::string_view id,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Discount> {
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription, w.subscriptions().Get(id));
        if (Ended(SubscriptionTrigger::kUpdate, *subscription)) return Ended(*subscription);
        if (!subscription->has_discount()) {
          // UNCERTAIN: Stripe's wording (as a customer's).
          StripeError error;
          error.set_type("invalid_request_error");
          error.set_code("resource_missing");
          error.set_message(
              absl::StrCat("No active discount for subscription: ", subscription->id()));
          error.set_http_status(404);
          return MakeStripeError(error);
        }
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, subscription->customer());
        Discount deleted = subscription->discount();
        deleted.set_deleted(true);
        Subscription updated = *subscription;
        updated.clear_discount();
        internal::SubscriptionLifecycle::Update(w, *subscription, updated, "");
        return deleted;
      });
}

absl::StatusOr<Subscription> SubscriptionService::Resume(absl::string_view id,
                                                         const SubscriptionResumeParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Subscription>(
      options, [&] { return absl::StrCat("POST /v1/subscriptions/", id, "/resume"); }, params,
      [&]() -> absl::StatusOr<Subscription> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription, w.subscriptions().Get(id));
        if (params.has_billing_cycle_anchor()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(params.billing_cycle_anchor(),
                                                        {"now", "unchanged"},
                                                        "billing_cycle_anchor"));
        }
        const bool unchanged =
            params.has_billing_cycle_anchor() && params.billing_cycle_anchor() == "unchanged";
        if (params.has_proration_behavior()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.proration_behavior(), {"create_prorations", "always_invoice", "none"},
              "proration_behavior"));
        }
        if (subscription->status() != "paused") {
          // UNCERTAIN: Stripe's wording.
          return StateError("", "",
                            absl::StrCat("Subscription ", subscription->id(),
                                         " cannot be resumed because it is not paused (its "
                                         "status is ", subscription->status(), ")."));
        }
        // transition + commit, on the customer's test clock, if any
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, subscription->customer());
        if (!unchanged) return internal::Renewals::Resume(w, *subscription);
        if (params.has_proration_date()) {
          // Within the period the subscription resumes into, and not after now.
          const SubscriptionLifecycle::CyclePeriod period =
              SubscriptionLifecycle::SurroundingPeriod(*subscription, w.created());
          if (params.proration_date() < period.start || params.proration_date() > w.created()) {
            // UNCERTAIN: Stripe's wording.
            return InvalidRequestError("", "proration_date",
                                       "The proration_date must be within the billing period "
                                       "the subscription resumes into, and not in the future.");
          }
        }
        return internal::SubscriptionChanges::ResumeUnchanged(
            w, *subscription,
            params.has_proration_behavior() ? params.proration_behavior() : "create_prorations",
            params.has_proration_date() ? params.proration_date() : 0);
      });
}

absl::StatusOr<ListResult<Subscription>> SubscriptionService::List(
    const SubscriptionListParams& params, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Subscription>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    // Stripe: without `status`, every subscription that has not been canceled; `all`: all.
    auto keep = [&](const Subscription& s) {
      return !params.has_status()       ? s.status() != "canceled"
             : params.status() == "all" ? true
                                        : s.status() == params.status();
    };
    if (params.has_customer()) {  // the customer's only: no walk over every subscription
      return w.subscriptions().ListAt(
          window, "/v1/subscriptions",
          SubscriptionLifecycle::ByCustomer(w).Of(params.customer()), keep);
    }
    return w.subscriptions().List(window, "/v1/subscriptions", keep);
  });
}

}  // namespace paysim
