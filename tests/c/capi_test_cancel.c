/* capi_test_cancel.c: per-call options (gosoto_client_call_ex) and
 * cancellation of an in-flight call from another thread, against a
 * stalling server on 127.0.0.1 (a listening socket that never accepts: the
 * kernel completes the handshake and takes the request, and no answer
 * ever comes). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capi_test.h"
#include "check.h"
#include "json_get.h"

/* A socket listening on 127.0.0.1 that never accepts; *port gets its port. */
static int stall_listen(int *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A client of the stalling server: long read timeout, 3 attempts. */
static gosoto_client *stall_client(int port)
{
    gosoto_client *c = NULL;
    char *err = NULL;
    char *cfg = xprintf("{\"service\": \"sqs\", \"region\": \"us-east-1\", "
                        "\"endpoint_url\": \"http://127.0.0.1:%d\", \"max_attempts\": 3, "
                        "\"read_timeout_ms\": 60000, \"credentials\": {\"access_key_id\": \"AKIDCANCEL\", "
                        "\"secret_access_key\": \"cancelsecret\"}}",
                        port);
    int st = gosoto_client_new(cfg, &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    free(cfg);
    return c;
}

static void check_code(const char *out, const char *want)
{
    char *code = json_get_string(out, "Error.Code");
    CHECK_D(code != NULL && strcmp(code, want) == 0, out);
    free(code);
}

struct canceler {
    uint64_t token;
    int status;
};

static void *cancel_later(void *arg)
{
    struct canceler *k = arg;
    struct timespec d = {0, 200 * 1000 * 1000};
    nanosleep(&d, NULL);
    k->status = gosoto_cancel(k->token);
    return NULL;
}

void test_cancel_in_flight(void)
{
    int port = 0, fd = stall_listen(&port), st;
    gosoto_client *c;
    struct canceler k = {0, -1};
    pthread_t th;
    char *opts, *out = NULL;
    double t0, took;

    CHECK(fd >= 0);
    if (fd < 0)
        return;
    c = stall_client(port);
    CHECK(gosoto_cancel_token_new(&k.token) == GOSOTO_OK);
    CHECK(k.token != 0);
    opts = xprintf("{\"cancel_token\": %llu}", (unsigned long long)k.token);

    CHECK(pthread_create(&th, NULL, cancel_later, &k) == 0);
    t0 = now_seconds();
    st = gosoto_client_call_ex(c, "ListQueues", "{}", opts, &out);
    took = now_seconds() - t0;
    pthread_join(th, NULL);
    CHECK(k.status == GOSOTO_OK);
    CHECK_ERROR(st, GOSOTO_E_NETWORK, out, "canceled");
    check_code(out, "RequestCanceled");
    CHECK(took >= 0.15 && took < 2.0);
    gosoto_string_free(out);

    /* The token stays canceled: a new call with it ends at once. */
    out = NULL;
    t0 = now_seconds();
    st = gosoto_client_call_ex(c, "ListQueues", "{}", opts, &out);
    CHECK_ERROR(st, GOSOTO_E_NETWORK, out, NULL);
    check_code(out, "RequestCanceled");
    CHECK(now_seconds() - t0 < 1.0);
    gosoto_string_free(out);

    /* Freed: unknown from now on. */
    gosoto_cancel_token_free(k.token);
    CHECK(gosoto_cancel(k.token) == GOSOTO_E_INVALID_ARGUMENT);
    out = NULL;
    st = gosoto_client_call_ex(c, "ListQueues", "{}", opts, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "cancel_token");
    gosoto_string_free(out);
    gosoto_cancel_token_free(k.token); /* twice: ignored */

    free(opts);
    gosoto_client_free(c);
    close(fd);
}

void test_call_timeout_option(void)
{
    int port = 0, fd = stall_listen(&port), st;
    gosoto_client *c;
    char *out = NULL;
    double t0, took;

    CHECK(fd >= 0);
    if (fd < 0)
        return;
    c = stall_client(port);
    t0 = now_seconds();
    st = gosoto_client_call_ex(c, "ListQueues", "{}", "{\"timeout_ms\": 300}", &out);
    took = now_seconds() - t0;
    CHECK_ERROR(st, GOSOTO_E_NETWORK, out, NULL);
    check_code(out, "TimeoutError");
    CHECK(took >= 0.25 && took < 2.0);
    gosoto_string_free(out);
    gosoto_client_free(c);
    close(fd);
}

void test_call_ex_errors(void)
{
    static const char *bad[] = {
        "[1]", "nope", "{\"bogus\": 1}", "{\"timeout_ms\": -1}", "{\"timeout_ms\": 1.5}",
        "{\"timeout_ms\": \"5\"}", "{\"cancel_token\": 0}", "{\"cancel_token\": 123456789}",
    };
    gosoto_client *c = emulator_client(NULL);
    char *out = NULL;
    size_t i;
    int st;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out = NULL;
        st = gosoto_client_call_ex(c, "ListQueues", "{}", bad[i], &out);
        CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "options_json");
        gosoto_string_free(out);
    }
    CHECK(gosoto_client_call_ex(c, "ListQueues", "{}", NULL, NULL) == GOSOTO_E_INVALID_ARGUMENT);
    out = NULL;
    st = gosoto_client_call_ex(NULL, "ListQueues", "{}", NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    CHECK(gosoto_cancel_token_new(NULL) == GOSOTO_E_INVALID_ARGUMENT);
    CHECK(gosoto_cancel(0) == GOSOTO_E_INVALID_ARGUMENT);

    /* No options, or empty ones: a plain call. */
    out = NULL;
    st = gosoto_client_call_ex(c, "ListQueues", "{}", NULL, &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    out = NULL;
    st = gosoto_client_call_ex(c, "list_queues", "{}", "{\"timeout_ms\": 10000}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    gosoto_client_free(c);
}
