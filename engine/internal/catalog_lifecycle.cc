#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/interned.h"

#include <utility>

#include "engine/internal/catalog.h"
#include "engine/internal/event_log.h"

namespace paysim {
namespace internal {

Lifecycle ProductLifecycle::Published() {
  Lifecycle out;
  out.resource = "product";
  out.field = "active";
  out.states = {"active", "archived", "deleted"};
  out.rendered_status = {"true", "false", "deleted: true"};
  out.transitions = {
      {"", "create", "active", "product.created"},
      {"", "create with active=false", "archived", "product.created"},
      {"active", "update active=false", "archived", "product.updated"},
      {"archived", "update active=true", "active", "product.updated"},
      {"active", "delete (no user-created prices)", "deleted", "product.deleted"},
      {"archived", "delete (no user-created prices)", "deleted", "product.deleted"},
  };
  return out;
}

Product ProductLifecycle::New(World& world, std::string id) {
  Product product;
  product.set_id(std::move(id));
  product.set_object(PAYSIM_INTERNED("product"));
  product.set_active(true);
  product.set_created(world.created());
  product.set_livemode(false);
  product.set_updated(world.created());
  return product;
}

const Product& ProductLifecycle::Create(World& world, Product product) {
  const Product& stored = world.products().Insert(Key(), std::move(product));
  world.Emit("product.created", stored);
  return stored;
}

const Product& ProductLifecycle::Update(World& world, const Product& current,
                                        const Product& updated) {
  Product& product = *world.products().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(product, updated);
  product = updated;
  if (!previous.empty()) world.Emit("product.updated", product, std::move(previous));
  return product;
}

void ProductLifecycle::Delete(World& world, const Product& product) {
  world.Emit("product.deleted", product);
  world.products().Delete(Key(), product.id());
}

Lifecycle PriceLifecycle::Published() {
  Lifecycle out;
  out.resource = "price";
  out.field = "active";
  out.states = {"active", "inactive", "ad_hoc", "deleted"};
  out.rendered_status = {"true", "false", "false", "deleted: true"};
  out.transitions = {
      {"", "create", "active", "price.created"},
      {"", "create with active=false", "inactive", "price.created"},
      {"", "create through /v1/plans", "active", "price.created, plan.created"},
      {"", "a Checkout line item's price_data", "ad_hoc", ""},
      {"active", "update active=false", "inactive", "price.updated (plan.updated)"},
      {"inactive", "update active=true", "active", "price.updated (plan.updated)"},
      {"active", "delete (a plan)", "deleted", "price.deleted, plan.deleted"},
      {"inactive", "delete (a plan)", "deleted", "price.deleted, plan.deleted"},
  };
  return out;
}

const Price& PriceLifecycle::Create(World& world, Price price) {
  const Price& stored = world.prices().Insert(Key(), std::move(price));
  if (!stored.ad_hoc()) world.Emit("price.created", stored);
  // UNCERTAIN (order): price.created before plan.created. Stripe's plan.created events carry
  // `price_` ids, which suggests it also announces recurring prices made through /v1/prices as
  // plans; paysim announces only those made through /v1/plans.
  if (stored.plan()) world.Emit("plan.created", PlanOf(stored));
  return stored;
}

const Price& PriceLifecycle::Update(World& world, const Price& current, const Price& updated) {
  Price& price = *world.prices().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(price, updated);
  const Price before = price;
  price = updated;
  if (!previous.empty()) world.Emit("price.updated", price, std::move(previous));
  if (price.plan()) {
    std::string plan_previous = PreviousAttributes(PlanOf(before), PlanOf(price));
    if (!plan_previous.empty()) {
      world.Emit("plan.updated", PlanOf(price), std::move(plan_previous));
    }
  }
  return price;
}

void PriceLifecycle::DeletePlan(World& world, const Price& price) {
  const Price deleted = price;
  world.Emit("price.deleted", deleted);
  world.Emit("plan.deleted", PlanOf(deleted));
  world.prices().Delete(Key(), deleted.id());
}

}  // namespace internal
}  // namespace paysim
