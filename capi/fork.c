/* fork.c: the fork guard, and the public entry points.
 *
 * Go's runtime does not survive fork(): in the child only the forking
 * thread exists, and Go code that needs another thread (the scheduler, the
 * garbage collector, the network poller) may wait forever -- even entering
 * Go to check a flag can hang. So the check is made here, in C, before Go
 * is entered: a pthread_atfork child handler sets gosoto__forked_child, and
 * every public function below (the Go exports are named gosoto__go_*)
 * returns GOSOTO_E_INTERNAL with GOSOTO__FORK_ERROR_JSON in its error
 * out-parameter when it is set; frees are no-ops (gosoto_string_free never
 * enters Go: it is free()). The parent is unaffected.
 *
 * The wrappers were generated from the //export signatures; keep them in
 * step when an export is added (the build fails on a missing gosoto__go_*
 * declaration, and test-headers on a missing public symbol). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "_cgo_export.h"

volatile int gosoto__forked_child = 0;

static void gosoto__on_fork_child(void) { gosoto__forked_child = 1; }

__attribute__((constructor)) static void gosoto__fork_guard_init(void)
{
    pthread_atfork(NULL, NULL, gosoto__on_fork_child);
}

/* gosoto__fork_fail writes the fork error (malloc'd, freed with
 * gosoto_string_free) to *out when out is not NULL; GOSOTO_E_INTERNAL. */
static int gosoto__fork_fail(char **out)
{
    if (out != NULL)
        *out = strdup(GOSOTO__FORK_ERROR_JSON);
    return 6; /* GOSOTO_E_INTERNAL */
}

int gosoto_cancel_token_new(uint64_t* out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(NULL);
	}
	return gosoto__go_cancel_token_new(out);
}

int gosoto_cancel(uint64_t token)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(NULL);
	}
	return gosoto__go_cancel(token);
}

void gosoto_cancel_token_free(uint64_t token)
{
	if (gosoto__forked_child)
		return; /* nothing to release in a child */
	gosoto__go_cancel_token_free(token);
}

int gosoto_client_call_ex(gosoto_client* h, char* operation, char* input, char* options, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_call_ex(h, operation, input, options, out);
}

int gosoto_credentials_new(char* options, gosoto_credentials** outCreds, char** errJSON)
{
	if (gosoto__forked_child) {
		if (outCreds != NULL)
			*outCreds = NULL;
		return gosoto__fork_fail(errJSON);
	}
	return gosoto__go_credentials_new(options, outCreds, errJSON);
}

int gosoto_credentials_get(gosoto_credentials* h, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_credentials_get(h, out);
}

void gosoto_credentials_free(gosoto_credentials* h)
{
	if (gosoto__forked_child)
		return; /* nothing to release in a child */
	gosoto__go_credentials_free(h);
}

int gosoto_client_new_with_credentials(char* configJSON, gosoto_credentials* h, gosoto_client** outClient, char** errJSON)
{
	if (gosoto__forked_child) {
		if (outClient != NULL)
			*outClient = NULL;
		return gosoto__fork_fail(errJSON);
	}
	return gosoto__go_client_new_with_credentials(configJSON, h, outClient, errJSON);
}

int gosoto_credentials_new_callback(gosoto_credentials_fn fn, void* userData, gosoto_credentials** outCreds, char** errJSON)
{
	if (gosoto__forked_child) {
		if (outCreds != NULL)
			*outCreds = NULL;
		return gosoto__fork_fail(errJSON);
	}
	return gosoto__go_credentials_new_callback(fn, userData, outCreds, errJSON);
}

int gosoto_client_describe(gosoto_client* h, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_describe(h, out);
}

int gosoto_service_describe(char* service, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_service_describe(service, out);
}

int gosoto_services(char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_services(out);
}

int gosoto_client_info(gosoto_client* h, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_info(h, out);
}

char* gosoto_version(void)
{
	static char *cached;
	if (gosoto__forked_child)
		return cached ? cached : (char *)"";
	cached = gosoto__go_version();
	return cached;
}

/* Every string the library hands out is malloc'ed (C.CString, or strdup
 * above), so it is freed here without entering Go: a C-to-Go call costs
 * microseconds, and every call of every binding ends with this one. */
void gosoto_string_free(char* s)
{
	free(s);
}

int gosoto_client_new(char* configJSON, gosoto_client** outClient, char** errJSON)
{
	if (gosoto__forked_child) {
		if (outClient != NULL)
			*outClient = NULL;
		return gosoto__fork_fail(errJSON);
	}
	return gosoto__go_client_new(configJSON, outClient, errJSON);
}

void gosoto_client_free(gosoto_client* h)
{
	if (gosoto__forked_child)
		return; /* nothing to release in a child */
	gosoto__go_client_free(h);
}

int gosoto__call_operation(gosoto_client* h, char* service, char* operation, char* input, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_call_operation(h, service, operation, input, out);
}

int gosoto_client_call(gosoto_client* h, char* operation, char* input, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_call(h, operation, input, out);
}

int gosoto_client_build_request(gosoto_client* h, char* operation, char* input, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_build_request(h, operation, input, out);
}

int gosoto_client_parse_response(gosoto_client* h, char* operation, char* response, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_parse_response(h, operation, response, out);
}

int gosoto_paginator_new(gosoto_client* h, char* operation, char* input, gosoto_paginator** outPager, char** errJSON)
{
	if (gosoto__forked_child) {
		if (outPager != NULL)
			*outPager = NULL;
		return gosoto__fork_fail(errJSON);
	}
	return gosoto__go_paginator_new(h, operation, input, outPager, errJSON);
}

int gosoto_paginator_next(gosoto_paginator* h, char** pageJSON)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(pageJSON);
	}
	return gosoto__go_paginator_next(h, pageJSON);
}

void gosoto_paginator_free(gosoto_paginator* h)
{
	if (gosoto__forked_child)
		return; /* nothing to release in a child */
	gosoto__go_paginator_free(h);
}

int gosoto_client_wait(gosoto_client* h, char* waiterName, char* input, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_wait(h, waiterName, input, out);
}

int gosoto_client_presign(gosoto_client* h, char* operation, char* input, long expires, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_client_presign(h, operation, input, expires, out);
}

int gosoto_sign(char* request, char** out)
{
	if (gosoto__forked_child) {
		return gosoto__fork_fail(out);
	}
	return gosoto__go_sign(request, out);
}
