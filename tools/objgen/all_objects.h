// all_objects.h: every object class generated from the object protos (namespace
// paysim), as a GoogleTest type list, and the .proto files they come from.
#ifndef PAYSIM_TOOLS_OBJGEN_ALL_OBJECTS_H_
#define PAYSIM_TOOLS_OBJGEN_ALL_OBJECTS_H_

#include "gtest/gtest.h"
#include "proto/balance.obj.h"
#include "proto/billing.obj.h"
#include "proto/billing_portal.obj.h"
#include "proto/card.obj.h"
#include "proto/catalog.obj.h"
#include "proto/charge.obj.h"
#include "proto/checkout.obj.h"
#include "proto/common.obj.h"
#include "proto/coupon.obj.h"
#include "proto/credit_note.obj.h"
#include "proto/customer.obj.h"
#include "proto/discount.obj.h"
#include "proto/dispute.obj.h"
#include "proto/error.obj.h"
#include "proto/event.obj.h"
#include "proto/mandate.obj.h"
#include "proto/meter.obj.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_link.obj.h"
#include "proto/payment_method.obj.h"
#include "proto/payout.obj.h"
#include "proto/topup.obj.h"
#include "proto/quote.obj.h"
#include "proto/plan.obj.h"
#include "proto/promotion_code.obj.h"
#include "proto/refund.obj.h"
#include "proto/shipping_rate.obj.h"
#include "proto/subscription_schedule.obj.h"
#include "proto/tax_rate.obj.h"
#include "proto/test_clock.obj.h"
#include "proto/token.obj.h"
#include "proto/balance.pb.h"
#include "proto/billing.pb.h"
#include "proto/card.pb.h"
#include "proto/catalog.pb.h"
#include "proto/charge.pb.h"
#include "proto/checkout.pb.h"
#include "proto/common.pb.h"
#include "proto/coupon.pb.h"
#include "proto/credit_note.pb.h"
#include "proto/customer.pb.h"
#include "proto/discount.pb.h"
#include "proto/dispute.pb.h"
#include "proto/error.pb.h"
#include "proto/event.pb.h"
#include "proto/mandate.pb.h"
#include "proto/meter.pb.h"
#include "proto/payment_intent.pb.h"
#include "proto/payment_link.pb.h"
#include "proto/payment_method.pb.h"
#include "proto/payout.pb.h"
#include "proto/topup.pb.h"
#include "proto/quote.pb.h"
#include "proto/plan.pb.h"
#include "proto/promotion_code.pb.h"
#include "proto/refund.pb.h"
#include "proto/shipping_rate.pb.h"
#include "proto/subscription_schedule.pb.h"
#include "proto/tax_rate.pb.h"
#include "proto/test_clock.pb.h"
#include "proto/token.pb.h"

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
    "proto/dispute.proto",
    "proto/payout.proto",
    "proto/topup.proto",
    "proto/quote.proto",
    "proto/mandate.proto",
    "proto/error.proto",
    "proto/payment_intent.proto",
    "proto/catalog.proto",
    "proto/checkout.proto",
    "proto/billing.proto",
    "proto/coupon.proto",
    "proto/discount.proto",
    "proto/promotion_code.proto",
    "proto/tax_rate.proto",
    "proto/shipping_rate.proto",
    "proto/plan.proto",
    "proto/meter.proto",
    "proto/billing_portal.proto",
    "proto/credit_note.proto",
    "proto/subscription_schedule.proto",
    "proto/payment_link.proto",
    "proto/test_clock.proto",
    "proto/event.proto",
};

// The number of types in AllObjectTypes.
inline constexpr int kObjectTypeCount = 303;

using AllObjectTypes = ::testing::Types<
    InvoiceSettingCustomField,
    Address,
    ManagedPayments,
    BillingDetails,
    Shipping,
    DeletedObject,
    Card,
    CardChecks,
    CardNetworks,
    ThreeDSecureUsage,
    PaymentMethodCard,
    GeneratedFrom,
    PaymentMethodSepaDebit,
    UsBankAccountNetworks,
    PaymentMethodUsBankAccount,
    PaymentMethodCustomerBalance,
    Token,
    InvoiceSettings,
    CustomerSources,
    CashBalanceAvailable,
    CashBalanceSettings,
    CashBalance,
    TaxIdOwner,
    TaxIdVerification,
    TaxId,
    CustomerTaxIds,
    CustomerTaxLocation,
    CustomerTax,
    Customer,
    CustomerBalanceTransaction,
    CashBalanceFundedBankTransfer,
    CashBalanceFunded,
    CashBalanceAppliedToPayment,
    CustomerCashBalanceTransaction,
    FinancialAddressAba,
    FinancialAddressIban,
    FinancialAddressSortCode,
    FinancialAddressSpei,
    FinancialAddressZengin,
    FinancialAddress,
    DisplayBankTransferInstructions,
    CustomerBalanceBankTransferOptions,
    CustomerBalancePaymentMethodOptions,
    PaymentIntentCardOptions,
    PaymentIntentChargeList,
    PaymentIntentPaymentMethodOptions,
    PaymentMethod,
    ChargeFraudDetails,
    ChargeRefundList,
    ChargeOutcome,
    ChargeCardDetails,
    ChargeSepaDebitDetails,
    ChargeUsBankAccountDetails,
    ChargeCustomerBalanceDetails,
    PaymentMethodDetails,
    Charge,
    RefundDestinationCard,
    RefundDestinationDetails,
    Refund,
    FeeDetail,
    BalanceTransaction,
    BalanceSourceTypes,
    BalanceAmount,
    Balance,
    DisputeEvidence,
    DisputeEvidenceDetails,
    DisputeCardDetails,
    DisputePaymentMethodDetails,
    Dispute,
    EarlyFraudWarning,
    PayoutTraceId,
    Payout,
    Topup,
    MandateOnlineAcceptance,
    MandateOfflineAcceptance,
    MandateCustomerAcceptance,
    MandateMultiUse,
    MandateSingleUse,
    MandateSepaDebitDetails,
    MandateUsBankAccountDetails,
    MandatePaymentMethodDetails,
    Mandate,
    StripeError,
    RedirectToUrl,
    UseStripeSdk,
    VerifyWithMicrodeposits,
    NextAction,
    PaymentIntentPresentmentDetails,
    PaymentIntentAmountDetailsTip,
    PaymentIntentAmountDetails,
    PaymentIntent,
    SetupIntentCardOptions,
    SetupIntentUsBankAccountOptions,
    SetupIntentPaymentMethodOptions,
    SetupIntent,
    Product,
    PriceRecurring,
    PriceTier,
    PriceTransformQuantity,
    Price,
    LineItemDiscountAmount,
    LineItemTaxAmount,
    LineItemAdjustableQuantity,
    LineItem,
    CheckoutAdaptivePricing,
    CheckoutCurrencyConversion,
    CheckoutPresentmentDetails,
    CheckoutFxQuote,
    CheckoutAutomaticTax,
    CheckoutShippingDetails,
    CheckoutCollectedInformation,
    CheckoutConsent,
    CheckoutPaymentMethodReuseAgreement,
    CheckoutConsentCollection,
    CheckoutCustomerDetails,
    CheckoutPaymentMethodConfigurationDetails,
    CheckoutCardOptions,
    CheckoutPaymentMethodOptions,
    CheckoutPermissions,
    CheckoutWalletOptions,
    CheckoutPhoneNumberCollection,
    CheckoutSavedPaymentMethodOptions,
    CheckoutShippingAddressCollection,
    CheckoutShippingCost,
    CheckoutShippingOption,
    CheckoutTotalDetailsBreakdown,
    CheckoutTotalDetails,
    CheckoutSessionDiscount,
    CheckoutPaymentIntentData,
    CheckoutIntentData,
    CheckoutCustomTextMessage,
    CheckoutCustomText,
    CheckoutCustomFieldOption,
    CheckoutCustomFieldDropdown,
    CheckoutCustomFieldEntry,
    CheckoutCustomFieldLabel,
    CheckoutCustomField,
    CheckoutInvoiceRenderingOptions,
    CheckoutInvoiceData,
    CheckoutInvoiceCreation,
    CheckoutRecovery,
    CheckoutAfterExpiration,
    CheckoutOptionalItemAdjustableQuantity,
    CheckoutOptionalItem,
    CheckoutSession,
    SubscriptionItem,
    SubscriptionItemList,
    SubscriptionTrialEndBehavior,
    SubscriptionTrialSettings,
    SubscriptionBillingCycleAnchorConfig,
    SubscriptionAutomaticTaxLiability,
    SubscriptionAutomaticTax,
    SubscriptionPauseCollection,
    SubscriptionCancellationDetails,
    SubscriptionBillingMode,
    SubscriptionInvoiceIssuer,
    SubscriptionInvoiceSettings,
    SubscriptionCardPaymentMethodOptions,
    SubscriptionPaymentMethodOptions,
    SubscriptionPaymentSettings,
    SubscriptionPendingUpdate,
    Subscription,
    CheckoutPrefill,
    CheckoutPage,
    PaymentMethodSettings,
    UsBankAccount,
    InvoiceDiscountAmount,
    InvoicePretaxCreditAmount,
    InvoiceTaxAmount,
    InvoiceTaxRateDetails,
    InvoiceTax,
    InvoiceLinePeriod,
    InvoiceLinePriceDetails,
    InvoiceLinePricing,
    InvoiceLineCreditedItems,
    InvoiceLineProrationDetails,
    InvoiceLineItemDetails,
    InvoiceLineParent,
    InvoiceLineSubscriptionItemDetails,
    InvoicePaymentPayment,
    InvoicePaymentStatusTransitions,
    InvoicePayment,
    InvoicePaymentList,
    InvoiceLineItem,
    InvoiceLineList,
    InvoiceStatusTransitions,
    InvoiceAutomaticTaxLiability,
    InvoiceAutomaticTax,
    InvoiceLegacySubscriptionDetails,
    InvoiceCustomerTaxId,
    InvoiceIssuer,
    InvoiceCardPaymentMethodOptions,
    InvoicePaymentMethodOptions,
    InvoicePaymentSettings,
    InvoiceRenderingPdf,
    InvoiceRendering,
    InvoiceSubscriptionDetails,
    InvoiceQuoteDetails,
    InvoiceParent,
    InvoiceConfirmationSecret,
    InvoiceShippingTax,
    InvoiceShippingCost,
    Invoice,
    InvoiceItemCreditedLines,
    InvoiceItemCreditedItems,
    InvoiceItemProrationDetails,
    InvoiceItemSubscriptionDetails,
    InvoiceItemParent,
    InvoiceItem,
    CouponAppliesTo,
    CouponCurrencyOption,
    Coupon,
    Discount,
    PromotionCodeCurrencyOption,
    PromotionCodeRestrictions,
    PromotionCode,
    TaxRate,
    ShippingRateDeliveryEstimateBound,
    ShippingRateDeliveryEstimate,
    ShippingRateCurrencyOption,
    ShippingRateFixedAmount,
    ShippingRate,
    PlanTier,
    PlanTransformUsage,
    Plan,
    CreditNoteRefund,
    CreditNoteLineItem,
    CreditNoteLineList,
    CreditNote,
    SubscriptionScheduleCurrentPhase,
    SubscriptionScheduleAutomaticTax,
    SubscriptionScheduleIssuer,
    SubscriptionScheduleInvoiceSettings,
    SubscriptionScheduleDefaultSettings,
    SubscriptionSchedulePhaseItem,
    SubscriptionSchedulePhaseAddInvoiceItem,
    SubscriptionSchedulePhaseDiscount,
    SubscriptionSchedulePhase,
    SubscriptionSchedule,
    PaymentLinkHostedConfirmation,
    PaymentLinkRedirect,
    PaymentLinkAfterCompletion,
    PaymentLinkAutomaticTax,
    PaymentLinkCompletedSessions,
    PaymentLinkRestrictions,
    PaymentLinkTaxIdCollection,
    PaymentLinkSubscriptionInvoiceSettings,
    PaymentLinkPaymentIntentData,
    PaymentLinkSubscriptionData,
    PaymentLinkCustomFieldDropdown,
    PaymentLinkCustomFieldEntry,
    PaymentLinkCustomField,
    PaymentLink,
    QuoteAutomaticTax,
    QuoteTotalDetails,
    QuoteComputedRecurring,
    QuoteComputedUpfront,
    QuoteComputed,
    QuoteInvoiceIssuer,
    QuoteInvoiceSettings,
    QuoteStatusTransitions,
    QuoteSubscriptionData,
    Quote,
    TestClockAdvancing,
    TestClockStatusDetails,
    TestClock,
    BillingMeterCustomerMapping,
    BillingMeterDefaultAggregation,
    BillingMeterStatusTransitions,
    BillingMeterValueSettings,
    BillingMeter,
    BillingMeterEvent,
    BillingMeterEventAdjustmentCancel,
    BillingMeterEventAdjustment,
    BillingMeterEventSummary,
    BillingPortalBusinessProfile,
    BillingPortalCustomerUpdate,
    BillingPortalInvoiceHistory,
    BillingPortalPaymentMethodUpdate,
    BillingPortalCancellationReason,
    BillingPortalSubscriptionCancel,
    BillingPortalProduct,
    BillingPortalScheduleAtPeriodEnd,
    BillingPortalSubscriptionUpdate,
    BillingPortalFeatures,
    BillingPortalLoginPage,
    BillingPortalConfiguration,
    BillingPortalFlowHostedConfirmation,
    BillingPortalFlowRedirect,
    BillingPortalFlowAfterCompletion,
    BillingPortalFlowCouponOffer,
    BillingPortalFlowRetention,
    BillingPortalFlowSubscriptionCancel,
    BillingPortalFlowSubscriptionUpdate,
    BillingPortalFlowDiscount,
    BillingPortalFlowItem,
    BillingPortalFlowSubscriptionUpdateConfirm,
    BillingPortalFlow,
    BillingPortalSession,
    StripeObject,
    EventData,
    EventRequest,
    Event>;

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_ALL_OBJECTS_H_
