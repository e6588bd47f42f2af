/* cabi_driver: the C ABI backend of the Go conformance runners.
 *
 *     cabi_driver build/libgosoto.so
 *
 * dlopens the library and answers calls read from stdin, one at a time, so
 * that one Go test can run a whole suite through the public C functions in
 * one process (internal/cabitest is the Go side). Framing, both ways, is
 * length-prefixed so that any byte string passes:
 *
 *   request:  "<function> <nargs>\n", then per argument "<len>\n<len bytes>"
 *             (len -1: a NULL pointer)
 *   reply:    "<status> <len>\n<len bytes>"   (len -1: *out was NULL)
 *
 * Functions are looked up by name with dlsym and called by the shape of
 * their signature (below). Client handles cross as decimal ids: "new"
 * functions reply with the id, "client" functions take it as argument 1.
 * A protocol error (unknown function, wrong argument count, missing
 * symbol) is status -1 with a message; the driver then goes on. EOF ends it. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fn_s_o)(const char *, char **);
typedef int (*fn_ss_o)(const char *, const char *, char **);
typedef int (*fn_o)(char **);
typedef int (*fn_new)(const char *, void **, char **);
typedef int (*fn_h_o)(void *, char **);
typedef int (*fn_hs_o)(void *, const char *, char **);
typedef int (*fn_hss_o)(void *, const char *, const char *, char **);
typedef int (*fn_hsss_o)(void *, const char *, const char *, const char *, char **);
typedef void (*fn_free)(void *);
typedef void (*fn_string_free)(char *);

enum shape { S_O, SS_O, O, NEW, H_O, HS_O, HSS_O, HSSS_O, H_FREE };

static const struct {
    const char *name;
    enum shape shape;
} known[] = {
    {"gosoto_sign", S_O},
    {"gosoto_service_describe", S_O},
    {"gosoto_services", O},
    {"gosoto_endpoint_resolve", SS_O},
    {"gosoto_client_new", NEW},
    {"gosoto_client_info", H_O},
    {"gosoto_client_describe", H_O},
    {"gosoto_client_call", HSS_O},
    {"gosoto_client_build_request", HSS_O},
    {"gosoto_client_parse_response", HSS_O},
    {"gosoto_client_resolve_endpoint", HSS_O},
    {"gosoto_client_call_ex", HSSS_O},
    {"gosoto_client_free", H_FREE},
};

#define MAX_ARGS 8
#define MAX_HANDLES 4096

static void *handles[MAX_HANDLES];
static void *lib;
static fn_string_free string_free;

typedef void (*fn_any)(void);

/* sym is dlsym for a function: POSIX guarantees the object-to-function
 * pointer conversion that ISO C leaves undefined, done here by copying. */
static fn_any sym(const char *name)
{
    void *p = dlsym(lib, name);
    fn_any f = NULL;
    if (p != NULL)
        memcpy(&f, &p, sizeof f);
    return f;
}

static void reply(int status, const char *out)
{
    if (out == NULL) {
        printf("%d -1\n", status);
    } else {
        size_t n = strlen(out);
        printf("%d %zu\n", status, n);
        fwrite(out, 1, n, stdout);
    }
    fflush(stdout);
}

static void protocol_error(const char *what, const char *name)
{
    char msg[512];
    snprintf(msg, sizeof msg, "cabi_driver: %s: %s", what, name);
    reply(-1, msg);
}

/* read_arg reads one length-prefixed argument; *null is set for len -1. */
static char *read_arg(int *null, int *eof)
{
    long len;
    *null = 0;
    if (scanf("%ld", &len) != 1) {
        *eof = 1;
        return NULL;
    }
    if (getchar() != '\n') {
        *eof = 1;
        return NULL;
    }
    if (len < 0) {
        *null = 1;
        return NULL;
    }
    char *s = malloc((size_t)len + 1);
    if (s == NULL || fread(s, 1, (size_t)len, stdin) != (size_t)len) {
        free(s);
        *eof = 1;
        return NULL;
    }
    s[len] = 0;
    return s;
}

static void *handle_of(const char *id)
{
    long i = id ? strtol(id, NULL, 10) : -1;
    if (i < 0 || i >= MAX_HANDLES)
        return NULL;
    return handles[i];
}

static void answer(int status, char *out)
{
    reply(status, out);
    if (out != NULL)
        string_free(out);
}

static void call(const char *name, int nargs, char **a)
{
    enum shape shape;
    size_t i;
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].name, name) == 0)
            break;
    if (i == sizeof known / sizeof known[0]) {
        protocol_error("unknown function", name);
        return;
    }
    shape = known[i].shape;
    static const int want[] = {[S_O] = 1, [SS_O] = 2, [O] = 0, [NEW] = 1, [H_O] = 1,
                               [HS_O] = 2, [HSS_O] = 3, [HSSS_O] = 4, [H_FREE] = 1};
    if (nargs != want[shape]) {
        protocol_error("wrong number of arguments for", name);
        return;
    }
    fn_any f = sym(name);
    if (f == NULL) {
        protocol_error("the library has no function", name);
        return;
    }
    char *out = NULL;
    int st;
    /* The status is taken first: C leaves the order of evaluation of a
     * call's arguments unspecified, and out is written by the call. */
    switch (shape) {
    case S_O:
        st = ((fn_s_o)f)(a[0], &out);
        answer(st, out);
        break;
    case SS_O:
        st = ((fn_ss_o)f)(a[0], a[1], &out);
        answer(st, out);
        break;
    case O:
        st = ((fn_o)f)(&out);
        answer(st, out);
        break;
    case NEW: {
        void *h = NULL;
        st = ((fn_new)f)(a[0], &h, &out);
        if (st != 0 || h == NULL) {
            answer(st, out);
            break;
        }
        for (i = 0; i < MAX_HANDLES && handles[i] != NULL; i++)
            ;
        if (i == MAX_HANDLES) {
            protocol_error("too many open handles for", name);
            break;
        }
        handles[i] = h;
        char id[32];
        snprintf(id, sizeof id, "%zu", i);
        reply(st, id);
        break;
    }
    case H_O:
        st = ((fn_h_o)f)(handle_of(a[0]), &out);
        answer(st, out);
        break;
    case HS_O:
        st = ((fn_hs_o)f)(handle_of(a[0]), a[1], &out);
        answer(st, out);
        break;
    case HSS_O:
        st = ((fn_hss_o)f)(handle_of(a[0]), a[1], a[2], &out);
        answer(st, out);
        break;
    case HSSS_O:
        st = ((fn_hsss_o)f)(handle_of(a[0]), a[1], a[2], a[3], &out);
        answer(st, out);
        break;
    case H_FREE: {
        long id = a[0] ? strtol(a[0], NULL, 10) : -1;
        ((fn_free)f)(handle_of(a[0]));
        if (id >= 0 && id < MAX_HANDLES)
            handles[id] = NULL;
        reply(0, NULL);
        break;
    }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: cabi_driver LIBRARY\n");
        return 2;
    }
    lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "cabi_driver: %s\n", dlerror());
        return 2;
    }
    string_free = (fn_string_free)sym("gosoto_string_free");
    if (string_free == NULL) {
        fprintf(stderr, "cabi_driver: %s has no gosoto_string_free\n", argv[1]);
        return 2;
    }
    for (;;) {
        char name[128];
        int nargs;
        if (scanf("%127s %d", name, &nargs) != 2 || getchar() != '\n')
            return 0;
        if (nargs < 0 || nargs > MAX_ARGS) {
            fprintf(stderr, "cabi_driver: bad argument count %d\n", nargs);
            return 2;
        }
        char *args[MAX_ARGS] = {0};
        int eof = 0;
        for (int i = 0; i < nargs && !eof; i++) {
            int null;
            args[i] = read_arg(&null, &eof);
        }
        if (eof) {
            fprintf(stderr, "cabi_driver: truncated request for %s\n", name);
            return 2;
        }
        call(name, nargs, args);
        for (int i = 0; i < nargs; i++)
            free(args[i]);
    }
}
