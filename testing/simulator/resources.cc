// The resources the simulator drives: one registration line each.
//
// Adding a resource: write its <resource>_operations.cc (its operations, how to read its
// objects, what its events teach, its terminal states; see registry.h) defining
// Register<Resource>Operations, and add that name below. The order is the order of the
// operation table, which every step's random draw reads: a new line changes every seed's run
// (so does any weight), while the existing lines keep their order.
#include "testing/simulator/registry.h"

#define PAYSIM_SIMULATED_RESOURCES(RESOURCE)                    \
  RESOURCE(RegisterTokenOperations)                             \
  RESOURCE(RegisterCustomerOperations)                          \
  RESOURCE(RegisterPaymentMethodOperations)                     \
  RESOURCE(RegisterChargeOperations)                            \
  RESOURCE(RegisterRefundOperations)                            \
  RESOURCE(RegisterPaymentIntentOperations)                     \
  RESOURCE(RegisterSetupIntentOperations)                       \
  RESOURCE(RegisterCheckoutOperations)                          \
  RESOURCE(RegisterDisputeOperations)                           \
  RESOURCE(RegisterPayoutOperations)                            \
  RESOURCE(RegisterTopupOperations)                             \
  RESOURCE(RegisterQuoteOperations)                             \
  RESOURCE(RegisterScheduleOperations) /* before sub_ */        \
  RESOURCE(RegisterBillingOperations)                           \
  RESOURCE(RegisterMeterOperations)                             \
  RESOURCE(RegisterCreditNoteOperations)                        \
  RESOURCE(RegisterInvoicePaymentOperations)                    \
  RESOURCE(RegisterSubscriptionBankDebitOperations)             \
  RESOURCE(RegisterBillingPortalOperations)                     \
  RESOURCE(RegisterReadOperations) /* lists, balance, events */ \
  RESOURCE(RegisterClockOperations)                             \
  RESOURCE(RegisterReplayOperations)

namespace paysim {
namespace testing {
namespace simulator_internal {

#define PAYSIM_DECLARE_RESOURCE(Register) void Register(ResourceRegistry& registry);
PAYSIM_SIMULATED_RESOURCES(PAYSIM_DECLARE_RESOURCE)
#undef PAYSIM_DECLARE_RESOURCE

const ResourceRegistry& SimulatedResources() {
  static const ResourceRegistry* const registry = [] {
    auto* built = new ResourceRegistry();
#define PAYSIM_REGISTER_RESOURCE(Register) Register(*built);
    PAYSIM_SIMULATED_RESOURCES(PAYSIM_REGISTER_RESOURCE)
#undef PAYSIM_REGISTER_RESOURCE
    return built;
  }();
  return *registry;
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
