// Quotes: create, retrieve, update, finalize, accept, cancel, list, and their lines.
#include "engine/quotes.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/line_item_pages.h"
#include "engine/internal/quote_acceptance.h"
#include "engine/internal/quote_lifecycle.h"
#include "engine/internal/quote_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::QuoteLifecycle;
using internal::QuoteTrigger;
using internal::World;

// UNCERTAIN: Stripe's wording of every refusal for a quote's status.
absl::Status WrongStatus(const Quote& quote, absl::string_view action,
                         absl::string_view allowed) {
  return StateError("", "",
                    absl::StrCat("You cannot ", action, " quote ", quote.id(),
                                 " because its status is `", quote.status(), "`; only ", allowed,
                                 " quotes can be ", action, action.back() == 'e' ? "d" : "ed",
                                 "."));
}

bool Allows(const Quote& quote, QuoteTrigger trigger) {
  return QuoteLifecycle::machine().Allows(QuoteLifecycle::StateOf(quote), trigger);
}

}  // namespace

absl::StatusOr<Quote> QuoteService::Create(const QuoteCreateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Quote>(options, "POST /v1/quotes", params,
                                [&]() -> absl::StatusOr<Quote> {
                                  const World::TimelineScope timeline =
                                      internal::TestClockLifecycle::EnterCustomerTimeline(
                                          w, params.customer());
                                  // validate: every refusal before anything changes
                                  PAYSIM_ASSIGN_OR_RETURN(Quote draft,
                                                          internal::CheckQuoteCreate(w, params));
                                  // transition + commit
                                  return QuoteLifecycle::Create(w, std::move(draft));
                                });
}

absl::StatusOr<Quote> QuoteService::Retrieve(absl::string_view id,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Quote> {
    PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
    return *quote;
  });
}

absl::StatusOr<Quote> QuoteService::Update(absl::string_view id, const QuoteUpdateParams& params,
                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Quote>(
      options, [&] { return absl::StrCat("POST /v1/quotes/", id); }, params,
      [&]() -> absl::StatusOr<Quote> {
        PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
        if (!Allows(*quote, QuoteTrigger::kUpdate)) {
          return WrongStatus(*quote, "update", "draft or open");
        }
        const World::TimelineScope timeline = internal::TestClockLifecycle::EnterCustomerTimeline(
            w, params.has_customer() && !quote->has_customer() ? params.customer()
                                                                : quote->customer());
        PAYSIM_ASSIGN_OR_RETURN(Quote updated, internal::CheckQuoteUpdate(w, *quote, params));
        return QuoteLifecycle::Update(w, *quote, std::move(updated));
      });
}

absl::StatusOr<Quote> QuoteService::Finalize(absl::string_view id,
                                             const QuoteFinalizeParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Quote>(
      options, [&] { return absl::StrCat("POST /v1/quotes/", id, "/finalize"); }, params,
      [&]() -> absl::StatusOr<Quote> {
        PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
        if (!Allows(*quote, QuoteTrigger::kFinalize)) {
          return WrongStatus(*quote, "finalize", "draft");
        }
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, quote->customer());
        if (!quote->has_customer()) {
          // UNCERTAIN: Stripe's wording ("You must attach a Customer ... before it can
          // transition").
          return InvalidRequestError("", "customer",
                                     "A quote must have a customer before it can be finalized.");
        }
        if (quote->line_items().empty()) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError("", "line_items",
                                     "A quote must have at least one line item before it can "
                                     "be finalized.");
        }
        int64_t expires_at = quote->expires_at();
        if (params.has_expires_at()) expires_at = params.expires_at();
        if (expires_at <= w.created()) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError("", "expires_at",
                                     "The expiration date must be in the future.");
        }
        return QuoteLifecycle::Finalize(w, *quote, expires_at);
      });
}

absl::StatusOr<Quote> QuoteService::Accept(absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  const QuoteAcceptParams none;
  return w.RunIdempotent<Quote>(
      options, [&] { return absl::StrCat("POST /v1/quotes/", id, "/accept"); }, none,
      [&]() -> absl::StatusOr<Quote> {
        PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
        if (!Allows(*quote, QuoteTrigger::kAccept)) return WrongStatus(*quote, "accept", "open");
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, quote->customer());
        // validate (the subscription's or invoice's own checks), then commit
        PAYSIM_ASSIGN_OR_RETURN(internal::QuoteAcceptance made,
                                internal::MakeQuoteAcceptance(w, *quote));
        return QuoteLifecycle::Accept(w, *w.quotes().Find(id), made.invoice, made.subscription);
      });
}

absl::StatusOr<Quote> QuoteService::Cancel(absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  const QuoteCancelParams none;
  return w.RunIdempotent<Quote>(
      options, [&] { return absl::StrCat("POST /v1/quotes/", id, "/cancel"); }, none,
      [&]() -> absl::StatusOr<Quote> {
        PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
        if (!Allows(*quote, QuoteTrigger::kCancel)) {
          return WrongStatus(*quote, "cancel", "draft or open");
        }
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, quote->customer());
        return QuoteLifecycle::Cancel(w, *quote);
      });
}

absl::StatusOr<ListResult<Quote>> QuoteService::List(const QuoteListParams& params,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Quote>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_status()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.status(), {"accepted", "canceled", "draft", "open"}, "status"));
    }
    auto keep = [&](const Quote& q) {
      return (!params.has_status() || q.status() == params.status()) &&
             (!params.has_test_clock() || q.test_clock() == params.test_clock());
    };
    if (params.has_customer()) {  // the customer's only: no walk over every quote
      return w.quotes().ListAt(window, "/v1/quotes",
                               internal::QuoteLifecycle::ByCustomer(w).Of(params.customer()),
                               keep);
    }
    return w.quotes().List(window, "/v1/quotes", keep);
  });
}

absl::StatusOr<ListResult<LineItem>> QuoteService::ListLineItems(
    absl::string_view id, const QuoteLineItemListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<LineItem>> {
    PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
    return internal::PageLineItems(quote->line_items(), params,
                     absl::StrCat("/v1/quotes/", quote->id(), "/line_items"));
  });
}

absl::StatusOr<ListResult<LineItem>> QuoteService::ListUpfrontLineItems(
    absl::string_view id, const QuoteLineItemListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<LineItem>> {
    PAYSIM_ASSIGN_OR_RETURN(const Quote* quote, w.quotes().Get(id));
    return internal::PageLineItems(quote->computed().upfront().line_items(), params,
                     absl::StrCat("/v1/quotes/", quote->id(), "/computed_upfront_line_items"));
  });
}

}  // namespace paysim
