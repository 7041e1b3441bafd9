// Tests of form_decoder: every shape Stripe's bracket syntax can take, and every error path.
#include "engine/wire/form_decoder.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"
#include "engine/wire/form_decoder_test.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/params.pb.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace wire {
namespace {

using decoder_test::Everything;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// Decodes `body` onto an Everything, failing the test on error.
Everything Decode(absl::string_view body) {
  Everything out;
  absl::Status s = DecodeForm(body, &out);
  EXPECT_TRUE(s.ok()) << body << ": " << s;
  return out;
}

// The Stripe error of decoding `body` onto an Everything (expects one, HTTP 400).
StripeError ErrorOf(absl::string_view body, const FormDecodeOptions& options = {}) {
  Everything out;
  absl::Status s = DecodeForm(body, &out, options);
  absl::optional<StripeError> error = GetStripeError(s);
  EXPECT_TRUE(error.has_value()) << body << " gave " << s;
  if (!error.has_value()) return StripeError();
  EXPECT_EQ(error->type(), "invalid_request_error");
  EXPECT_EQ(HttpStatus(s), 400);
  return *error;
}

void ExpectError(absl::string_view body, absl::string_view code, absl::string_view param,
                 absl::string_view message) {
  SCOPED_TRACE(body);
  StripeError e = ErrorOf(body);
  EXPECT_EQ(e.code(), code);
  EXPECT_EQ(e.param(), param);
  EXPECT_EQ(e.message(), message);
}

// ---- shapes ----

TEST(FormDecoder, Scalars) {
  Everything m = Decode(
      "amount=999&exp_month=12&count=7&rate=0.25&capture=false&description=hello&interval=month"
      "&plain=-5");
  EXPECT_EQ(m.amount(), 999);
  EXPECT_EQ(m.exp_month(), 12);
  EXPECT_EQ(m.count(), 7u);
  EXPECT_DOUBLE_EQ(m.rate(), 0.25);
  EXPECT_TRUE(m.has_capture());
  EXPECT_FALSE(m.capture());
  EXPECT_EQ(m.description(), "hello");
  EXPECT_EQ(m.interval(), decoder_test::month);
  EXPECT_EQ(m.plain(), -5);
  EXPECT_TRUE(Decode("capture=true").capture());
}

TEST(FormDecoder, Int64Extremes) {
  EXPECT_EQ(Decode("amount=9223372036854775807").amount(), INT64_MAX);
  EXPECT_EQ(Decode("amount=-9223372036854775808").amount(), INT64_MIN);
}

TEST(FormDecoder, PercentAndPlus) {
  Everything m = Decode("description=a+b%20c%2Bd%26e%3Df%C3%A9");
  EXPECT_EQ(m.description(), "a b c+d&e=f\xC3\xA9");
  // Brackets may arrive encoded, as the Stripe SDKs send them.
  EXPECT_EQ(Decode("shipping%5Baddress%5D%5Bcity%5D=Paris").shipping().address().city(), "Paris");
  // '+' in a name is a space too, so it makes an unknown parameter.
  ExpectError("amo+unt=1", "parameter_unknown", "amo unt", "Received unknown parameter: amo unt");
}

TEST(FormDecoder, NestedMessages) {
  Everything m = Decode("shipping[address][line1]=1+Main+St&shipping[name]=Ann");
  EXPECT_EQ(m.shipping().address().line1(), "1 Main St");
  EXPECT_FALSE(m.shipping().address().has_city());
  EXPECT_EQ(m.shipping().name(), "Ann");
}

TEST(FormDecoder, Maps) {
  Everything m = Decode("metadata[order_id]=6735&metadata[note]=a+b&counters[x]=3&counters[y]=-1");
  EXPECT_THAT(m.metadata(), UnorderedElementsAre(Pair("order_id", "6735"), Pair("note", "a b")));
  EXPECT_THAT(m.counters(), UnorderedElementsAre(Pair("x", 3), Pair("y", -1)));
  // Map values that are messages.
  Everything n =
      Decode("named_items[a][price]=p1&named_items[a][quantity]=2&named_items[b][price]=p2");
  ASSERT_EQ(n.named_items().size(), 2u);
  EXPECT_EQ(n.named_items().at("a").price(), "p1");
  EXPECT_EQ(n.named_items().at("a").quantity(), 2);
  EXPECT_EQ(n.named_items().at("b").price(), "p2");
}

TEST(FormDecoder, RepeatedScalars) {
  EXPECT_THAT(Decode("expand[]=customer&expand[]=balance_transaction").expand(),
              ElementsAre("customer", "balance_transaction"));
  EXPECT_THAT(Decode("expand[0]=customer&expand[1]=charge").expand(),
              ElementsAre("customer", "charge"));
  EXPECT_THAT(Decode("amounts[]=1&amounts[]=2&amounts[5]=3").amounts(), ElementsAre(1, 2, 3));
}

TEST(FormDecoder, IndexedRepeatedMessages) {
  Everything m = Decode(
      "line_items[0][price]=price_a&line_items[1][price]=price_b&line_items[0][quantity]=2"
      "&line_items[0][metadata][k]=v");
  ASSERT_EQ(m.line_items_size(), 2);
  EXPECT_EQ(m.line_items(0).price(), "price_a");
  EXPECT_EQ(m.line_items(0).quantity(), 2);
  EXPECT_THAT(m.line_items(0).metadata(), UnorderedElementsAre(Pair("k", "v")));
  EXPECT_EQ(m.line_items(1).price(), "price_b");
  EXPECT_FALSE(m.line_items(1).has_quantity());
}

TEST(FormDecoder, UnindexedRepeatedMessagesStartANewElementWhenAKeyRepeats) {
  Everything m = Decode(
      "line_items[][price]=price_a&line_items[][quantity]=2&line_items[][metadata][k]=v"
      "&line_items[][price]=price_b&line_items[][metadata][k]=w&line_items[][metadata][j]=x"
      "&line_items[][metadata][k]=y");
  ASSERT_EQ(m.line_items_size(), 3);
  EXPECT_EQ(m.line_items(0).price(), "price_a");
  EXPECT_EQ(m.line_items(0).quantity(), 2);
  EXPECT_THAT(m.line_items(0).metadata(), UnorderedElementsAre(Pair("k", "v")));
  EXPECT_EQ(m.line_items(1).price(), "price_b");
  EXPECT_FALSE(m.line_items(1).has_quantity());
  EXPECT_THAT(m.line_items(1).metadata(), UnorderedElementsAre(Pair("k", "w"), Pair("j", "x")));
  EXPECT_FALSE(m.line_items(2).has_price());
  EXPECT_THAT(m.line_items(2).metadata(), UnorderedElementsAre(Pair("k", "y")));
  // Indexed elements are apart from those appended.
  Everything mixed =
      Decode("line_items[0][price]=a&line_items[][price]=b&line_items[0][quantity]=1");
  ASSERT_EQ(mixed.line_items_size(), 2);
  EXPECT_EQ(mixed.line_items(0).price(), "a");
  EXPECT_EQ(mixed.line_items(0).quantity(), 1);
  EXPECT_EQ(mixed.line_items(1).price(), "b");
}

TEST(FormDecoder, IndexesCreateElementsInOrderOfFirstAppearance) {
  Everything m = Decode("line_items[7][price]=first&line_items[2][price]=second");
  ASSERT_EQ(m.line_items_size(), 2);
  EXPECT_EQ(m.line_items(0).price(), "first");
  EXPECT_EQ(m.line_items(1).price(), "second");
}

TEST(FormDecoder, EmptyValues) {
  Everything m = Decode("description=&amount=&capture=&shipping=&metadata=&expand=&line_items=");
  EXPECT_TRUE(m.has_description());  // a string is set to "": an update can clear it
  EXPECT_EQ(m.description(), "");
  EXPECT_FALSE(m.has_amount());  // numbers and bools stay absent
  EXPECT_FALSE(m.has_capture());
  EXPECT_TRUE(m.has_shipping());  // a message is present and empty
  EXPECT_THAT(m.metadata(), IsEmpty());
  EXPECT_THAT(m.expand(), IsEmpty());
  EXPECT_EQ(m.line_items_size(), 0);
  EXPECT_TRUE(Decode("amount").has_amount() == false);       // no '=' at all: empty value
  EXPECT_EQ(Decode("metadata[k]=").metadata().at("k"), "");  // update: removes k
}

TEST(FormDecoder, SkipsEmptyPieces) {
  EXPECT_EQ(Decode("&&amount=5&&").amount(), 5);
  EXPECT_EQ(Decode("").amount(), 0);
}

TEST(FormDecoder, RealParamsMessages) {
  ChargeCreateParams charge;
  ASSERT_TRUE(DecodeForm("amount=999&currency=usd&source=tok_visa&capture=false"
                         "&metadata[order_id]=6735&shipping[address][line1]=1+Main"
                         "&shipping[name]=Ann",
                         &charge)
                  .ok());
  EXPECT_EQ(charge.amount(), 999);
  EXPECT_EQ(charge.currency(), "usd");
  EXPECT_TRUE(charge.has_capture());
  EXPECT_FALSE(charge.capture());
  EXPECT_EQ(charge.metadata().at("order_id"), "6735");
  EXPECT_EQ(charge.shipping().address().line1(), "1 Main");

  TokenCreateParams token;
  ASSERT_TRUE(DecodeForm("card[number]=4242424242424242&card[exp_month]=9&card[exp_year]=2027"
                         "&card[cvc]=314",
                         &token)
                  .ok());
  EXPECT_EQ(token.card().number(), "4242424242424242");
  EXPECT_EQ(token.card().exp_month(), 9);
  EXPECT_EQ(token.card().exp_year(), 2027);

  CustomerUpdateParams update;
  ASSERT_TRUE(DecodeForm("invoice_settings[default_payment_method]=", &update).ok());
  EXPECT_TRUE(update.invoice_settings().has_default_payment_method());
}

// ---- errors ----

TEST(FormDecoderErrors, UnknownParameters) {
  ExpectError("foo=1", "parameter_unknown", "foo", "Received unknown parameter: foo");
  ExpectError("shipping[foo]=1", "parameter_unknown", "shipping[foo]",
              "Received unknown parameter: shipping[foo]");
  ExpectError("shipping[address][zip][x]=1", "parameter_unknown", "shipping[address][zip][x]",
              "Received unknown parameter: shipping[address][zip][x]");
  // Brackets after a scalar, and fields numbered 100+ (internal), are unknown too.
  ExpectError("amount[x]=1", "parameter_unknown", "amount[x]",
              "Received unknown parameter: amount[x]");
  ExpectError("expand[0][x]=1", "parameter_unknown", "expand[0][x]",
              "Received unknown parameter: expand[0][x]");
  ExpectError("secret=1", "parameter_unknown", "secret", "Received unknown parameter: secret");
  ExpectError("line_items[0][foo]=1", "parameter_unknown", "line_items[0][foo]",
              "Received unknown parameter: line_items[0][foo]");
}

TEST(FormDecoderErrors, Integers) {
  ExpectError("amount=abc", "parameter_invalid_integer", "amount", "Invalid integer: abc");
  ExpectError("amount=12.5", "parameter_invalid_integer", "amount", "Invalid integer: 12.5");
  ExpectError("amount=%2B5", "parameter_invalid_integer", "amount", "Invalid integer: +5");
  ExpectError("amount=%205", "parameter_invalid_integer", "amount", "Invalid integer:  5");
  ExpectError("amount=-", "parameter_invalid_integer", "amount", "Invalid integer: -");
  ExpectError("amount=9223372036854775808", "parameter_invalid_integer", "amount",
              "Invalid integer: 9223372036854775808");
  ExpectError("amount=99999999999999999999999999", "parameter_invalid_integer", "amount",
              "Invalid integer: 99999999999999999999999999");
  ExpectError("exp_month=3000000000", "parameter_invalid_integer", "exp_month",
              "Invalid integer: 3000000000");
  ExpectError("count=-1", "parameter_invalid_integer", "count", "Invalid integer: -1");
  ExpectError("counters[x]=y", "parameter_invalid_integer", "counters[x]", "Invalid integer: y");
  ExpectError("amounts[]=x", "parameter_invalid_integer", "amounts", "Invalid integer: x");
  ExpectError("line_items[0][quantity]=two", "parameter_invalid_integer", "line_items[0][quantity]",
              "Invalid integer: two");
}

TEST(FormDecoderErrors, OtherScalars) {
  ExpectError("capture=yes", "", "capture", "Invalid boolean: yes");
  ExpectError("capture=TRUE", "", "capture", "Invalid boolean: TRUE");
  ExpectError("capture=1", "", "capture", "Invalid boolean: 1");
  ExpectError("rate=abc", "", "rate", "Invalid decimal: abc");
  ExpectError("rate=inf", "", "rate", "Invalid decimal: inf");
  ExpectError("rate=1e400", "", "rate", "Invalid decimal: 1e400");
  ExpectError("ratio=1e39", "", "ratio", "Invalid decimal: 1e39");  // past float's range
  EXPECT_FLOAT_EQ(Decode("ratio=1.5").ratio(), 1.5f);
  ExpectError("rate=+1.5+", "", "rate", "Invalid decimal:  1.5 ");
  ExpectError("interval=week", "", "interval", "Invalid interval: week");
}

TEST(FormDecoderErrors, DuplicatesAreRejected) {
  ExpectError("amount=1&amount=2", "", "amount", "Received duplicate parameter: amount");
  ExpectError("description=a&description=a", "", "description",
              "Received duplicate parameter: description");
  ExpectError("metadata[a]=1&metadata[a]=2", "", "metadata[a]",
              "Received duplicate parameter: metadata[a]");
  ExpectError("expand[0]=a&expand[0]=b", "", "expand[0]",
              "Received duplicate parameter: expand[0]");
  ExpectError("shipping[name]=a&shipping%5Bname%5D=b", "", "shipping[name]",
              "Received duplicate parameter: shipping[name]");
  ExpectError("line_items[0][price]=a&line_items[0][price]=b", "", "line_items[0][price]",
              "Received duplicate parameter: line_items[0][price]");
  // `[]` appends never collide.
  EXPECT_THAT(Decode("expand[]=a&expand[]=a").expand(), ElementsAre("a", "a"));
}

TEST(FormDecoderErrors, WrongShapes) {
  ExpectError("shipping=x", "", "shipping", "Invalid hash");
  ExpectError("shipping[address]=x", "", "shipping[address]", "Invalid hash");
  ExpectError("metadata=x", "", "metadata", "Invalid hash");
  ExpectError("metadata[]=x", "", "metadata[]", "Invalid hash key: metadata[]");
  ExpectError("named_items[a]=x", "", "named_items[a]", "Invalid hash");
  ExpectError("expand=customer", "", "expand", "Invalid array");
  ExpectError("line_items=x", "", "line_items", "Invalid array");
  ExpectError("expand[a]=x", "", "expand", "Invalid array index: expand[a]");
  ExpectError("expand[1234567890]=x", "", "expand", "Invalid array index: expand[1234567890]");
  ExpectError("line_items[x][price]=p", "", "line_items", "Invalid array index: line_items[x]");
  ExpectError("line_items[0]=x", "", "line_items[0]", "Invalid hash");
}

TEST(FormDecoderErrors, MalformedNames) {
  ExpectError("=1", "", "", "Received a parameter with an empty name.");
  ExpectError("a[b=1", "", "a[b", "Invalid parameter name: a[b");
  ExpectError("a]b=1", "", "a]b", "Invalid parameter name: a]b");
  ExpectError("a[b]c=1", "", "a[b]c", "Invalid parameter name: a[b]c");
  ExpectError("a[[b]]=1", "", "a[[b]]", "Invalid parameter name: a[[b]]");
  ExpectError("[a]=1", "", "[a]", "Invalid parameter name: [a]");
  ExpectError("a[b]]=1", "", "a[b]]", "Invalid parameter name: a[b]]");
}

TEST(FormDecoderErrors, DepthLimit) {
  const std::string eight = "a[1][2][3][4][5][6][7][8]";
  const std::string nine = eight + "[9]";
  EXPECT_TRUE(ParseForm(eight + "=x").ok());
  ExpectError(nine + "=x", "", nine,
              absl::StrCat("Parameter name nested too deeply (at most 8 levels): ", nine));
  std::string deep = "a";
  for (int i = 0; i < 10000; ++i) deep += "[x]";
  EXPECT_EQ(ErrorOf(deep + "=1").message().substr(0, 33), "Parameter name nested too deeply ");
}

TEST(FormDecoderErrors, BadPercentEncoding) {
  for (absl::string_view body :
       {"description=%zz", "description=%4", "description=%", "a%G0=1", "description=abc%"}) {
    SCOPED_TRACE(body);
    StripeError e = ErrorOf(body);
    EXPECT_EQ(e.message(), "Invalid percent-encoding in the request parameters.");
    EXPECT_FALSE(e.has_param());
  }
}

TEST(FormDecoderErrors, InvalidUtf8) {
  ExpectError("description=%FF", "", "description", "Invalid UTF-8 in the value of description.");
  ExpectError("description=%C0%80", "", "description",
              "Invalid UTF-8 in the value of description.");
  ExpectError("%FF=1", "", "", "Invalid UTF-8 in a parameter name.");
}

TEST(FormDecoderErrors, SizeLimits) {
  std::string big = "description=" + std::string(size_t{1} << 20, 'a');
  ExpectError(big, "", "", "Request parameters too large (more than 1048576 bytes).");

  std::string pairs;
  for (int i = 0; i < 1000; ++i) absl::StrAppend(&pairs, "&metadata[k", i, "]=v");
  EXPECT_TRUE(ParseForm(pairs).ok());
  ExpectError(pairs + "&amount=1", "", "", "Too many parameters (more than 1000).");

  FormDecodeOptions small;
  small.max_encoded_bytes = 9;
  small.max_pairs = 2;
  EXPECT_EQ(ErrorOf("amount=1234", small).message(),
            "Request parameters too large (more than 9 bytes).");
  EXPECT_EQ(ErrorOf("a=1&b=2&c", small).message(), "Too many parameters (more than 2).");
}

TEST(FormDecoderErrors, RandomInputNeverCrashes) {
  // Deterministic garbage built from the characters that matter to the syntax.
  constexpr absl::string_view kAlphabet = "[]%&=+ab0_\xFF\xC3";
  const std::vector<std::string> roots = {"amount",     "metadata",    "shipping", "expand",
                                          "line_items", "named_items", "capture",  "x"};
  std::mt19937 random(1234);
  for (int i = 0; i < 5000; ++i) {
    std::string body = roots[random() % roots.size()];
    const int length = static_cast<int>(random() % 24);
    for (int j = 0; j < length; ++j) body.push_back(kAlphabet[random() % kAlphabet.size()]);
    Everything out;
    absl::Status s = DecodeForm(body, &out);
    if (!s.ok()) {
      absl::optional<StripeError> e = GetStripeError(s);
      ASSERT_TRUE(e.has_value()) << body;
      EXPECT_EQ(e->type(), "invalid_request_error");
      EXPECT_TRUE(IsValidUtf8(e->message())) << body;
    }
  }
}

// ---- helpers ----

TEST(FormDecoderHelpers, ParseFormKeepsOrderAndPaths) {
  absl::StatusOr<std::vector<FormParam>> params = ParseForm("a[b][]=1&c=2&d");
  ASSERT_TRUE(params.ok());
  ASSERT_EQ(params->size(), 3u);
  EXPECT_THAT((*params)[0].path, ElementsAre("a", "b", ""));
  EXPECT_EQ((*params)[0].value, "1");
  EXPECT_THAT((*params)[2].path, ElementsAre("d"));
  EXPECT_EQ((*params)[2].value, "");
}

TEST(FormDecoderHelpers, CanonicalName) {
  EXPECT_EQ(CanonicalName({"amount"}), "amount");
  EXPECT_EQ(CanonicalName({"card", "number"}), "card[number]");
  EXPECT_EQ(CanonicalName({"expand", ""}), "expand[]");
  EXPECT_EQ(CanonicalName({}), "");
}

TEST(FormDecoderHelpers, PercentDecode) {
  std::string out;
  EXPECT_TRUE(PercentDecode("a+b%2Fc", true, &out));
  EXPECT_EQ(out, "a b/c");
  EXPECT_TRUE(PercentDecode("a+b", false, &out));
  EXPECT_EQ(out, "a+b");
  EXPECT_FALSE(PercentDecode("%2", true, &out));
}

TEST(FormDecoderHelpers, Utf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));                             // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));                         // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));                     // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));                             // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));                                 // stray continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

}  // namespace
}  // namespace wire
}  // namespace paysim
