// side_by_side.h: the engine under test and, after a snapshot, the engine restored from it,
// answering the same calls side by side: every answer and state summary must be identical
// (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_SIDE_BY_SIDE_H_
#define PAYSIM_TESTING_SIMULATOR_SIDE_BY_SIDE_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "testing/fake_clock.h"
#include "testing/simulator/rendering.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class SideBySideEngines {
 public:
  // A fresh engine on a fresh FakeClock (options.clock is set here); no restored engine.
  void Start(EngineOptions options);

  // The engine under test, and its clock.
  Engine& engine() { return *engine_; }
  FakeClock& clock() { return *clock_; }
  absl::Time Now() const { return clock_->Now(); }

  // The restored engine while the two run side by side, else nullptr.
  Engine* restored() const { return restored_.get(); }

  // CallBoth()
  //
  // `call(engine)`'s answer. Side by side, `call` also runs on the restored engine; if the two
  // answers render differently, *difference says how and the restored engine is dropped.
  template <typename F>
  auto CallBoth(F&& call, std::string* difference) -> decltype(call(std::declval<Engine&>())) {
    auto result = call(*engine_);
    if (restored_ != nullptr) {
      auto other = call(*restored_);
      std::string a = Render(result);
      std::string b = Render(other);
      if (a != b) {
        *difference = absl::StrCat("the restored engine answered differently:\n  original: ",
                                   a.substr(0, 2000), "\n  restored: ", b.substr(0, 2000));
        restored_.reset();
      }
    }
    return result;
  }

  // StartSideBySide()
  //
  // Snapshots the engine, through bytes as a saved file would be, and restores the snapshot
  // into a second engine on a clock of its own. False (with *problem) if that failed; true if
  // the two now run side by side, *problem then set if their state summaries already differ.
  bool StartSideBySide(std::string* problem);

  // EndSideBySide()
  //
  // REQUIRES: restored() != nullptr. Compares the state summaries ("" or what differs into
  // *problem), then carries on with the restored engine if `keep_restored` (it must be as good
  // as the original), else with the original.
  void EndSideBySide(bool keep_restored, std::string* problem);

  // Fires what is due on both engines.
  void FireDueTimers();

  // Sets both clocks.
  void SetTime(absl::Time time);

  // Stops running side by side (the restored engine answered a replay differently).
  void DropRestored() { restored_.reset(); }

 private:
  std::unique_ptr<FakeClock> clock_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<FakeClock> restored_clock_;
  std::unique_ptr<Engine> restored_;
};

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_SIDE_BY_SIDE_H_
