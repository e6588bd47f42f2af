/* capi.h: the declarations every cgo file of package capi shares. The
 * public contract is include/gosoto.h; this file only gives cgo the opaque
 * handle types and the helpers that turn handle ids into pointers. */
#ifndef GOSOTO_CAPI_H
#define GOSOTO_CAPI_H

#include <stdint.h>
#include <stdlib.h>

typedef struct gosoto_client gosoto_client;
typedef struct gosoto_credentials gosoto_credentials;

/* Handles are ids from a table in Go, never pointers into Go memory. */
static inline gosoto_client *gosoto__client_ptr(uintptr_t id) { return (gosoto_client *)id; }
static inline uintptr_t gosoto__client_id(gosoto_client *p) { return (uintptr_t)p; }
static inline gosoto_credentials *gosoto__creds_ptr(uintptr_t id) { return (gosoto_credentials *)id; }
static inline uintptr_t gosoto__creds_id(gosoto_credentials *p) { return (uintptr_t)p; }

/* The fork guard (fork.c). */
extern volatile int gosoto__forked_child;
#define GOSOTO__FORK_ERROR_MESSAGE "gosoto cannot be used in a child process after fork (the Go runtime does not survive fork); load it in the child instead"
#define GOSOTO__FORK_ERROR_JSON "{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"" GOSOTO__FORK_ERROR_MESSAGE "\"},\"Kind\":\"internal\",\"Retryable\":false}"

#endif
