/*
 * load_test: GOSOTO_LOAD_THREADS pthreads (default 32) share one client and
 * each make GOSOTO_LOAD_CALLS SendMessage calls (default 10000) against the
 * local load server (tests/load/server, endpoint in GOSOTO_LOAD_ENDPOINT),
 * which fails 1% of calls' first attempt with a 500. With max_attempts 3
 * every call must succeed, and every result must carry the MessageId that
 * echoes the call's own id. A watchdog (alarm, GOSOTO_LOAD_TIMEOUT seconds,
 * default 900) turns a deadlock into a failure.
 *
 * The client's credentials come from a callback provider whose credentials
 * live GOSOTO_LOAD_CRED_LIFETIME seconds (default 12): under the load, the
 * callback must run at least once per lifetime that the run spans (each
 * expiry is refreshed), at most once per half lifetime (not per call, nor
 * by several threads for one expiry), and never twice at once.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gosoto.h>

static gosoto_client *client;
static long calls_per_thread = 10000;
static long failures, retried;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static long cred_lifetime = 12;
static long cred_calls, cred_overlaps;
static int cred_busy;

/* The credentials provider: counts its calls and any two at once. */
static int load_credentials(void *user_data, char *buf, size_t len)
{
    (void)user_data;
    pthread_mutex_lock(&mu);
    if (cred_busy)
        cred_overlaps++;
    cred_busy = 1;
    long n = ++cred_calls;
    pthread_mutex_unlock(&mu);
    time_t exp = time(NULL) + cred_lifetime;
    struct tm tm;
    char when[32];
    gmtime_r(&exp, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(buf, len,
             "{\"Version\":1,\"AccessKeyId\":\"AKIDLOAD%ld\",\"SecretAccessKey\":\"loadsecret\","
             "\"SessionToken\":\"tok%ld\",\"Expiration\":\"%s\"}", n, n, when);
    pthread_mutex_lock(&mu);
    cred_busy = 0;
    pthread_mutex_unlock(&mu);
    return 0;
}

static long env_long(const char *name, long def)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : def;
}

static void on_alarm(int sig)
{
    static const char msg[] = "load_test: watchdog: no completion in time (deadlock?)\n";
    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0) { /* nothing to do */ }
    _exit(2);
}

static void *worker(void *arg)
{
    long t = (long)(intptr_t)arg;
    char input[256], want[128];
    long bad = 0, again = 0;
    for (long i = 0; i < calls_per_thread; i++) {
        char *out = NULL;
        snprintf(input, sizeof input,
                 "{\"QueueUrl\":\"http://127.0.0.1/000000000000/load\",\"MessageBody\":\"t%ld-c%ld\"}", t, i);
        snprintf(want, sizeof want, "\"MessageId\":\"id-t%ld-c%ld\"", t, i);
        int st = gosoto_client_call(client, "SendMessage", input, &out);
        if (st != GOSOTO_OK || out == NULL || strstr(out, want) == NULL) {
            if (bad++ < 3)
                fprintf(stderr, "load_test: thread %ld call %ld: status %d: %s\n", t, i, st, out ? out : "(null)");
        } else if (strstr(out, "\"RetryAttempts\":0") == NULL) {
            again++;
        }
        gosoto_string_free(out);
    }
    pthread_mutex_lock(&mu);
    failures += bad;
    retried += again;
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    const char *ep = getenv("GOSOTO_LOAD_ENDPOINT");
    if (ep == NULL || *ep == '\0') {
        fprintf(stderr, "load_test: GOSOTO_LOAD_ENDPOINT is not set\n");
        return 2;
    }
    long threads = env_long("GOSOTO_LOAD_THREADS", 32);
    calls_per_thread = env_long("GOSOTO_LOAD_CALLS", 10000);
    if (threads < 1 || threads > 1024 || calls_per_thread < 1) {
        fprintf(stderr, "load_test: bad GOSOTO_LOAD_THREADS or GOSOTO_LOAD_CALLS\n");
        return 2;
    }
    signal(SIGALRM, on_alarm);
    alarm((unsigned)env_long("GOSOTO_LOAD_TIMEOUT", 900));

    cred_lifetime = env_long("GOSOTO_LOAD_CRED_LIFETIME", 12);
    char config[512], *err = NULL;
    gosoto_credentials *creds = NULL;
    if (gosoto_credentials_new_callback(load_credentials, NULL, &creds, &err) != GOSOTO_OK) {
        fprintf(stderr, "load_test: credentials: %s\n", err ? err : "(null)");
        return 1;
    }
    snprintf(config, sizeof config,
             "{\"service\":\"sqs\",\"region\":\"us-east-1\",\"endpoint_url\":\"%s\",\"max_attempts\":3}", ep);
    if (gosoto_client_new_with_credentials(config, creds, &client, &err) != GOSOTO_OK) {
        fprintf(stderr, "load_test: client: %s\n", err ? err : "(null)");
        return 1;
    }
    gosoto_credentials_free(creds); /* the client keeps its own reference */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    for (long t = 0; t < threads; t++)
        if (pthread_create(&tid[t], NULL, worker, (void *)(intptr_t)t) != 0) {
            fprintf(stderr, "load_test: pthread_create failed\n");
            return 1;
        }
    for (long t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(tid);
    gosoto_client_free(client);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    long total = threads * calls_per_thread;
    printf("load_test: %ld threads x %ld calls = %ld calls in %.1f s (%.0f calls/s); %ld retried after a 500; %ld wrong\n",
           threads, calls_per_thread, total, secs, (double)total / secs, retried, failures);
    /* Lifetimes the run spanned: each one's expiry needed a refresh. */
    long expiries = (long)(secs / (double)cred_lifetime);
    long at_most = 1 + (long)(secs / ((double)cred_lifetime / 2)) + 1;
    printf("load_test: credentials lasting %ld s were fetched %ld times in %.1f s (at least %ld, at most %ld); %ld overlapping fetches\n",
           cred_lifetime, cred_calls, secs, 1 + expiries, at_most, cred_overlaps);
    if (cred_overlaps != 0 || cred_calls < 1 + expiries || cred_calls > at_most) {
        fprintf(stderr, "load_test: credentials were not refreshed once per expiry\n");
        return 1;
    }
    if (failures != 0)
        return 1;
    if (retried == 0 && total >= 1000) {
        fprintf(stderr, "load_test: no call was retried: is the server injecting failures?\n");
        return 1;
    }
    return 0;
}
