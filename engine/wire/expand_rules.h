// expand_rules.h (wire-internal): which fields of which objects `expand[]` reaches, and the
// check of a requested path against them (expand.h's Expander applies them while it renders).
// A rule names an object type, the path of one of its fields, the types the field's id may
// name (or the includable field it is) and the API versions that have it.
//
// Thread safety: the rules are built once, thread-safely, and never change.
#ifndef PAYSIM_ENGINE_WIRE_EXPAND_RULES_H_
#define PAYSIM_ENGINE_WIRE_EXPAND_RULES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace paysim {
namespace wire {
namespace expand_rules {

// What a rule's field is.
enum class Kind {
  kId,           // the id of one of `targets`, replaced by the object
  kInclude,      // an includable field (numbered 90-99): rendered only when asked for
  kIncludeList,  // the same, rendered as a list (`data` of `targets` objects; paths go on
                 // through `data.`)
  kIncludeHash,  // the same, a repeated message rendered as a hash keyed by each element's
                 // (internal) `currency`: Stripe's `currency_options`
};

// One expandable field: on objects of type `object`, the field at `field` (a path through
// nested objects).
struct Rule {
  absl::string_view object;
  std::vector<absl::string_view> field;
  std::vector<absl::string_view> targets;
  Kind kind = Kind::kId;
  // The API versions whose objects have the field (nullptr: every version); elsewhere the path
  // is refused as Stripe refuses a field the version does not have.
  bool (*exists)(absl::string_view version) = nullptr;
};

// Every rule. No two rules of one object type have field paths of which one starts with the
// other (the streaming Write relies on it: a field is either an id to expand or a step towards
// one).
const std::vector<Rule>& Rules();

// Whether `id` names an object of `type`, by its prefix.
bool IdNames(absl::string_view type, absl::string_view id);

// The rule for `type` whose field matches path[pos...] in `version`, or nullptr.
const Rule* Match(absl::string_view type, const std::vector<std::string>& path, size_t pos,
                  absl::string_view version);

// A requested path from path[pos] on objects of `type`, `depth` expansions deep: one the rules
// reach within kMaxExpandDepth levels, one they do not know, or one too deep.
enum class Check { kOk, kUnknown, kTooDeep };
Check CheckFrom(absl::string_view type, const std::vector<std::string>& path, size_t pos,
                int depth, absl::string_view version);

}  // namespace expand_rules
}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_EXPAND_RULES_H_
