// ObjectStore: ids found through the hash index while it grows, after the oldest entries are
// dropped (looked up before or not), and after Clear; ids one character apart told apart at
// every length; pagination cursors; deleted entries keep their place, and their marks go with
// them; ordinals stay put across drops; a list over given ordinals pages as a filtered list.
#include "engine/internal/object_store.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

// The least an object needs to live in a store: an id and a creation time.
struct Thing {
  std::string id_;
  int64_t created_ = 0;
  const std::string& id() const { return id_; }
  int64_t created() const { return created_; }
};

std::string IdOf(int i) { return absl::StrCat("thing_", i, "_", std::string(i % 40, 'x')); }

void Fill(ObjectStore<Thing>& store, int from, int to) {
  for (int i = from; i < to; ++i) store.Insert(Thing{IdOf(i), i});
}

std::vector<std::string> Ids(const ListResult<Thing>& page) {
  std::vector<std::string> ids;
  for (const Thing& t : page.data) ids.push_back(t.id());
  return ids;
}

TEST(ObjectStoreTest, FindsEveryIdWhileTheIndexGrows) {
  ObjectStore<Thing> store("thing");
  for (int i = 0; i < 5000; ++i) {
    store.Insert(Thing{IdOf(i), i});
    ASSERT_NE(store.Find(IdOf(i)), nullptr) << i;
  }
  for (int i = 0; i < 5000; ++i) {
    const Thing* found = store.Find(IdOf(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(found->created(), i);
  }
  EXPECT_EQ(store.Find("thing_5000_"), nullptr);
  EXPECT_EQ(store.Find(""), nullptr);
  EXPECT_EQ(store.size(), 5000u);
}

TEST(ObjectStoreTest, IdsThatDifferInOneCharacterAnywhereAreToldApart) {
  // Every length around the hash's word boundaries (8, 16, 32), every position changed.
  ObjectStore<Thing> store("thing");
  int64_t n = 0;
  std::vector<std::string> ids;
  for (int length = 1; length <= 40; ++length) {
    const std::string base(length, 'a');
    ids.push_back(base);
    for (int at = 0; at < length; ++at) {
      std::string id = base;
      id[at] = 'b';
      ids.push_back(id);
    }
  }
  for (const std::string& id : ids) store.Insert(Thing{id, n++});
  for (int64_t i = 0; i < n; ++i) {
    const Thing* found = store.Find(ids[i]);
    ASSERT_NE(found, nullptr) << ids[i];
    EXPECT_EQ(found->created(), i) << ids[i];
  }
  EXPECT_EQ(store.Find(std::string(41, 'a')), nullptr);
  EXPECT_EQ(store.Find(std::string(20, 'c')), nullptr);
}

TEST(ObjectStoreTest, MissingIdIsResourceMissingNamingTheParam) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 3);
  absl::StatusOr<Thing*> by_url = store.Get("thing_9");
  ASSERT_FALSE(by_url.ok());
  EXPECT_EQ(HttpStatus(by_url.status()), 404);
  absl::StatusOr<Thing*> by_param = store.Get("thing_9", "source");
  ASSERT_FALSE(by_param.ok());
  EXPECT_EQ(HttpStatus(by_param.status()), 400);
  absl::optional<StripeError> error = GetStripeError(by_param.status());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), "resource_missing");
  EXPECT_EQ(error->param(), "source");
  EXPECT_EQ(error->message(), "No such thing: 'thing_9'");
}

TEST(ObjectStoreTest, DroppedEntriesAreGoneAndTheRestStillFound) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 3000);
  EXPECT_EQ(store.DropOldest([](const Thing& t) { return t.created() < 1000; }), 1000u);
  EXPECT_EQ(store.size(), 2000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(store.Find(IdOf(i)), nullptr) << i;
  for (int i = 1000; i < 3000; ++i) EXPECT_NE(store.Find(IdOf(i)), nullptr) << i;
  Fill(store, 3000, 4000);  // positions keep counting past the dropped ones
  for (int i = 1000; i < 4000; ++i) {
    const Thing* found = store.Find(IdOf(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(found->created(), i);
  }
  // A dropped id may be used again.
  EXPECT_TRUE(store.Restore(Thing{IdOf(5), 5}, /*deleted=*/false));
  EXPECT_NE(store.Find(IdOf(5)), nullptr);
}

TEST(ObjectStoreTest, EntriesDroppedBeforeOrAfterTheirFirstLookupAreGoneAlike) {
  // The index is built by lookups, not inserts: drop entries some of which were looked up
  // (indexed) and some not, then look everything up.
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 100);
  ASSERT_NE(store.Find(IdOf(40)), nullptr);  // indexes 0-99
  Fill(store, 100, 200);                      // not indexed yet
  EXPECT_EQ(store.DropOldest([](const Thing& t) { return t.created() < 150; }), 150u);
  for (int i = 0; i < 150; ++i) EXPECT_EQ(store.Find(IdOf(i)), nullptr) << i;
  for (int i = 150; i < 200; ++i) EXPECT_NE(store.Find(IdOf(i)), nullptr) << i;
  // Everything inserted and dropped between two lookups.
  Fill(store, 200, 300);
  EXPECT_EQ(store.DropOldest([](const Thing& t) { return t.created() < 300; }), 150u);
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.Find(IdOf(250)), nullptr);
  Fill(store, 300, 310);
  for (int i = 300; i < 310; ++i) {
    const Thing* found = store.Find(IdOf(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(found->created(), i);
  }
  // A cursor and a restore see entries not looked up before.
  Fill(store, 310, 320);
  ListWindow window;
  window.limit = 3;
  window.starting_after = IdOf(315);
  absl::StatusOr<ListResult<Thing>> page =
      store.List(window, "/v1/things", [](const Thing&) { return true; });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{IdOf(314), IdOf(313), IdOf(312)}));
  Fill(store, 320, 321);
  EXPECT_FALSE(store.Restore(Thing{IdOf(320), 0}, /*deleted=*/false));  // taken
  EXPECT_TRUE(store.Delete(IdOf(320)));
  EXPECT_EQ(store.Find(IdOf(320)), nullptr);
}

TEST(ObjectStoreTest, PagesAroundDroppedAndDeletedEntries) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 10);
  store.DropOldest([](const Thing& t) { return t.created() < 4; });
  EXPECT_TRUE(store.Delete(IdOf(7)));
  EXPECT_FALSE(store.Delete(IdOf(7)));
  EXPECT_FALSE(store.Delete(IdOf(2)));  // dropped
  ListWindow window;
  window.limit = 2;
  window.starting_after = IdOf(8);
  absl::StatusOr<ListResult<Thing>> page =
      store.List(window, "/v1/things", [](const Thing&) { return true; });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{IdOf(6), IdOf(5)}));
  EXPECT_TRUE(page->has_more);
  window.starting_after.clear();
  window.ending_before = IdOf(5);
  page = store.List(window, "/v1/things", [](const Thing&) { return true; });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{IdOf(8), IdOf(6)}));
  window.ending_before = IdOf(3);  // dropped: no longer a cursor
  page = store.List(window, "/v1/things", [](const Thing&) { return true; });
  EXPECT_FALSE(page.ok());
}

TEST(ObjectStoreTest, ADeletedEntryDroppedOrClearedLeavesNoMarkBehind) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 6);
  ASSERT_TRUE(store.Delete(IdOf(0)));
  ASSERT_TRUE(store.Delete(IdOf(4)));
  int visited = 0;
  store.ForEachEntry([&](const Thing& t, bool deleted) {
    EXPECT_EQ(deleted, t.created() == 0 || t.created() == 4) << t.id();
    ++visited;
  });
  EXPECT_EQ(visited, 6);
  store.DropOldest([](const Thing& t) { return t.created() < 1; });
  Fill(store, 6, 8);  // new entries at new positions: none of them deleted
  for (int i = 1; i < 8; ++i) EXPECT_EQ(store.Find(IdOf(i)) == nullptr, i == 4) << i;
  store.Clear();
  Fill(store, 0, 6);  // positions start again from 0: the old marks are gone
  for (int i = 0; i < 6; ++i) EXPECT_NE(store.Find(IdOf(i)), nullptr) << i;
  int live = 0;
  store.ForEach([&](const Thing&) { ++live; });
  EXPECT_EQ(live, 6);
}

TEST(ObjectStoreTest, OrdinalsCountFromTheFirstEntryEverAndOutliveDrops) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 10);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(store.OrdinalOf(IdOf(i)), i);
    ASSERT_EQ(store.AtOrdinal(i), store.Find(IdOf(i)));
  }
  EXPECT_EQ(store.OrdinalOf("thing_missing"), -1);
  EXPECT_EQ(store.AtOrdinal(-1), nullptr);
  EXPECT_EQ(store.AtOrdinal(10), nullptr);  // one past the newest
  ASSERT_TRUE(store.Delete(IdOf(7)));
  EXPECT_EQ(store.OrdinalOf(IdOf(7)), -1);  // deleted: neither found nor at its place
  EXPECT_EQ(store.AtOrdinal(7), nullptr);
  store.DropOldest([](const Thing& t) { return t.created() < 3; });
  EXPECT_EQ(store.AtOrdinal(2), nullptr);  // dropped
  EXPECT_EQ(store.AtOrdinal(3)->created(), 3);  // the others keep their ordinals
  Fill(store, 10, 12);
  EXPECT_EQ(store.OrdinalOf(IdOf(11)), 11);
  EXPECT_EQ(store.AtOrdinal(11)->id(), IdOf(11));
}

TEST(ObjectStoreTest, ListAtGivesTheSamePagesAsAFilteredList) {
  // Every third object is in the subset; some deleted, the oldest dropped; every cursor (in
  // the subset or not), every page size, and a filter of its own on top.
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 60);
  for (int i : {9, 10, 30, 57}) ASSERT_TRUE(store.Delete(IdOf(i)));
  store.DropOldest([](const Thing& t) { return t.created() < 5; });
  std::vector<int64_t> subset;
  for (int64_t i = 0; i < 60; i += 3) subset.push_back(i);  // dropped and deleted ones included
  auto in_subset = [](const Thing& t) { return t.created() % 3 == 0; };
  auto even = [](const Thing& t) { return t.created() % 2 == 0; };
  std::vector<std::string> cursors = {""};
  for (int i = 5; i < 60; ++i) cursors.push_back(IdOf(i));
  for (int64_t limit : {1, 2, 7, 100}) {
    for (const std::string& cursor : cursors) {
      for (bool after : {true, false}) {
        ListWindow window;
        window.limit = limit;
        (after ? window.starting_after : window.ending_before) = cursor;
        for (bool filtered : {false, true}) {
          absl::StatusOr<ListResult<Thing>> expected =
              store.List(window, "/v1/things", [&](const Thing& t) {
                return in_subset(t) && (!filtered || even(t));
              });
          absl::StatusOr<ListResult<Thing>> page =
              store.ListAt(window, "/v1/things", subset,
                           [&](const Thing& t) { return !filtered || even(t); });
          ASSERT_EQ(page.ok(), expected.ok()) << cursor;
          if (!page.ok()) continue;
          EXPECT_EQ(Ids(*page), Ids(*expected)) << limit << " " << cursor << " " << after;
          EXPECT_EQ(page->has_more, expected->has_more) << limit << " " << cursor;
          EXPECT_EQ(page->url, "/v1/things");
        }
      }
    }
  }
  ListWindow window;
  window.starting_after = IdOf(2);  // dropped: no longer a cursor
  EXPECT_FALSE(store.ListAt(window, "/v1/things", subset, [](const Thing&) { return true; }).ok());
}

TEST(ObjectStoreTest, RestoreRefusesTakenAndEmptyIds) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 2);
  EXPECT_FALSE(store.Restore(Thing{IdOf(1), 9}, false));
  EXPECT_FALSE(store.Restore(Thing{"", 9}, false));
  EXPECT_TRUE(store.Restore(Thing{"thing_new", 9}, /*deleted=*/true));
  EXPECT_EQ(store.Find("thing_new"), nullptr);  // restored as deleted
  EXPECT_EQ(store.size(), 3u);
}

TEST(ObjectStoreTest, ClearForgetsEverythingAndStartsAgain) {
  ObjectStore<Thing> store("thing");
  Fill(store, 0, 100);
  store.DropOldest([](const Thing& t) { return t.created() < 50; });
  store.Clear();
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.Find(IdOf(60)), nullptr);
  Fill(store, 0, 100);
  for (int i = 0; i < 100; ++i) EXPECT_NE(store.Find(IdOf(i)), nullptr) << i;
}

}  // namespace
}  // namespace paysim
