// Benchmarks of the generated objects with the real Charge shape (charge_fixture.h), against
// the protobuf Charge where there is a counterpart. Before the benchmarks it prints the heap
// bytes (heap_counter.h) of one built Charge and of each copy-on-write version after one
// change.
//
//   ./bazelw run -c opt //tools/objgen:objects_bench -- --benchmark_min_time=1
#include <cstdio>
#include <functional>
#include <string>

#include "benchmark/benchmark.h"
#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "proto/event.obj.h"
#include "proto/charge.pb.h"
#include "proto/event.pb.h"
#include "proto/object_runtime/previous_attributes.h"
#include "tools/objgen/charge_fixture.h"
#include "tools/objgen/heap_counter.h"

namespace paysim {
namespace objgen {
namespace {

const obj::InternedString kBlocked("blocked");

void BM_Charge_Copy(benchmark::State& state) {
  const Charge charge = MakeTokVisaCharge(1);
  for (auto _ : state) {
    auto copy = charge;
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_Charge_Copy);

void BM_Charge_CopyThenSetCaptured(benchmark::State& state) {
  const Charge charge = MakeTokVisaCharge(1);
  for (auto _ : state) {
    auto copy = charge;
    copy.set_captured(false);
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_Charge_CopyThenSetCaptured);

void BM_Charge_CopyThenSetOutcomeType(benchmark::State& state) {
  const Charge charge = MakeTokVisaCharge(1);
  for (auto _ : state) {
    auto copy = charge;
    copy.mutable_outcome()->set_type(kBlocked);
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_Charge_CopyThenSetOutcomeType);

void BM_Charge_Build(benchmark::State& state) {
  int64_t n = 0;
  for (auto _ : state) {
    Charge charge = MakeTokVisaCharge(++n);
    benchmark::DoNotOptimize(charge);
  }
}
BENCHMARK(BM_Charge_Build);

void BM_Charge_WriteJson(benchmark::State& state) {
  const Charge charge = MakeTokVisaCharge(1);
  std::string text;
  for (auto _ : state) {
    text.clear();
    JsonWriter out(&text);
    charge.WriteJson(out);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_Charge_WriteJson);

void BM_Charge_PreviousAttributes(benchmark::State& state) {
  const Charge before = MakeTokVisaCharge(1);
  Charge after = before;
  after.set_description("new description");
  (*after.mutable_metadata())["order"] = "42";
  for (auto _ : state) {
    std::string previous = obj::PreviousAttributes(before, after);
    benchmark::DoNotOptimize(previous);
  }
}
BENCHMARK(BM_Charge_PreviousAttributes);

// ---- the protobuf Charge, for comparison ----

void BM_ProtoCharge_Copy(benchmark::State& state) {
  const pb::Charge charge = MakeTokVisaCharge(1).ToProto();
  for (auto _ : state) {
    auto copy = charge;
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_ProtoCharge_Copy);

void BM_ProtoCharge_WriteJson(benchmark::State& state) {
  const pb::Charge charge = MakeTokVisaCharge(1).ToProto();
  std::string text;
  for (auto _ : state) {
    text.clear();
    JsonWriter out(&text);
    paysim::WriteJson(charge, out);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_ProtoCharge_WriteJson);

// ---- memory ----

size_t HeapInUse() { return HeapBytesInUse(); }

// Heap bytes that `make` leaves allocated (what it returns is kept until measured).
template <class T>
size_t HeapOf(const std::function<T()>& make, T* keep) {
  const size_t before = HeapInUse();
  *keep = make();
  return HeapInUse() - before;
}

void PrintMemory() {
  // Everything allocated and freed inside the report is counted; nothing outlives it.
  StartCountingBytes();
  const Charge base = MakeTokVisaCharge(1);
  Charge version;
  std::printf("heap bytes (blocks allocated and not freed, with malloc's header):\n");
  std::printf("  protobuf Charge (same content):              %6zu\n",
              [] {
                pb::Charge proto;
                const size_t before = HeapInUse();
                proto = MakeTokVisaCharge(1).ToProto();
                return HeapInUse() - before;
              }());
  std::printf("  one built Charge object:                     %6zu\n",
              HeapOf<Charge>([] { return MakeTokVisaCharge(2); }, &version));
  const auto changed = [&](const char* what, const std::function<void(Charge&)>& change) {
    Charge copy;
    const size_t bytes = HeapOf<Charge>(
        [&] {
          Charge c = base;
          change(c);
          return c;
        },
        &copy);
    std::printf("  a version after %-28s %6zu\n", what, bytes);
  };
  changed("a copy (no change):", [](Charge&) {});
  changed("set_captured:", [](Charge& c) { c.set_captured(false); });
  changed("set_amount_refunded:", [](Charge& c) { c.set_amount_refunded(500); });
  changed("set_status (interned):", [](Charge& c) { c.set_status(kBlocked); });
  changed("set_description (new string):",
          [](Charge& c) { c.set_description("Refunded after review"); });
  changed("outcome.type (interned):",
          [](Charge& c) { c.mutable_outcome()->set_type(kBlocked); });
  changed("card.checks.cvc_check:", [](Charge& c) {
    c.mutable_payment_method_details()->mutable_card()->mutable_checks()->set_cvc_check(kBlocked);
  });
  changed("metadata[\"order\"] = \"42\":",
          [](Charge& c) { (*c.mutable_metadata())["order"] = "42"; });
  // What an event announcing a version adds when it shares the version (as the engine's
  // events will): its own id and request, the envelope's nodes.
  static const obj::InternedString kEvent("event");
  static const obj::InternedString kType("charge.captured");
  static const obj::InternedString kApiVersion("2026-07-29.dahlia");
  Event event;
  std::printf("  an Event sharing the charge:                 %6zu\n",
              HeapOf<Event>(
                  [&] {
                    Event e;
                    e.set_id("evt_3MmlLrLkdIwHu7ix0QyCt7Xk");
                    e.set_object(kEvent);
                    e.set_api_version(kApiVersion);
                    e.set_created(1767225600);
                    e.set_type(kType);
                    *e.mutable_data()->mutable_object()->mutable_charge() = base;
                    e.mutable_request()->set_id("req_8VQ2a9LkdIwHu7");
                    return e;
                  },
                  &event));
  std::fflush(stdout);
}

void PrintMemoryReport() {
  PrintMemory();
  StopCountingBytes();
}

}  // namespace
}  // namespace objgen
}  // namespace paysim

int main(int argc, char** argv) {
  paysim::objgen::PrintMemoryReport();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
