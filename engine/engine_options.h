// engine_options.h: how an Engine is set up. Every field has a default.
#ifndef PAYSIM_ENGINE_ENGINE_OPTIONS_H_
#define PAYSIM_ENGINE_ENGINE_OPTIONS_H_

#include <cstdint>
#include <string>

#include "engine/api_version.h"
#include "engine/clock.h"

namespace paysim {

struct EngineOptions {
  // The source of time. Not owned; must outlive the engine. nullptr: SystemClock::Default().
  // A SimulatedClock (simulated_clock.h; tests' testing::FakeClock) moves only when told.
  Clock* clock = nullptr;

  // Seeds every random choice (ids, fingerprint-free values). Same seed, same calls: the same
  // objects, ids and events, byte for byte.
  uint64_t seed = 0;

  // The account's default API version (events render in it); requests may pin another.
  std::string api_version = std::string(kLatestApiVersion);

  // The account's statement descriptor (5-22 characters) and its shortened prefix (2-10),
  // joined with a dynamic suffix as "PREFIX* SUFFIX".
  std::string statement_descriptor = "PAYSIM TEST";
  std::string statement_descriptor_prefix = "PAYSIM";

  // The account's default currency (always listed in the balance).
  std::string default_currency = "usd";
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_ENGINE_OPTIONS_H_
