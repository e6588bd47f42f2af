/*
 * check.h: the minimal test harness of the C API tests. CHECK(cond) records
 * a failure with file:line and carries on; the test cases are listed in
 * capi_test.c. Thread-safe (the concurrency test checks from 8 threads).
 */
#ifndef GOSOTO_TESTS_CHECK_H
#define GOSOTO_TESTS_CHECK_H

#include <stddef.h>

#include <gosoto.h>

/* Records one check; on failure prints file:line, the expression and, when
 * detail is not NULL, detail (typically the JSON the library returned). */
void check_record(int ok, const char *file, int line, const char *expr, const char *detail);

#define CHECK(cond) check_record((cond) ? 1 : 0, __FILE__, __LINE__, #cond, NULL)
#define CHECK_D(cond, detail) check_record((cond) ? 1 : 0, __FILE__, __LINE__, #cond, (detail))

/* The status is `expected`, out is an error document of that kind ("Kind"
 * and a non-empty "Error.Message"), and, when needle is not NULL, the
 * message contains it (case-insensitive). */
#define CHECK_ERROR(status, expected, out, needle) \
    check_error(__FILE__, __LINE__, (status), (expected), (out), (needle))
void check_error(const char *file, int line, int status, int expected, const char *out,
                 const char *needle);

/* The status is GOSOTO_OK and out is a JSON object. */
#define CHECK_OK(status, out) check_ok(__FILE__, __LINE__, (status), (out))
void check_ok(const char *file, int line, int status, const char *out);

/* The string at path in doc equals want. */
#define CHECK_STR(doc, path, want) check_str(__FILE__, __LINE__, (doc), (path), (want))
void check_str(const char *file, int line, const char *doc, const char *path, const char *want);

/* Number of failed checks so far. */
long check_failures(void);
long check_total(void);

/* Case-insensitive substring search; NULL-safe (NULL never contains). */
int contains_ci(const char *haystack, const char *needle);

/* Base64 (standard alphabet, padded). Results are malloc'd; decode returns
 * NULL on bad input and stores the length in *len. */
char *b64_encode(const unsigned char *data, size_t len);
unsigned char *b64_decode(const char *s, size_t *len);

/* sprintf into a new malloc'd string. */
char *xprintf(const char *fmt, ...);

/* The kind name a status maps to ("invalid_argument", ...). */
const char *kind_name(int status);

/* The header value of name (case-insensitive) in a [[name, value], ...]
 * array at path "headers" of doc, malloc'd, or NULL. */
char *header_value(const char *doc, const char *name);

/* setenv/unsetenv with NULL meaning unset; returns the previous value
 * (malloc'd, or NULL when it was unset) so that it can be restored. */
char *env_swap(const char *name, const char *value);
void env_restore(const char *name, char *previous); /* frees previous */

/* The local SQS emulator's endpoint (GOSOTO_TEST_SQS_ENDPOINT). */
const char *sqs_endpoint(void);

#endif
