// Snapshot, restore, and the comparison of two engines run side by side.
#include "testing/simulator/side_by_side.h"

#include "absl/status/statusor.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

void SideBySideEngines::Start(EngineOptions options) {
  clock_ = std::make_unique<FakeClock>();
  options.clock = clock_.get();
  engine_ = std::make_unique<Engine>(options);
  restored_.reset();
  restored_clock_.reset();
}

bool SideBySideEngines::StartSideBySide(std::string* problem) {
  absl::StatusOr<EngineSnapshot> snapshot = engine_->Snapshot();
  if (!snapshot.ok()) {
    *problem = absl::StrCat("Snapshot failed: ", snapshot.status().ToString());
    return false;
  }
  EngineSnapshot parsed;
  if (!parsed.ParseFromString(snapshot->SerializeAsString())) {
    *problem = "the snapshot does not parse back from its bytes";
    return false;
  }
  restored_clock_ = std::make_unique<FakeClock>(clock_->Now());
  EngineOptions options;
  options.clock = restored_clock_.get();
  absl::StatusOr<std::unique_ptr<Engine>> restored = Engine::Restore(parsed, options);
  if (!restored.ok()) {
    *problem = absl::StrCat("Restore failed: ", restored.status().ToString());
    return false;
  }
  restored_ = *std::move(restored);
  if (restored_->StateSummary() != engine_->StateSummary()) {
    *problem = "the restored engine's state summary differs from the original's";
  }
  return true;
}

void SideBySideEngines::EndSideBySide(bool keep_restored, std::string* problem) {
  if (restored_->StateSummary() != engine_->StateSummary()) {
    *problem = "after running side by side, the state summaries differ";
  }
  if (keep_restored) {
    engine_ = std::move(restored_);
    clock_ = std::move(restored_clock_);
  }
  restored_.reset();
  restored_clock_.reset();
}

void SideBySideEngines::FireDueTimers() {
  engine_->FireDueTimers();
  if (restored_ != nullptr) restored_->FireDueTimers();
}

void SideBySideEngines::SetTime(absl::Time time) {
  clock_->SetTime(time);
  if (restored_clock_ != nullptr) restored_clock_->SetTime(time);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
