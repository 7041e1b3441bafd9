// fake_transport.h: an in-memory Transport for tests: records every attempt and answers with
// a status the test chooses.
//
// Example:
//   FakeTransport transport;
//   transport.set_status(500);            // every attempt fails until told otherwise
//   WebhookEndpoints webhooks(&engine, &transport);
//   ...
//   transport.requests()[0].body          // the event's JSON
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_WEBHOOKS_FAKE_TRANSPORT_H_
#define PAYSIM_ENGINE_WEBHOOKS_FAKE_TRANSPORT_H_

#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/webhooks/transport.h"

namespace paysim {
namespace webhooks {

class FakeTransport final : public Transport {
 public:
  WebhookResponse Post(const WebhookRequest& request) override {
    absl::MutexLock lock(&mu_);
    requests_.push_back(request);
    WebhookResponse response;
    response.status = status_;
    if (status_ == 0) response.error = "connection refused (fake)";
    return response;
  }

  // The status every later attempt gets (0: no response at all). Default 200.
  void set_status(int status) {
    absl::MutexLock lock(&mu_);
    status_ = status;
  }

  // Every attempt so far, in order.
  std::vector<WebhookRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  void clear() {
    absl::MutexLock lock(&mu_);
    requests_.clear();
  }

 private:
  mutable absl::Mutex mu_;
  int status_ ABSL_GUARDED_BY(mu_) = 200;
  std::vector<WebhookRequest> requests_ ABSL_GUARDED_BY(mu_);
};

}  // namespace webhooks
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WEBHOOKS_FAKE_TRANSPORT_H_
