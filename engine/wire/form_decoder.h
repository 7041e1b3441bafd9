// form_decoder.h: Stripe's form-encoded parameters onto a params proto, by reflection.
//
// Stripe requests carry parameters as application/x-www-form-urlencoded text (POST bodies,
// GET query strings) with brackets for structure. Every params message in proto/params.proto
// names its fields as Stripe names its parameters, so one generic walk over the descriptor
// decodes every request; there is no per-field code.
//
//   amount=999&currency=usd                  scalars (int32/int64/uint*/double/bool/string/enum)
//   card[number]=4242...&card[exp_month]=12  nested messages, any depth up to max_depth
//   shipping[address][line1]=1+Main+St       '+' is a space; %XX escapes (brackets may be %5B%5D)
//   metadata[order_id]=6735                  map<string, string> (any scalar key/value types)
//   expand[]=a&expand[]=b, expand[0]=a       repeated scalars: `[]` appends, `[N]` indexes
//   line_items[0][price]=p&line_items[0][quantity]=2   repeated messages, by index
//   items[][price]=a&items[][quantity]=2&items[][price]=b   or without: a repeated key starts
//                                            the next element (two items here)
//
// Example:
//   ChargeCreateParams params;
//   absl::Status s = DecodeForm("amount=999&currency=usd&metadata[order]=6735", &params);
//   // params.amount() == 999, params.metadata().at("order") == "6735"
//
// Decisions (Stripe does not document these; each is the plausible choice, decided here):
//   - Errors are Stripe invalid_request_errors (HTTP 400) whose `param` is the canonical
//     bracketed name (`card[exp_month]`): unknown names are parameter_unknown ("Received
//     unknown parameter: card[foo]"); bad integers parameter_invalid_integer ("Invalid
//     integer: abc"), overflow included; other malformed input has no code.
//   - A name given twice for one value (`amount=1&amount=2`, `metadata[a]=1&metadata[a]=2`,
//     `expand[0]=a&expand[0]=b`) is an error ("Received duplicate parameter: amount"), not
//     "last one wins": the request would be ambiguous, and an idempotent replay must not
//     depend on which copy won.
//   - An empty value follows Stripe's "an empty string unsets" convention: a string field is
//     set to "" (present, so an update can clear it); a number or bool field stays absent; a
//     message field (`shipping=`) is marked present and left empty; a map (`metadata=`) is
//     accepted and stays empty (proto maps have no presence, so on update this clears
//     nothing); a repeated field (`expand=`) stays empty, and if the message has an internal
//     bool field `<name>_emptied` (numbered 100 and above) that is set: Stripe's encoding of
//     an empty list, which an update takes as "remove them all" (`default_tax_rates=`).
//   - A parameter Stripe takes as an id or as a hash (a plan's `product`) is a message with a
//     string field `string_form`: `product=prod_1` fills it, `product[name]=x` the hash.
//   - Booleans are exactly `true` or `false` ("Invalid boolean: yes").
//   - A value given where an object is expected (`card=x`) is "Invalid hash"; a value where
//     an array is expected (`expand=x`) is "Invalid array"; brackets after a scalar
//     (`amount[x]=1`) make an unknown parameter.
//   - Indexes (`[0]`, `[1]`, ...) are decimal labels; elements are created in the order their
//     labels first appear (not sorted by number). `[]` appends a repeated scalar; for repeated
//     messages it fills the element `[]` last made, or a new one when that element already
//     has the key (Rack's rule, as curl users write Stripe's arrays of objects); elements
//     made by index and by `[]` are apart.
//   - Fields numbered 100 and above are internal (as in json_render.h) and are unknown here.
//   - Values and names must be valid UTF-8 after percent-decoding.
//   - A string value may hold at most 5000 characters (Stripe's spec limit for nearly every
//     string parameter): "Invalid string: <first 10>...<last 10>; must be at most 5000
//     characters". Map keys and values (metadata) are left to the engine's own limits.
//
// Thread safety: all functions are thread-safe (no shared state).
#ifndef PAYSIM_ENGINE_WIRE_FORM_DECODER_H_
#define PAYSIM_ENGINE_WIRE_FORM_DECODER_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace paysim {
namespace wire {

// Limits on one request's parameters. Exceeding any is an invalid_request_error, never a crash.
struct FormDecodeOptions {
  // Largest encoded body or query string accepted, in bytes.
  size_t max_encoded_bytes = size_t{1} << 20;  // 1 MiB
  // Most `name=value` pairs accepted.
  size_t max_pairs = 1000;
  // Most bracket groups in one name (`a[b][c]` has 2).
  int max_depth = 8;
};

// One decoded `name=value` pair. `path` is the name split into its root and bracket contents
// (`card[number]` -> {"card", "number"}; `expand[]` -> {"expand", ""}).
struct FormParam {
  std::vector<std::string> path;
  std::string value;
};

// ParseForm()
//
// Splits and percent-decodes `encoded` ("a=1&b[c]=2"; no leading '?') into pairs, in order.
// Empty pieces between '&' are skipped; a piece without '=' has an empty value. Errors: body
// too large, too many pairs, a bad %-escape, invalid UTF-8, an empty or malformed name
// (unbalanced or nested brackets, text after a bracket, too deep).
absl::StatusOr<std::vector<FormParam>> ParseForm(absl::string_view encoded,
                                                 const FormDecodeOptions& options = {});

// DecodeParams()
//
// Sets `params` onto `message` by reflection. `message` should start empty; on error it may
// hold part of the params and must be discarded.
absl::Status DecodeParams(const std::vector<FormParam>& params, google::protobuf::Message* message);

// DecodeForm()
//
// ParseForm then DecodeParams.
absl::Status DecodeForm(absl::string_view encoded, google::protobuf::Message* message,
                        const FormDecodeOptions& options = {});

// The canonical bracketed name of `path` ({"card", "number"} -> "card[number]"), as Stripe
// names params in errors.
std::string CanonicalName(const std::vector<std::string>& path);

// PercentDecode()
//
// Decodes %XX escapes and, if `plus_is_space`, '+' as ' ' (form encoding). False on a bad
// escape. Does not check UTF-8.
bool PercentDecode(absl::string_view in, bool plus_is_space, std::string* out);

// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(absl::string_view s);

// `s` if it is valid UTF-8; otherwise `s` with every byte from 0x80 up written as %XX. For
// echoing untrusted text (paths, keys) in error messages, which must be UTF-8 (proto3 strings,
// JSON).
std::string Utf8OrEscaped(absl::string_view s);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_FORM_DECODER_H_
