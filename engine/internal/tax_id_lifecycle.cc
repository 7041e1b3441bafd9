// The TaxId lifecycle (tax_id_lifecycle.h).
#include "engine/internal/tax_id_lifecycle.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/match.h"
#include "engine/internal/interned.h"
#include "engine/internal/tax_id_types.h"

namespace paysim {
namespace internal {
namespace {

using Machine = TaxIdLifecycle::Machine;
using S = TaxIdState;
using T = TaxIdTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kAddVerifiable, S::kPending, "customer.tax_id.created"},
    {Machine::kCreated, T::kAddOther, S::kUnavailable, "customer.tax_id.created"},
    {Machine::From({S::kPending}), T::kConfirm, S::kVerified, "customer.tax_id.updated"},
    {Machine::From({S::kPending}), T::kReject, S::kUnverified, "customer.tax_id.updated"},
    {Machine::From({S::kPending, S::kVerified, S::kUnverified, S::kUnavailable}), T::kDelete,
     S::kDeleted, "customer.tax_id.deleted"},
};
constexpr absl::string_view kStates[] = {"pending", "verified", "unverified", "unavailable",
                                         "deleted"};
constexpr absl::string_view kTriggers[] = {
    "added, of a type Stripe verifies (eu_vat, gb_vat, au_abn)",
    "added, of any other type",
    "the authority confirms it",
    "the authority rejects it",
    "deleted, or its customer deleted",
};

// Stripe's test values (tax_id_lifecycle.h).
constexpr absl::string_view kRejectedSuffix = "111111111";
constexpr absl::string_view kPendingSuffix = "222222222";

void Enter(World& world, TaxId& tax_id, const TaxId& before, const Machine::Row& row) {
  tax_id.mutable_verification()->set_status(Interned(TaxIdLifecycle::machine().Rendered(row.to)));
  ForEachEvent(row.events, [&](absl::string_view type) {
    if (type == "customer.tax_id.updated") {
      world.EmitChange(type, tax_id, before);
    } else {
      world.Emit(type, tax_id);
    }
  });
}

}  // namespace

const Machine& TaxIdLifecycle::machine() {
  static constexpr Machine kMachine(kRows,
                                    {"tax_id", "verification.status", kStates, kStates, kTriggers});
  return kMachine;
}

TaxIdState TaxIdLifecycle::StateOf(const TaxId& tax_id) {
  const std::string& status = tax_id.verification().status();
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (status == kStates[s]) return static_cast<S>(s);
  }
  return S::kUnavailable;
}

const TaxId& TaxIdLifecycle::Add(World& world, const Customer& customer, absl::string_view type,
                                 absl::string_view value) {
  const bool verifiable = IsVerifiedTaxIdType(type);
  const Machine::Row* row = machine().FindCreate(verifiable ? T::kAddVerifiable : T::kAddOther);
  TaxId tax_id;
  tax_id.set_id(world.ids().NewId("txi_"));
  tax_id.set_object(PAYSIM_INTERNED("tax_id"));
  const std::string country = TaxIdCountry(type, value);
  if (!country.empty()) tax_id.set_country(country);
  tax_id.set_created(world.created());
  tax_id.set_customer(customer.id_shared());
  tax_id.set_livemode(false);
  tax_id.mutable_owner()->set_customer(customer.id_shared());
  tax_id.mutable_owner()->set_type(PAYSIM_INTERNED("customer"));
  tax_id.set_type(Interned(type));
  tax_id.set_value(value);
  tax_id.mutable_verification()->set_status(Interned(machine().Rendered(row->to)));
  const TaxId& stored = world.tax_ids().Insert(Key(), std::move(tax_id));
  world.customer_tax_ids(Key()).Enter(stored.customer(), world.tax_ids(), stored);
  if (verifiable) {
    world.timers().Schedule(world.now() + kTaxIdVerificationDelay, TimerKind::kTaxIdVerification,
                            stored.id());
  }
  ForEachEvent(row->events, [&](absl::string_view event) { world.Emit(event, stored); });
  return stored;
}

void TaxIdLifecycle::Delete(World& world, const TaxId& tax_id) {
  const Machine::Row* row = machine().Find(StateOf(tax_id), T::kDelete);
  if (row == nullptr) return;
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, tax_id); });
  world.customer_tax_ids(Key()).Leave(tax_id.customer(), world.tax_ids(), tax_id);
  world.tax_ids().Delete(Key(), tax_id.id());
}

void TaxIdLifecycle::DeleteAllOf(World& world, absl::string_view customer_id) {
  std::vector<std::string> ids;
  ForEachOf(world, customer_id, [&](const TaxId& tax_id) { ids.push_back(tax_id.id()); });
  for (const std::string& id : ids) {
    if (const TaxId* tax_id = world.tax_ids().Find(id); tax_id != nullptr) Delete(world, *tax_id);
  }
}

void TaxIdLifecycle::ForEachOf(World& world, absl::string_view customer_id,
                               absl::FunctionRef<void(const TaxId&)> visit) {
  for (const int64_t ordinal : ByCustomer(world).Of(customer_id)) {
    if (const TaxId* tax_id = world.tax_ids().AtOrdinal(ordinal); tax_id != nullptr) {
      visit(*tax_id);
    }
  }
}

const OrdinalIndex& TaxIdLifecycle::ByCustomer(World& world) {
  return world.customer_tax_ids(Key()).BuiltFrom(world.tax_ids(), [](const TaxId& tax_id) {
    return std::optional<absl::string_view>(tax_id.customer());
  });
}

void TaxIdLifecycle::OnVerification(World& world, absl::string_view id) {
  TaxId* tax_id = world.tax_ids().Mutable(Key(), id);
  if (tax_id == nullptr || StateOf(*tax_id) != S::kPending) return;
  const std::string& value = tax_id->value();
  if (absl::EndsWith(value, kPendingSuffix)) return;
  const TaxId before = *tax_id;
  const Machine::Row* row =
      machine().Find(S::kPending, absl::EndsWith(value, kRejectedSuffix) ? T::kReject : T::kConfirm);
  Enter(world, *tax_id, before, *row);
}

}  // namespace internal
}  // namespace paysim
