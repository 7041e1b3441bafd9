// The simulator's answers as text: status lines, trace lines, rendered comparison.
#include "testing/simulator/rendering.h"

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/stripe_error.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/message_differencer.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;

// Fields numbered 100 to 999 are paysim's bookkeeping, never rendered.
class IgnoreInternalFields : public MessageDifferencer::IgnoreCriteria {
 public:
  bool IsIgnored(const Message&, const Message&, const FieldDescriptor* field,
                 const std::vector<MessageDifferencer::SpecificField>&) override {
    return IsInternalFieldNumber(field->number());
  }
};

}  // namespace

bool SameRendered(const Message& a, const Message& b) {
  MessageDifferencer differencer;
  differencer.AddIgnoreCriteria(new IgnoreInternalFields());  // owned by the differencer
  return differencer.Compare(a, b);
}

std::string StatusText(const absl::Status& status) {
  if (status.ok()) return "OK";
  absl::optional<StripeError> error = GetStripeError(status);
  if (!error.has_value()) return absl::StrCat("no Stripe error: ", status.ToString());
  return absl::StrCat(HttpStatus(status), " ",
                      ErrorToJson(*error).dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string TraceText(const Message& object) {
  std::string out;
  const auto* descriptor = object.GetDescriptor();
  for (absl::string_view name : {"id", "status", "amount", "amount_captured", "captured"}) {
    const FieldDescriptor* field = descriptor->FindFieldByName(std::string(name));
    if (field == nullptr) continue;
    const auto* reflection = object.GetReflection();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        absl::StrAppend(&out, name, "=", reflection->GetString(object, field), " ");
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        absl::StrAppend(&out, name, "=", reflection->GetInt64(object, field), " ");
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        absl::StrAppend(&out, name, "=", reflection->GetBool(object, field), " ");
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
