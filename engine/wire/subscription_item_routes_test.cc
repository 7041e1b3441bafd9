// The wire door of subscription changes: POST /v1/subscriptions/{id} with items[] and
// proration params as form fields, DELETE /v1/subscriptions/{id} with prorate / invoice_now,
// and the Subscription Items routes (create, retrieve, update, delete, list), items named by
// `price` or by Stripe's legacy `plan`, pause_collection set and unset (`pause_collection=`),
// a create's prices given inline (items[i][price_data], add_invoice_items[i][price_data]),
// with Stripe's errors (type, code, param, HTTP status).
#include <string>

#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;

class SubscriptionItemRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "description=cli")["id"].get<std::string>();
    const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                  "customer=" + customer_)["id"];
    Answer(200, "POST", "/v1/customers/" + customer_,
           "invoice_settings[default_payment_method]=" + pm);
    price_ = NewPrice(3100);
    const Json sub = Answer(200, "POST", "/v1/subscriptions",
                            "customer=" + customer_ + "&items[0][price]=" + price_);
    sub_ = sub["id"].get<std::string>();
    item_ = sub["items"]["data"][0]["id"].get<std::string>();
    clock_.SetTime(absl::FromUnixSeconds(kStart + 21 * kDay));  // 10 of 31 days remain
  }
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  std::string NewPrice(int amount) {
    const std::string product =
        Answer(200, "POST", "/v1/products", "name=Plan")["id"].get<std::string>();
    return Answer(200, "POST", "/v1/prices",
                  "product=" + product + "&unit_amount=" + std::to_string(amount) +
                      "&currency=usd&recurring[interval]=month")["id"]
        .get<std::string>();
  }
  Json PendingItems() {
    return Answer(200, "GET", "/v1/invoiceitems?pending=true&customer=" + customer_)["data"];
  }
  void ExpectError(const Json& answer, absl::string_view code, absl::string_view param) {
    const Json& error = answer["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << answer.dump();
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << answer.dump();
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << answer.dump();
    }
    if (param.empty()) {
      EXPECT_FALSE(error.contains("param")) << answer.dump();
    } else {
      EXPECT_EQ(error["param"], std::string(param)) << answer.dump();
    }
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_, price_, sub_, item_;
};

TEST_F(SubscriptionItemRoutesTest, ACreateTakesPricesInlineAsForms) {
  const std::string product =
      Answer(200, "POST", "/v1/products", "name=Seat")["id"].get<std::string>();
  const Json sub = Answer(
      200, "POST", "/v1/subscriptions",
      "customer=" + customer_ + "&items[0][price_data][currency]=usd&items[0][price_data]"
      "[product]=" + product + "&items[0][price_data][unit_amount]=700&items[0][price_data]"
      "[recurring][interval]=month&items[0][price_data][recurring][interval_count]=2"
      "&add_invoice_items[0][price_data][currency]=usd&add_invoice_items[0][price_data]"
      "[product]=" + product + "&add_invoice_items[0][price_data][unit_amount_decimal]=-150.5");
  const Json& price = sub["items"]["data"][0]["price"];
  EXPECT_EQ(price["active"], false);
  EXPECT_EQ(price["product"], product);
  EXPECT_EQ(price["unit_amount"], 700);
  EXPECT_EQ(price["recurring"]["interval_count"], 2);
  const Json retrieved =
      Answer(200, "GET", "/v1/prices/" + price["id"].get<std::string>());
  EXPECT_EQ(retrieved["active"], false);
  const Json invoice =
      Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["amount_paid"], 700 - 151);  // the credit's 150.5 rounds away from zero
}

TEST_F(SubscriptionItemRoutesTest, ItemsWithoutIndexesAsCurlWritesThem) {
  // `items[][price]` (no index): a key that repeats starts the next item.
  const std::string second = NewPrice(500);
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[][price]=" + price_ +
                              "&items[][quantity]=2&items[][price]=" + second);
  ASSERT_EQ(sub["items"]["data"].size(), 2u);
  EXPECT_EQ(sub["items"]["data"][0]["price"]["id"], price_);
  EXPECT_EQ(sub["items"]["data"][0]["quantity"], 2);
  EXPECT_EQ(sub["items"]["data"][1]["price"]["id"], second);
  EXPECT_EQ(sub["items"]["data"][1]["quantity"], 1);
}

TEST_F(SubscriptionItemRoutesTest, UpdateWithItemsProrates) {
  const std::string gold = NewPrice(6200);
  const Json sub = Answer(200, "POST", "/v1/subscriptions/" + sub_,
                          "items[0][id]=" + item_ + "&items[0][price]=" + gold);
  EXPECT_EQ(sub["items"]["data"][0]["id"], item_);
  EXPECT_EQ(sub["items"]["data"][0]["price"]["id"], gold);
  const Json items = PendingItems();
  ASSERT_EQ(items.size(), 2u);
  // Newest first.
  EXPECT_EQ(items[1]["amount"], -1000);
  EXPECT_EQ(items[1]["proration"], true);
  EXPECT_EQ(items[1]["parent"]["subscription_details"]["subscription"], sub_);
  EXPECT_EQ(items[0]["amount"], 2000);
  EXPECT_EQ(items[0]["description"], "Remaining time on 1 × Plan after 22 Jan 2026");
  const Json updated =
      Answer(200, "GET", "/v1/events?type=customer.subscription.updated")["data"][0];
  EXPECT_TRUE(updated["data"]["previous_attributes"].contains("items"));
}

TEST_F(SubscriptionItemRoutesTest, UpdateAlwaysInvoiceAndNone) {
  Answer(200, "POST", "/v1/subscriptions/" + sub_,
         "items[0][id]=" + item_ + "&items[0][quantity]=2&proration_behavior=none");
  EXPECT_EQ(PendingItems().size(), 0u);
  const Json sub = Answer(200, "POST", "/v1/subscriptions/" + sub_,
                          "items[0][id]=" + item_ +
                              "&items[0][quantity]=3&proration_behavior=always_invoice");
  const Json invoice = Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["billing_reason"], "subscription_update");
  EXPECT_EQ(invoice["status"], "paid");
  EXPECT_EQ(invoice["amount_paid"], 1000);  // -2000 + 3000
  ExpectError(Answer(400, "POST", "/v1/subscriptions/" + sub_,
                     "items[0][id]=" + item_ + "&items[0][quantity]=4&proration_behavior=maybe"),
              "", "proration_behavior");
  ExpectError(Answer(400, "POST", "/v1/subscriptions/" + sub_,
                     "items[0][id]=" + item_ + "&items[0][deleted]=true"),
              "", "");
}

TEST_F(SubscriptionItemRoutesTest, SubscriptionItemsRoutes) {
  const std::string seats = NewPrice(620);
  const Json created = Answer(200, "POST", "/v1/subscription_items",
                              "subscription=" + sub_ + "&price=" + seats +
                                  "&quantity=2&metadata[team]=a");
  EXPECT_EQ(created["object"], "subscription_item");
  EXPECT_EQ(created["subscription"], sub_);
  EXPECT_EQ(created["quantity"], 2);
  EXPECT_EQ(created["metadata"]["team"], "a");
  const std::string id = created["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "GET", "/v1/subscription_items/" + id)["id"], id);
  EXPECT_EQ(Answer(200, "POST", "/v1/subscription_items/" + id,
                   "quantity=5&proration_behavior=none")["quantity"],
            5);
  const Json list = Answer(200, "GET", "/v1/subscription_items?subscription=" + sub_);
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], "/v1/subscription_items");
  ASSERT_EQ(list["data"].size(), 2u);
  const Json deleted = Answer(200, "DELETE", "/v1/subscription_items/" + id);
  EXPECT_EQ(deleted["id"], id);
  EXPECT_EQ(deleted["object"], "subscription_item");
  EXPECT_EQ(deleted["deleted"], true);
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions/" + sub_)["items"]["data"].size(), 1u);
}

TEST_F(SubscriptionItemRoutesTest, SubscriptionItemsErrors) {
  ExpectError(Answer(400, "GET", "/v1/subscription_items"), "parameter_missing", "subscription");
  ExpectError(Answer(404, "GET", "/v1/subscription_items/si_nope"), "resource_missing", "id");
  ExpectError(Answer(400, "POST", "/v1/subscription_items", "price=" + price_),
              "parameter_missing", "subscription");
  ExpectError(Answer(400, "POST", "/v1/subscription_items",
                     "subscription=" + sub_ + "&price=price_nope"),
              "resource_missing", "price");
  ExpectError(Answer(400, "POST", "/v1/subscription_items/" + item_, "quantity=-1"),
              "parameter_invalid_integer", "quantity");
  ExpectError(Answer(400, "DELETE", "/v1/subscription_items/" + item_), "", "");
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions/" + sub_)["items"]["data"][0]["quantity"], 1);
  EXPECT_EQ(PendingItems().size(), 0u);
}

// Stripe's legacy `plan` names an item's recurring price wherever `price` does.
TEST_F(SubscriptionItemRoutesTest, PlansNameTheItemsPrice) {
  const Json plan = Answer(200, "POST", "/v1/plans",
                           "amount=1200&currency=usd&interval=month&product[name]=Legacy");
  const std::string plan_id = plan["id"];
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][plan]=" + plan_id +
                              "&items[0][quantity]=2");
  EXPECT_EQ(sub["items"]["data"][0]["price"]["id"], plan_id);
  const Json invoice =
      Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["amount_due"], 2400);
  EXPECT_EQ(invoice["status"], "paid");

  // The Subscription Items API and an update's items[] take it too.
  const Json added = Answer(200, "POST", "/v1/subscription_items",
                            "subscription=" + sub_ + "&plan=" + plan_id +
                                "&proration_behavior=none");
  EXPECT_EQ(added["price"]["id"], plan_id);
  const std::string larger =
      Answer(200, "POST", "/v1/plans",
             "amount=3500&currency=usd&interval=month&product[name]=Larger")["id"];
  const Json updated = Answer(200, "POST", "/v1/subscriptions/" + sub_,
                              "items[0][id]=" + item_ + "&items[0][plan]=" + larger +
                                  "&items[0][quantity]=3&proration_behavior=none");
  EXPECT_EQ(updated["items"]["data"][0]["price"]["id"], larger);
  EXPECT_EQ(updated["items"]["data"][0]["quantity"], 3);

  // Refused, nothing changed: both names at once; a plan that does not exist (a one-time
  // price is no plan either).
  const std::string one_time =
      Answer(200, "POST", "/v1/prices",
             "currency=usd&unit_amount=500&product_data[name]=Once")["id"];
  const Json both = Answer(400, "POST", "/v1/subscriptions",
                           "customer=" + customer_ + "&items[0][plan]=" + plan_id +
                               "&items[0][price]=" + price_);
  ExpectError(both, "", "items[0][plan]");
  EXPECT_EQ(both["error"]["message"],
            "You may only specify one of these parameters: plan, price.");
  const Json missing = Answer(400, "POST", "/v1/subscriptions",
                              "customer=" + customer_ + "&items[0][plan]=plan_nope");
  ExpectError(missing, "resource_missing", "items[0][plan]");
  EXPECT_EQ(missing["error"]["message"], "No such plan: 'plan_nope'");
  ExpectError(Answer(400, "POST", "/v1/subscription_items",
                     "subscription=" + sub_ + "&plan=" + one_time),
              "resource_missing", "plan");
  ExpectError(Answer(400, "POST", "/v1/subscription_items/" + item_,
                     "plan=" + plan_id + "&price=" + price_),
              "", "plan");
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions?customer=" + customer_)["data"].size(), 2u);
  EXPECT_EQ(Answer(200, "GET", "/v1/subscription_items?subscription=" + sub_)["data"].size(),
            2u);
}

TEST_F(SubscriptionItemRoutesTest, CancelWithProrateAndInvoiceNow) {
  // DELETE params travel in the query string (as Stripe's SDKs send them).
  const Json sub =
      Answer(200, "DELETE", "/v1/subscriptions/" + sub_ + "?prorate=true&invoice_now=true");
  EXPECT_EQ(sub["status"], "canceled");
  const Json invoices = Answer(200, "GET", "/v1/invoices?subscription=" + sub_)["data"];
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[0]["total"], -1000);
  EXPECT_EQ(invoices[0]["amount_due"], 0);
}

TEST_F(SubscriptionItemRoutesTest, PauseCollectionSetAndUnsetOverTheWire) {
  const Json paused = Answer(200, "POST", "/v1/subscriptions/" + sub_,
                             "pause_collection[behavior]=void&pause_collection[resumes_at]=" +
                                 std::to_string(kStart + 60 * kDay));
  EXPECT_EQ(paused["status"], "active");
  EXPECT_EQ(paused["pause_collection"]["behavior"], "void");
  EXPECT_EQ(paused["pause_collection"]["resumes_at"], kStart + 60 * kDay);
  const Json resumed = Answer(200, "POST", "/v1/subscriptions/" + sub_, "pause_collection=");
  EXPECT_TRUE(resumed["pause_collection"].is_null()) << resumed.dump();
  ExpectError(Answer(400, "POST", "/v1/subscriptions/" + sub_, "pause_collection[behavior]=soon"),
              "", "pause_collection[behavior]");
  ExpectError(Answer(400, "POST", "/v1/subscriptions/" + sub_,
                     "pause_collection[resumes_at]=" + std::to_string(kStart + 60 * kDay)),
              "parameter_missing", "pause_collection[behavior]");
  EXPECT_TRUE(Answer(200, "GET", "/v1/subscriptions/" + sub_)["pause_collection"].is_null());
}

TEST_F(SubscriptionItemRoutesTest, PendingUpdateOverTheWire) {
  // The card now declines: the upgrade waits in pending_update.
  const std::string failing = Answer(200, "POST",
                                     "/v1/payment_methods/pm_card_chargeCustomerFail/attach",
                                     "customer=" + customer_)["id"];
  Answer(200, "POST", "/v1/customers/" + customer_,
         "invoice_settings[default_payment_method]=" + failing);
  const std::string gold = NewPrice(6200);
  const Json sub = Answer(200, "POST", "/v1/subscriptions/" + sub_,
                          "items[0][id]=" + item_ + "&items[0][price]=" + gold +
                              "&proration_behavior=always_invoice"
                              "&payment_behavior=pending_if_incomplete");
  EXPECT_EQ(sub["items"]["data"][0]["price"]["id"], price_);
  const Json& pending = sub["pending_update"];
  ASSERT_TRUE(pending.is_object()) << sub.dump();
  EXPECT_TRUE(pending["billing_cycle_anchor"].is_null());
  EXPECT_EQ(pending["expires_at"], kStart + 21 * kDay + 23 * 3600);
  ASSERT_EQ(pending["subscription_items"].size(), 1u);
  EXPECT_EQ(pending["subscription_items"][0]["id"], item_);
  EXPECT_EQ(pending["subscription_items"][0]["object"], "subscription_item");
  EXPECT_EQ(pending["subscription_items"][0]["price"]["id"], gold);
  EXPECT_TRUE(pending["trial_end"].is_null());
  EXPECT_TRUE(pending["trial_from_plan"].is_null());
  EXPECT_TRUE(pending["metadata"].is_null());  // the update carried none
  EXPECT_EQ(pending.size(), 6u) << pending.dump();  // nothing internal
  const Json invoice =
      Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["status"], "open");
  // Unsupported with pending updates: the parameter is named.
  const Json refused = Answer(400, "POST", "/v1/subscriptions/" + sub_,
                              "payment_behavior=pending_if_incomplete&description=x");
  ExpectError(refused, "", "description");
  const Json item_refused = Answer(400, "POST", "/v1/subscription_items/" + item_,
                                   "quantity=2&metadata[k]=v"
                                   "&payment_behavior=pending_if_incomplete");
  ExpectError(item_refused, "", "metadata");
  // Paid with a good card, it applies.
  const std::string visa = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                  "customer=" + customer_)["id"];
  Answer(200, "POST", "/v1/invoices/" + invoice["id"].get<std::string>() + "/pay",
         "payment_method=" + visa);
  const Json applied = Answer(200, "GET", "/v1/subscriptions/" + sub_);
  EXPECT_TRUE(applied["pending_update"].is_null());
  EXPECT_EQ(applied["items"]["data"][0]["price"]["id"], gold);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
