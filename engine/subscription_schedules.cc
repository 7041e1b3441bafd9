// Subscription schedules: create, retrieve, update, cancel, release, list.
#include "engine/subscription_schedules.h"

#include <string>
#include <vector>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/subscription_schedule_lifecycle.h"
#include "engine/internal/subscription_schedule_request.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::SubscriptionScheduleLifecycle;
using internal::TestClockLifecycle;
using internal::World;

// Update, cancel and release take a schedule that has not ended. UNCERTAIN: Stripe's wording.
absl::Status CheckOpen(const SubscriptionSchedule& schedule, absl::string_view action) {
  if (schedule.status() == "not_started" || schedule.status() == "active") {
    return absl::OkStatus();
  }
  return StateError("", "",
                    absl::StrCat("You cannot ", action,
                                 " a subscription schedule that is currently in the `",
                                 schedule.status(), "` status."));
}

// An update's phases: the current phase first (its start unchanged when active).
absl::Status ApplyPhases(World& w, const SubscriptionSchedule& schedule,
                         const SubscriptionScheduleUpdateParams& params,
                         std::vector<internal::PhasePrice>* inline_prices,
                         SubscriptionSchedule& updated) {
  const bool active = schedule.status() == "active";
  int64_t start = active ? schedule.current_phase().start_date() : schedule.phases(0).start_date();
  if (params.phases_size() > 0 && params.phases(0).has_start_date()) {
    PAYSIM_ASSIGN_OR_RETURN(const int64_t asked,
                            internal::ParseTime(w, params.phases(0).start_date(),
                                                "phases[0][start_date]", /*allow_now=*/true));
    if (active && asked != start) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "phases[0][start_date]",
                                 "You can not modify the start date of the current phase.");
    }
    if (!active && asked < w.created()) {
      return InvalidRequestError(
          "", "phases[0][start_date]",
          "paysim does not backdate subscription schedules: start_date must be `now` or a "
          "time that has not passed.");
    }
    start = asked;
  }
  PAYSIM_ASSIGN_OR_RETURN(auto phases,
                          internal::CheckPhases(w, params.phases(), start, schedule.customer(),
                                                w.subscriptions().Find(schedule.subscription()),
                                                inline_prices));
  if (active && phases[0].end_date() <= w.created()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "phases[0][end_date]",
                               "The current phase must end in the future.");
  }
  updated.clear_phases();
  for (SubscriptionSchedulePhase& phase : phases) *updated.add_phases() = std::move(phase);
  updated.set_phase_index(0);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SubscriptionSchedule> SubscriptionScheduleService::Create(
    const SubscriptionScheduleCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SubscriptionSchedule>(
      options, "POST /v1/subscription_schedules", params,
      [&]() -> absl::StatusOr<SubscriptionSchedule> {
        // On the customer's test clock, if any (dates, timers).
        std::string customer = params.customer();
        if (params.has_from_subscription()) {
          if (const Subscription* s = w.subscriptions().Find(params.from_subscription())) {
            customer = s->customer();
          }
        }
        const World::TimelineScope timeline = TestClockLifecycle::EnterCustomerTimeline(w, customer);
        // validate
        PAYSIM_ASSIGN_OR_RETURN(internal::SubscriptionScheduleRequest request,
                                internal::CheckScheduleCreate(w, params));
        // commit
        internal::MakePhasePrices(w, std::move(request.inline_prices), request.schedule);
        if (request.from_subscription != nullptr) {
          return SubscriptionScheduleLifecycle::CreateFromSubscription(
              w, std::move(request.schedule), *request.from_subscription);
        }
        return SubscriptionScheduleLifecycle::Create(w, std::move(request.schedule));
      });
}

absl::StatusOr<SubscriptionSchedule> SubscriptionScheduleService::Retrieve(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SubscriptionSchedule> {
    PAYSIM_ASSIGN_OR_RETURN(const SubscriptionSchedule* schedule,
                            w.subscription_schedules().Get(id));
    return *schedule;
  });
}

absl::StatusOr<SubscriptionSchedule> SubscriptionScheduleService::Update(
    absl::string_view id, const SubscriptionScheduleUpdateParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SubscriptionSchedule>(
      options, [&] { return absl::StrCat("POST /v1/subscription_schedules/", id); }, params,
      [&]() -> absl::StatusOr<SubscriptionSchedule> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const SubscriptionSchedule* schedule,
                                w.subscription_schedules().Get(id));
        PAYSIM_RETURN_IF_ERROR(CheckOpen(*schedule, "update"));
        const World::TimelineScope timeline =
            TestClockLifecycle::EnterCustomerTimeline(w, schedule->customer());
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        SubscriptionSchedule updated = *schedule;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        if (params.has_end_behavior()) {
          PAYSIM_RETURN_IF_ERROR(
              internal::ValidateEnum(params.end_behavior(), {"cancel", "release"}, "end_behavior"));
          updated.set_end_behavior(params.end_behavior());
        }
        if (params.has_proration_behavior()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.proration_behavior(), {"always_invoice", "create_prorations", "none"},
              "proration_behavior"));
        }
        const SubscriptionScheduleDefaultSettingsParams& settings = params.default_settings();
        SubscriptionScheduleDefaultSettings* defaults = updated.mutable_default_settings();
        if (settings.has_collection_method()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(settings.collection_method(),
                                                        {"charge_automatically", "send_invoice"},
                                                        "default_settings[collection_method]"));
          defaults->set_collection_method(settings.collection_method());
        }
        if (settings.has_default_payment_method()) {
          if (settings.default_payment_method().empty()) {
            defaults->clear_default_payment_method();
          } else {
            PAYSIM_RETURN_IF_ERROR(internal::CheckSubscriptionPaymentMethod(
                w, settings.default_payment_method(), schedule->customer()));
            defaults->set_default_payment_method(settings.default_payment_method());
          }
        }
        if (settings.has_description()) defaults->set_description(settings.description());
        if (settings.invoice_settings().has_days_until_due()) {
          PAYSIM_RETURN_IF_ERROR(internal::CheckDaysUntilDue(
              settings.invoice_settings().days_until_due(),
              "default_settings[invoice_settings][days_until_due]"));
          defaults->mutable_invoice_settings()->set_days_until_due(
              settings.invoice_settings().days_until_due());
        }
        std::vector<internal::PhasePrice> inline_prices;
        if (params.phases_size() > 0) {
          PAYSIM_RETURN_IF_ERROR(ApplyPhases(w, *schedule, params, &inline_prices, updated));
        }
        // transition + commit
        internal::MakePhasePrices(w, std::move(inline_prices), updated);
        return SubscriptionScheduleLifecycle::Update(w, *schedule, std::move(updated),
                                                     params.proration_behavior());
      });
}

absl::StatusOr<SubscriptionSchedule> SubscriptionScheduleService::Cancel(
    absl::string_view id, const SubscriptionScheduleCancelParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SubscriptionSchedule>(
      options, [&] { return absl::StrCat("POST /v1/subscription_schedules/", id, "/cancel"); },
      params, [&]() -> absl::StatusOr<SubscriptionSchedule> {
        PAYSIM_ASSIGN_OR_RETURN(const SubscriptionSchedule* schedule,
                                w.subscription_schedules().Get(id));
        PAYSIM_RETURN_IF_ERROR(CheckOpen(*schedule, "cancel"));
        const World::TimelineScope timeline =
            TestClockLifecycle::EnterCustomerTimeline(w, schedule->customer());
        return SubscriptionScheduleLifecycle::Cancel(w, *schedule);
      });
}

absl::StatusOr<SubscriptionSchedule> SubscriptionScheduleService::Release(
    absl::string_view id, const SubscriptionScheduleReleaseParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SubscriptionSchedule>(
      options, [&] { return absl::StrCat("POST /v1/subscription_schedules/", id, "/release"); },
      params, [&]() -> absl::StatusOr<SubscriptionSchedule> {
        PAYSIM_ASSIGN_OR_RETURN(const SubscriptionSchedule* schedule,
                                w.subscription_schedules().Get(id));
        PAYSIM_RETURN_IF_ERROR(CheckOpen(*schedule, "release"));
        const World::TimelineScope timeline =
            TestClockLifecycle::EnterCustomerTimeline(w, schedule->customer());
        return SubscriptionScheduleLifecycle::Release(w, *schedule);
      });
}

absl::StatusOr<ListResult<SubscriptionSchedule>> SubscriptionScheduleService::List(
    const SubscriptionScheduleListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<SubscriptionSchedule>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.subscription_schedules().List(
        window, "/v1/subscription_schedules", [&](const SubscriptionSchedule& s) {
          return (!params.has_customer() || s.customer() == params.customer()) &&
                 (!params.has_scheduled() ||
                  params.scheduled() == (s.status() == "not_started"));
        });
  });
}

}  // namespace paysim
