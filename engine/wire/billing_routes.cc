#include "engine/wire/billing_routes.h"

#include "engine/wire/route_binding.h"

namespace paysim {
namespace wire {

const std::vector<Route>& BillingRoutes() {
  using E = Engine;
  using route_binding::To;
  static const auto* routes = new std::vector<Route>{
      To<&E::subscriptions, &SubscriptionService::Create>("POST", "/v1/subscriptions",
                                                          "subscription"),
      To<&E::subscriptions, &SubscriptionService::Update>("POST", "/v1/subscriptions/{}",
                                                          "subscription"),
      To<&E::subscriptions, &SubscriptionService::Cancel>("DELETE", "/v1/subscriptions/{}",
                                                          "subscription"),
      To<&E::subscriptions, &SubscriptionService::DeleteDiscount>(
          "DELETE", "/v1/subscriptions/{}/discount", "discount"),
      To<&E::subscriptions, &SubscriptionService::Resume>("POST", "/v1/subscriptions/{}/resume",
                                                          "subscription"),
      To<&E::invoices, &InvoiceService::List>("GET", "/v1/invoices", "invoice"),
      To<&E::invoices, &InvoiceService::Create>("POST", "/v1/invoices", "invoice"),
      // Before /v1/invoices/{}, which would take them for an invoice id.
      To<&E::invoices, &InvoiceService::CreatePreview>("POST", "/v1/invoices/create_preview",
                                                       "invoice"),
      To<&E::invoices, &InvoiceService::Upcoming>("GET", "/v1/invoices/upcoming", "invoice"),
      To<&E::invoices, &InvoiceService::UpcomingLines>("GET", "/v1/invoices/upcoming/lines",
                                                       "line_item"),
      To<&E::invoices, &InvoiceService::Update>("POST", "/v1/invoices/{}", "invoice"),
      To<&E::invoices, &InvoiceService::Delete>("DELETE", "/v1/invoices/{}", "invoice"),
      To<&E::invoices, &InvoiceService::Send>("POST", "/v1/invoices/{}/send", "invoice"),
      To<&E::invoices, &InvoiceService::ListLines>("GET", "/v1/invoices/{}/lines", "line_item"),
      To<&E::invoices, &InvoiceService::UpdateLine>("POST", "/v1/invoices/{}/lines/{}",
                                                    "line_item"),
      To<&E::invoices, &InvoiceService::AddLines>("POST", "/v1/invoices/{}/add_lines", "invoice"),
      To<&E::invoices, &InvoiceService::RemoveLines>("POST", "/v1/invoices/{}/remove_lines",
                                                     "invoice"),
      To<&E::invoices, &InvoiceService::UpdateLines>("POST", "/v1/invoices/{}/update_lines",
                                                     "invoice"),
      To<&E::invoice_items, &InvoiceItemService::Create>("POST", "/v1/invoiceitems",
                                                         "invoiceitem"),
      To<&E::invoice_items, &InvoiceItemService::List>("GET", "/v1/invoiceitems", "invoiceitem"),
      To<&E::invoice_items, &InvoiceItemService::Retrieve>("GET", "/v1/invoiceitems/{}",
                                                           "invoiceitem"),
      To<&E::invoice_items, &InvoiceItemService::Update>("POST", "/v1/invoiceitems/{}",
                                                         "invoiceitem"),
      To<&E::invoice_items, &InvoiceItemService::Delete>("DELETE", "/v1/invoiceitems/{}",
                                                         "invoiceitem"),
      To<&E::invoices, &InvoiceService::Retrieve>("GET", "/v1/invoices/{}", "invoice"),
      To<&E::invoices, &InvoiceService::Finalize>("POST", "/v1/invoices/{}/finalize", "invoice"),
      To<&E::invoices, &InvoiceService::Pay>("POST", "/v1/invoices/{}/pay", "invoice"),
      To<&E::invoices, &InvoiceService::Void>("POST", "/v1/invoices/{}/void", "invoice"),
      To<&E::invoices, &InvoiceService::MarkUncollectible>(
          "POST", "/v1/invoices/{}/mark_uncollectible", "invoice"),
      To<&E::invoices, &InvoiceService::AttachPayment>("POST",
                                                       "/v1/invoices/{}/attach_payment",
                                                       "invoice"),
      To<&E::subscriptions, &SubscriptionService::List>("GET", "/v1/subscriptions",
                                                        "subscription"),
      To<&E::subscriptions, &SubscriptionService::Retrieve>("GET", "/v1/subscriptions/{}",
                                                            "subscription"),

      To<&E::coupons, &CouponService::Create>("POST", "/v1/coupons", "coupon"),
      To<&E::coupons, &CouponService::List>("GET", "/v1/coupons", "coupon"),
      To<&E::coupons, &CouponService::Retrieve>("GET", "/v1/coupons/{}", "coupon"),
      To<&E::coupons, &CouponService::Update>("POST", "/v1/coupons/{}", "coupon"),
      To<&E::coupons, &CouponService::Delete>("DELETE", "/v1/coupons/{}", "coupon"),
      To<&E::promotion_codes, &PromotionCodeService::Create>("POST", "/v1/promotion_codes",
                                                             "promotion_code"),
      To<&E::promotion_codes, &PromotionCodeService::List>("GET", "/v1/promotion_codes",
                                                           "promotion_code"),
      To<&E::promotion_codes, &PromotionCodeService::Retrieve>(
          "GET", "/v1/promotion_codes/{}", "promotion_code"),
      To<&E::promotion_codes, &PromotionCodeService::Update>(
          "POST", "/v1/promotion_codes/{}", "promotion_code"),
      To<&E::test_clocks, &TestClockService::Create>("POST", "/v1/test_helpers/test_clocks",
                                                     "test_helpers.test_clock"),
      To<&E::test_clocks, &TestClockService::List>("GET", "/v1/test_helpers/test_clocks",
                                                   "test_helpers.test_clock"),
      To<&E::test_clocks, &TestClockService::Retrieve>("GET", "/v1/test_helpers/test_clocks/{}",
                                                       "test_helpers.test_clock"),
      To<&E::test_clocks, &TestClockService::Delete>("DELETE", "/v1/test_helpers/test_clocks/{}",
                                                     "test_helpers.test_clock"),
      To<&E::test_clocks, &TestClockService::Advance>(
          "POST", "/v1/test_helpers/test_clocks/{}/advance", "test_helpers.test_clock"),
      To<&E::tax_rates, &TaxRateService::Create>("POST", "/v1/tax_rates", "tax_rate"),
      To<&E::tax_rates, &TaxRateService::List>("GET", "/v1/tax_rates", "tax_rate"),
      To<&E::tax_rates, &TaxRateService::Retrieve>("GET", "/v1/tax_rates/{}", "tax_rate"),
      To<&E::tax_rates, &TaxRateService::Update>("POST", "/v1/tax_rates/{}", "tax_rate"),

      To<&E::meters, &MeterService::Create>("POST", "/v1/billing/meters", "billing.meter"),
      To<&E::meters, &MeterService::List>("GET", "/v1/billing/meters", "billing.meter"),
      To<&E::meters, &MeterService::Retrieve>("GET", "/v1/billing/meters/{}", "billing.meter"),
      To<&E::meters, &MeterService::Update>("POST", "/v1/billing/meters/{}", "billing.meter"),
      To<&E::meters, &MeterService::Deactivate>("POST", "/v1/billing/meters/{}/deactivate",
                                                "billing.meter"),
      To<&E::meters, &MeterService::Reactivate>("POST", "/v1/billing/meters/{}/reactivate",
                                                "billing.meter"),
      To<&E::meters, &MeterService::ListEventSummaries>(
          "GET", "/v1/billing/meters/{}/event_summaries", "billing.meter_event_summary"),
      To<&E::meter_events, &MeterEventService::Create>("POST", "/v1/billing/meter_events",
                                                       "billing.meter_event"),
      To<&E::meter_events, &MeterEventService::CreateAdjustment>(
          "POST", "/v1/billing/meter_event_adjustments", "billing.meter_event_adjustment"),

      To<&E::billing_portal, &BillingPortalService::CreateConfiguration>(
          "POST", "/v1/billing_portal/configurations", "billing_portal.configuration"),
      To<&E::billing_portal, &BillingPortalService::ListConfigurations>(
          "GET", "/v1/billing_portal/configurations", "billing_portal.configuration"),
      To<&E::billing_portal, &BillingPortalService::RetrieveConfiguration>(
          "GET", "/v1/billing_portal/configurations/{}", "billing_portal.configuration"),
      To<&E::billing_portal, &BillingPortalService::UpdateConfiguration>(
          "POST", "/v1/billing_portal/configurations/{}", "billing_portal.configuration"),
      To<&E::billing_portal, &BillingPortalService::CreateSession>(
          "POST", "/v1/billing_portal/sessions", "billing_portal.session"),

      To<&E::plans, &PlanService::Create>("POST", "/v1/plans", "plan"),
      To<&E::plans, &PlanService::List>("GET", "/v1/plans", "plan"),
      To<&E::plans, &PlanService::Retrieve>("GET", "/v1/plans/{}", "plan"),
      To<&E::plans, &PlanService::Update>("POST", "/v1/plans/{}", "plan"),
      To<&E::plans, &PlanService::Delete>("DELETE", "/v1/plans/{}", "plan"),

      To<&E::credit_notes, &CreditNoteService::Create>("POST", "/v1/credit_notes",
                                                       "credit_note"),
      To<&E::credit_notes, &CreditNoteService::List>("GET", "/v1/credit_notes", "credit_note"),
      To<&E::credit_notes, &CreditNoteService::Preview>("GET", "/v1/credit_notes/preview",
                                                        "credit_note"),
      To<&E::credit_notes, &CreditNoteService::PreviewLines>(
          "GET", "/v1/credit_notes/preview/lines", "credit_note_line_item"),
      To<&E::credit_notes, &CreditNoteService::Retrieve>("GET", "/v1/credit_notes/{}",
                                                         "credit_note"),
      To<&E::credit_notes, &CreditNoteService::Update>("POST", "/v1/credit_notes/{}",
                                                       "credit_note"),
      To<&E::credit_notes, &CreditNoteService::Void>("POST", "/v1/credit_notes/{}/void",
                                                     "credit_note"),
      To<&E::credit_notes, &CreditNoteService::ListLines>(
          "GET", "/v1/credit_notes/{}/lines", "credit_note_line_item"),

      To<&E::invoice_payments, &InvoicePaymentService::List>("GET", "/v1/invoice_payments",
                                                             "invoice_payment"),
      To<&E::invoice_payments, &InvoicePaymentService::Retrieve>(
          "GET", "/v1/invoice_payments/{}", "invoice_payment"),

      To<&E::subscription_items, &SubscriptionItemService::Create>(
          "POST", "/v1/subscription_items", "subscription_item"),
      To<&E::subscription_items, &SubscriptionItemService::List>(
          "GET", "/v1/subscription_items", "subscription_item"),
      To<&E::subscription_items, &SubscriptionItemService::Retrieve>(
          "GET", "/v1/subscription_items/{}", "subscription_item"),
      To<&E::subscription_items, &SubscriptionItemService::Update>(
          "POST", "/v1/subscription_items/{}", "subscription_item"),
      To<&E::subscription_items, &SubscriptionItemService::Delete>(
          "DELETE", "/v1/subscription_items/{}", "subscription_item"),
      To<&E::subscription_schedules, &SubscriptionScheduleService::Create>(
          "POST", "/v1/subscription_schedules", "subscription_schedule"),
      To<&E::subscription_schedules, &SubscriptionScheduleService::List>(
          "GET", "/v1/subscription_schedules", "subscription_schedule"),
      To<&E::subscription_schedules, &SubscriptionScheduleService::Retrieve>(
          "GET", "/v1/subscription_schedules/{}", "subscription_schedule"),
      To<&E::subscription_schedules, &SubscriptionScheduleService::Update>(
          "POST", "/v1/subscription_schedules/{}", "subscription_schedule"),
      To<&E::subscription_schedules, &SubscriptionScheduleService::Cancel>(
          "POST", "/v1/subscription_schedules/{}/cancel", "subscription_schedule"),
      To<&E::subscription_schedules, &SubscriptionScheduleService::Release>(
          "POST", "/v1/subscription_schedules/{}/release", "subscription_schedule"),
  };
  return *routes;
}

}  // namespace wire
}  // namespace paysim
