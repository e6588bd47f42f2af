/* capi_ops.h: what the generated per-operation C wrappers (zz_*.c) need.
 * Kept apart from capi.h because cgo declares the export below without
 * const qualifiers in _cgo_export.h; the two declarations never meet in one
 * translation unit, and the ABI is the same. */
#ifndef GOSOTO_CAPI_OPS_H
#define GOSOTO_CAPI_OPS_H

#include "capi.h"

int gosoto__call_operation(gosoto_client *client, const char *service, const char *operation,
                           const char *input_json, char **out_json);

#endif
