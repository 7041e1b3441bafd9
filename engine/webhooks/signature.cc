#include "engine/webhooks/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace paysim {
namespace webhooks {

std::string ComputeSignature(absl::string_view secret, int64_t timestamp,
                             absl::string_view payload) {
  const std::string message = absl::StrCat(timestamp, ".", payload);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string SignatureHeader(absl::string_view secret, int64_t timestamp,
                            absl::string_view payload) {
  return absl::StrCat("t=", timestamp, ",v1=", ComputeSignature(secret, timestamp, payload));
}

}  // namespace webhooks
}  // namespace paysim
