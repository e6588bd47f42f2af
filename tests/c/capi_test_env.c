/* capi_test_env.c: gosoto_sign, credential providers, and settings read
 * from the live process environment (changed with setenv after the library
 * was loaded). These tests change the environment, so they run while no
 * other thread calls into the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capi_test.h"
#include "check.h"
#include "json_get.h"

#include <gosoto/sqs.h>

#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TEST_CREDS "\"credentials\": {\"access_key_id\": \"" AKID "\", \"secret_access_key\": \"" SECRET "\""

/* Every AWS_* variable that could feed a credential chain, cleared; the
 * previous values come back with env_pop. */
static const char *const cred_vars[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
};
#define N_CRED_VARS (sizeof cred_vars / sizeof cred_vars[0])

static void env_push(char **saved)
{
    size_t i;
    for (i = 0; i < N_CRED_VARS; i++)
        saved[i] = env_swap(cred_vars[i], NULL);
    /* Never reach for a real metadata endpoint from a test: disabled, and
     * pointed at a closed loopback port should that be ignored. */
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/gosoto-test/credentials", 1);
    setenv("AWS_CONFIG_FILE", "/nonexistent/gosoto-test/config", 1);
}

static void env_pop(char **saved)
{
    size_t i;
    for (i = 0; i < N_CRED_VARS; i++)
        env_restore(cred_vars[i], saved[i]);
}

/* Signs request (a gosoto_sign document) and checks the signature and the
 * Authorization header. */
static void sign_vector(const char *file, int line, const char *request, const char *signature)
{
    char *out = NULL, *sig, *auth;
    int st = gosoto_sign(request, &out);
    check_record(st == GOSOTO_OK, file, line, "gosoto_sign status == GOSOTO_OK", out);
    sig = json_get_string(out, "signature");
    check_record(sig != NULL && strcmp(sig, signature) == 0, file, line, signature, out);
    auth = header_value(out, "Authorization");
    check_record(auth != NULL && strstr(auth, signature) != NULL &&
                     strncmp(auth, "AWS4-HMAC-SHA256 Credential=" AKID "/20150830/us-east-1/service/aws4_request", 72) == 0,
                 file, line, "Authorization header", out);
    check_record(json_has(out, "canonical_request") && json_has(out, "string_to_sign"), file, line,
                 "canonical_request and string_to_sign", out);
    free(sig);
    free(auth);
    gosoto_string_free(out);
}

void test_sign_vectors(void)
{
    char *out = NULL, *v, *url;
    int st;

    /* aws-c-auth v4 get-vanilla-query / get-slash-normalized. */
    sign_vector(__FILE__, __LINE__,
                "{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", "
                "\"headers\": [[\"Host\", \"example.amazonaws.com\"]], \"body_base64\": \"\", "
                "\"service\": \"service\", \"region\": \"us-east-1\", \"time\": \"2015-08-30T12:36:00Z\", " TEST_CREDS "}}",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    /* The same with X-Amz-Date expected in the output. */
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", "
                     "\"headers\": [[\"Host\", \"example.amazonaws.com\"]], "
                     "\"service\": \"service\", \"region\": \"us-east-1\", \"time\": \"2015-08-30T12:36:00Z\", " TEST_CREDS "}}",
                     &out);
    CHECK_OK(st, out);
    v = header_value(out, "X-Amz-Date");
    CHECK_D(v != NULL && strcmp(v, "20150830T123600Z") == 0, out);
    free(v);
    v = header_value(out, "Host");
    CHECK_D(v != NULL && strcmp(v, "example.amazonaws.com") == 0, out);
    free(v);
    CHECK_D(!contains_ci(out, SECRET), out);
    gosoto_string_free(out);

    /* get-vanilla-with-session-token. */
    sign_vector(__FILE__, __LINE__,
                "{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", "
                "\"headers\": [[\"Host\", \"example.amazonaws.com\"]], \"body_base64\": \"\", "
                "\"service\": \"service\", \"region\": \"us-east-1\", \"time\": \"2015-08-30T12:36:00Z\", " TEST_CREDS
                ", \"session_token\": \"6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\"}}",
                "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");

    /* get-header-key-duplicate: repeated header names keep their order. */
    sign_vector(__FILE__, __LINE__,
                "{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", "
                "\"headers\": [[\"Host\", \"example.amazonaws.com\"], [\"My-Header1\", \"value2\"], "
                "[\"My-Header1\", \"value2\"], [\"My-Header1\", \"value1\"]], \"body_base64\": \"\", "
                "\"service\": \"service\", \"region\": \"us-east-1\", \"time\": \"2015-08-30T12:36:00Z\", " TEST_CREDS "}}",
                "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");

    /* The same request presigned (query variant). */
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", "
                     "\"headers\": [[\"Host\", \"example.amazonaws.com\"], [\"My-Header1\", \"value2\"], "
                     "[\"My-Header1\", \"value2\"], [\"My-Header1\", \"value1\"]], \"body_base64\": \"\", "
                     "\"service\": \"service\", \"region\": \"us-east-1\", \"time\": \"2015-08-30T12:36:00Z\", "
                     "\"presign_expires\": 3600, " TEST_CREDS "}}",
                     &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "signature", "3349ee0b81b4b589da0ff28a395c3591e04de515651dd74f298fa992d1507a97");
    url = json_get_string(out, "url");
    CHECK_D(url != NULL && strstr(url, "X-Amz-Signature=3349ee0b81b4b589da0ff28a395c3591e04de515651dd74f298fa992d1507a97") != NULL, out);
    CHECK_D(url != NULL && strstr(url, "X-Amz-Expires=3600") != NULL, out);
    free(url);
    v = header_value(out, "Authorization");
    CHECK_D(v == NULL, out);
    free(v);
    gosoto_string_free(out);
}

void test_sign_errors(void)
{
    char *saved[N_CRED_VARS];
    char *out = NULL;
    int st;

    st = gosoto_sign(NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "request_json");
    gosoto_string_free(out);
    st = gosoto_sign("{\"method\": \"GET\"", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "JSON");
    gosoto_string_free(out);
    st = gosoto_sign("{\"method\": \"GET\", \"service\": \"s\", \"region\": \"r\", " TEST_CREDS "}}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "url");
    gosoto_string_free(out);
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", \"service\": \"s\", "
                     "\"region\": \"r\", \"time\": \"yesterday\", " TEST_CREDS "}}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "time");
    gosoto_string_free(out);
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", \"service\": \"s\", "
                     "\"region\": \"r\", \"headers\": [[\"Host\"]], " TEST_CREDS "}}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "headers");
    gosoto_string_free(out);
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", \"service\": \"s\", "
                     "\"region\": \"r\", \"body_base64\": \"%%%\", " TEST_CREDS "}}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "body_base64");
    gosoto_string_free(out);
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\"}", NULL);
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT);

    /* No credentials in the request and none in the environment. */
    env_push(saved);
    setenv("AWS_SECRET_ACCESS_KEY", "half-configured-secret-must-not-leak", 1);
    st = gosoto_sign("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\", \"service\": \"s\", "
                     "\"region\": \"us-east-1\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, NULL);
    CHECK_D(!contains_ci(out, "half-configured-secret-must-not-leak"), out);
    gosoto_string_free(out);
    env_pop(saved);
}

static void get_creds(const char *file, int line, const char *options, const char *want_key,
                      const char *want_secret, const char *want_token, const char *want_source)
{
    gosoto_credentials *cr = NULL;
    char *err = NULL, *out = NULL, *src;
    int st = gosoto_credentials_new(options, &cr, &err);
    check_record(st == GOSOTO_OK && cr != NULL, file, line, "gosoto_credentials_new", err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, &out);
    check_record(st == GOSOTO_OK, file, line, "gosoto_credentials_get status == GOSOTO_OK", out);
    check_str(file, line, out, "AccessKeyId", want_key);
    check_str(file, line, out, "SecretAccessKey", want_secret);
    if (want_token != NULL)
        check_str(file, line, out, "SessionToken", want_token);
    else {
        char *t = json_get_string(out, "SessionToken");
        check_record(t == NULL || t[0] == '\0', file, line, "no SessionToken", out);
        free(t);
    }
    src = json_get_string(out, "Source");
    check_record(src != NULL && contains_ci(src, want_source), file, line, want_source, out);
    free(src);
    gosoto_string_free(out);
    /* A second get gives the same (cached) answer. */
    st = gosoto_credentials_get(cr, &out);
    check_record(st == GOSOTO_OK, file, line, "second gosoto_credentials_get", out);
    check_str(file, line, out, "AccessKeyId", want_key);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);
}
#define GET_CREDS(opts, key, secret, token, source) \
    get_creds(__FILE__, __LINE__, (opts), (key), (secret), (token), (source))

void test_credentials_static_env(void)
{
    char *saved[N_CRED_VARS];
    GET_CREDS("{\"static\": {\"access_key_id\": \"AKIDSTATIC\", \"secret_access_key\": \"staticsecret\"}}",
              "AKIDSTATIC", "staticsecret", NULL, "static");
    GET_CREDS("{\"static\": {\"access_key_id\": \"AKIDSTATIC\", \"secret_access_key\": \"staticsecret\", "
              "\"session_token\": \"statictoken\"}}",
              "AKIDSTATIC", "staticsecret", "statictoken", "static");

    /* The environment, as set after the library was loaded. */
    env_push(saved);
    setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
    GET_CREDS("{\"sources\": [\"env\"]}", "AKIDFROMENV", "envsecret", NULL, "env");
    setenv("AWS_SESSION_TOKEN", "envtoken", 1);
    GET_CREDS("{}", "AKIDFROMENV", "envsecret", "envtoken", "env");
    env_pop(saved);
}

static char *write_temp(const char *content)
{
    char tmpl[] = "/tmp/gosoto-capi-test.XXXXXX";
    int fd = mkstemp(tmpl);
    char *path;
    FILE *f;
    if (fd < 0)
        return NULL;
    f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        return NULL;
    }
    fputs(content, f);
    fclose(f);
    path = (char *)malloc(strlen(tmpl) + 1);
    if (path != NULL)
        strcpy(path, tmpl);
    return path;
}

void test_credentials_profile(void)
{
    char *saved[N_CRED_VARS];
    char *file = write_temp("[default]\n"
                            "aws_access_key_id = AKIDDEFAULTPROFILE\n"
                            "aws_secret_access_key = defaultprofilesecret\n"
                            "\n"
                            "[dev]\n"
                            "aws_access_key_id=AKIDDEVPROFILE\n"
                            "aws_secret_access_key=devprofilesecret\n"
                            "aws_session_token=devprofiletoken\n");
    char *opts;
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL, *auth;
    int st;
    CHECK(file != NULL);
    if (file == NULL)
        return;
    env_push(saved);

    opts = xprintf("{\"credentials_file\": \"%s\", \"sources\": [\"profile\"]}", file);
    GET_CREDS(opts, "AKIDDEFAULTPROFILE", "defaultprofilesecret", NULL, "profile");
    free(opts);
    opts = xprintf("{\"credentials_file\": \"%s\", \"profile\": \"dev\"}", file);
    GET_CREDS(opts, "AKIDDEVPROFILE", "devprofilesecret", "devprofiletoken", "profile");
    free(opts);

    /* AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE set after load. */
    setenv("AWS_SHARED_CREDENTIALS_FILE", file, 1);
    setenv("AWS_PROFILE", "dev", 1);
    GET_CREDS("{}", "AKIDDEVPROFILE", "devprofilesecret", "devprofiletoken", "profile");

    /* A client signs with that profile's key. */
    st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"us-east-1\", \"endpoint_url\": \"http://127.0.0.1:1\"}",
                           &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_client_build_request(c, "ListQueues", "{}", &out);
    CHECK_OK(st, out);
    auth = header_value(out, "Authorization");
    CHECK_D(auth != NULL && strstr(auth, "Credential=AKIDDEVPROFILE/") != NULL, out);
    free(auth);
    gosoto_string_free(out);
    gosoto_client_free(c);

    /* A profile that is not in the file. */
    setenv("AWS_PROFILE", "nosuchprofile", 1);
    {
        gosoto_credentials *cr = NULL;
        st = gosoto_credentials_new("{\"sources\": [\"profile\"]}", &cr, &err);
        CHECK_D(st == GOSOTO_OK, err);
        gosoto_string_free(err);
        st = gosoto_credentials_get(cr, &out);
        CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, "nosuchprofile");
        CHECK_D(!contains_ci(out, "devprofilesecret") && !contains_ci(out, "defaultprofilesecret"), out);
        gosoto_string_free(out);
        gosoto_credentials_free(cr);
    }
    env_pop(saved);
    unlink(file);
    free(file);
}

void test_credentials_errors(void)
{
    gosoto_credentials *cr = (gosoto_credentials *)(void *)"junk";
    gosoto_client *c;
    char *err = NULL, *out = NULL;
    int st;

    st = gosoto_credentials_new(NULL, &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "options_json");
    CHECK(cr == NULL);
    gosoto_string_free(err);
    st = gosoto_credentials_new("{\"static\": ", &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "JSON");
    gosoto_string_free(err);
    st = gosoto_credentials_new("{\"bogus_option\": true}", &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "bogus_option");
    gosoto_string_free(err);
    st = gosoto_credentials_new("{\"sources\": [\"env\", \"no-such-source\"]}", &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "no-such-source");
    gosoto_string_free(err);
    st = gosoto_credentials_new("{\"static\": {\"access_key_id\": \"AKIDONLY\"}}", &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "secret_access_key");
    gosoto_string_free(err);
    st = gosoto_credentials_new("{\"sources\": \"env\"}", &cr, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "sources");
    gosoto_string_free(err);
    st = gosoto_credentials_new("{}", NULL, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, NULL);
    gosoto_string_free(err);

    /* Handles. */
    gosoto_credentials_free(NULL);
    st = gosoto_credentials_get(NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, NULL);
    gosoto_string_free(out);
    st = gosoto_credentials_new("{\"static\": {\"access_key_id\": \"AKIDX\", \"secret_access_key\": \"x\"}}", &cr, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, NULL);
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT);
    gosoto_credentials_free(cr);
    gosoto_credentials_free(cr); /* double free: harmless */
    st = gosoto_credentials_get(cr, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "credentials");
    gosoto_string_free(out);
    c = emulator_client(NULL);
    st = gosoto_credentials_get((gosoto_credentials *)(void *)c, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "credentials");
    gosoto_string_free(out);
    gosoto_client_free(c);
}

void test_credentials_exhausted(void)
{
    char *saved[N_CRED_VARS];
    gosoto_credentials *cr = NULL;
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL;
    int st;

    env_push(saved);

    /* Nothing anywhere: the message names every source tried. */
    st = gosoto_credentials_new("{\"sources\": [\"env\", \"profile\"]}", &cr, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, &out);
    CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, "env");
    CHECK_D(contains_ci(out, "profile"), out);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);

    /* Half of a key pair in the environment: not usable, and its secret
     * must not show up in any message. */
    setenv("AWS_SECRET_ACCESS_KEY", "lonely-secret-value-must-not-leak", 1);
    st = gosoto_credentials_new("{\"sources\": [\"env\", \"profile\"]}", &cr, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_credentials_get(cr, &out);
    CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, "AWS_ACCESS_KEY_ID");
    CHECK_D(!contains_ci(out, "lonely-secret-value-must-not-leak"), out);
    gosoto_string_free(out);
    gosoto_credentials_free(cr);

    /* A client with no credentials anywhere: the call fails before sending. */
    st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"us-east-1\", \"endpoint_url\": \"http://127.0.0.1:1\"}",
                           &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_sqs_list_queues(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, NULL);
    CHECK_D(!contains_ci(out, "lonely-secret-value-must-not-leak"), out);
    gosoto_string_free(out);
    st = gosoto_client_build_request(c, "ListQueues", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_CREDENTIALS, out, NULL);
    gosoto_string_free(out);
    gosoto_client_free(c);
    env_pop(saved);
}

/* The URL and the Authorization scope of a ListQueues request built by a
 * client made from config. */
static void built_request(const char *config, char **url, char **auth)
{
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL;
    int st = gosoto_client_new(config, &c, &err);
    *url = *auth = NULL;
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_client_build_request(c, "ListQueues", "{}", &out);
    CHECK_OK(st, out);
    *url = json_get_string(out, "url");
    *auth = header_value(out, "Authorization");
    gosoto_string_free(out);
    gosoto_client_free(c);
}

void test_live_environment(void)
{
    static const char cfg[] = "{\"service\": \"sqs\", \"credentials\": {\"access_key_id\": \"AKIDLIVE\", "
                              "\"secret_access_key\": \"livesecret\"}}";
    const char *endpoint = sqs_endpoint();
    char *saved_region = env_swap("AWS_REGION", NULL);
    char *saved_default = env_swap("AWS_DEFAULT_REGION", NULL);
    char *saved_sqs = env_swap("AWS_ENDPOINT_URL_SQS", NULL);
    char *saved_any = env_swap("AWS_ENDPOINT_URL", NULL);
    char *url, *auth, *out = NULL, *err = NULL;
    gosoto_client *c = NULL;
    int st;

    /* The library is loaded and running (gosoto_version ran long ago);
     * from here on the environment changes under it. */
    setenv("AWS_REGION", "eu-west-3", 1);
    setenv("AWS_ENDPOINT_URL_SQS", endpoint, 1);
    built_request(cfg, &url, &auth);
    CHECK_D(url != NULL && strncmp(url, endpoint, strlen(endpoint)) == 0, url);
    CHECK_D(auth != NULL && strstr(auth, "/eu-west-3/sqs/aws4_request") != NULL, auth);
    free(url);
    free(auth);

    /* And a real call through that endpoint. */
    st = gosoto_client_new(cfg, &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_sqs_list_queues(c, "{}", &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    gosoto_client_free(c);

    /* No region anywhere: the client cannot be made, and says why. */
    unsetenv("AWS_REGION");
    {
        char *saved_cfg = env_swap("AWS_CONFIG_FILE", "/nonexistent/gosoto-test/config");
        gosoto_client *none = NULL;
        st = gosoto_client_new(cfg, &none, &err);
        CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "region");
        CHECK(none == NULL);
        gosoto_string_free(err);
        err = NULL;
        gosoto_client_free(none);
        env_restore("AWS_CONFIG_FILE", saved_cfg);
    }

    /* AWS_DEFAULT_REGION when AWS_REGION is unset; AWS_REGION wins. */
    unsetenv("AWS_REGION");
    setenv("AWS_DEFAULT_REGION", "ap-southeast-2", 1);
    built_request(cfg, &url, &auth);
    CHECK_D(auth != NULL && strstr(auth, "/ap-southeast-2/sqs/aws4_request") != NULL, auth);
    free(url);
    free(auth);
    setenv("AWS_REGION", "eu-west-3", 1);
    built_request(cfg, &url, &auth);
    CHECK_D(auth != NULL && strstr(auth, "/eu-west-3/sqs/aws4_request") != NULL, auth);
    free(url);
    free(auth);

    /* The config's region wins over both. */
    built_request("{\"service\": \"sqs\", \"region\": \"sa-east-1\", \"credentials\": {\"access_key_id\": \"AKIDLIVE\", "
                  "\"secret_access_key\": \"livesecret\"}}", &url, &auth);
    CHECK_D(auth != NULL && strstr(auth, "/sa-east-1/sqs/aws4_request") != NULL, auth);
    free(url);
    free(auth);

    /* AWS_ENDPOINT_URL when there is no service-specific one... */
    unsetenv("AWS_ENDPOINT_URL_SQS");
    setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4/all", 1);
    built_request(cfg, &url, &auth);
    CHECK_D(url != NULL && strncmp(url, "http://127.0.0.1:4/all", 22) == 0, url);
    free(url);
    free(auth);
    /* ...the service-specific one wins... */
    setenv("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:5/sqs", 1);
    built_request(cfg, &url, &auth);
    CHECK_D(url != NULL && strncmp(url, "http://127.0.0.1:5/sqs", 22) == 0, url);
    free(url);
    free(auth);
    /* ...and with neither, the regional AWS endpoint (nothing is sent). */
    unsetenv("AWS_ENDPOINT_URL_SQS");
    unsetenv("AWS_ENDPOINT_URL");
    built_request(cfg, &url, &auth);
    CHECK_D(url != NULL && strcmp(url, "https://sqs.eu-west-3.amazonaws.com/") == 0, url);
    free(url);
    free(auth);

    env_restore("AWS_REGION", saved_region);
    env_restore("AWS_DEFAULT_REGION", saved_default);
    env_restore("AWS_ENDPOINT_URL_SQS", saved_sqs);
    env_restore("AWS_ENDPOINT_URL", saved_any);
}
