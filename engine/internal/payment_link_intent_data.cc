// A Payment Link's payment_intent_data (payment_link_intent_data.h).
#include "engine/internal/payment_link_intent_data.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/metadata.h"
#include "engine/statement_descriptor.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr char kPrefix[] = "payment_intent_data";
constexpr int kDescriptionMaxLength = 1000;

std::string Param(absl::string_view field) { return absl::StrCat(kPrefix, "[", field, "]"); }

// capture_method: on create only.
absl::Status CheckCaptureMethod(const PaymentLinkPaymentIntentDataParams& d) {
  if (!d.has_capture_method()) return absl::OkStatus();
  return ValidateEnum(d.capture_method(), {"automatic", "automatic_async", "manual"},
                      Param("capture_method"));
}
absl::Status CheckCaptureMethod(const PaymentLinkPaymentIntentDataUpdateParams&) {
  return absl::OkStatus();
}

// What create and update share; an empty string (update's unset) is not checked.
template <typename Data>
absl::Status Check(const World& w, const Data& d, bool subscription, bool takes_cards) {
  if (subscription) {
    // UNCERTAIN (wording), as Checkout refuses payment_intent_data outside payment mode.
    return InvalidRequestError("", kPrefix,
                               "`payment_intent_data` can only be used with one-time prices.");
  }
  PAYSIM_RETURN_IF_ERROR(CheckCaptureMethod(d));
  if (d.description().size() > static_cast<size_t>(kDescriptionMaxLength)) {
    return StringTooLong(Param("description"), kDescriptionMaxLength);
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(d.metadata()));
  if (!d.setup_future_usage().empty()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(d.setup_future_usage(), {"off_session", "on_session"},
                                        Param("setup_future_usage")));
  }
  if (!d.statement_descriptor().empty()) {
    PAYSIM_RETURN_IF_ERROR(CheckIntentStatementDescriptor(d.statement_descriptor(), takes_cards,
                                                          Param("statement_descriptor")));
  }
  if (!d.statement_descriptor_suffix().empty()) {
    PAYSIM_RETURN_IF_ERROR(ValidateStatementDescriptorSuffix(
        d.statement_descriptor_suffix(), w.options().statement_descriptor_prefix,
        Param("statement_descriptor_suffix")));
  }
  return absl::OkStatus();
}

// Sets each string given: empty unsets (update), else sets.
template <typename Data>
void SetStrings(const Data& d, PaymentLinkPaymentIntentData* out) {
  auto set = [](bool given, const std::string& value, auto setter, auto clearer) {
    if (!given) return;
    if (value.empty()) {
      clearer();
    } else {
      setter(value);
    }
  };
  set(d.has_description(), d.description(), [&](const std::string& v) { out->set_description(v); },
      [&] { out->clear_description(); });
  set(d.has_setup_future_usage(), d.setup_future_usage(),
      [&](const std::string& v) { out->set_setup_future_usage(v); },
      [&] { out->clear_setup_future_usage(); });
  set(d.has_statement_descriptor(), d.statement_descriptor(),
      [&](const std::string& v) { out->set_statement_descriptor(v); },
      [&] { out->clear_statement_descriptor(); });
  set(d.has_statement_descriptor_suffix(), d.statement_descriptor_suffix(),
      [&](const std::string& v) { out->set_statement_descriptor_suffix(v); },
      [&] { out->clear_statement_descriptor_suffix(); });
  set(d.has_transfer_group(), d.transfer_group(),
      [&](const std::string& v) { out->set_transfer_group(v); },
      [&] { out->clear_transfer_group(); });
}

}  // namespace

absl::Status CheckPaymentLinkIntentData(const World& world,
                                        const PaymentLinkPaymentIntentDataParams& data,
                                        bool subscription, bool takes_cards) {
  return Check(world, data, subscription, takes_cards);
}

absl::Status CheckPaymentLinkIntentData(const World& world,
                                        const PaymentLinkPaymentIntentDataUpdateParams& data,
                                        bool subscription, bool takes_cards) {
  return Check(world, data, subscription, takes_cards);
}

void SetPaymentLinkIntentData(const PaymentLinkPaymentIntentDataParams& data, PaymentLink* link) {
  PaymentLinkPaymentIntentData* out = link->mutable_payment_intent_data();
  if (!data.capture_method().empty()) out->set_capture_method(data.capture_method());
  SetStrings(data, out);
  *out->mutable_metadata() = data.metadata();
}

void SetPaymentLinkIntentData(const PaymentLinkPaymentIntentDataUpdateParams& data,
                              PaymentLink* link) {
  PaymentLinkPaymentIntentData* out = link->mutable_payment_intent_data();
  SetStrings(data, out);
  // Declarative: metadata given replaces the old; `payment_intent_data[metadata]=` (which
  // leaves nothing else set) clears it.
  if (!data.metadata().empty() || data.ByteSizeLong() == 0) {
    *out->mutable_metadata() = data.metadata();
  }
}

void AddPaymentLinkIntentData(const PaymentLink& link, CheckoutSessionCreateParams* session) {
  if (!link.has_payment_intent_data()) return;
  const PaymentLinkPaymentIntentData& data = link.payment_intent_data();
  CheckoutPaymentIntentDataParams* given = session->mutable_payment_intent_data();
  if (data.has_capture_method()) given->set_capture_method(data.capture_method());
  if (data.has_description()) given->set_description(data.description());
  data.metadata().CopyTo(given->mutable_metadata());
  if (data.has_setup_future_usage()) given->set_setup_future_usage(data.setup_future_usage());
  if (data.has_statement_descriptor()) {
    given->set_statement_descriptor(data.statement_descriptor());
  }
  if (data.has_statement_descriptor_suffix()) {
    given->set_statement_descriptor_suffix(data.statement_descriptor_suffix());
  }
  if (data.has_transfer_group()) given->set_transfer_group(data.transfer_group());
}

}  // namespace internal
}  // namespace paysim
