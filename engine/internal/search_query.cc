#include "engine/internal/search_query.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/stripe_error.h"
#include "proto/object_runtime/json_view.h"

namespace paysim {
namespace internal {
namespace {

using obj::internal::JsonMembers;
using obj::internal::JsonView;

constexpr size_t kMaxClauses = 10;
constexpr size_t kMinContains = 3;

absl::Status Invalid(std::string message) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_param("query");
  error.set_message(std::move(message));
  error.set_http_status(400);
  return MakeStripeError(std::move(error));
}

// A cursor over the query text.
class Cursor {
 public:
  explicit Cursor(absl::string_view text) : text_(text) {}
  bool done() const { return at_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[at_]; }
  void SkipSpaces() {
    while (!done() && text_[at_] == ' ') ++at_;
  }
  bool Consume(absl::string_view token) {
    if (!absl::StartsWith(text_.substr(at_), token)) return false;
    at_ += token.size();
    return true;
  }
  // [A-Za-z0-9_.]+ (may be empty).
  absl::string_view Name() {
    const size_t from = at_;
    while (!done() && (absl::ascii_isalnum(text_[at_]) || text_[at_] == '_' || text_[at_] == '.')) {
      ++at_;
    }
    return text_.substr(from, at_ - from);
  }
  // A quoted string ('...' or "..."; a backslash escapes the next character). False if the
  // cursor is not at a quote or the quote is not closed.
  bool Quoted(std::string* out) {
    const char quote = peek();
    if (quote != '\'' && quote != '"') return false;
    for (size_t i = at_ + 1; i < text_.size(); ++i) {
      if (text_[i] == '\\' && i + 1 < text_.size()) {
        out->push_back(text_[++i]);
      } else if (text_[i] == quote) {
        at_ = i + 1;
        return true;
      } else {
        out->push_back(text_[i]);
      }
    }
    return false;
  }
  // [-]digits (may be empty).
  absl::string_view Integer() {
    const size_t from = at_;
    if (peek() == '-') ++at_;
    while (!done() && absl::ascii_isdigit(text_[at_])) ++at_;
    return text_.substr(from, at_ - from);
  }
  absl::string_view rest() const { return text_.substr(at_); }

 private:
  absl::string_view text_;
  size_t at_ = 0;
};

// The value at `path` in `object`'s JSON (null when a key is missing).
JsonView Lookup(obj::ObjectRef object, const std::vector<std::string>& path) {
  JsonView value = JsonView::Of(object);
  for (const std::string& key : path) {
    if (value.kind != JsonView::kObject && value.kind != JsonView::kMap) return JsonView();
    JsonView next;
    for (JsonMembers m(value); !m.done(); m.Next()) {
      if (m.key() == key) {
        next = m.value();
        break;
      }
    }
    value = next;
  }
  return value;
}

}  // namespace

absl::StatusOr<SearchQuery> SearchQuery::Parse(absl::string_view query,
                                               absl::string_view resource,
                                               const std::vector<absl::string_view>& fields) {
  const std::string supported = absl::StrCat(
      " Supported fields for ", resource, ": ", absl::StrJoin(fields, ", "), ".");
  query = absl::StripAsciiWhitespace(query);
  if (query.empty()) return Invalid("The search query is empty: give `query`, e.g. field:'value'.");
  SearchQuery out;
  bool connective_seen = false;
  Cursor c(query);
  while (true) {
    c.SkipSpaces();
    Clause clause;
    clause.negated = c.Consume("-");
    std::string field;
    if (c.Consume("metadata[")) {
      std::string key;
      if (!c.Quoted(&key) || !c.Consume("]")) {
        return Invalid(absl::StrCat("Invalid metadata field in the search query near `", c.rest(),
                                    "`: write metadata['key'].", supported));
      }
      field = "metadata";
      clause.path = {"metadata", key};
    } else {
      field = std::string(c.Name());
      clause.path = absl::StrSplit(field, '.');
    }
    if (field.empty()) {
      return Invalid(absl::StrCat("Invalid search query near `", c.rest(),
                                  "`: expected a field.", supported));
    }
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
      return Invalid(absl::StrCat("Field `", field, "` is an unsupported search field for resource `",
                                  resource, "`.", supported));
    }
    if (c.Consume(">=")) {
      clause.op = Op::kGreaterOrEqual;
    } else if (c.Consume("<=")) {
      clause.op = Op::kLessOrEqual;
    } else if (c.Consume(">")) {
      clause.op = Op::kGreater;
    } else if (c.Consume("<")) {
      clause.op = Op::kLess;
    } else if (c.Consume(":")) {
      clause.op = Op::kEquals;
    } else if (c.Consume("~")) {
      clause.op = Op::kContains;
    } else {
      return Invalid(absl::StrCat("Invalid search query near `", c.rest(), "`: expected one of ",
                                  ": ~ > < >= <= after `", field, "`."));
    }
    const bool comparison = clause.op != Op::kEquals && clause.op != Op::kContains;
    if (c.Quoted(&clause.text)) {
      if (comparison && !absl::SimpleAtoi(clause.text, &clause.integer)) {
        return Invalid(absl::StrCat("`", field, "` can only be compared with a number."));
      }
      clause.number = comparison;
    } else if (c.Consume("null")) {
      clause.null = true;
      if (clause.op != Op::kEquals) {
        return Invalid(absl::StrCat("Only `", field, ":null` can test for null."));
      }
    } else {
      const absl::string_view digits = c.Integer();
      if (digits.empty() || !absl::SimpleAtoi(digits, &clause.integer)) {
        return Invalid(absl::StrCat("Invalid value in the search query near `", c.rest(),
                                    "`: quote text ('value') or give an integer."));
      }
      clause.number = true;
      clause.text = std::string(digits);
    }
    if (clause.op == Op::kContains && clause.text.size() < kMinContains) {
      return Invalid(absl::StrCat("The substring of `", field, "~` must be at least ",
                                  kMinContains, " characters long."));
    }
    clause.text = absl::AsciiStrToLower(clause.text);
    out.clauses_.push_back(std::move(clause));
    if (out.clauses_.size() > kMaxClauses) {
      return Invalid(absl::StrCat("A search query may have at most ", kMaxClauses, " clauses."));
    }
    c.SkipSpaces();
    if (c.done()) break;
    bool any;
    if (c.Consume("AND ")) {
      any = false;
    } else if (c.Consume("OR ")) {
      any = true;
    } else {
      return Invalid(absl::StrCat("Invalid search query near `", c.rest(),
                                  "`: clauses are joined by AND or OR."));
    }
    if (connective_seen && any != out.any_) {
      return Invalid("A search query cannot mix AND and OR.");
    }
    connective_seen = true;
    out.any_ = any;
  }
  return out;
}

bool SearchQuery::ClauseMatches(const Clause& clause, obj::ObjectRef object) const {
  const JsonView value = Lookup(object, clause.path);
  bool match = false;
  const bool is_number = value.kind == JsonView::kInt || value.kind == JsonView::kUint;
  const int64_t number = value.kind == JsonView::kInt ? value.integer
                                                        : static_cast<int64_t>(value.unsigned_integer);
  if (clause.null) {
    match = value.kind == JsonView::kNull ||
            (value.kind == JsonView::kString && value.string->empty());
  } else {
    switch (clause.op) {
      case Op::kEquals:
        if (value.kind == JsonView::kString) {
          match = absl::EqualsIgnoreCase(*value.string, clause.text);
        } else if (value.kind == JsonView::kBool) {
          match = clause.text == (value.boolean ? "true" : "false");
        } else if (is_number) {
          match = clause.text == absl::StrCat(number);
        }
        break;
      case Op::kContains:
        match = value.kind == JsonView::kString &&
                absl::StrContains(absl::AsciiStrToLower(*value.string), clause.text);
        break;
      case Op::kGreater:
        match = is_number && number > clause.integer;
        break;
      case Op::kLess:
        match = is_number && number < clause.integer;
        break;
      case Op::kGreaterOrEqual:
        match = is_number && number >= clause.integer;
        break;
      case Op::kLessOrEqual:
        match = is_number && number <= clause.integer;
        break;
    }
  }
  return match != clause.negated;
}

bool SearchQuery::Matches(obj::ObjectRef object) const {
  for (const Clause& clause : clauses_) {
    const bool match = ClauseMatches(clause, object);
    if (any_ && match) return true;
    if (!any_ && !match) return false;
  }
  return !any_;
}

}  // namespace internal
}  // namespace paysim
