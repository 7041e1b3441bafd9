#include "proto/object_runtime/derived_strings.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace paysim {
namespace obj {
namespace derived {

// Written into one string (as absl::StrCat of absl::WebSafeBase64Escape, without the two
// temporaries).
std::string ReceiptUrl(absl::string_view charge_id) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  constexpr absl::string_view kPrefix = "https://pay.stripe.com/receipts/payment/";
  constexpr absl::string_view kSuffix = "?s=ap";
  std::string url;
  url.reserve(kPrefix.size() + (charge_id.size() * 4 + 2) / 3 + kSuffix.size());
  url.append(kPrefix.data(), kPrefix.size());
  const auto* in = reinterpret_cast<const unsigned char*>(charge_id.data());
  size_t i = 0;
  for (; i + 3 <= charge_id.size(); i += 3) {
    const uint32_t bits = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    const char quad[4] = {kAlphabet[bits >> 18], kAlphabet[(bits >> 12) & 63],
                          kAlphabet[(bits >> 6) & 63], kAlphabet[bits & 63]};
    url.append(quad, 4);
  }
  if (const size_t rest = charge_id.size() - i; rest > 0) {
    const uint32_t bits = (uint32_t{in[i]} << 16) | (rest == 2 ? uint32_t{in[i + 1]} << 8 : 0);
    url.push_back(kAlphabet[bits >> 18]);
    url.push_back(kAlphabet[(bits >> 12) & 63]);
    if (rest == 2) url.push_back(kAlphabet[(bits >> 6) & 63]);
  }
  url.append(kSuffix.data(), kSuffix.size());
  return url;
}

std::string HostedInvoiceUrl(absl::string_view invoice_id) {
  return absl::StrCat("https://invoice.stripe.com/i/acct_paysim/test_", invoice_id);
}

std::string InvoicePdfUrl(absl::string_view invoice_id) {
  return absl::StrCat("https://pay.stripe.com/invoice/acct_paysim/test_", invoice_id, "/pdf");
}

std::string CheckoutSessionUrl(absl::string_view session_id) {
  return absl::StrCat("https://checkout.stripe.com/c/pay/", session_id);
}

}  // namespace derived
}  // namespace obj
}  // namespace paysim
