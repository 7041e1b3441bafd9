#include "engine/wire/expand.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace wire {
namespace {

// One expandable field: on objects of type `object`, the field at `field` (a path through
// nested objects) holds the id of one of `targets`.
struct Rule {
  absl::string_view object;
  std::vector<absl::string_view> field;
  std::vector<absl::string_view> targets;
};

const std::vector<Rule>& Rules() {
  static const auto* rules = new std::vector<Rule>{
      {"charge", {"customer"}, {"customer"}},
      {"charge", {"balance_transaction"}, {"balance_transaction"}},
      {"charge", {"payment_method"}, {"payment_method"}},
      {"charge", {"payment_intent"}, {"payment_intent"}},
      {"payment_intent", {"customer"}, {"customer"}},
      {"payment_intent", {"latest_charge"}, {"charge"}},
      {"payment_intent", {"payment_method"}, {"payment_method"}},
      {"setup_intent", {"customer"}, {"customer"}},
      {"setup_intent", {"payment_method"}, {"payment_method"}},
      {"refund", {"charge"}, {"charge"}},
      {"refund", {"balance_transaction"}, {"balance_transaction"}},
      {"payment_method", {"customer"}, {"customer"}},
      {"customer", {"invoice_settings", "default_payment_method"}, {"payment_method"}},
      {"balance_transaction", {"source"}, {"charge", "refund"}},
      {"checkout.session", {"customer"}, {"customer"}},
      {"checkout.session", {"payment_intent"}, {"payment_intent"}},
      {"checkout.session", {"setup_intent"}, {"setup_intent"}},
      {"checkout.session", {"subscription"}, {"subscription"}},
      {"price", {"product"}, {"product"}},
      {"product", {"default_price"}, {"price"}},
      {"item", {"price", "product"}, {"product"}},
      {"subscription", {"customer"}, {"customer"}},
      {"subscription", {"default_payment_method"}, {"payment_method"}},
  };
  return *rules;
}

// Which target an id names, by its prefix.
bool IdNames(absl::string_view type, absl::string_view id) {
  if (type == "customer") return absl::StartsWith(id, "cus_");
  if (type == "balance_transaction") return absl::StartsWith(id, "txn_");
  // A `pm_card_*` test name would mint a new PaymentMethod: never expanded.
  if (type == "payment_method")
    return absl::StartsWith(id, "pm_") && !absl::StartsWith(id, "pm_card_");
  if (type == "charge") return absl::StartsWith(id, "ch_") || absl::StartsWith(id, "py_");
  if (type == "refund") return absl::StartsWith(id, "re_");
  if (type == "payment_intent") return absl::StartsWith(id, "pi_");
  if (type == "setup_intent") return absl::StartsWith(id, "seti_");
  if (type == "product") return !id.empty();  // a product may have an id of your own
  if (type == "price") return absl::StartsWith(id, "price_");
  if (type == "subscription") return absl::StartsWith(id, "sub_");
  return false;
}

// The rule for `type` whose field matches path[pos...], or nullptr.
const Rule* Match(absl::string_view type, const std::vector<std::string>& path, size_t pos) {
  for (const Rule& rule : Rules()) {
    if (rule.object != type || pos + rule.field.size() > path.size()) continue;
    bool same = true;
    for (size_t i = 0; i < rule.field.size() && same; ++i) same = rule.field[i] == path[pos + i];
    if (same) return &rule;
  }
  return nullptr;
}

enum class Check { kOk, kUnknown, kTooDeep };

Check CheckFrom(absl::string_view type, const std::vector<std::string>& path, size_t pos,
                int depth) {
  const Rule* rule = Match(type, path, pos);
  if (rule == nullptr) return Check::kUnknown;
  if (depth >= kMaxExpandDepth) return Check::kTooDeep;
  const size_t next = pos + rule->field.size();
  if (next == path.size()) return Check::kOk;
  Check result = Check::kUnknown;
  for (absl::string_view target : rule->targets) {
    Check c = CheckFrom(target, path, next, depth + 1);
    if (c == Check::kOk) return c;
    if (c == Check::kTooDeep) result = c;
  }
  return result;
}

// The `object` member of a rendered object ("" if none).
std::string ObjectType(const Json& object) {
  auto it = object.find("object");
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> SplitPath(absl::string_view path) { return absl::StrSplit(path, '.'); }

}  // namespace

Expander::Expander(Engine* engine, const RequestOptions& options) : engine_(engine) {
  options_.api_version = options.api_version;  // fetches are reads: no idempotency key
}

absl::Status Expander::Validate(absl::string_view object_type, bool list,
                                const std::vector<std::string>& paths) const {
  for (const std::string& text : paths) {
    std::vector<std::string> path = SplitPath(text);
    Check check = Check::kUnknown;
    if (!list) {
      check = CheckFrom(object_type, path, 0, 0);
    } else if (path.size() > 1 && path[0] == "data") {
      check = CheckFrom(object_type, path, 1, 0);
    }
    if (check == Check::kTooDeep) {
      return InvalidRequestError("", "expand",
                                 absl::StrCat("You cannot expand more than ", kMaxExpandDepth,
                                              " levels of a property (", text, ")."));
    }
    if (check != Check::kOk) {
      return InvalidRequestError("", "expand",
                                 absl::StrCat("This property cannot be expanded (", text, ")."));
    }
  }
  return absl::OkStatus();
}

void Expander::Apply(const std::vector<std::string>& paths, Json* body) const {
  for (const std::string& text : paths) {
    std::vector<std::string> path = SplitPath(text);
    auto data = body->find("data");
    if (ObjectType(*body) == "list" && data != body->end() && data->is_array()) {
      for (Json& item : *data) ApplyAt(path, 1, &item);
    } else {
      ApplyAt(path, 0, body);
    }
  }
}

void Expander::ApplyAt(const std::vector<std::string>& path, size_t pos, Json* object) const {
  if (pos >= path.size() || !object->is_object()) return;
  const Rule* rule = Match(ObjectType(*object), path, pos);
  if (rule == nullptr) return;
  Json* slot = object;
  for (absl::string_view name : rule->field) {
    if (!slot->is_object()) return;
    auto it = slot->find(std::string(name));
    if (it == slot->end()) return;
    slot = &*it;
  }
  if (slot->is_string()) {
    const std::string id = slot->get<std::string>();
    for (absl::string_view target : rule->targets) {
      Json fetched;
      if (IdNames(target, id) && Fetch(target, id, &fetched)) {
        *slot = std::move(fetched);
        break;
      }
    }
  }
  ApplyAt(path, pos + rule->field.size(), slot);
}

bool Expander::Fetch(absl::string_view type, const std::string& id, Json* out) const {
  const auto take = [out](const auto& result) {
    if (result.ok()) *out = ToJson(*result);
    return result.ok();
  };
  if (type == "customer") return take(engine_->customers().Retrieve(id, options_));
  if (type == "payment_method") return take(engine_->payment_methods().Retrieve(id, options_));
  if (type == "charge") return take(engine_->charges().Retrieve(id, options_));
  if (type == "refund") return take(engine_->refunds().Retrieve(id, options_));
  if (type == "payment_intent") return take(engine_->payment_intents().Retrieve(id, options_));
  if (type == "setup_intent") return take(engine_->setup_intents().Retrieve(id, options_));
  if (type == "product") return take(engine_->products().Retrieve(id, options_));
  if (type == "price") return take(engine_->prices().Retrieve(id, options_));
  if (type == "subscription") return take(engine_->subscriptions().Retrieve(id, options_));
  if (type == "balance_transaction") {
    return take(engine_->balance().RetrieveTransaction(id, options_));
  }
  return false;
}

}  // namespace wire
}  // namespace paysim
