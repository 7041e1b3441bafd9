#include "engine/wire/expand.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/api_version.h"
#include "engine/customer_tax.h"
#include "engine/stripe_error.h"
#include "engine/wire/expand_rules.h"
#include "google/protobuf/descriptor.h"

namespace paysim {
namespace wire {
namespace {

using expand_rules::Check;
using expand_rules::CheckFrom;
using expand_rules::IdNames;
using expand_rules::Kind;
using expand_rules::Match;
using expand_rules::Rule;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// How many elements an included list shows (Stripe's default page size).
constexpr int kIncludedListLimit = 10;

// The `object` member `object` renders with ("" if none or null).
std::string ObjectType(obj::ObjectRef object) {
  const FieldDescriptor* field = object.descriptor()->FindFieldByName("object");
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  if (field->has_presence() && !object.Has(*field)) return "";
  return object.GetString(*field);
}

std::vector<std::string> SplitPath(absl::string_view path) { return absl::StrSplit(path, '.'); }

// Where objects of `type` live, for an included list's `url`.
absl::string_view ListUrlPrefix(absl::string_view type) {
  if (type == "checkout.session") return "/v1/checkout/sessions/";
  if (type == "payment_link") return "/v1/payment_links/";
  if (type == "quote") return "/v1/quotes/";
  return "/v1/";
}

}  // namespace

Expander::Expander(Engine* engine, const RequestOptions& options,
                   const std::vector<std::string>& paths)
    : engine_(engine), texts_(paths) {
  options_.api_version = options.api_version;  // fetches are reads: no idempotency key
  paths_.reserve(paths.size());
  for (const std::string& text : paths) paths_.push_back(SplitPath(text));
}

absl::Status Expander::Validate(absl::string_view object_type, bool list) const {
  for (size_t i = 0; i < paths_.size(); ++i) {
    const std::vector<std::string>& path = paths_[i];
    const std::string& text = texts_[i];
    Check check = Check::kUnknown;
    if (!list) {
      check = CheckFrom(object_type, path, 0, 0, Version());
    } else if (path.size() > 1 && path[0] == "data") {
      check = CheckFrom(object_type, path, 1, 0, Version());
    }
    if (check == Check::kTooDeep) {
      return InvalidRequestError("", "expand",
                                 absl::StrCat("You cannot expand more than ", kMaxExpandDepth,
                                              " levels of a property (", text, ")."));
    }
    if (check != Check::kOk) {
      return InvalidRequestError("", "expand",
                                 absl::StrCat("This property cannot be expanded (", text, ")."));
    }
  }
  return absl::OkStatus();
}

// The fields of one object (or of a message nested in it) that expansions reach: each entry
// is a path whose rule matched the object, `step` elements into the rule's field path.
class Expander::ObjectFields : public obj::JsonFieldHook {
 public:
  struct Entry {
    const Rule* rule;
    Pending pending;  // pending.pos: where the rule's field path starts in the path
    size_t step;
  };

  ObjectFields(const Expander* expander, std::vector<Entry> entries)
      : expander_(expander), entries_(std::move(entries)) {}

  bool Includes(obj::ObjectRef, const FieldDescriptor& field) const override {
    for (const Entry& entry : entries_) {
      if (entry.rule->kind != Kind::kId && entry.step + 1 == entry.rule->field.size() &&
          entry.rule->field[entry.step] == field.name()) {
        return true;
      }
    }
    return false;
  }

  bool WriteField(obj::ObjectRef message, const FieldDescriptor& field,
                  JsonWriter& out) const override {
    std::vector<Entry> deeper;       // the field is a step on the way to the id
    std::vector<Pending> expanded;   // the field holds the id: what applies to its object
    const Rule* rule = nullptr;
    for (const Entry& entry : entries_) {
      if (entry.rule->field[entry.step] != field.name()) continue;
      if (entry.step + 1 < entry.rule->field.size()) {
        deeper.push_back({entry.rule, entry.pending, entry.step + 1});
      } else {
        rule = entry.rule;  // one rule per field path (see expand_rules::Rules())
        expanded.push_back(
            {entry.pending.path, entry.pending.pos + entry.rule->field.size()});
      }
    }
    if (field.is_repeated()) {  // only an included list or hash is written here
      if (rule == nullptr) return false;
      if (rule->kind == Kind::kIncludeList) {
        WriteList(message, field, expanded, out);
        return true;
      }
      if (rule->kind == Kind::kIncludeHash) {
        WriteHash(message, field, out);
        return true;
      }
      return false;
    }
    if (field.has_presence() && !message.Has(field)) return false;  // null
    const bool is_message = field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (rule != nullptr) {
      if (is_message) {  // already an object: the rest of each path applies to it
        expander_->WriteObject(message.GetMessage(field), expanded, out);
        return true;
      }
      if (field.cpp_type() != FieldDescriptor::CPPTYPE_STRING) return false;
      const std::string id = message.GetString(field);
      for (absl::string_view target : rule->targets) {
        if (IdNames(target, id) && expander_->WriteFetched(target, id, expanded, out)) {
          return true;
        }
      }
      return false;  // not found: stays an id
    }
    if (deeper.empty() || !is_message) return false;
    ObjectFields nested(expander_, std::move(deeper));
    message.GetMessage(field).WriteJson(out, &nested);
    return true;
  }

 private:
  // `field` of `owner` (repeated entries keyed by their `currency`) as a hash.
  static void WriteHash(obj::ObjectRef owner, const FieldDescriptor& field, JsonWriter& out) {
    out.BeginObject();
    for (int i = 0; i < owner.FieldSize(field); ++i) {
      const obj::ObjectRef entry = owner.GetRepeatedMessage(field, i);
      const FieldDescriptor* key = entry.descriptor()->FindFieldByName("currency");
      out.Key(key == nullptr ? "" : entry.GetString(*key));
      entry.WriteJson(out);
    }
    out.EndObject();
  }

  // `field` of `owner` (an included list of objects) as Stripe's list object: its first
  // kIncludedListLimit elements, with the paths of `pending` that go on through `data.`.
  void WriteList(obj::ObjectRef owner, const FieldDescriptor& field,
                 const std::vector<Pending>& pending, JsonWriter& out) const {
    std::vector<Pending> items;
    for (const Pending& p : pending) {
      if (p.pos < p.path->size() && (*p.path)[p.pos] == "data") items.push_back({p.path, p.pos + 1});
    }
    const int size = owner.FieldSize(field);
    out.BeginObject();
    out.Key("object");
    out.String("list");
    out.Key("data");
    out.BeginArray();
    for (int i = 0; i < size && i < kIncludedListLimit; ++i) {
      expander_->WriteObject(owner.GetRepeatedMessage(field, i), items, out);
    }
    out.EndArray();
    out.Key("has_more");
    out.Bool(size > kIncludedListLimit);
    out.Key("url");
    // A list nested below its object names its url itself (internal `<list>_url`).
    const FieldDescriptor* url = owner.descriptor()->FindFieldByName(field.name() + "_url");
    const FieldDescriptor* id = owner.descriptor()->FindFieldByName("id");
    if (url != nullptr) {
      out.String(owner.GetString(*url));
    } else {
      out.String(absl::StrCat(ListUrlPrefix(ObjectType(owner)),
                              id == nullptr ? "" : owner.GetString(*id), "/", field.name()));
    }
    out.EndObject();
  }

  const Expander* expander_;
  std::vector<Entry> entries_;
};

void Expander::Write(obj::ObjectRef object, bool list_item, JsonWriter& out) const {
  std::vector<Pending> pending;
  pending.reserve(paths_.size());
  const size_t start = list_item ? 1 : 0;  // a list item's paths start with "data."
  for (const std::vector<std::string>& path : paths_) pending.push_back({&path, start});
  WriteObject(object, pending, out);
}

void Expander::WriteObject(obj::ObjectRef object, const std::vector<Pending>& pending,
                           JsonWriter& out) const {
  if (const Customer* customer = object.As<Customer>();
      customer != nullptr && !customer->has_sources() && WantsSources(pending)) {
    absl::StatusOr<Customer> with = engine_->customer_sources().WithSources(*customer, options_);
    if (with.ok()) {
      WriteObject(*with, pending, out);
      return;
    }
  }
  if (const Charge* charge = object.As<Charge>();
      charge != nullptr && !charge->has_refunds() && WantsRefunds(pending)) {
    absl::StatusOr<Charge> with = WithRefunds(*charge);
    if (with.ok()) {
      WriteObject(*with, pending, out);
      return;
    }
  }
  // Before basil a PaymentIntent shows `invoice`: the id, on a copy (below, the field is
  // included as if asked for; null for an intent no invoice made).
  const PaymentIntent* intent = object.As<PaymentIntent>();
  const bool shows_invoice = intent != nullptr && PaymentIntentShowsInvoice(Version());
  if (shows_invoice && !intent->has_invoice() && !intent->invoice_id().empty()) {
    PaymentIntent with = *intent;
    with.set_invoice(intent->invoice_id());
    WriteObject(with, pending, out);
    return;
  }
  if (intent != nullptr && !intent->has_charges() && PaymentIntentShowsCharges(Version())) {
    absl::StatusOr<PaymentIntent> with = WithCharges(*intent);
    if (with.ok()) {
      WriteObject(*with, pending, out);
      return;
    }
  }
  if (const Customer* customer = object.As<Customer>();
      customer != nullptr && !customer->has_cash_balance() && Names(pending, "cash_balance")) {
    absl::StatusOr<CashBalance> balance =
        engine_->cash_balances().Retrieve(customer->id(), options_);
    if (balance.ok()) {
      Customer with = *customer;
      *with.mutable_cash_balance() = *std::move(balance);
      WriteObject(with, pending, out);
      return;
    }
  }
  if (const Customer* customer = object.As<Customer>();
      customer != nullptr && !customer->has_tax() && Names(pending, "tax")) {
    Customer with = *customer;
    *with.mutable_tax() = CustomerTaxOf(*customer, engine_->options().automatic_tax_table);
    WriteObject(with, pending, out);
    return;
  }
  if (const Customer* customer = object.As<Customer>();
      customer != nullptr && !customer->has_tax_ids() && Names(pending, "tax_ids")) {
    absl::StatusOr<Customer> with = engine_->tax_ids().WithTaxIds(*customer, options_);
    if (with.ok()) {
      WriteObject(*with, pending, out);
      return;
    }
  }
  if (const Invoice* invoice = object.As<Invoice>();
      invoice != nullptr && !invoice->has_confirmation_secret() &&
      !invoice->payment_intent_id().empty() && Names(pending, "confirmation_secret")) {
    absl::StatusOr<PaymentIntent> paying =
        engine_->payment_intents().Retrieve(invoice->payment_intent_id(), options_);
    if (paying.ok()) {
      Invoice with = *invoice;
      with.mutable_confirmation_secret()->set_client_secret(paying->client_secret());
      with.mutable_confirmation_secret()->set_type("payment_intent");
      WriteObject(with, pending, out);
      return;
    }
  }
  std::vector<ObjectFields::Entry> entries;
  if (shows_invoice) {
    static const auto* kInvoice = new Rule{"payment_intent", {"invoice"}, {}, Kind::kInclude};
    static const auto* kInvoicePath = new std::vector<std::string>{"invoice"};
    entries.push_back({kInvoice, Pending{kInvoicePath, 0}, 0});
  }
  if (!pending.empty()) {
    const std::string type = ObjectType(object);
    for (const Pending& p : pending) {
      if (p.pos >= p.path->size()) continue;
      if (const Rule* rule = Match(type, *p.path, p.pos, Version())) {
        entries.push_back({rule, p, 0});
      }
    }
  }
  if (entries.empty()) {
    object.WriteJson(out);
    return;
  }
  ObjectFields fields(this, std::move(entries));
  object.WriteJson(out, &fields);
}

bool Expander::WantsSources(const std::vector<Pending>& pending) const {
  const std::string& version =
      options_.api_version.empty() ? engine_->options().api_version : options_.api_version;
  return CustomerSourcesIncludedByDefault(version) || Names(pending, "sources");
}

const std::string& Expander::Version() const {
  return options_.api_version.empty() ? engine_->options().api_version : options_.api_version;
}

bool Expander::WantsRefunds(const std::vector<Pending>& pending) const {
  return ChargeRefundsIncludedByDefault(Version()) || Names(pending, "refunds");
}

absl::StatusOr<Charge> Expander::WithRefunds(Charge charge) const {
  constexpr int kEmbeddedRefunds = 10;  // Stripe embeds the first 10; the rest by listing
  RefundListParams params;
  params.set_charge(charge.id());
  params.set_limit(100);
  absl::StatusOr<ListResult<Refund>> all = engine_->refunds().List(params, options_);
  if (!all.ok()) return all.status();
  ChargeRefundList* refunds = charge.mutable_refunds();
  refunds->set_object("list");
  const int total = static_cast<int>(all->data.size());
  for (int i = 0; i < total && i < kEmbeddedRefunds; ++i) {
    *refunds->add_data() = std::move(all->data[i]);
  }
  refunds->set_has_more(total > kEmbeddedRefunds);
  refunds->set_total_count(all->has_more ? total + 1 : total);
  refunds->set_url(absl::StrCat("/v1/charges/", charge.id(), "/refunds"));
  return charge;
}

absl::StatusOr<PaymentIntent> Expander::WithCharges(PaymentIntent intent) const {
  ChargeListParams params;
  params.set_payment_intent(intent.id());
  params.set_limit(100);
  absl::StatusOr<ListResult<Charge>> all = engine_->charges().List(params, options_);
  if (!all.ok()) return all.status();
  PaymentIntentChargeList* charges = intent.mutable_charges();
  charges->set_object("list");
  for (Charge& charge : all->data) {
    absl::StatusOr<Charge> with = WithRefunds(std::move(charge));  // the version shows them
    if (!with.ok()) return with.status();
    *charges->add_data() = *std::move(with);
  }
  charges->set_has_more(all->has_more);
  charges->set_total_count(charges->data_size());
  charges->set_url(absl::StrCat("/v1/charges?payment_intent=", intent.id()));
  return intent;
}

bool Expander::Names(const std::vector<Pending>& pending, absl::string_view field) {
  for (const Pending& p : pending) {
    if (p.pos + 1 == p.path->size() && (*p.path)[p.pos] == field) return true;
  }
  return false;
}

bool Expander::WriteFetched(absl::string_view type, const std::string& id,
                            const std::vector<Pending>& pending, JsonWriter& out) const {
  const auto write = [&](const auto& result) {
    if (result.ok()) WriteObject(*result, pending, out);
    return result.ok();
  };
  if (type == "customer") return write(engine_->customers().Retrieve(id, options_));
  if (type == "payment_method") return write(engine_->payment_methods().Retrieve(id, options_));
  if (type == "charge") return write(engine_->charges().Retrieve(id, options_));
  if (type == "refund") return write(engine_->refunds().Retrieve(id, options_));
  if (type == "payment_intent") return write(engine_->payment_intents().Retrieve(id, options_));
  if (type == "setup_intent") return write(engine_->setup_intents().Retrieve(id, options_));
  if (type == "mandate") return write(engine_->mandates().Retrieve(id, options_));
  if (type == "product") return write(engine_->products().Retrieve(id, options_));
  if (type == "price") return write(engine_->prices().Retrieve(id, options_));
  if (type == "subscription") return write(engine_->subscriptions().Retrieve(id, options_));
  if (type == "card") return write(engine_->customer_sources().Find(id, options_));
  if (type == "invoice") return write(engine_->invoices().Retrieve(id, options_));
  if (type == "credit_note") return write(engine_->credit_notes().Retrieve(id, options_));
  if (type == "balance_transaction") {
    return write(engine_->balance().RetrieveTransaction(id, options_));
  }
  return false;
}

}  // namespace wire
}  // namespace paysim
