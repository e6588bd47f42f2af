/* check.c: the harness declared in check.h. */
#include "check.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_get.h"

static pthread_mutex_t check_mu = PTHREAD_MUTEX_INITIALIZER;
static long n_total, n_failed;

void check_record(int ok, const char *file, int line, const char *expr, const char *detail)
{
    pthread_mutex_lock(&check_mu);
    n_total++;
    if (!ok) {
        n_failed++;
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expr);
        if (detail != NULL)
            fprintf(stderr, "    got: %s\n", detail);
    }
    pthread_mutex_unlock(&check_mu);
}

long check_failures(void)
{
    long n;
    pthread_mutex_lock(&check_mu);
    n = n_failed;
    pthread_mutex_unlock(&check_mu);
    return n;
}

long check_total(void)
{
    long n;
    pthread_mutex_lock(&check_mu);
    n = n_total;
    pthread_mutex_unlock(&check_mu);
    return n;
}

const char *kind_name(int status)
{
    switch (status) {
    case GOSOTO_E_INVALID_ARGUMENT: return "invalid_argument";
    case GOSOTO_E_VALIDATION: return "validation";
    case GOSOTO_E_CREDENTIALS: return "credentials";
    case GOSOTO_E_SERVICE: return "service";
    case GOSOTO_E_NETWORK: return "network";
    case GOSOTO_E_INTERNAL: return "internal";
    default: return "?";
    }
}

int contains_ci(const char *h, const char *n)
{
    size_t hl, nl, i, j;
    if (h == NULL || n == NULL)
        return 0;
    hl = strlen(h);
    nl = strlen(n);
    if (nl == 0)
        return 1;
    for (i = 0; i + nl <= hl; i++) {
        for (j = 0; j < nl; j++)
            if (tolower((unsigned char)h[i + j]) != tolower((unsigned char)n[j]))
                break;
        if (j == nl)
            return 1;
    }
    return 0;
}

void check_error(const char *file, int line, int status, int expected, const char *out,
                 const char *needle)
{
    char *kind = json_get_string(out, "Kind");
    char *msg = json_get_string(out, "Error.Message");
    char *code = json_get_string(out, "Error.Code");
    char expr[256];

    sprintf(expr, "status %d == expected %d (%s)", status, expected, kind_name(expected));
    check_record(status == expected, file, line, expr, out != NULL ? out : "(NULL out)");
    check_record(out != NULL, file, line, "an error document was returned", NULL);
    if (out != NULL) {
        sprintf(expr, "Kind == \"%s\"", kind_name(expected));
        check_record(kind != NULL && strcmp(kind, kind_name(expected)) == 0, file, line, expr, out);
        check_record(msg != NULL && msg[0] != '\0', file, line, "Error.Message is not empty", out);
        check_record(code != NULL && code[0] != '\0', file, line, "Error.Code is not empty", out);
        check_record(json_find(out, "Retryable") != NULL, file, line, "Retryable is present", out);
        if (needle != NULL) {
            char e2[256];
            sprintf(e2, "Error.Message mentions \"%.200s\"", needle);
            check_record(contains_ci(msg, needle), file, line, e2, out);
        }
    }
    free(kind);
    free(msg);
    free(code);
}

void check_ok(const char *file, int line, int status, const char *out)
{
    check_record(status == GOSOTO_OK, file, line, "status == GOSOTO_OK", out != NULL ? out : "(NULL out)");
    check_record(out != NULL && json_find(out, "") != NULL && *json_find(out, "") == '{', file, line,
                 "the output is a JSON object", out);
}

void check_str(const char *file, int line, const char *doc, const char *path, const char *want)
{
    char *v = json_get_string(doc, path);
    char expr[512];
    sprintf(expr, "%.200s == \"%.200s\"", path, want);
    check_record(v != NULL && strcmp(v, want) == 0, file, line, expr, doc != NULL ? doc : "(NULL)");
    free(v);
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *b64_encode(const unsigned char *d, size_t len)
{
    size_t i, o = 0;
    char *out = (char *)malloc(4 * ((len + 2) / 3) + 1);
    if (out == NULL)
        return NULL;
    for (i = 0; i + 2 < len; i += 3) {
        out[o++] = b64chars[d[i] >> 2];
        out[o++] = b64chars[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        out[o++] = b64chars[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)];
        out[o++] = b64chars[d[i + 2] & 63];
    }
    if (i < len) {
        out[o++] = b64chars[d[i] >> 2];
        if (i + 1 < len) {
            out[o++] = b64chars[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
            out[o++] = b64chars[(d[i + 1] & 15) << 2];
        } else {
            out[o++] = b64chars[(d[i] & 3) << 4];
            out[o++] = '=';
        }
        out[o++] = '=';
    }
    out[o] = '\0';
    return out;
}

unsigned char *b64_decode(const char *s, size_t *len)
{
    size_t n = strlen(s), i, o = 0;
    unsigned char *out;
    unsigned long acc = 0;
    int bits = 0, pad = 0;
    if (n % 4 != 0)
        return NULL;
    out = (unsigned char *)malloc(n / 4 * 3 + 1);
    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        const char *p;
        if (s[i] == '=') {
            pad++;
            continue;
        }
        p = strchr(b64chars, s[i]);
        if (p == NULL || pad > 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned long)(p - b64chars);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)((acc >> bits) & 0xFF);
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

char *xprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    s = (char *)malloc((size_t)n + 1);
    if (s == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *header_value(const char *doc, const char *name)
{
    unsigned long i;
    for (i = 0; i < 1000; i++) {
        char path[64];
        char *n;
        sprintf(path, "headers[%lu][0]", i);
        n = json_get_string(doc, path);
        if (n == NULL)
            return NULL;
        if (contains_ci(n, name) && strlen(n) == strlen(name)) {
            free(n);
            sprintf(path, "headers[%lu][1]", i);
            return json_get_string(doc, path);
        }
        free(n);
    }
    return NULL;
}

char *env_swap(const char *name, const char *value)
{
    const char *old = getenv(name);
    char *prev = NULL;
    if (old != NULL) {
        prev = (char *)malloc(strlen(old) + 1);
        if (prev != NULL)
            strcpy(prev, old);
    }
    if (value == NULL)
        unsetenv(name);
    else
        setenv(name, value, 1);
    return prev;
}

void env_restore(const char *name, char *previous)
{
    if (previous == NULL)
        unsetenv(name);
    else
        setenv(name, previous, 1);
    free(previous);
}

const char *sqs_endpoint(void)
{
    static char saved[256];
    const char *e = getenv("GOSOTO_TEST_SQS_ENDPOINT");
    if (saved[0] == '\0') {
        if (e == NULL || strncmp(e, "http://127.0.0.1:", 17) != 0 || strlen(e) >= sizeof saved) {
            fprintf(stderr,
                    "capi_test: GOSOTO_TEST_SQS_ENDPOINT must name the local SQS emulator "
                    "(http://127.0.0.1:PORT); run me through tests/scripts/with-sqs-emulator.sh\n");
            exit(2);
        }
        strcpy(saved, e);
    }
    return saved;
}
