#include "engine/wire/search_routes.h"

#include <string>

#include "engine/engine.h"
#include "engine/internal/status_macros.h"
#include "engine/json_writer.h"
#include "engine/search.h"
#include "engine/wire/expand.h"
#include "engine/wire/form_decoder.h"

namespace paysim {
namespace wire {
namespace {

template <typename T>
absl::Status Render(const RouteCall& call, const absl::StatusOr<SearchResult<T>>& result,
                    std::string* json) {
  if (!result.ok()) return result.status();
  JsonWriter out(json);
  out.BeginObject();
  out.Key("object");
  out.String("search_result");
  out.Key("data");
  out.BeginArray();
  for (const T& item : result->data) call.expander->Write(item, /*list_item=*/true, out);
  out.EndArray();
  out.Key("has_more");
  out.Bool(result->has_more);
  out.Key("next_page");
  if (result->next_page.empty()) {
    out.Null();
  } else {
    out.String(result->next_page);
  }
  out.Key("url");
  out.String(result->url);
  out.EndObject();
  return absl::OkStatus();
}

template <auto kMethod>
absl::Status ServeSearch(const RouteCall& call, std::string* json) {
  SearchParams params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  return Render(call, (call.engine->search().*kMethod)(params, call.options), json);
}

template <auto kMethod>
Route Search(absl::string_view pattern, absl::string_view object) {
  return Route{"GET", pattern, object, /*list=*/true, &ServeSearch<kMethod>, ""};
}

}  // namespace

const std::vector<Route>& SearchRoutes() {
  using S = SearchService;
  static const auto* routes = new std::vector<Route>{
      Search<&S::Charges>("/v1/charges/search", "charge"),
      Search<&S::Customers>("/v1/customers/search", "customer"),
      Search<&S::Invoices>("/v1/invoices/search", "invoice"),
      Search<&S::PaymentIntents>("/v1/payment_intents/search", "payment_intent"),
      Search<&S::Prices>("/v1/prices/search", "price"),
      Search<&S::Products>("/v1/products/search", "product"),
      Search<&S::Subscriptions>("/v1/subscriptions/search", "subscription"),
  };
  return *routes;
}

}  // namespace wire
}  // namespace paysim
