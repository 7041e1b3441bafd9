#include "cli/http_response.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "boost/beast/http/status.hpp"
#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "engine/stripe_error.h"
#include "proto/error.obj.h"

namespace paysim {
namespace cli {
namespace {

using Header = std::pair<absl::string_view, absl::string_view>;

bool NameLess(const Header& a, const Header& b) {
  return std::lexicographical_compare(
      a.first.begin(), a.first.end(), b.first.begin(), b.first.end(),
      [](char x, char y) { return absl::ascii_tolower(x) < absl::ascii_tolower(y); });
}

}  // namespace

absl::string_view ReasonPhrase(int status) {
  if (status < 100 || status > 999) return "Unknown";
  const boost::beast::string_view reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  if (reason.empty() || reason.front() == '<') return "Unknown";  // "<unknown-status>"
  return absl::string_view(reason.data(), reason.size());
}

void AppendResponseBytes(const HttpResponse& response, const ConnectionHeaders& connection,
                         std::string* out) {
  const std::string length = absl::StrCat(response.body.size());
  const std::string keep_alive =
      connection.keep_alive
          ? absl::StrCat("timeout=", connection.timeout_seconds, ", max=", connection.max_requests)
          : std::string();

  // A handful of headers: a small sorted array of views.
  std::vector<Header> headers;
  headers.reserve(response.headers.size() + 2);
  for (const auto& [name, value] : response.headers) headers.emplace_back(name, value);
  headers.emplace_back("Content-Length", length);
  if (connection.keep_alive) {
    headers.emplace_back("Keep-Alive", keep_alive);
  } else {
    headers.emplace_back("Connection", "close");
  }
  std::stable_sort(headers.begin(), headers.end(), NameLess);

  size_t size = 64 + (connection.head ? 0 : response.body.size());
  for (const Header& h : headers) size += h.first.size() + h.second.size() + 4;
  out->reserve(out->size() + size);
  absl::StrAppend(out, "HTTP/1.1 ", response.status, " ", ReasonPhrase(response.status), "\r\n");
  for (const Header& h : headers) absl::StrAppend(out, h.first, ": ", h.second, "\r\n");
  out->append("\r\n");
  if (!connection.head) out->append(response.body);
}

HttpResponse TransportError(int status, absl::string_view code, absl::string_view message) {
  StripeError error;
  error.set_type("invalid_request_error");
  if (!code.empty()) {
    error.set_code(std::string(code));
    error.set_doc_url(ErrorDocUrl(code));
  }
  error.set_message(std::string(message));
  error.set_http_status(status);
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  JsonWriter writer(&response.body);
  WriteErrorJson(error, writer);
  return response;
}

}  // namespace cli
}  // namespace paysim
