#include "testing/webhook_signature.h"

#include <openssl/crypto.h>

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "engine/webhooks/signature.h"

namespace paysim {
namespace testing {

std::string SignPayload(absl::string_view secret, int64_t timestamp, absl::string_view payload) {
  return webhooks::SignatureHeader(secret, timestamp, payload);
}

absl::Status VerifySignature(absl::string_view payload, absl::string_view header,
                             absl::string_view secret, absl::Time now,
                             absl::Duration tolerance) {
  if (header.empty()) {
    return absl::InvalidArgumentError("No stripe-signature header value was provided.");
  }
  bool has_timestamp = false;
  int64_t timestamp = 0;
  std::vector<absl::string_view> signatures;
  for (absl::string_view item : absl::StrSplit(header, ',')) {
    const size_t eq = item.find('=');
    if (eq == absl::string_view::npos) continue;
    const absl::string_view key = item.substr(0, eq);
    const absl::string_view value = item.substr(eq + 1);
    if (key == "t") {
      has_timestamp = absl::SimpleAtoi(value, &timestamp);
    } else if (key == "v1") {
      signatures.push_back(value);
    }
  }
  if (!has_timestamp) {
    return absl::InvalidArgumentError("Unable to extract timestamp and signatures from header");
  }
  if (signatures.empty()) {
    return absl::InvalidArgumentError("No signatures found with expected scheme");
  }
  const std::string expected = webhooks::ComputeSignature(secret, timestamp, payload);
  bool matched = false;
  for (absl::string_view signature : signatures) {
    // Constant time, so a receiver's timing does not leak how much of a guess was right.
    if (signature.size() == expected.size() &&
        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0) {
      matched = true;
    }
  }
  if (!matched) {
    return absl::UnauthenticatedError(
        "No signatures found matching the expected signature for payload. Are you passing the "
        "raw request body you received from Stripe?");
  }
  // Whole seconds, as the libraries compare them (Math.floor(Date.now() / 1000) - t).
  const absl::Duration age =
      absl::Seconds(absl::ToUnixSeconds(now)) - absl::Seconds(timestamp);
  if (tolerance > absl::ZeroDuration() && age > tolerance) {
    return absl::OutOfRangeError("Timestamp outside the tolerance zone");
  }
  return absl::OkStatus();
}

}  // namespace testing
}  // namespace paysim
