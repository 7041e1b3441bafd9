// status_macros.h: PAYSIM_RETURN_IF_ERROR and PAYSIM_ASSIGN_OR_RETURN (the Abseil in Debian
// has no status macros of its own).
#ifndef PAYSIM_ENGINE_INTERNAL_STATUS_MACROS_H_
#define PAYSIM_ENGINE_INTERNAL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns `expr` (an absl::Status) from the enclosing function if it is not OK.
#define PAYSIM_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::absl::Status paysim_status_ = (expr);          \
    if (!paysim_status_.ok()) return paysim_status_; \
  } while (0)

#define PAYSIM_STATUS_CONCAT_INNER_(a, b) a##b
#define PAYSIM_STATUS_CONCAT_(a, b) PAYSIM_STATUS_CONCAT_INNER_(a, b)

// `PAYSIM_ASSIGN_OR_RETURN(auto x, StatusOrExpr());` assigns the value or returns the status.
#define PAYSIM_ASSIGN_OR_RETURN(lhs, expr) \
  PAYSIM_ASSIGN_OR_RETURN_IMPL_(PAYSIM_STATUS_CONCAT_(paysim_statusor_, __LINE__), lhs, expr)

#define PAYSIM_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // PAYSIM_ENGINE_INTERNAL_STATUS_MACROS_H_
