// A customer's profile parameters (customer_profile.h).
#include "engine/internal/customer_profile.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/customer_tax.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_custom_text.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr size_t kInvoicePrefixMin = 3;
constexpr size_t kInvoicePrefixMax = 12;

absl::Status ValidateInvoicePrefix(absl::string_view prefix) {
  bool valid = prefix.size() >= kInvoicePrefixMin && prefix.size() <= kInvoicePrefixMax;
  for (char c : prefix) {
    valid = valid && (absl::ascii_isupper(c) || absl::ascii_isdigit(c));
  }
  if (valid) return absl::OkStatus();
  // UNCERTAIN: Stripe's wording; the rule is its documented one.
  return InvalidRequestError("", "invoice_prefix",
                             "Invalid invoice_prefix: must be 3-12 uppercase letters or numbers.");
}

// `tax[ip_address]`: an IPv4 or IPv6 address ("" removes it on update).
// UNCERTAIN: Stripe's wording.
absl::Status ValidateIpAddress(const std::string& ip) {
  unsigned char bytes[sizeof(struct in6_addr)];
  if (ip.empty() || inet_pton(AF_INET, ip.c_str(), bytes) == 1 ||
      inet_pton(AF_INET6, ip.c_str(), bytes) == 1) {
    return absl::OkStatus();
  }
  return InvalidRequestError("", "tax[ip_address]",
                             absl::StrCat("Invalid IP address: ", ip));
}

template <typename Params>
absl::Status ValidateCommonProfile(const Params& params) {
  if (params.has_tax_exempt() && !params.tax_exempt().empty()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(params.tax_exempt(), {"none", "exempt", "reverse"}, "tax_exempt"));
  }
  if (params.has_invoice_prefix()) {
    PAYSIM_RETURN_IF_ERROR(ValidateInvoicePrefix(params.invoice_prefix()));
  }
  if (params.has_next_invoice_sequence() && params.next_invoice_sequence() < 1) {
    return InvalidRequestError("", "next_invoice_sequence",
                               "This value must be greater than or equal to 1.");
  }
  if (params.cash_balance().settings().has_reconciliation_mode()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.cash_balance().settings().reconciliation_mode(),
                                        {"automatic", "manual", "merchant_default"},
                                        "cash_balance[settings][reconciliation_mode]"));
  }
  if (params.tax().has_ip_address()) {
    PAYSIM_RETURN_IF_ERROR(ValidateIpAddress(params.tax().ip_address()));
  }
  PAYSIM_RETURN_IF_ERROR(
      CheckInvoiceFooter(params.invoice_settings().footer(), "invoice_settings[footer]"));
  PAYSIM_RETURN_IF_ERROR(CheckInvoiceCustomFields(params.invoice_settings().custom_fields(),
                                                  "invoice_settings[custom_fields]"));
  for (int i = 0; i < params.preferred_locales_size(); ++i) {
    if (params.preferred_locales(i).empty()) {
      // UNCERTAIN: Stripe's wording for an empty locale inside the list.
      return InvalidRequestError("", absl::StrCat("preferred_locales[", i, "]"),
                                 "A preferred locale cannot be empty.");
    }
  }
  return absl::OkStatus();
}

template <typename Params>
void ApplyCommonProfile(const Params& params, Customer& customer) {
  if (params.has_tax_exempt()) {
    if (params.tax_exempt().empty()) {
      customer.set_tax_exempt(PAYSIM_INTERNED("none"));
    } else {
      customer.set_tax_exempt(params.tax_exempt());
    }
  }
  if (params.has_invoice_prefix()) customer.set_invoice_prefix(params.invoice_prefix());
  if (params.tax().has_ip_address()) {
    if (params.tax().ip_address().empty()) {
      customer.clear_tax_ip_address();
    } else {
      customer.set_tax_ip_address(params.tax().ip_address());
    }
  }
  if (params.has_next_invoice_sequence()) {
    customer.set_next_invoice_sequence(params.next_invoice_sequence());
  }
  if (params.invoice_settings().has_footer()) {
    if (params.invoice_settings().footer().empty()) {
      customer.mutable_invoice_settings()->clear_footer();
    } else {
      customer.mutable_invoice_settings()->set_footer(params.invoice_settings().footer());
    }
  }
  if (params.invoice_settings().custom_fields_size() > 0 ||
      params.invoice_settings().custom_fields_emptied()) {
    *customer.mutable_invoice_settings()->mutable_custom_fields() =
        CustomFieldsOf(params.invoice_settings().custom_fields());
  }
  if (params.cash_balance().settings().has_reconciliation_mode()) {
    // merchant_default: the account's default (unset), as CashBalanceService::Update.
    const std::string& mode = params.cash_balance().settings().reconciliation_mode();
    if (mode == "merchant_default") {
      customer.clear_cash_balance_reconciliation_mode();
    } else {
      customer.set_cash_balance_reconciliation_mode(mode);
    }
  }
}

}  // namespace

absl::Status ValidateProfile(const CustomerCreateParams& params) {
  if (params.tax().has_validate_location()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.tax().validate_location(),
                                        {"deferred", "immediately"}, "tax[validate_location]"));
  }
  return ValidateCommonProfile(params);
}

absl::Status ValidateProfile(const CustomerUpdateParams& params) {
  if (params.tax().has_validate_location()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.tax().validate_location(),
                                        {"auto", "deferred", "immediately"},
                                        "tax[validate_location]"));
  }
  return ValidateCommonProfile(params);
}

absl::Status CheckTaxLocation(World& world, const Customer& after,
                              absl::string_view validate_location) {
  if (validate_location != "auto" && validate_location != "immediately") {
    return absl::OkStatus();
  }
  // A recognized place passes either way: only an unrecognized one makes `auto` look for the
  // customer's automatic-tax subscriptions.
  if (CustomerTaxOf(after, world.options().automatic_tax_table).has_location()) {
    return absl::OkStatus();
  }
  if (validate_location == "auto") {
    bool automatic_tax = false;
    SubscriptionLifecycle::ForEachOf(world, after.id(), [&](const Subscription& subscription) {
      if (automatic_tax || subscription.status() == "canceled" ||
          subscription.status() == "incomplete_expired") {
        return;
      }
      if (subscription.automatic_tax().enabled()) automatic_tax = true;
    });
    if (!automatic_tax) return absl::OkStatus();
  }
  return TaxLocationInvalid("");
}

absl::Status TaxLocationInvalid(absl::string_view param) {
  // UNCERTAIN: Stripe's wording; the code is its documented one.
  return InvalidRequestError(
      "customer_tax_location_invalid", param,
      "The customer's location isn't recognized. Provide a valid address (a country, and a "
      "postal code in the US) to calculate tax.");
}

void ApplyProfile(const CustomerCreateParams& params, Customer& customer) {
  ApplyCommonProfile(params, customer);
  for (const std::string& locale : params.preferred_locales()) {
    customer.add_preferred_locales(locale);
  }
}

void ApplyProfile(const CustomerUpdateParams& params, Customer& customer) {
  ApplyCommonProfile(params, customer);
  if (params.preferred_locales_size() > 0 || params.preferred_locales_emptied()) {
    customer.mutable_preferred_locales()->Clear();
    for (const std::string& locale : params.preferred_locales()) {
      customer.add_preferred_locales(locale);
    }
  }
}

}  // namespace internal
}  // namespace paysim
