// Mandates: the API (mandates.h). Mandates are written by internal/mandate_lifecycle.h only.
#include "engine/mandates.h"

#include <utility>

#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {

absl::StatusOr<Mandate> MandateService::Retrieve(absl::string_view id,
                                                 const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Mandate> {
    const Mandate* mandate = w.mandates().Find(id);
    if (mandate == nullptr) {
      // Stripe names the mandate as the param, and answers 404: the id is the URL's.
      StripeError error = *GetStripeError(ResourceMissing("mandate", id, "mandate"));
      error.set_http_status(404);
      return MakeStripeError(std::move(error));
    }
    return *mandate;
  });
}

}  // namespace paysim
