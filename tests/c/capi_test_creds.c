/* capi_test_creds.c: credential sources through the C API, the callback
 * provider, a credentials handle shared by clients, and one refresh per
 * expiry under 16 threads.
 *
 * credential_process, the container endpoint (a tiny HTTP server on
 * 127.0.0.1 in a thread of this program) and the callback provider need
 * nothing else. The cases backed by real components (creds_imds:
 * amazon-ec2-metadata-mock; creds_assume_role, creds_web_identity: moto as
 * STS with IAM authentication on) need what tests/scripts/moto-sts.sh starts
 * and passes in GOSOTO_TEST_* variables; without them they say so and check
 * nothing. The static, env and profile sources are covered in
 * capi_test_env.c.
 *
 * These tests change the environment: they run while no other thread calls
 * into the library (the threads of creds_callback_threads only call
 * gosoto_credentials_get). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capi_test.h"
#include "check.h"
#include "json_get.h"

#include <gosoto/sqs.h>
#include <gosoto/sts.h>

/* ------------------------------------------------------------------ helpers */

/* Every AWS_* variable that could feed a credential chain; cleared by
 * env_save, restored by env_load. */
static const char *const vars[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_EC2_METADATA_V1_DISABLED",
    "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "AWS_REGION",
};
#define N_VARS (sizeof vars / sizeof vars[0])

static void env_save(char **saved)
{
    size_t i;
    for (i = 0; i < N_VARS; i++)
        saved[i] = env_swap(vars[i], NULL);
    /* Nothing from the host: no metadata endpoint, no shared files. */
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gosoto-test/credentials", 1);
    setenv("AWS_CONFIG_FILE", "/nonexistent/gosoto-test/config", 1);
    setenv("AWS_REGION", "us-east-1", 1);
}

static void env_load(char **saved)
{
    size_t i;
    for (i = 0; i < N_VARS; i++)
        env_restore(vars[i], saved[i]);
}

static char *temp_file(const char *content)
{
    char tmpl[] = "/tmp/gosoto-capi-creds.XXXXXX";
    int fd = mkstemp(tmpl);
    FILE *f;
    if (fd < 0)
        return NULL;
    f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        unlink(tmpl);
        return NULL;
    }
    fputs(content, f);
    fclose(f);
    return xprintf("%s", tmpl);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    struct timespec ts;
    if (s <= 0)
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

/* RFC 3339 UTC with milliseconds. */
static void iso8601(double t, char *buf, size_t len)
{
    time_t sec = (time_t)t;
    struct tm tm;
    char base[32];
    gmtime_r(&sec, &tm);
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, len, "%s.%03dZ", base, (int)((t - (double)sec) * 1000.0));
}

/* Gets credentials from an options document and checks the key, the
 * source and (when not NULL) the secret; returns the document (free it
 * with gosoto_string_free) or NULL. */
static char *expect_creds(const char *file, int line, const char *options, const char *want_key,
                          const char *want_secret, const char *want_source)
{
    gosoto_credentials *cr = NULL;
    char *err = NULL, *out = NULL, *v;
    int st = gosoto_credentials_new(options, &cr, &err);
    check_record(st == GOSOTO_OK, file, line, "gosoto_credentials_new", err);
    gosoto_string_free(err);
    if (st != GOSOTO_OK)
        return NULL;
    st = gosoto_credentials_get(cr, &out);
    check_record(st == GOSOTO_OK, file, line, "gosoto_credentials_get status == GOSOTO_OK", out);
    if (want_key != NULL)
        check_str(file, line, out, "AccessKeyId", want_key);
    if (want_secret != NULL)
        check_str(file, line, out, "SecretAccessKey", want_secret);
    check_str(file, line, out, "Source", want_source);
    v = json_get_string(out, "SecretAccessKey");
    check_record(v != NULL && v[0] != '\0', file, line, "a SecretAccessKey", out);
    free(v);
    gosoto_credentials_free(cr);
    return out;
}
#define EXPECT_CREDS(opts, key, secret, source) expect_creds(__FILE__, __LINE__, (opts), (key), (secret), (source))

/* The get of a fresh provider fails with GOSOTO_E_CREDENTIALS naming needle. */
static void expect_creds_error(const char *file, int line, const char *options, const char *needle,
                               const char *secret)
{
    gosoto_credentials *cr = NULL;
    char *err = NULL, *out = NULL;
    int st = gosoto_credentials_new(options, &cr, &err);
    check_record(st == GOSOTO_OK, file, line, "gosoto_credentials_new", err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, &out);
    check_error(file, line, st, GOSOTO_E_CREDENTIALS, out, needle);
    if (secret != NULL)
        check_record(!contains_ci(out, secret), file, line, "no secret in the error", out);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);
}
#define EXPECT_CREDS_ERROR(opts, needle, secret) expect_creds_error(__FILE__, __LINE__, (opts), (needle), (secret))

/* A GOSOTO_TEST_* setting, or NULL after saying the case is skipped. */
static const char *need_env(const char *name, const char *what)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        printf("     (skipped: %s not set; tests/scripts/moto-sts.sh runs %s)\n", name, what);
        return NULL;
    }
    return v;
}

/* ----------------------------------------------------- credential_process */

void test_creds_process(void)
{
    char *saved[N_VARS];
    char *cfg, *opts, *out;
    cfg = temp_file("[profile proc]\n"
                    "credential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", "
                    "\"SecretAccessKey\": \"processsecret\", \"SessionToken\": \"processtoken\", "
                    "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n"
                    "[profile broken]\n"
                    "credential_process = sh -c 'echo process-said-no >&2; exit 3'\n");
    CHECK(cfg != NULL);
    if (cfg == NULL)
        return;
    env_save(saved);
    opts = xprintf("{\"config_file\": \"%s\", \"profile\": \"proc\", \"sources\": [\"profile\"]}", cfg);
    out = EXPECT_CREDS(opts, "AKIDPROCESS", "processsecret", "process");
    CHECK_STR(out, "SessionToken", "processtoken");
    CHECK_STR(out, "Expiration", "2099-01-01T00:00:00Z");
    gosoto_string_free(out);
    free(opts);

    /* Through AWS_CONFIG_FILE + AWS_PROFILE and the default chain. */
    setenv("AWS_CONFIG_FILE", cfg, 1);
    setenv("AWS_PROFILE", "proc", 1);
    out = EXPECT_CREDS("{}", "AKIDPROCESS", "processsecret", "process");
    gosoto_string_free(out);

    /* A failing process: its stderr is in the error. */
    setenv("AWS_PROFILE", "broken", 1);
    EXPECT_CREDS_ERROR("{}", "process-said-no", NULL);
    env_load(saved);
    unlink(cfg);
    free(cfg);
}

/* ------------------------------------------------------ container endpoint */

/* A one-thread HTTP server on 127.0.0.1 that answers GET <path> carrying
 * "Authorization: <token>" with body, anything else with 401. */
struct http_server {
    int fd, port;
    pthread_t thread;
    pthread_mutex_t mu;
    int stop, requests, authorized;
    const char *path, *token, *body;
};

static void *http_server_main(void *arg)
{
    struct http_server *s = (struct http_server *)arg;
    for (;;) {
        char req[4096], line[512], *resp;
        size_t n = 0;
        int c = accept(s->fd, NULL, NULL), ok, stop;
        if (c < 0)
            break;
        pthread_mutex_lock(&s->mu);
        stop = s->stop;
        pthread_mutex_unlock(&s->mu);
        if (stop) {
            close(c);
            break;
        }
        while (n < sizeof req - 1) {
            ssize_t r = read(c, req + n, sizeof req - 1 - n);
            if (r <= 0)
                break;
            n += (size_t)r;
            req[n] = '\0';
            if (strstr(req, "\r\n\r\n") != NULL)
                break;
        }
        req[n] = '\0';
        snprintf(line, sizeof line, "GET %s HTTP/1.1\r\n", s->path);
        ok = strncmp(req, line, strlen(line)) == 0;
        snprintf(line, sizeof line, "\r\nAuthorization: %s\r\n", s->token);
        ok = ok && contains_ci(req, line);
        pthread_mutex_lock(&s->mu);
        s->requests++;
        s->authorized += ok;
        pthread_mutex_unlock(&s->mu);
        if (ok)
            resp = xprintf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %lu\r\n"
                           "Connection: close\r\n\r\n%s",
                           (unsigned long)strlen(s->body), s->body);
        else
            resp = xprintf("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        if (write(c, resp, strlen(resp)) < 0)
            perror("capi_test: http server write");
        free(resp);
        close(c);
    }
    return NULL;
}

static int http_server_start(struct http_server *s)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->fd, 16) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    s->port = ntohs(a.sin_port);
    pthread_mutex_init(&s->mu, NULL);
    return pthread_create(&s->thread, NULL, http_server_main, s) == 0 ? 0 : -1;
}

static void http_server_stop(struct http_server *s)
{
    struct sockaddr_in a;
    int c;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_mutex_unlock(&s->mu);
    /* Wake accept() with one last connection. */
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)s->port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    if (c >= 0) {
        if (connect(c, (struct sockaddr *)&a, sizeof a) != 0)
            perror("capi_test: http server stop");
        close(c);
    }
    pthread_join(s->thread, NULL);
    close(s->fd);
    pthread_mutex_destroy(&s->mu);
}

void test_creds_container(void)
{
    char *saved[N_VARS];
    struct http_server s;
    char *uri, *out;
    memset(&s, 0, sizeof s);
    s.path = "/v2/credentials/gosoto";
    s.token = "gosoto-container-auth-token";
    s.body = "{\"AccessKeyId\": \"AKIDCONTAINER\", \"SecretAccessKey\": \"containersecret\", "
             "\"Token\": \"containertoken\", \"Expiration\": \"2099-01-01T00:00:00Z\", "
             "\"RoleArn\": \"arn:aws:iam::123456789012:role/task\"}";
    if (http_server_start(&s) != 0) {
        CHECK_D(0, "cannot start the container endpoint on 127.0.0.1");
        return;
    }
    env_save(saved);
    uri = xprintf("http://127.0.0.1:%d%s", s.port, s.path);
    setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, 1);
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", s.token, 1);

    out = EXPECT_CREDS("{\"sources\": [\"container\"]}", "AKIDCONTAINER", "containersecret", "container");
    CHECK_STR(out, "SessionToken", "containertoken");
    CHECK_STR(out, "Expiration", "2099-01-01T00:00:00Z");
    gosoto_string_free(out);
    /* The default chain gets there too (nothing before it is set). */
    out = EXPECT_CREDS("{}", "AKIDCONTAINER", NULL, "container");
    gosoto_string_free(out);
    pthread_mutex_lock(&s.mu);
    CHECK(s.requests == 2 && s.authorized == 2);
    pthread_mutex_unlock(&s.mu);

    /* A wrong token: the endpoint refuses, and the token is not shown. */
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a-wrong-container-token", 1);
    EXPECT_CREDS_ERROR("{\"sources\": [\"container\"]}", "container", "a-wrong-container-token");

    http_server_stop(&s);
    env_load(saved);
    free(uri);
}

/* -------------------------------------------------------------------- IMDS */

void test_creds_imds(void)
{
    char *saved[N_VARS];
    const char *ep = need_env("GOSOTO_TEST_IMDS_ENDPOINT", "it against amazon-ec2-metadata-mock");
    const char *key = getenv("GOSOTO_TEST_IMDS_KEY");
    char *out;
    if (ep == NULL)
        return;
    CHECK(key != NULL);
    env_save(saved);
    unsetenv("AWS_EC2_METADATA_DISABLED");
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", ep, 1);
    out = EXPECT_CREDS("{\"sources\": [\"imds\"]}", key, NULL, "imds");
    CHECK_D(json_has(out, "SessionToken") && json_has(out, "Expiration"), out);
    gosoto_string_free(out);
    /* The whole default chain ends there. */
    out = EXPECT_CREDS("{}", key, NULL, "imds");
    gosoto_string_free(out);
    env_load(saved);
}

/* ------------------------------------------------------- moto as real STS */

/* The Arn of GetCallerIdentity signed with the credentials of cr, through a
 * client that shares cr; malloc'd or NULL. */
static char *caller_arn(gosoto_credentials *cr)
{
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL, *arn;
    int st = gosoto_client_new_with_credentials("{\"service\": \"sts\", \"region\": \"us-east-1\"}", cr, &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    if (st != GOSOTO_OK)
        return NULL;
    st = gosoto_sts_get_caller_identity(c, "{}", &out);
    CHECK_OK(st, out);
    arn = json_get_string(out, "Arn");
    gosoto_string_free(out);
    gosoto_client_free(c);
    return arn;
}

/* Resolves a profile of the config file through moto; checks the source,
 * a session key, and that moto takes the credentials as the assumed role. */
static void assume_through_moto(const char *file, int line, const char *config, const char *profile,
                                const char *want_arn_part)
{
    gosoto_credentials *cr = NULL;
    char *opts = xprintf("{\"config_file\": \"%s\", \"profile\": \"%s\", \"sources\": [\"profile\"]}", config, profile);
    char *err = NULL, *out = NULL, *key, *arn;
    int st = gosoto_credentials_new(opts, &cr, &err);
    check_record(st == GOSOTO_OK, file, line, "gosoto_credentials_new", err);
    gosoto_string_free(err);
    free(opts);
    if (st != GOSOTO_OK)
        return;
    st = gosoto_credentials_get(cr, &out);
    check_record(st == GOSOTO_OK, file, line, "assume role through moto", out);
    check_str(file, line, out, "Source", "assume_role");
    key = json_get_string(out, "AccessKeyId");
    check_record(key != NULL && strncmp(key, "ASIA", 4) == 0, file, line, "a session key (ASIA...)", out);
    check_record(json_has(out, "SessionToken") && json_has(out, "Expiration"), file, line,
                 "SessionToken and Expiration", out);
    free(key);
    gosoto_string_free(out);
    arn = caller_arn(cr);
    check_record(arn != NULL && strstr(arn, want_arn_part) != NULL, file, line, want_arn_part, arn);
    free(arn);
    gosoto_credentials_free(cr);
}

static char *read_line(FILE *f)
{
    char buf[512];
    size_t n;
    if (fgets(buf, sizeof buf, f) == NULL)
        return NULL;
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return xprintf("%s", buf);
}

void test_creds_assume_role(void)
{
    char *saved[N_VARS];
    const char *ep = need_env("GOSOTO_TEST_STS_ENDPOINT", "it against moto");
    const char *keyfile = getenv("GOSOTO_TEST_IAM_KEY_FILE");
    const char *role1 = getenv("GOSOTO_TEST_ROLE1_ARN"), *role2 = getenv("GOSOTO_TEST_ROLE2_ARN");
    char *key_id = NULL, *secret = NULL, *cfg_text, *cfg, *opts, *out = NULL, *err = NULL, *arn;
    gosoto_client *c = NULL;
    FILE *f;
    int st;
    if (ep == NULL)
        return;
    CHECK(keyfile != NULL && role1 != NULL && role2 != NULL);
    if (keyfile == NULL || role1 == NULL || role2 == NULL || (f = fopen(keyfile, "r")) == NULL) {
        CHECK_D(0, "cannot read GOSOTO_TEST_IAM_KEY_FILE");
        return;
    }
    key_id = read_line(f);
    secret = read_line(f);
    fclose(f);
    CHECK(key_id != NULL && secret != NULL);
    if (key_id == NULL || secret == NULL)
        return;
    cfg_text = xprintf("[profile base]\n"
                       "aws_access_key_id = %s\n"
                       "aws_secret_access_key = %s\n"
                       "[profile hop1]\n"
                       "role_arn = %s\n"
                       "source_profile = base\n"
                       "role_session_name = gosoto-hop1\n"
                       "[profile hop2]\n"
                       "role_arn = %s\n"
                       "source_profile = hop1\n"
                       "role_session_name = gosoto-hop2\n"
                       "[profile wrongsecret]\n"
                       "aws_access_key_id = %s\n"
                       "aws_secret_access_key = %sWRONG\n"
                       "[profile hopwrong]\n"
                       "role_arn = %s\n"
                       "source_profile = wrongsecret\n"
                       "[profile unknownkey]\n"
                       "aws_access_key_id = AKIAGOSOTONEVERISSUED\n"
                       "aws_secret_access_key = %s\n"
                       "[profile hopunknown]\n"
                       "role_arn = %s\n"
                       "source_profile = unknownkey\n",
                       key_id, secret, role1, role2, key_id, secret, role1, secret, role1);
    cfg = temp_file(cfg_text);
    free(cfg_text);
    CHECK(cfg != NULL);
    if (cfg == NULL)
        return;
    env_save(saved);
    setenv("AWS_ENDPOINT_URL_STS", ep, 1);

    /* The IAM user's own key: moto knows it. */
    opts = xprintf("{\"config_file\": \"%s\", \"profile\": \"base\", \"sources\": [\"profile\"]}", cfg);
    out = EXPECT_CREDS(opts, key_id, NULL, "profile");
    gosoto_string_free(out);
    free(opts);

    /* One hop, signed with the user's key; two hops, the second signed
     * with the first hop's session credentials. moto checks each. */
    assume_through_moto(__FILE__, __LINE__, cfg, "hop1", ":assumed-role/gosoto-hop1/gosoto-hop1");
    assume_through_moto(__FILE__, __LINE__, cfg, "hop2", ":assumed-role/gosoto-hop2/gosoto-hop2");

    /* A client's own chain, from AWS_CONFIG_FILE and its config's profile. */
    setenv("AWS_CONFIG_FILE", cfg, 1);
    st = gosoto_client_new("{\"service\": \"sts\", \"profile\": \"hop2\"}", &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_sts_get_caller_identity(c, "{}", &out);
    CHECK_OK(st, out);
    arn = json_get_string(out, "Arn");
    CHECK_D(arn != NULL && strstr(arn, ":assumed-role/gosoto-hop2/") != NULL, out);
    free(arn);
    gosoto_string_free(out);
    gosoto_client_free(c);

    /* A wrong secret: moto refuses the signature of the first hop. */
    opts = xprintf("{\"config_file\": \"%s\", \"profile\": \"hopwrong\"}", cfg);
    EXPECT_CREDS_ERROR(opts, "SignatureDoesNotMatch", secret);
    free(opts);
    /* A key moto never issued. */
    opts = xprintf("{\"config_file\": \"%s\", \"profile\": \"hopunknown\"}", cfg);
    EXPECT_CREDS_ERROR(opts, "InvalidClientTokenId", secret);
    free(opts);

    env_load(saved);
    unlink(cfg);
    free(cfg);
    free(key_id);
    free(secret);
}

void test_creds_web_identity(void)
{
    char *saved[N_VARS];
    const char *ep = need_env("GOSOTO_TEST_STS_ENDPOINT", "it against moto");
    const char *role = getenv("GOSOTO_TEST_WEB_ROLE_ARN");
    /* A JWT-shaped token (moto does not verify it). */
    char *token = temp_file("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
                            "eyJzdWIiOiJnb3NvdG8tY2FwaS10ZXN0IiwiYXVkIjoic3RzLmFtYXpvbmF3cy5jb20ifQ."
                            "c2lnbmF0dXJlLW5vdC1jaGVja2Vk");
    gosoto_credentials *cr = NULL;
    char *err = NULL, *out = NULL, *key, *arn;
    int st;
    if (ep == NULL || token == NULL) {
        if (token != NULL) {
            unlink(token);
            free(token);
        }
        return;
    }
    CHECK(role != NULL);
    env_save(saved);
    setenv("AWS_ENDPOINT_URL_STS", ep, 1);
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", token, 1);
    setenv("AWS_ROLE_ARN", role != NULL ? role : "", 1);
    setenv("AWS_ROLE_SESSION_NAME", "gosoto-web", 1);

    /* The one unsigned call (AssumeRoleWithWebIdentity). */
    st = gosoto_credentials_new("{}", &cr, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "Source", "web_identity");
    key = json_get_string(out, "AccessKeyId");
    CHECK_D(key != NULL && strncmp(key, "ASIA", 4) == 0, out);
    free(key);
    gosoto_string_free(out);
    /* moto takes the credentials it issued, signed, as the role's session. */
    arn = caller_arn(cr);
    CHECK_D(arn != NULL && strstr(arn, ":assumed-role/gosoto-web/gosoto-web") != NULL, arn);
    free(arn);
    gosoto_credentials_free(cr);
    env_load(saved);
    unlink(token);
    free(token);
}

/* ------------------------------------------------------ callback provider */

enum cb_mode {
    CB_OK,
    CB_FAIL,          /* returns 7 with a message */
    CB_FAIL_NO_NUL,   /* fills the whole buffer, no terminator, returns 1 */
    CB_OK_NO_NUL,     /* fills the whole buffer, no terminator, returns 0 */
    CB_NO_SECRET,     /* a document without SecretAccessKey */
    CB_BAD_VERSION,   /* Version 2, with a secret that must not leak */
};

struct cb_state {
    pthread_mutex_t mu;
    enum cb_mode mode;
    double life;        /* seconds to Expiration; <= 0: none */
    int calls;
    int inside, max_inside; /* concurrent calls */
    double expiry;      /* the last Expiration given */
};

#define CB_SECRET "callback-secret-must-not-leak"

static void cb_init(struct cb_state *s, enum cb_mode mode, double life)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    s->mode = mode;
    s->life = life;
}

static int cb_calls(struct cb_state *s)
{
    int n;
    pthread_mutex_lock(&s->mu);
    n = s->calls;
    pthread_mutex_unlock(&s->mu);
    return n;
}

static int test_callback(void *user_data, char *buf, size_t buf_len)
{
    struct cb_state *s = (struct cb_state *)user_data;
    char exp[64] = "";
    int n, rc = 0;
    pthread_mutex_lock(&s->mu);
    n = ++s->calls;
    if (++s->inside > s->max_inside)
        s->max_inside = s->inside;
    if (s->life > 0) {
        s->expiry = now_s() + s->life;
        iso8601(s->expiry, exp, sizeof exp);
    }
    pthread_mutex_unlock(&s->mu);
    sleep_s(0.02); /* let concurrent callers pile up */
    switch (s->mode) {
    case CB_OK:
        snprintf(buf, buf_len,
                 "{\"Version\": 1, \"AccessKeyId\": \"AKIDCALLBACK%d\", \"SecretAccessKey\": \"" CB_SECRET "\", "
                 "\"SessionToken\": \"callbacktoken%d\"%s%s%s}",
                 n, n, exp[0] ? ", \"Expiration\": \"" : "", exp, exp[0] ? "\"" : "");
        break;
    case CB_FAIL:
        snprintf(buf, buf_len, "the token service is unavailable");
        rc = 7;
        break;
    case CB_FAIL_NO_NUL:
        memset(buf, 'x', buf_len);
        rc = 1;
        break;
    case CB_OK_NO_NUL:
        memset(buf, '{', buf_len);
        break;
    case CB_NO_SECRET:
        snprintf(buf, buf_len, "{\"Version\": 1, \"AccessKeyId\": \"AKIDNOSECRET\"}");
        break;
    case CB_BAD_VERSION:
        snprintf(buf, buf_len, "{\"Version\": 2, \"AccessKeyId\": \"AKIDV2\", \"SecretAccessKey\": \"" CB_SECRET "\"}");
        break;
    }
    pthread_mutex_lock(&s->mu);
    s->inside--;
    pthread_mutex_unlock(&s->mu);
    return rc;
}

static gosoto_credentials *callback_creds(struct cb_state *s)
{
    gosoto_credentials *cr = NULL;
    char *err = NULL;
    int st = gosoto_credentials_new_callback(test_callback, s, &cr, &err);
    CHECK_D(st == GOSOTO_OK && cr != NULL, err);
    gosoto_string_free(err);
    return cr;
}

/* The AccessKeyId of a get on cr (malloc'd), or NULL after a failed check. */
static char *get_key(gosoto_credentials *cr)
{
    char *out = NULL, *key;
    int st = gosoto_credentials_get(cr, &out);
    CHECK_OK(st, out);
    key = json_get_string(out, "AccessKeyId");
    gosoto_string_free(out);
    return key;
}

static void callback_fails(const char *file, int line, enum cb_mode mode, const char *needle)
{
    struct cb_state s;
    gosoto_credentials *cr;
    char *out = NULL;
    int st;
    cb_init(&s, mode, 0);
    cr = callback_creds(&s);
    st = gosoto_credentials_get(cr, &out);
    check_error(file, line, st, GOSOTO_E_CREDENTIALS, out, needle);
    check_record(!contains_ci(out, CB_SECRET), file, line, "no secret in the error", out);
    check_record(out == NULL || strlen(out) < 2048, file, line, "a bounded message", out);
    check_record(cb_calls(&s) == 1, file, line, "the callback ran once", NULL);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);
    pthread_mutex_destroy(&s.mu);
}
#define CALLBACK_FAILS(mode, needle) callback_fails(__FILE__, __LINE__, (mode), (needle))

void test_creds_callback(void)
{
    struct cb_state s;
    gosoto_credentials *cr = (gosoto_credentials *)(void *)"junk";
    char *out = NULL, *err = NULL, *exp;
    int st;

    /* Bad arguments. */
    st = gosoto_credentials_new_callback(NULL, NULL, &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "fn");
    CHECK(cr == NULL);
    gosoto_string_free(err);
    st = gosoto_credentials_new_callback(test_callback, NULL, NULL, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "out");
    gosoto_string_free(err);

    /* Called by the first get only, then cached. */
    cb_init(&s, CB_OK, 3600);
    cr = callback_creds(&s);
    CHECK(cb_calls(&s) == 0);
    st = gosoto_credentials_get(cr, &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "AccessKeyId", "AKIDCALLBACK1");
    CHECK_STR(out, "SecretAccessKey", CB_SECRET);
    CHECK_STR(out, "SessionToken", "callbacktoken1");
    CHECK_STR(out, "Source", "callback");
    exp = json_get_string(out, "Expiration");
    CHECK_D(exp != NULL && strlen(exp) == 20 && exp[19] == 'Z', out);
    free(exp);
    gosoto_string_free(out);
    st = gosoto_credentials_get(cr, &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "AccessKeyId", "AKIDCALLBACK1");
    gosoto_string_free(out);
    CHECK(cb_calls(&s) == 1);
    gosoto_credentials_free(cr);
    st = gosoto_credentials_get(cr, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "credentials");
    gosoto_string_free(out);
    pthread_mutex_destroy(&s.mu);

    /* Without Expiration: fetched once, never refreshed. */
    cb_init(&s, CB_OK, 0);
    cr = callback_creds(&s);
    st = gosoto_credentials_get(cr, &out);
    CHECK_OK(st, out);
    CHECK_D(!json_has(out, "Expiration") || contains_ci(out, "\"Expiration\":null"), out);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);
    pthread_mutex_destroy(&s.mu);

    /* Failures: GOSOTO_E_CREDENTIALS with the callback's message or the
     * member at fault, never a secret, never a crash. */
    CALLBACK_FAILS(CB_FAIL, "the token service is unavailable");
    CALLBACK_FAILS(CB_FAIL_NO_NUL, "xxxx");
    CALLBACK_FAILS(CB_OK_NO_NUL, "JSON");
    CALLBACK_FAILS(CB_NO_SECRET, "SecretAccessKey");
    CALLBACK_FAILS(CB_BAD_VERSION, "Version");
}

void test_creds_callback_refresh(void)
{
    struct cb_state s;
    gosoto_credentials *cr;
    char *key;
    double first_expiry, deadline;
    int refreshed = 0;

    /* 4 s credentials: the cache refreshes them in the background in the
     * last quarter of their life, and callers keep the valid ones meanwhile. */
    cb_init(&s, CB_OK, 4);
    cr = callback_creds(&s);
    key = get_key(cr);
    CHECK_D(key != NULL && strcmp(key, "AKIDCALLBACK1") == 0, key);
    free(key);
    pthread_mutex_lock(&s.mu);
    first_expiry = s.expiry;
    pthread_mutex_unlock(&s.mu);

    sleep_s(first_expiry - 0.7 - now_s()); /* advisory window, not yet mandatory */
    key = get_key(cr);
    CHECK_D(key != NULL && strcmp(key, "AKIDCALLBACK1") == 0, key); /* still valid: served */
    free(key);
    deadline = first_expiry;
    while (now_s() < deadline) {
        key = get_key(cr);
        refreshed = key != NULL && strcmp(key, "AKIDCALLBACK2") == 0;
        free(key);
        if (refreshed)
            break;
        sleep_s(0.01);
    }
    CHECK_D(refreshed, "refreshed before the first credentials expired");
    CHECK(cb_calls(&s) == 2);
    gosoto_credentials_free(cr);
    pthread_mutex_destroy(&s.mu);
}

#define N_THREADS 16

struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int open;
};

struct getter {
    pthread_t thread;
    struct gate *gate;
    gosoto_credentials *cr;
    char *key;
    int status;
};

static void *getter_main(void *arg)
{
    struct getter *g = (struct getter *)arg;
    char *out = NULL;
    pthread_mutex_lock(&g->gate->mu);
    while (!g->gate->open)
        pthread_cond_wait(&g->gate->cv, &g->gate->mu);
    pthread_mutex_unlock(&g->gate->mu);
    g->status = gosoto_credentials_get(g->cr, &out);
    g->key = json_get_string(out, "AccessKeyId");
    gosoto_string_free(out);
    return NULL;
}

void test_creds_callback_threads(void)
{
    struct cb_state s;
    gosoto_credentials *cr;
    char *key, *want;
    int round, i, ok;

    cb_init(&s, CB_OK, 2);
    cr = callback_creds(&s);
    key = get_key(cr);
    CHECK_D(key != NULL && strcmp(key, "AKIDCALLBACK1") == 0, key);
    free(key);
    for (round = 1; round <= 2; round++) {
        struct gate gate;
        struct getter g[N_THREADS];
        double expiry;
        pthread_mutex_lock(&s.mu);
        expiry = s.expiry;
        pthread_mutex_unlock(&s.mu);
        sleep_s(expiry + 0.1 - now_s()); /* past the expiry */

        pthread_mutex_init(&gate.mu, NULL);
        pthread_cond_init(&gate.cv, NULL);
        gate.open = 0;
        for (i = 0; i < N_THREADS; i++) {
            memset(&g[i], 0, sizeof g[i]);
            g[i].gate = &gate;
            g[i].cr = cr;
            CHECK(pthread_create(&g[i].thread, NULL, getter_main, &g[i]) == 0);
        }
        pthread_mutex_lock(&gate.mu);
        gate.open = 1;
        pthread_cond_broadcast(&gate.cv);
        pthread_mutex_unlock(&gate.mu);
        want = xprintf("AKIDCALLBACK%d", round + 1);
        ok = 1;
        for (i = 0; i < N_THREADS; i++) {
            pthread_join(g[i].thread, NULL);
            ok &= g[i].status == GOSOTO_OK && g[i].key != NULL && strcmp(g[i].key, want) == 0;
            free(g[i].key);
        }
        CHECK_D(ok, "every thread got the refreshed credentials");
        CHECK_D(cb_calls(&s) == round + 1, "exactly one refresh per expiry for 16 threads");
        free(want);
        pthread_cond_destroy(&gate.cv);
        pthread_mutex_destroy(&gate.mu);
    }
    pthread_mutex_lock(&s.mu);
    CHECK_D(s.max_inside == 1, "the callback never ran twice at once");
    pthread_mutex_unlock(&s.mu);
    gosoto_credentials_free(cr);
    pthread_mutex_destroy(&s.mu);
}

/* ------------------------------------------------- shared credentials handle */

/* The access key id of the Authorization header of a request built by c. */
static char *signing_key(gosoto_client *c, const char *op)
{
    char *out = NULL, *auth, *p, *key = NULL;
    int st = gosoto_client_build_request(c, op, "{}", &out);
    CHECK_OK(st, out);
    auth = header_value(out, "Authorization");
    if (auth != NULL && (p = strstr(auth, "Credential=")) != NULL) {
        char *slash;
        key = xprintf("%s", p + strlen("Credential="));
        if ((slash = strchr(key, '/')) != NULL)
            *slash = '\0';
    }
    free(auth);
    gosoto_string_free(out);
    return key;
}

void test_creds_shared_handle(void)
{
    struct cb_state s;
    gosoto_credentials *cr, *stat = NULL;
    gosoto_client *sqs = NULL, *sts = NULL, *c = (gosoto_client *)(void *)"junk";
    char *cfg, *err = NULL, *out = NULL, *key;
    int st;

    cb_init(&s, CB_OK, 3600);
    cr = callback_creds(&s);
    cfg = xprintf("{\"service\": \"sqs\", \"region\": \"us-east-1\", \"endpoint_url\": \"%s\"}", sqs_endpoint());
    st = gosoto_client_new_with_credentials(cfg, cr, &sqs, &err);
    CHECK_D(st == GOSOTO_OK && sqs != NULL, err);
    gosoto_string_free(err);
    st = gosoto_client_new_with_credentials("{\"service\": \"sts\", \"region\": \"us-east-1\", "
                                            "\"endpoint_url\": \"http://127.0.0.1:1\"}", cr, &sts, &err);
    CHECK_D(st == GOSOTO_OK && sts != NULL, err);
    gosoto_string_free(err);
    CHECK(cb_calls(&s) == 0); /* nothing fetched before a call needs it */

    /* Both sign with the handle's credentials (not the environment's
     * AWS_ACCESS_KEY_ID), fetched once. */
    key = signing_key(sqs, "ListQueues");
    CHECK_D(key != NULL && strcmp(key, "AKIDCALLBACK1") == 0, key);
    free(key);
    key = signing_key(sts, "GetCallerIdentity");
    CHECK_D(key != NULL && strcmp(key, "AKIDCALLBACK1") == 0, key);
    free(key);
    st = gosoto_sqs_list_queues(sqs, "{}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    CHECK(cb_calls(&s) == 1);

    /* Freeing the handle: the handle is gone, the clients keep working on
     * the same cached provider. */
    gosoto_credentials_free(cr);
    st = gosoto_credentials_get(cr, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "credentials");
    gosoto_string_free(out);
    st = gosoto_client_new_with_credentials(cfg, cr, &c, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "credentials");
    CHECK(c == NULL);
    gosoto_string_free(err);
    st = gosoto_sqs_list_queues(sqs, "{}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    key = signing_key(sts, "GetCallerIdentity");
    CHECK_D(key != NULL && strcmp(key, "AKIDCALLBACK1") == 0, key);
    free(key);
    CHECK(cb_calls(&s) == 1);
    gosoto_client_free(sqs);
    gosoto_client_free(sts);
    pthread_mutex_destroy(&s.mu);

    /* Any provider can be shared, e.g. static keys. */
    st = gosoto_credentials_new("{\"static\": {\"access_key_id\": \"AKIDSHAREDSTATIC\", \"secret_access_key\": \"s\"}}",
                                &stat, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_client_new_with_credentials(cfg, stat, &sqs, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    key = signing_key(sqs, "ListQueues");
    CHECK_D(key != NULL && strcmp(key, "AKIDSHAREDSTATIC") == 0, key);
    free(key);
    gosoto_client_free(sqs);

    /* Bad arguments. */
    st = gosoto_client_new_with_credentials(cfg, NULL, &c, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "creds");
    CHECK(c == NULL);
    gosoto_string_free(err);
    st = gosoto_client_new_with_credentials(cfg, stat, NULL, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "out_client");
    gosoto_string_free(err);
    st = gosoto_client_new_with_credentials(NULL, stat, &c, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "config_json");
    gosoto_string_free(err);
    st = gosoto_client_new_with_credentials("{\"service\": \"sqs\", \"region\": \"us-east-1\", "
                                            "\"credentials\": {\"access_key_id\": \"A\", \"secret_access_key\": \"config-secret-xyz\"}}",
                                            stat, &c, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "credentials");
    CHECK_D(!contains_ci(err, "config-secret-xyz"), err);
    gosoto_string_free(err);
    st = gosoto_client_new_with_credentials("{\"service\": \"no-such-service\"}", stat, &c, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "no-such-service");
    gosoto_string_free(err);
    sqs = emulator_client(NULL);
    st = gosoto_client_new_with_credentials(cfg, (gosoto_credentials *)(void *)sqs, &c, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "credentials");
    gosoto_string_free(err);
    gosoto_client_free(sqs);
    gosoto_credentials_free(stat);
    free(cfg);
}

/* ------------------------------------------------------- exhausted chain */

/* Extends test_credentials_exhausted (env + profile): the whole default
 * chain names each of its five sources, and a secret of another profile
 * of the files never shows. */
void test_creds_exhausted_default_chain(void)
{
    char *saved[N_VARS];
    char *file = temp_file("[other]\n"
                           "aws_access_key_id = AKIDOTHERPROFILE\n"
                           "aws_secret_access_key = other-profile-secret-must-not-leak\n");
    static const char *const sources[] = {"env", "web_identity", "profile", "container", "imds"};
    gosoto_credentials *cr = NULL;
    char *err = NULL, *out = NULL;
    size_t i;
    int st;
    CHECK(file != NULL);
    if (file == NULL)
        return;
    env_save(saved);
    setenv("AWS_SHARED_CREDENTIALS_FILE", file, 1);
    setenv("AWS_PROFILE", "missing", 1);
    st = gosoto_credentials_new("{}", &cr, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, &out);
    CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, "missing");
    for (i = 0; i < sizeof sources / sizeof sources[0]; i++)
        CHECK_D(contains_ci(out, sources[i]), out);
    CHECK_D(!contains_ci(out, "other-profile-secret-must-not-leak"), out);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);
    env_load(saved);
    unlink(file);
    free(file);
}
