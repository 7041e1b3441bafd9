#include "engine/webhooks/http_transport.h"

#include <httplib.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace paysim {
namespace webhooks {
namespace {

// Splits "http://host:port/path?q" into "http://host:port" and "/path?q" ("/" if none).
bool SplitUrl(absl::string_view url, std::string* scheme_host_port, std::string* target) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return false;
  const size_t path_start = url.find_first_of("/?#", scheme_end + 3);
  *scheme_host_port = std::string(url.substr(0, path_start));
  absl::string_view rest =
      path_start == absl::string_view::npos ? absl::string_view() : url.substr(path_start);
  rest = rest.substr(0, rest.find('#'));  // a fragment is never sent
  *target = rest.empty() ? "/" : (rest.front() == '?' ? absl::StrCat("/", rest) : std::string(rest));
  return true;
}

void SetTimeout(absl::Duration d, void (httplib::Client::*set)(time_t, time_t),
                httplib::Client* client) {
  const int64_t usec = absl::ToInt64Microseconds(d);
  (client->*set)(static_cast<time_t>(usec / 1000000), static_cast<time_t>(usec % 1000000));
}

}  // namespace

WebhookResponse HttpTransport::Post(const WebhookRequest& request) {
  WebhookResponse response;
  std::string scheme_host_port, target;
  if (!SplitUrl(request.url, &scheme_host_port, &target)) {
    response.error = "not an http(s) URL";
    return response;
  }
  httplib::Client client(scheme_host_port);
  if (!client.is_valid()) {
    response.error = "unsupported URL";
    return response;
  }
  SetTimeout(options_.connect_timeout, &httplib::Client::set_connection_timeout, &client);
  SetTimeout(options_.read_timeout, &httplib::Client::set_read_timeout, &client);
  SetTimeout(options_.read_timeout, &httplib::Client::set_write_timeout, &client);
  client.set_follow_location(false);
  client.set_url_encode(false);  // the URL is used as the endpoint gave it

  httplib::Headers headers;
  std::string content_type = "application/json";
  for (const auto& [name, value] : request.headers) {
    if (absl::EqualsIgnoreCase(name, "Content-Type")) {
      content_type = value;
    } else {
      headers.emplace(name, value);
    }
  }
  httplib::Result result = client.Post(target, headers, request.body, content_type);
  if (!result) {
    response.error = httplib::to_string(result.error());
    return response;
  }
  response.status = result->status;
  return response;
}

}  // namespace webhooks
}  // namespace paysim
