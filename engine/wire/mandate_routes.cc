#include "engine/wire/mandate_routes.h"

#include <string>

#include "engine/engine.h"
#include "engine/internal/status_macros.h"
#include "engine/mandates.h"
#include "engine/wire/form_decoder.h"
#include "engine/wire/wire_params.pb.h"

namespace paysim {
namespace wire {
namespace {

absl::Status ServeRetrieve(const RouteCall& call, std::string* json) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  absl::StatusOr<Mandate> mandate = call.engine->mandates().Retrieve(call.ids[0], call.options);
  if (!mandate.ok()) return mandate.status();
  WriteObject(call, *mandate, json);
  return absl::OkStatus();
}

}  // namespace

const std::vector<Route>& MandateRoutes() {
  static const auto* routes = new std::vector<Route>{
      Route{"GET", "/v1/mandates/{}", "mandate", /*list=*/false, &ServeRetrieve, ""},
  };
  return *routes;
}

}  // namespace wire
}  // namespace paysim
