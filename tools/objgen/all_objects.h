// all_objects.h: every object class generated from the object protos (namespace
// paysim::objtest), as a GoogleTest type list, and the .proto files they come from.
#ifndef PAYSIM_TOOLS_OBJGEN_ALL_OBJECTS_H_
#define PAYSIM_TOOLS_OBJGEN_ALL_OBJECTS_H_

#include "gtest/gtest.h"
#include "proto/balance.obj.h"
#include "proto/card.obj.h"
#include "proto/catalog.obj.h"
#include "proto/charge.obj.h"
#include "proto/checkout.obj.h"
#include "proto/common.obj.h"
#include "proto/customer.obj.h"
#include "proto/error.obj.h"
#include "proto/event.obj.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_method.obj.h"
#include "proto/refund.obj.h"
#include "proto/token.obj.h"

namespace paysim {
namespace objgen {

// The files of the object protos (all_objects_test checks that every message of them is listed).
inline constexpr const char* kObjectProtoFiles[] = {
    "proto/common.proto",
    "proto/card.proto",
    "proto/token.proto",
    "proto/customer.proto",
    "proto/payment_method.proto",
    "proto/charge.proto",
    "proto/refund.proto",
    "proto/balance.proto",
    "proto/error.proto",
    "proto/payment_intent.proto",
    "proto/catalog.proto",
    "proto/checkout.proto",
    "proto/event.proto",
};

// The number of types in AllObjectTypes.
inline constexpr int kObjectTypeCount = 55;

using AllObjectTypes = ::testing::Types<
    objtest::Address,
    objtest::BillingDetails,
    objtest::Shipping,
    objtest::DeletedObject,
    objtest::Card,
    objtest::CardChecks,
    objtest::CardNetworks,
    objtest::ThreeDSecureUsage,
    objtest::PaymentMethodCard,
    objtest::Token,
    objtest::InvoiceSettings,
    objtest::Customer,
    objtest::PaymentMethod,
    objtest::ChargeOutcome,
    objtest::ChargeCardDetails,
    objtest::PaymentMethodDetails,
    objtest::Charge,
    objtest::Refund,
    objtest::FeeDetail,
    objtest::BalanceTransaction,
    objtest::BalanceSourceTypes,
    objtest::BalanceAmount,
    objtest::Balance,
    objtest::StripeError,
    objtest::RedirectToUrl,
    objtest::UseStripeSdk,
    objtest::NextAction,
    objtest::PaymentIntent,
    objtest::SetupIntent,
    objtest::Product,
    objtest::PriceRecurring,
    objtest::Price,
    objtest::LineItem,
    objtest::CheckoutAutomaticTax,
    objtest::CheckoutShippingDetails,
    objtest::CheckoutCollectedInformation,
    objtest::CheckoutCustomerDetails,
    objtest::CheckoutPhoneNumberCollection,
    objtest::CheckoutSavedPaymentMethodOptions,
    objtest::CheckoutShippingAddressCollection,
    objtest::CheckoutTotalDetails,
    objtest::CheckoutPaymentIntentData,
    objtest::CheckoutIntentData,
    objtest::CheckoutSession,
    objtest::SubscriptionItem,
    objtest::SubscriptionItemList,
    objtest::Subscription,
    objtest::CheckoutPrefill,
    objtest::CheckoutPage,
    objtest::PaymentMethodSettings,
    objtest::UsBankAccount,
    objtest::StripeObject,
    objtest::EventData,
    objtest::EventRequest,
    objtest::Event>;

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_ALL_OBJECTS_H_
