// search_query.h (internal): Stripe's Search query language, parsed and matched against an
// object as it renders.
//
//   query   := clause ( (" AND " | " OR ") clause )*     one connective per query, <= 10 clauses
//   clause  := ["-"] field op value                        "-" negates the clause
//   field   := name ("." name)* | "metadata[" quoted "]"
//   op      := ":" (equals; strings case-insensitively) | "~" (contains, case-insensitive,
//              3 characters at least) | ">" | "<" | ">=" | "<=" (numbers)
//   value   := 'text' | "text" | integer | null   (`field:null`: the field is null or empty)
//
// A field is looked up in the object's JSON (nested objects by "."): `email`,
// `billing_details.address.postal_code`, `metadata['order_id']`. Each resource allows the
// fields Stripe's Search documents for it (SearchQuery::Parse's `fields`; `metadata` stands for
// every metadata key).
//
// Errors (invalid_request_error, param `query`): an empty query, a field the resource does not
// allow, a malformed clause or value, AND and OR mixed, more than 10 clauses, `~` with fewer
// than 3 characters, a comparison with a non-number.
//
// Thread safety: a SearchQuery is immutable once parsed.
#ifndef PAYSIM_ENGINE_INTERNAL_SEARCH_QUERY_H_
#define PAYSIM_ENGINE_INTERNAL_SEARCH_QUERY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proto/object_runtime/object_ref.h"

namespace paysim {
namespace internal {

class SearchQuery {
 public:
  // Parses `query` for a resource (its Search name, e.g. "customers") whose searchable fields
  // are `fields`.
  static absl::StatusOr<SearchQuery> Parse(absl::string_view query, absl::string_view resource,
                                           const std::vector<absl::string_view>& fields);

  // True if `object` (rendered as its JSON) satisfies the query.
  bool Matches(obj::ObjectRef object) const;

 private:
  enum class Op { kEquals, kContains, kGreater, kLess, kGreaterOrEqual, kLessOrEqual };
  struct Clause {
    std::vector<std::string> path;  // JSON keys from the object down
    Op op = Op::kEquals;
    bool negated = false;
    bool null = false;      // the value is `null`
    bool number = false;    // the value is an integer (else text)
    int64_t integer = 0;
    std::string text;       // lowercased for : and ~
  };
  bool ClauseMatches(const Clause& clause, obj::ObjectRef object) const;

  std::vector<Clause> clauses_;
  bool any_ = false;  // OR (else AND)
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SEARCH_QUERY_H_
