#include "engine/internal/payment_link_lifecycle.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

// The characters after "https://buy.stripe.com/test_" in a test-mode link's url.
constexpr int kUrlTokenLength = 22;

}  // namespace

Lifecycle PaymentLinkLifecycle::Published() {
  Lifecycle out;
  out.resource = "payment_link";
  out.field = "active";
  out.states = {"active", "inactive"};
  out.rendered_status = {"true", "false"};
  out.transitions = {
      {"", "create", "active", "payment_link.created"},
      {"active", "update active=false", "inactive", "payment_link.updated"},
      {"inactive", "update active=true", "active", "payment_link.updated"},
      {"active", "completed sessions reach the limit", "inactive", "payment_link.updated"},
      {"active", "update other fields", "active", "payment_link.updated"},
      {"inactive", "update other fields", "inactive", "payment_link.updated"},
  };
  return out;
}

const PaymentLink& PaymentLinkLifecycle::Create(World& world, PaymentLink draft) {
  draft.set_id(world.ids().NewId("plink_"));
  draft.set_object(PAYSIM_INTERNED("payment_link"));
  draft.set_livemode(false);
  draft.set_url(
      absl::StrCat("https://buy.stripe.com/test_", world.ids().RandomString(kUrlTokenLength)));
  const PaymentLink& stored = world.payment_links().Insert(Key(), std::move(draft));
  world.Emit("payment_link.created", stored);
  return stored;
}

const PaymentLink& PaymentLinkLifecycle::Update(World& world, const PaymentLink& current,
                                                const PaymentLink& updated) {
  PaymentLink& link = *world.payment_links().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(link, updated);
  link = updated;
  if (!previous.empty()) world.Emit("payment_link.updated", link, std::move(previous));
  return link;
}

void PaymentLinkLifecycle::OnSessionCompleted(World& world, absl::string_view link_id) {
  PaymentLink* link = world.payment_links().Mutable(Key(), link_id);
  if (link == nullptr) return;
  link->set_completed_sessions(link->completed_sessions() + 1);
  if (!link->has_restrictions()) return;
  PaymentLinkCompletedSessions* sessions =
      link->mutable_restrictions()->mutable_completed_sessions();
  sessions->set_count(link->completed_sessions());
  if (link->active() && sessions->count() >= sessions->limit()) {
    PaymentLink deactivated = *link;
    deactivated.set_active(false);
    Update(world, *link, deactivated);
  }
}

}  // namespace internal
}  // namespace paysim
