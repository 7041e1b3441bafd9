// form_decoder_fuzzer: Stripe's form encoding (engine/wire/form_decoder.h) onto every params
// message, from arbitrary bytes.
//
// Input: the first byte picks the params message (every message of proto/params.proto); the
// rest is the form-encoded text. Checks: no crash, no sanitizer report; a refusal is a Stripe
// invalid_request_error (HTTP 400) naming a param; an accepted form yields a message that
// serializes and parses back equal, and every decoded name re-encodes to a canonical name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/stripe_error.h"
#include "engine/wire/form_decoder.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"
#include "proto/params.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;

const std::vector<const Message*>& Prototypes() {
  static const auto* prototypes = [] {
    auto* out = new std::vector<const Message*>();
    const google::protobuf::FileDescriptor* file = paysim::ChargeCreateParams::descriptor()->file();
    for (int i = 0; i < file->message_type_count(); ++i) {
      out->push_back(google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          file->message_type(i)));
    }
    return out;
  }();
  return *prototypes;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<const Message*>& prototypes = Prototypes();
  std::unique_ptr<Message> message(prototypes[data[0] % prototypes.size()]->New());
  const absl::string_view form(reinterpret_cast<const char*>(data) + 1, size - 1);

  paysim::wire::FormDecodeOptions options;
  options.max_encoded_bytes = 4096;  // keep inputs small; the limit itself is checked too
  absl::StatusOr<std::vector<paysim::wire::FormParam>> params =
      paysim::wire::ParseForm(form, options);
  if (params.ok()) {
    for (const paysim::wire::FormParam& param : *params) {
      Check(!param.path.empty());
      Check(paysim::wire::IsValidUtf8(paysim::wire::CanonicalName(param.path)));
    }
  }
  absl::Status status = paysim::wire::DecodeForm(form, message.get(), options);
  if (!status.ok()) {
    absl::optional<paysim::StripeError> error = paysim::GetStripeError(status);
    Check(error.has_value());
    Check(error->type() == "invalid_request_error");
    Check(paysim::HttpStatus(status) == 400);
    Check(paysim::wire::IsValidUtf8(error->message()));
    return 0;
  }
  std::string bytes;
  Check(message->SerializeToString(&bytes));
  std::unique_ptr<Message> again(message->New());
  Check(again->ParseFromString(bytes));
  Check(google::protobuf::util::MessageDifferencer::Equals(*message, *again));
  // Echoing untrusted text is always UTF-8.
  Check(paysim::wire::IsValidUtf8(paysim::wire::Utf8OrEscaped(form)));
  return 0;
}
