/*
 * capi_test: the C API of libgosoto, every core function on its success and
 * error paths, against the local SQS emulator (tests/scripts/
 * with-sqs-emulator.sh starts it and sets GOSOTO_TEST_SQS_ENDPOINT).
 *
 * Prints one line per test case and ends with "capi_test: N passed, M failed"
 * (test cases); exits 0 only when every check passed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_test.h"
#include "check.h"
#include "json_get.h"

#include <gosoto/all.h>

gosoto_client *emulator_client(const char *extra_config)
{
    gosoto_client *c = NULL;
    char *err = NULL;
    char *cfg = xprintf("{\"service\": \"sqs\", \"region\": \"us-east-1\", \"endpoint_url\": \"%s\", "
                        "\"credentials\": {\"access_key_id\": \"AKIDCAPITEST\", "
                        "\"secret_access_key\": \"capi-test-secret\"}%s%s}",
                        sqs_endpoint(), extra_config ? ", " : "", extra_config ? extra_config : "");
    int st = gosoto_client_new(cfg, &c, &err);
    if (st != GOSOTO_OK || c == NULL) {
        fprintf(stderr, "capi_test: cannot create a client from %s: status %d: %s\n", cfg, st,
                err ? err : "(none)");
        exit(1);
    }
    free(cfg);
    gosoto_string_free(err);
    return c;
}

void test_version(void)
{
    const char *v = gosoto_version();
    CHECK(v != NULL);
    CHECK_D(v != NULL && strcmp(v, GOSOTO_VERSION) == 0, v);
    /* A static string: the same pointer every time. */
    CHECK(gosoto_version() == v);
}

void test_string_free(void)
{
    char *out = NULL;
    gosoto_string_free(NULL); /* no-op */
    /* A string from the library is freed with gosoto_string_free. */
    CHECK(gosoto_sign("not json", &out) == GOSOTO_E_INVALID_ARGUMENT);
    CHECK(out != NULL);
    gosoto_string_free(out);
    CHECK(1);
}

/* gosoto_client_new with a bad config: the status, NULL handle, and an error
 * whose message names the problem. */
static void client_new_fails(const char *file, int line, const char *config, const char *needle)
{
    gosoto_client *c = (gosoto_client *)(uintptr_t)0x1; /* must be reset to NULL */
    char *err = (char *)(uintptr_t)0x1;
    int st = gosoto_client_new(config, &c, &err);
    check_error(file, line, st, GOSOTO_E_INVALID_ARGUMENT, err, needle);
    check_record(c == NULL, file, line, "out_client is NULL after a failure", config);
    gosoto_string_free(err);
    if (st == GOSOTO_OK)
        gosoto_client_free(c);
}
#define CLIENT_NEW_FAILS(config, needle) client_new_fails(__FILE__, __LINE__, (config), (needle))

void test_client_new_errors(void)
{
    gosoto_client *c = NULL;
    char *err = NULL;
    int st;

    CLIENT_NEW_FAILS(NULL, "config_json");
    CLIENT_NEW_FAILS("", "JSON");
    CLIENT_NEW_FAILS("{\"service\": \"sqs\"", "JSON");
    CLIENT_NEW_FAILS("[\"sqs\"]", NULL);
    CLIENT_NEW_FAILS("{\"service\": \"sqs\"} trailing", "JSON");
    CLIENT_NEW_FAILS("{}", "service");
    CLIENT_NEW_FAILS("{\"service\": \"no-such-service\"}", "no-such-service");
    CLIENT_NEW_FAILS("{\"service\": \"sqs\", \"bogus_key\": 1}", "bogus_key");
    CLIENT_NEW_FAILS("{\"service\": 42}", "service");
    CLIENT_NEW_FAILS("{\"service\": \"sqs\", \"region\": 5}", "region");
    CLIENT_NEW_FAILS("{\"service\": \"sqs\", \"max_attempts\": \"three\"}", "max_attempts");
    CLIENT_NEW_FAILS("{\"service\": \"sqs\", \"credentials\": \"AKID\"}", "credentials");
    CLIENT_NEW_FAILS("{\"service\": \"sqs\", \"service_model_path\": \"/nonexistent/gosoto/model.json\"}",
                     "/nonexistent/gosoto/model.json");
    CLIENT_NEW_FAILS("{\"service\": \"sq\xff\xfe\"}", "UTF-8");

    /* NULL out-parameters. */
    st = gosoto_client_new("{\"service\": \"sqs\"}", NULL, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "out_client");
    gosoto_string_free(err);
    err = NULL;
    st = gosoto_client_new("{bad", &c, NULL); /* nowhere to put the error */
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT);
    CHECK(c == NULL);

    /* A good config, with and without err_json. */
    st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"us-east-1\"}", &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    CHECK(c != NULL);
    CHECK(err == NULL);
    gosoto_client_free(c);
    c = NULL;
    st = gosoto_client_new("{\"service\": \"sts\"}", &c, NULL);
    CHECK(st == GOSOTO_OK && c != NULL);
    gosoto_client_free(c);
}

void test_client_handles(void)
{
    gosoto_client *c, *other;
    gosoto_credentials *creds = NULL;
    char *out = NULL, *err = NULL;
    int st;

    gosoto_client_free(NULL); /* no-op */

    c = emulator_client(NULL);
    other = emulator_client(NULL);
    CHECK(c != other);
    gosoto_client_free(c);
    gosoto_client_free(c); /* a double free is harmless */

    /* Use after free: an error, not a crash. */
    st = gosoto_client_call(c, "ListQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    st = gosoto_sqs_list_queues(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    st = gosoto_client_build_request(c, "ListQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    st = gosoto_client_parse_response(c, "ListQueues", "{\"status_code\": 200, \"headers\": [], \"body_base64\": \"\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);

    /* The other client is untouched by that. */
    st = gosoto_sqs_list_queues(other, "{}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    gosoto_client_free(other);

    /* A pointer that was never a client, and a credentials handle. */
    st = gosoto_client_call((gosoto_client *)(uintptr_t)0x12345678, "ListQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    st = gosoto_credentials_new("{\"static\": {\"access_key_id\": \"AKID\", \"secret_access_key\": \"s\"}}",
                                &creds, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_client_call((gosoto_client *)(void *)creds, "ListQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    gosoto_credentials_free(creds);
}

void test_call_argument_errors(void)
{
    gosoto_client *c = emulator_client(NULL);
    char *out = (char *)(uintptr_t)0x1;
    int st;

    st = gosoto_client_call(NULL, "ListQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    st = gosoto_client_call(c, NULL, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "operation");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "ListQueues", NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "input_json");
    gosoto_string_free(out);
    st = gosoto_sqs_list_queues(c, NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "input_json");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "ListQueues", "{}", NULL);
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT);
    st = gosoto_sqs_list_queues(c, "{}", NULL);
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT);

    st = gosoto_client_call(c, "NoSuchOperation", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "NoSuchOperation");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "operation");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "List\xffQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "UTF-8");
    gosoto_string_free(out);

    st = gosoto_client_call(c, "SendMessage", "{\"QueueUrl\": \"q\", \"MessageBody\": \"\xc3\x28\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "UTF-8");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "ListQueues", "{", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "JSON");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "ListQueues", "{} {}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "JSON");
    gosoto_string_free(out);
    st = gosoto_client_call(c, "ListQueues", "[]", &out);
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT || st == GOSOTO_E_VALIDATION);
    CHECK_D(out != NULL, "an error document for a non-object input");
    gosoto_string_free(out);

    /* An entry point of another service on this client. */
    st = gosoto_sts_get_caller_identity(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "sts");
    gosoto_string_free(out);

    /* Both spellings of an operation work. */
    st = gosoto_client_call(c, "ListQueues", "{}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    st = gosoto_client_call(c, "list_queues", "{}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    gosoto_client_free(c);
}

void test_call_validation(void)
{
    gosoto_client *c = emulator_client(NULL);
    char *out = NULL;
    int st;

    /* A missing required member; nothing is sent. */
    st = gosoto_sqs_send_message(c, "{\"MessageBody\": \"x\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "QueueUrl");
    gosoto_string_free(out);
    /* Every problem is listed. */
    st = gosoto_sqs_send_message(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "QueueUrl");
    CHECK_D(contains_ci(out, "MessageBody"), out);
    gosoto_string_free(out);
    /* A member of the wrong type. */
    st = gosoto_sqs_send_message(c, "{\"QueueUrl\": 5, \"MessageBody\": \"x\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "QueueUrl");
    gosoto_string_free(out);
    st = gosoto_sqs_receive_message(c, "{\"QueueUrl\": \"q\", \"MaxNumberOfMessages\": \"ten\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "MaxNumberOfMessages");
    gosoto_string_free(out);
    /* An unknown member. */
    st = gosoto_sqs_send_message(c, "{\"QueueUrl\": \"q\", \"MessageBody\": \"x\", \"Bogus\": 1}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "Bogus");
    gosoto_string_free(out);
    /* Nested shapes are validated too. */
    st = gosoto_sqs_send_message(c,
        "{\"QueueUrl\": \"q\", \"MessageBody\": \"x\", \"MessageAttributes\": {\"a\": {\"StringValue\": \"v\"}}}",
        &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "DataType");
    gosoto_string_free(out);
    gosoto_client_free(c);
}

/* The size limits of include/gosoto.h ("Sizes"): JSON input, config,
 * response, request: 64 MiB; options and names: 1 MiB. */
#define LIMIT_JSON  ((size_t)64 << 20)
#define LIMIT_SMALL ((size_t)1 << 20)

/* A JSON object of exactly size bytes: head, then spaces, then "}". */
static char *padded_object(const char *head, size_t size)
{
    size_t n = strlen(head);
    char *s = malloc(size + 1);
    if (s == NULL) {
        fprintf(stderr, "capi_test: cannot allocate %lu bytes\n", (unsigned long)size + 1);
        exit(1);
    }
    memcpy(s, head, n);
    memset(s + n, ' ', size - n - 1);
    s[size - 1] = '}';
    s[size] = '\0';
    return s;
}

/* status is GOSOTO_E_INVALID_ARGUMENT and the message names the argument,
 * its size and the limit: "<name> is <size> bytes, over the limit of
 * <limit> bytes (<n> MiB)". */
static void too_large(const char *file, int line, int st, char *out, const char *name, size_t size, size_t limit)
{
    char *want = xprintf("%s is %lu bytes, over the limit of %lu bytes (%lu MiB)", name, (unsigned long)size,
                         (unsigned long)limit, (unsigned long)(limit >> 20));
    check_error(file, line, st, GOSOTO_E_INVALID_ARGUMENT, out, want);
    free(want);
    gosoto_string_free(out);
}
#define TOO_LARGE(st, out, name, size, limit) too_large(__FILE__, __LINE__, (st), (out), (name), (size), (limit))

void test_input_limits(void)
{
    gosoto_client *c = emulator_client(NULL), *c2 = NULL;
    gosoto_credentials *creds = NULL;
    gosoto_paginator *pager = NULL;
    char *out = NULL, *err = NULL, *big, *small;
    size_t over = LIMIT_JSON + 1, small_over = LIMIT_SMALL + 1;
    int st;

    /* One byte over 64 MiB, to every entry point that takes a large JSON
     * argument; refused before parsing (the text is valid JSON). */
    big = padded_object("{\"QueueUrl\": \"q\", \"MessageBody\": \"x\", \"Bogus\": 1", over);
    st = gosoto_client_call(c, "SendMessage", big, &out);
    TOO_LARGE(st, out, "input_json", over, LIMIT_JSON);
    st = gosoto_sqs_send_message(c, big, &out);
    TOO_LARGE(st, out, "input_json", over, LIMIT_JSON);
    st = gosoto_client_call_ex(c, "SendMessage", big, NULL, &out);
    TOO_LARGE(st, out, "input_json", over, LIMIT_JSON);
    st = gosoto_client_build_request(c, "SendMessage", big, &out);
    TOO_LARGE(st, out, "input_json", over, LIMIT_JSON);
    st = gosoto_client_presign(c, "SendMessage", big, 60, &out);
    TOO_LARGE(st, out, "input_json", over, LIMIT_JSON);
    st = gosoto_paginator_new(c, "ListQueues", big, &pager, &err);
    TOO_LARGE(st, err, "input_json", over, LIMIT_JSON);
    CHECK(pager == NULL);
    st = gosoto_client_wait(c, "queue_exists", big, &out);
    TOO_LARGE(st, out, "input_json", over, LIMIT_JSON);
    st = gosoto_client_parse_response(c, "ListQueues", big, &out);
    TOO_LARGE(st, out, "response_json", over, LIMIT_JSON);
    st = gosoto_sign(big, &out);
    TOO_LARGE(st, out, "request_json", over, LIMIT_JSON);
    st = gosoto_client_new(big, &c2, &err);
    TOO_LARGE(st, err, "config_json", over, LIMIT_JSON);
    CHECK(c2 == NULL);

    /* Exactly 64 MiB passes the size check: the call gets as far as
     * validation, which names the unknown member (nothing is sent). */
    big[LIMIT_JSON - 1] = '}';
    big[LIMIT_JSON] = '\0';
    st = gosoto_client_call(c, "SendMessage", big, &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "Bogus");
    CHECK_D(!contains_ci(out, "limit"), out);
    gosoto_string_free(out);
    free(big);

    /* Options and names: one byte over 1 MiB. */
    small = padded_object("{", small_over);
    st = gosoto_credentials_new(small, &creds, &err);
    TOO_LARGE(st, err, "options_json", small_over, LIMIT_SMALL);
    CHECK(creds == NULL);
    st = gosoto_client_call_ex(c, "ListQueues", "{}", small, &out);
    TOO_LARGE(st, out, "options_json", small_over, LIMIT_SMALL);
    memset(small, 'A', small_over);
    st = gosoto_client_call(c, small, "{}", &out);
    TOO_LARGE(st, out, "operation", small_over, LIMIT_SMALL);
    st = gosoto_service_describe(small, &out);
    TOO_LARGE(st, out, "service", small_over, LIMIT_SMALL);

    /* Exactly 1 MiB of options ("{", spaces, "}": the default chain) is
     * accepted. */
    small[0] = '{';
    memset(small + 1, ' ', LIMIT_SMALL - 2);
    small[LIMIT_SMALL - 1] = '}';
    small[LIMIT_SMALL] = '\0';
    st = gosoto_credentials_new(small, &creds, &err);
    CHECK_D(st == GOSOTO_OK && creds != NULL, err);
    gosoto_string_free(err);
    gosoto_credentials_free(creds);
    st = gosoto_client_call_ex(c, "ListQueues", "{}", small, &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    free(small);
    gosoto_client_free(c);
}

struct test_case {
    const char *name;
    void (*fn)(void);
};

static const struct test_case cases[] = {
    {"version", test_version},
    {"string_free", test_string_free},
    {"client_new_errors", test_client_new_errors},
    {"client_handles", test_client_handles},
    {"call_argument_errors", test_call_argument_errors},
    {"call_validation", test_call_validation},
    {"input_limits", test_input_limits},
    {"sqs_roundtrip", test_sqs_roundtrip},
    {"service_error", test_service_error},
    {"network_error", test_network_error},
    {"timeout", test_timeout},
    {"build_request", test_build_request},
    {"build_request_query_protocol", test_build_request_query_protocol},
    {"parse_response_json", test_parse_response_json},
    {"parse_response_query", test_parse_response_query},
    {"sign_vectors", test_sign_vectors},
    {"sign_errors", test_sign_errors},
    {"credentials_static_env", test_credentials_static_env},
    {"credentials_profile", test_credentials_profile},
    {"credentials_errors", test_credentials_errors},
    {"credentials_exhausted", test_credentials_exhausted},
    {"concurrency", test_concurrency},
    {"free_during_call", test_free_during_call},
    {"live_environment", test_live_environment},
    {"creds_process", test_creds_process},
    {"creds_container", test_creds_container},
    {"creds_imds", test_creds_imds},
    {"creds_assume_role", test_creds_assume_role},
    {"creds_web_identity", test_creds_web_identity},
    {"creds_callback", test_creds_callback},
    {"creds_callback_refresh", test_creds_callback_refresh},
    {"creds_callback_threads", test_creds_callback_threads},
    {"creds_shared_handle", test_creds_shared_handle},
    {"creds_exhausted_default_chain", test_creds_exhausted_default_chain},
    {"paginate_list_queues", test_paginate_list_queues},
    {"paginate_errors", test_paginate_errors},
    {"wait_errors", test_wait_errors},
    {"cancel_in_flight", test_cancel_in_flight},
    {"call_timeout_option", test_call_timeout_option},
    {"call_ex_errors", test_call_ex_errors},
};

int main(int argc, char **argv)
{
    size_t i, n = sizeof cases / sizeof cases[0];
    int passed = 0, failed = 0, ran = 0;

    printf("capi_test: libgosoto %s against %s\n", gosoto_version(), sqs_endpoint());
    for (i = 0; i < n; i++) {
        long before = check_failures(), checks = check_total();
        if (argc > 1) { /* run only the named cases */
            int j, want = 0;
            for (j = 1; j < argc; j++)
                want |= strcmp(argv[j], cases[i].name) == 0;
            if (!want)
                continue;
        }
        ran++;
        cases[i].fn();
        if (check_failures() == before) {
            passed++;
            printf("ok   %-30s (%ld checks)\n", cases[i].name, check_total() - checks);
        } else {
            failed++;
            printf("FAIL %-30s (%ld of %ld checks failed)\n", cases[i].name,
                   check_failures() - before, check_total() - checks);
        }
        fflush(stdout);
    }
    printf("capi_test: %ld checks, %ld failed\n", check_total(), check_failures());
    printf("capi_test: %d passed, %d failed\n", passed, failed);
    return (failed == 0 && ran > 0) ? 0 : 1;
}
