/*
 * fork_test: a process that has loaded libgosoto and made calls forks.
 * The parent keeps working (more calls succeed, before and after the child
 * ends); the child, which calls into the library, must not hang: it gets
 * GOSOTO_E_INTERNAL with a message saying gosoto cannot be used in a child
 * after fork, or, at worst, is reported. Each process has a watchdog
 * (alarm). The endpoint is GOSOTO_LOAD_ENDPOINT (tests/load/server).
 *
 * Child outcome codes: 0 = clear error, 3 = the call succeeded (tolerated
 * only with GOSOTO_FORK_ALLOW_OK), 4 = wrong error, SIGALRM = hang.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gosoto.h>

static gosoto_client *client;

static int call(const char *id, char **out)
{
    char input[256];
    snprintf(input, sizeof input,
             "{\"QueueUrl\":\"http://127.0.0.1/000000000000/fork\",\"MessageBody\":\"%s\"}", id);
    *out = NULL;
    return gosoto_client_call(client, "SendMessage", input, out);
}

static int parent_calls(const char *tag, int n)
{
    for (int i = 0; i < n; i++) {
        char id[64], want[96], *out;
        snprintf(id, sizeof id, "%s-%d", tag, i);
        snprintf(want, sizeof want, "\"MessageId\":\"id-%s\"", id);
        int st = call(id, &out);
        if (st != GOSOTO_OK || out == NULL || strstr(out, want) == NULL) {
            fprintf(stderr, "fork_test: parent %s call %d: status %d: %s\n", tag, i, st, out ? out : "(null)");
            gosoto_string_free(out);
            return 0;
        }
        gosoto_string_free(out);
    }
    return 1;
}

static volatile int busy_stop;

/* GOSOTO_FORK_BUSY: threads that keep calling while the parent forks. */
static void *busy(void *arg)
{
    (void)arg;
    for (int i = 0; !busy_stop; i++) {
        char id[64], *out;
        snprintf(id, sizeof id, "busy-%lu-%d", (unsigned long)pthread_self() % 100000, i);
        call(id, &out);
        gosoto_string_free(out);
    }
    return NULL;
}

int main(void)
{
    const char *ep = getenv("GOSOTO_LOAD_ENDPOINT");
    if (ep == NULL || *ep == '\0') {
        fprintf(stderr, "fork_test: GOSOTO_LOAD_ENDPOINT is not set\n");
        return 2;
    }
    alarm(120);
    char config[512], *err = NULL;
    snprintf(config, sizeof config,
             "{\"service\":\"sqs\",\"region\":\"us-east-1\",\"endpoint_url\":\"%s\",\"max_attempts\":3,"
             "\"credentials\":{\"access_key_id\":\"AKIDFORK\",\"secret_access_key\":\"forksecret\"}}", ep);
    if (gosoto_client_new(config, &client, &err) != GOSOTO_OK) {
        fprintf(stderr, "fork_test: client: %s\n", err ? err : "(null)");
        return 1;
    }
    if (!parent_calls("before", 50))
        return 1;

    int nbusy = getenv("GOSOTO_FORK_BUSY") ? atoi(getenv("GOSOTO_FORK_BUSY")) : 0;
    pthread_t busy_tid[16];
    if (nbusy > 16)
        nbusy = 16;
    for (int i = 0; i < nbusy; i++)
        pthread_create(&busy_tid[i], NULL, busy, NULL);
    if (nbusy > 0)
        nanosleep(&(struct timespec){0, 200000000}, NULL);

    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        alarm(10); /* a hang in the child is a failure, not a stuck test */
        char *out = NULL;
        int st = call("child", &out);
        fprintf(stderr, "fork_test: child: status %d: %s\n", st, out ? out : "(null)");
        if (st == GOSOTO_OK)
            _exit(3);
        if (st != GOSOTO_E_INTERNAL || out == NULL || strstr(out, "after fork") == NULL)
            _exit(4);
        gosoto_string_free(out);
        /* Every entry point answers the same way, and frees are no-ops. */
        gosoto_client *c2 = NULL;
        char *err2 = NULL;
        st = gosoto_client_new("{\"service\":\"sqs\"}", &c2, &err2);
        if (st != GOSOTO_E_INTERNAL || c2 != NULL || err2 == NULL || strstr(err2, "after fork") == NULL)
            _exit(4);
        gosoto_string_free(err2);
        gosoto_client_free(client);
        _exit(0);
    }
    if (!parent_calls("during", 50))
        return 1;
    int ws;
    if (waitpid(pid, &ws, 0) != pid) {
        perror("waitpid");
        return 1;
    }
    busy_stop = 1;
    for (int i = 0; i < nbusy; i++)
        pthread_join(busy_tid[i], NULL);
    if (!parent_calls("after", 50))
        return 1;
    gosoto_client_free(client);
    if (WIFSIGNALED(ws)) {
        fprintf(stderr, "fork_test: the child was killed by signal %d%s\n", WTERMSIG(ws),
                WTERMSIG(ws) == SIGALRM ? " (it hung in the library)" : "");
        return 1;
    }
    int code = WEXITSTATUS(ws);
    if (code == 3 && getenv("GOSOTO_FORK_ALLOW_OK") != NULL)
        code = 0;
    if (code != 0) {
        fprintf(stderr, "fork_test: child exit code %d\n", code);
        return 1;
    }
    printf("fork_test: parent kept working (150 calls); the child got a clear error\n");
    return 0;
}
