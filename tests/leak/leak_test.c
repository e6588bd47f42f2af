/*
 * leak_test: every core entry point of libgosoto, on its success and error
 * paths, GOSOTO_LEAK_ITERATIONS times (default 100000), with resident memory
 * (/proc/self/statm) printed at ten checkpoints. No network: clients point
 * at 127.0.0.1:1 and only calls that fail before sending are made.
 *
 * Fails when any call returns something unexpected, or when resident memory
 * keeps growing: the median RSS of the last three checkpoints may not
 * exceed that of the first three (the first checkpoint, at 10%, is the end
 * of the warm-up) by more than GOSOTO_LEAK_TOLERANCE_PCT percent (default
 * 10). Medians, because the Go heap inside the library grows and shrinks
 * with its garbage collector: one checkpoint can land on a peak (~2 MiB
 * above the others), while a real leak of even one 100-byte string per
 * iteration adds ~10 MiB over 100,000 iterations and shows at every one. With fewer than 10000 iterations (the valgrind run, where RSS means
 * nothing) the figures are printed but not judged.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gosoto.h>

#define CHECKPOINTS 10

static long failures;

static void expect(int ok, const char *what, int st, const char *out)
{
    if (ok)
        return;
    if (failures++ < 20)
        fprintf(stderr, "leak_test: %s: status %d, %s\n", what, st, out ? out : "(null)");
}

/* A call that must return want and hand out a string (freed here). */
static void status_is(int st, int want, char *out, const char *what)
{
    expect(st == want && out != NULL, what, st, out);
    gosoto_string_free(out);
}

static long rss_kib(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static long median3(long a, long b, long c)
{
    if ((a <= b && b <= c) || (c <= b && b <= a))
        return b;
    if ((b <= a && a <= c) || (c <= a && a <= b))
        return a;
    return c;
}

static const char *CONFIG =
    "{\"service\": \"sqs\", \"region\": \"us-east-1\", \"endpoint_url\": \"http://127.0.0.1:1\", "
    "\"credentials\": {\"access_key_id\": \"AKIDLEAKTEST\", \"secret_access_key\": \"leak-test-secret\"}}";

static const char *SIGN_REQUEST =
    "{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/path?Param2=value2&Param1=value1\", "
    "\"headers\": [[\"Host\", \"example.amazonaws.com\"], [\"My-Header1\", \"value1\"]], "
    "\"service\": \"service\", \"region\": \"us-east-1\", \"time\": \"2015-08-30T12:36:00Z\", "
    "\"credentials\": {\"access_key_id\": \"AKIDEXAMPLE\", \"secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\"}}";

/* {"QueueUrl": "http://127.0.0.1:1/1/q"} and an SQS JSON error. */
static const char *RESPONSE_OK =
    "{\"status_code\": 200, \"headers\": [[\"x-amzn-RequestId\", \"r-1\"]], "
    "\"body_base64\": \"eyJRdWV1ZVVybCI6ICJodHRwOi8vMTI3LjAuMC4xOjEvMS9xIn0=\"}";
static const char *RESPONSE_ERR =
    "{\"status_code\": 400, \"headers\": [[\"x-amzn-RequestId\", \"r-2\"]], "
    "\"body_base64\": \"eyJfX3R5cGUiOiAiY29tLmFtYXpvbmF3cy5zcXMjUXVldWVEb2VzTm90RXhpc3QiLCAibWVzc2FnZSI6ICJubyJ9\"}";

static void one_round(void)
{
    gosoto_client *c = NULL, *bad = NULL;
    gosoto_credentials *cr = NULL, *badcr = NULL;
    char *out = NULL, *err = NULL;
    int st;

    expect(gosoto_version() != NULL, "gosoto_version", 0, NULL);
    gosoto_string_free(NULL);

    /* Clients: a valid config, and an invalid one. */
    st = gosoto_client_new(CONFIG, &c, &err);
    expect(st == GOSOTO_OK && c != NULL && err == NULL, "client_new", st, err);
    gosoto_string_free(err);
    err = NULL;
    st = gosoto_client_new("{\"service\": \"sqs\", \"max_attempts\": 0}", &bad, &err);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, err, "client_new (invalid config)");
    expect(bad == NULL, "client_new (invalid config) handle", st, NULL);
    err = NULL;
    st = gosoto_client_new("not json", &bad, &err);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, err, "client_new (malformed JSON)");

    /* Calls that fail before anything is sent. */
    st = gosoto_client_call(c, "SendMessage", "{\"QueueUrl\": 1}", &out);
    status_is(st, GOSOTO_E_VALIDATION, out, "client_call (validation error)");
    out = NULL;
    st = gosoto_client_call(c, "NoSuchOperation", "{}", &out);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, out, "client_call (unknown operation)");
    out = NULL;
    st = gosoto_client_call(c, "SendMessage", "{", &out);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, out, "client_call (malformed input)");

    /* build_request and parse_response, success and error. */
    out = NULL;
    st = gosoto_client_build_request(c, "send_message", "{\"QueueUrl\": \"http://127.0.0.1:1/1/q\", \"MessageBody\": \"hello\"}", &out);
    status_is(st, GOSOTO_OK, out, "build_request");
    out = NULL;
    st = gosoto_client_build_request(c, "SendMessage", "{\"MessageBody\": \"no queue\"}", &out);
    status_is(st, GOSOTO_E_VALIDATION, out, "build_request (validation error)");
    out = NULL;
    st = gosoto_client_parse_response(c, "GetQueueUrl", RESPONSE_OK, &out);
    status_is(st, GOSOTO_OK, out, "parse_response");
    out = NULL;
    st = gosoto_client_parse_response(c, "GetQueueUrl", RESPONSE_ERR, &out);
    status_is(st, GOSOTO_E_SERVICE, out, "parse_response (service error)");
    out = NULL;
    st = gosoto_client_parse_response(c, "GetQueueUrl", "[]", &out);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, out, "parse_response (malformed response)");

    /* Double free, and a call on the freed handle. */
    gosoto_client_free(c);
    gosoto_client_free(c);
    out = NULL;
    st = gosoto_client_call(c, "ListQueues", "{}", &out);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, out, "client_call (freed client)");
    gosoto_client_free(NULL);

    /* Signing, success and error. */
    out = NULL;
    st = gosoto_sign(SIGN_REQUEST, &out);
    status_is(st, GOSOTO_OK, out, "sign");
    out = NULL;
    st = gosoto_sign("{\"method\": \"GET\"}", &out);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, out, "sign (invalid request)");

    /* Credentials: static keys; invalid options; double free. */
    err = NULL;
    st = gosoto_credentials_new("{\"static\": {\"access_key_id\": \"AKIDLEAK\", \"secret_access_key\": \"s\", \"session_token\": \"t\"}}",
                                &cr, &err);
    expect(st == GOSOTO_OK && cr != NULL && err == NULL, "credentials_new", st, err);
    gosoto_string_free(err);
    out = NULL;
    st = gosoto_credentials_get(cr, &out);
    status_is(st, GOSOTO_OK, out, "credentials_get");
    gosoto_credentials_free(cr);
    gosoto_credentials_free(cr);
    out = NULL;
    st = gosoto_credentials_get(cr, &out);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, out, "credentials_get (freed)");
    err = NULL;
    st = gosoto_credentials_new("{\"sources\": [\"nosuch\"]}", &badcr, &err);
    status_is(st, GOSOTO_E_INVALID_ARGUMENT, err, "credentials_new (invalid options)");
    expect(badcr == NULL, "credentials_new (invalid options) handle", st, NULL);
    gosoto_credentials_free(NULL);
}

int main(void)
{
    const char *e = getenv("GOSOTO_LEAK_ITERATIONS");
    const char *t = getenv("GOSOTO_LEAK_TOLERANCE_PCT");
    long n = e && *e ? atol(e) : 100000, tol = t && *t ? atol(t) : 10;
    long rss[CHECKPOINTS], i, k = 0, start = rss_kib();
    double first, last, growth;

    if (n < CHECKPOINTS)
        n = CHECKPOINTS;
    printf("leak_test: %ld iterations of every core entry point; RSS at start %ld KiB\n", n, start);
    for (i = 1; i <= n; i++) {
        one_round();
        if (failures > 0) {
            fprintf(stderr, "leak_test: FAIL: unexpected results in iteration %ld\n", i);
            return 1;
        }
        if (i * CHECKPOINTS % n == 0 && k < CHECKPOINTS) {
            rss[k] = rss_kib();
            printf("leak_test: %3ld%% (%ld iterations): RSS %ld KiB\n", (k + 1) * 100 / CHECKPOINTS, i, rss[k]);
            fflush(stdout);
            k++;
        }
    }
    first = (double)median3(rss[0], rss[1], rss[2]);
    last = (double)median3(rss[CHECKPOINTS - 3], rss[CHECKPOINTS - 2], rss[CHECKPOINTS - 1]);
    growth = (last - first) * 100.0 / first;
    printf("leak_test: RSS median of the first three checkpoints %.0f KiB, of the last three %.0f KiB: growth %.2f%% (tolerance %ld%%)\n",
           first, last, growth, tol);
    if (n < 10000) {
        printf("leak_test: PASS (%ld iterations: results checked, RSS not judged below 10000)\n", n);
        return 0;
    }
    if (growth > (double)tol) {
        fprintf(stderr, "leak_test: FAIL: resident memory grew %.2f%% (> %ld%%)\n", growth, tol);
        return 1;
    }
    printf("leak_test: PASS\n");
    return 0;
}
