// store_owners.h (internal): the modules that own the world's stores (world.h), each alone
// writing its resource through a WriteKey<Owner> (store.h). Declared here for world.h's
// accessors; each is defined in its own header in this folder.
//
// Not part of the public API.
#ifndef PAYSIM_ENGINE_INTERNAL_STORE_OWNERS_H_
#define PAYSIM_ENGINE_INTERNAL_STORE_OWNERS_H_

namespace paysim {
namespace internal {

class BalanceLedger;
class ChargeLifecycle;
class CheckoutSessionLifecycle;
class CouponLifecycle;
class CreditNoteLifecycle;
class CashBalanceLifecycle;
class CustomerBalanceLifecycle;
class CustomerLifecycle;
class DisputeLifecycle;
class InvoiceItemLifecycle;
class InvoiceLifecycle;
class MandateLifecycle;
class TaxIdLifecycle;
class MeterLifecycle;
class BillingPortalLifecycle;
class MeterUsage;
class PaymentIntentLifecycle;
class PaymentMethodLifecycle;
class PayoutLifecycle;
class TopupLifecycle;
class QuoteLifecycle;
class PriceLifecycle;
class PromotionCodeLifecycle;
class ProductLifecycle;
class RefundLifecycle;
class SetupIntentLifecycle;
class SubscriptionLifecycle;
class SubscriptionScheduleLifecycle;
class PaymentLinkLifecycle;
class TaxRateLifecycle;
class ShippingRateLifecycle;
class TestClockLifecycle;
class TokenLifecycle;
// And snapshot.cc's WorldSnapshot, which saves and restores every store.
class WorldSnapshot;

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_STORE_OWNERS_H_
