// Tax ID types, forms and countries (tax_id_types.h).
#include "engine/internal/tax_id_types.h"

#include <algorithm>
#include <regex>  // NOLINT: a handful of short patterns, compiled once
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// Stripe's tax ID types (its `tax_id_data[][type]` values), sorted.
constexpr absl::string_view kTypes[] = {
    "ad_nrt",  "ae_trn",     "ar_cuit",   "au_abn",    "au_arn",    "bg_uic",  "bo_tin",
    "br_cnpj", "br_cpf",     "ca_bn",     "ca_gst_hst", "ca_pst_bc", "ca_pst_mb", "ca_pst_sk",
    "ca_qst",  "ch_vat",     "cl_tin",    "cn_tin",    "co_nit",    "cr_tin",  "do_rcn",
    "ec_ruc",  "eg_tin",     "es_cif",    "eu_oss_vat", "eu_vat",   "gb_vat",  "ge_vat",
    "hk_br",   "hu_tin",     "id_npwp",   "il_vat",    "in_gst",    "is_vat",  "jp_cn",
    "jp_rn",   "jp_trn",     "ke_pin",    "kr_brn",    "li_uid",    "mx_rfc",  "my_frp",
    "my_itn",  "my_sst",     "no_vat",    "nz_gst",    "pe_ruc",    "ph_tin",  "ro_tin",
    "rs_pib",  "ru_inn",     "ru_kpp",    "sa_vat",    "sg_gst",    "sg_uen",  "si_tin",
    "sv_nit",  "th_vat",     "tr_tin",    "tw_vat",    "ua_vat",    "us_ein",  "uy_ruc",
    "ve_rif",  "vn_tin",     "za_vat",
};

// The EU VAT prefixes: the member states' codes (Greece's is EL) and XI, Northern Ireland.
constexpr absl::string_view kEuVatPrefixes[] = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
};

struct Form {
  absl::string_view type;
  const char* pattern;  // ECMAScript, matched against the whole value
};

constexpr Form kForms[] = {
    {"eu_vat", "[A-Z]{2}[0-9A-Z+*]{2,12}"},
    {"gb_vat", "GB([0-9]{9}|[0-9]{12})"},
    {"us_ein", "[0-9]{2}-[0-9]{7}"},
    {"au_abn", "[0-9]{11}"},
    {"au_arn", "[0-9]{12}"},
    {"ca_bn", "[0-9]{9}"},
    {"ch_vat", "CHE-[0-9]{3}\\.[0-9]{3}\\.[0-9]{3} (MWST|TVA|IVA)"},
    {"no_vat", "[0-9]{9}MVA"},
    {"in_gst", "[0-9]{2}[A-Z0-9]{13}"},
    {"jp_cn", "[0-9]{13}"},
    {"nz_gst", "[0-9]{8,9}"},
};

const std::regex& CompiledForm(const Form& form) {
  static const auto* compiled = [] {
    auto* out = new std::vector<std::regex>();
    for (const Form& f : kForms) out->emplace_back(f.pattern);
    return out;
  }();
  return (*compiled)[&form - kForms];
}

}  // namespace

absl::Status ValidateTaxIdType(absl::string_view type, absl::string_view param) {
  if (std::binary_search(std::begin(kTypes), std::end(kTypes), type)) return absl::OkStatus();
  std::string list;
  for (size_t i = 0; i < std::size(kTypes); ++i) {
    absl::StrAppend(&list, i == 0 ? "" : (i + 1 == std::size(kTypes) ? ", or " : ", "),
                    kTypes[i]);
  }
  return InvalidRequestError("", param, absl::StrCat("Invalid ", param, ": must be one of ", list));
}

absl::Status ValidateTaxIdValue(absl::string_view type, absl::string_view value,
                                absl::string_view param) {
  bool valid = !value.empty();
  for (const Form& form : kForms) {
    if (form.type != type || !valid) continue;
    const std::string text(value);
    valid = std::regex_match(text, CompiledForm(form));
    if (valid && type == "eu_vat") {
      valid = std::find(std::begin(kEuVatPrefixes), std::end(kEuVatPrefixes),
                        value.substr(0, 2)) != std::end(kEuVatPrefixes);
    }
  }
  if (valid) return absl::OkStatus();
  return InvalidRequestError("tax_id_invalid", param,
                             absl::StrCat("Invalid value for ", type, "."));
}

absl::Status ValidateTaxIdData(const TaxIdCreateParams& params, absl::string_view prefix) {
  auto name = [&](absl::string_view field) {
    return prefix.empty() ? std::string(field) : absl::StrCat(prefix, "[", field, "]");
  };
  if (!params.has_type() || params.type().empty()) return ParameterMissing(name("type"));
  if (!params.has_value() || params.value().empty()) return ParameterMissing(name("value"));
  if (absl::Status s = ValidateTaxIdType(params.type(), name("type")); !s.ok()) return s;
  return ValidateTaxIdValue(params.type(), params.value(), name("value"));
}

std::string TaxIdCountry(absl::string_view type, absl::string_view value) {
  if (type == "eu_oss_vat") return "";
  if (type == "eu_vat") {
    const absl::string_view prefix = value.substr(0, 2);
    if (prefix == "EL") return "GR";
    if (prefix == "XI") return "GB";
    return std::string(prefix);
  }
  return absl::AsciiStrToUpper(type.substr(0, 2));
}

bool IsVerifiedTaxIdType(absl::string_view type) {
  return type == "eu_vat" || type == "gb_vat" || type == "au_abn";
}

}  // namespace internal
}  // namespace paysim
