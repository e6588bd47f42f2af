/* capi_test_calls.c: calls against the emulator, build_request,
 * parse_response, and many threads on one client. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capi_test.h"
#include "check.h"
#include "json_get.h"

#include <gosoto/sqs.h>
#include <gosoto/sts.h>

static unsigned long unique_counter;

/* A queue name no other test (or earlier run) uses. */
static char *unique_queue_name(const char *prefix)
{
    return xprintf("%s_%ld_%lu", prefix, (long)time(NULL), ++unique_counter);
}

/* Creates a queue and returns its URL (malloc'd), or NULL after a failed
 * check. */
static char *create_queue(gosoto_client *c, const char *name)
{
    char *in = xprintf("{\"QueueName\": \"%s\"}", name), *out = NULL, *url;
    int st = gosoto_sqs_create_queue(c, in, &out);
    CHECK_OK(st, out);
    url = json_get_string(out, "QueueUrl");
    CHECK_D(url != NULL, out);
    free(in);
    gosoto_string_free(out);
    return url;
}

static void delete_queue(gosoto_client *c, const char *url)
{
    char *in = xprintf("{\"QueueUrl\": \"%s\"}", url), *out = NULL;
    int st = gosoto_sqs_delete_queue(c, in, &out);
    CHECK_OK(st, out);
    free(in);
    gosoto_string_free(out);
}

/* The ResponseMetadata every successful output carries. */
static void check_metadata(const char *file, int line, const char *out)
{
    long code = 0, attempts = -1;
    char *rid = json_get_string(out, "ResponseMetadata.RequestId");
    check_record(rid != NULL && rid[0] != '\0', file, line, "ResponseMetadata.RequestId", out);
    check_record(json_get_int(out, "ResponseMetadata.HTTPStatusCode", &code) && code == 200, file, line,
                 "ResponseMetadata.HTTPStatusCode == 200", out);
    check_record(json_get_int(out, "ResponseMetadata.RetryAttempts", &attempts) && attempts == 0, file,
                 line, "ResponseMetadata.RetryAttempts == 0", out);
    check_record(json_has(out, "ResponseMetadata.HTTPHeaders"), file, line,
                 "ResponseMetadata.HTTPHeaders", out);
    free(rid);
}
#define CHECK_METADATA(out) check_metadata(__FILE__, __LINE__, (out))

void test_sqs_roundtrip(void)
{
    /* Quotes, a backslash, a slash, a tab, non-ASCII text and an emoji
     * (a surrogate pair if the answer escapes it). */
    static const char body_json[] = "\"say \\\"hi\\\" \\\\ a/b \\t caf\\u00e9 \\ud83d\\ude00\"";
    static const char body[] = "say \"hi\" \\ a/b \t caf\xc3\xa9 \xf0\x9f\x98\x80";
    gosoto_client *c = emulator_client(NULL);
    char *name = unique_queue_name("capi_roundtrip");
    char *url = create_queue(c, name);
    char *in, *out = NULL, *id, *got_body, *got_id, *receipt;
    int st;

    if (url == NULL)
        goto end;

    in = xprintf("{\"QueueName\": \"%s\"}", name);
    st = gosoto_sqs_get_queue_url(c, in, &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "QueueUrl", url);
    CHECK_METADATA(out);
    free(in);
    gosoto_string_free(out);

    st = gosoto_sqs_list_queues(c, "{}", &out);
    CHECK_OK(st, out);
    CHECK_D(strstr(out, name) != NULL, out);
    gosoto_string_free(out);

    in = xprintf("{\"QueueUrl\": \"%s\", \"MessageBody\": %s, "
                 "\"MessageAttributes\": {\"color\": {\"DataType\": \"String\", \"StringValue\": \"blue\"}}}",
                 url, body_json);
    st = gosoto_sqs_send_message(c, in, &out);
    CHECK_OK(st, out);
    CHECK_METADATA(out);
    id = json_get_string(out, "MessageId");
    CHECK_D(id != NULL, out);
    CHECK_D(json_has(out, "MD5OfMessageBody"), out);
    free(in);
    gosoto_string_free(out);

    in = xprintf("{\"QueueUrl\": \"%s\", \"MaxNumberOfMessages\": 1, \"WaitTimeSeconds\": 2, "
                 "\"MessageAttributeNames\": [\"All\"]}", url);
    st = gosoto_client_call(c, "receive_message", in, &out);
    CHECK_OK(st, out);
    got_body = json_get_string(out, "Messages[0].Body");
    got_id = json_get_string(out, "Messages[0].MessageId");
    receipt = json_get_string(out, "Messages[0].ReceiptHandle");
    CHECK_D(got_body != NULL && strcmp(got_body, body) == 0, out);
    CHECK_D(got_id != NULL && id != NULL && strcmp(got_id, id) == 0, out);
    CHECK_STR(out, "Messages[0].MessageAttributes.color.StringValue", "blue");
    CHECK_D(receipt != NULL, out);
    free(in);
    gosoto_string_free(out);

    if (receipt != NULL) {
        char *qr = json_quote(receipt);
        in = xprintf("{\"QueueUrl\": \"%s\", \"ReceiptHandle\": %s}", url, qr);
        st = gosoto_sqs_delete_message(c, in, &out);
        CHECK_OK(st, out);
        CHECK_METADATA(out);
        free(in);
        free(qr);
        gosoto_string_free(out);
    }
    free(id);
    free(got_body);
    free(got_id);
    free(receipt);

    /* Nothing left in the queue. */
    in = xprintf("{\"QueueUrl\": \"%s\", \"WaitTimeSeconds\": 0}", url);
    st = gosoto_sqs_receive_message(c, in, &out);
    CHECK_OK(st, out);
    CHECK_D(!json_has(out, "Messages[0]"), out);
    free(in);
    gosoto_string_free(out);

    delete_queue(c, url);
end:
    free(url);
    free(name);
    gosoto_client_free(c);
}

void test_service_error(void)
{
    gosoto_client *c = emulator_client(NULL);
    char *out = NULL, *code;
    long http = 0;
    int st = gosoto_sqs_get_queue_url(c, "{\"QueueName\": \"gosoto_no_such_queue_here\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_SERVICE, out, NULL);
    code = json_get_string(out, "Error.Code");
    /* SQS's JSON protocol keeps the query-compatible code. */
    CHECK_D(code != NULL && (strcmp(code, "AWS.SimpleQueueService.NonExistentQueue") == 0 ||
                             strcmp(code, "QueueDoesNotExist") == 0), out);
    CHECK_D(json_get_int(out, "ResponseMetadata.HTTPStatusCode", &http) && http == 400, out);
    CHECK_D(json_find(out, "Retryable") != NULL && strncmp(json_find(out, "Retryable"), "false", 5) == 0, out);
    free(code);
    gosoto_string_free(out);

    /* A service error in the middle of a flow: delete from a missing queue. */
    st = gosoto_sqs_delete_queue(c, "{\"QueueUrl\": \"http://127.0.0.1:1/123456789012/none\"}", &out);
    CHECK(st == GOSOTO_E_SERVICE || st == GOSOTO_E_NETWORK);
    gosoto_string_free(out);
    gosoto_client_free(c);
}

void test_network_error(void)
{
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL;
    /* Port 1 on the loopback: nothing listens there. */
    int st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"us-east-1\", "
                               "\"endpoint_url\": \"http://127.0.0.1:1\", \"max_attempts\": 1, "
                               "\"credentials\": {\"access_key_id\": \"AKIDNET\", \"secret_access_key\": \"netsecret\"}}",
                               &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    if (c == NULL)
        return;
    st = gosoto_sqs_list_queues(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_NETWORK, out, NULL);
    CHECK_D(!contains_ci(out, "netsecret"), out);
    gosoto_string_free(out);
    gosoto_client_free(c);
}

void test_timeout(void)
{
    /* A long poll that outlasts the call's deadline. */
    gosoto_client *setup = emulator_client(NULL);
    gosoto_client *c = emulator_client("\"timeout_ms\": 500, \"max_attempts\": 1");
    char *name = unique_queue_name("capi_timeout");
    char *url = create_queue(setup, name);
    char *in, *out = NULL;
    int st;
    time_t t0;
    if (url != NULL) {
        in = xprintf("{\"QueueUrl\": \"%s\", \"WaitTimeSeconds\": 5}", url);
        t0 = time(NULL);
        st = gosoto_sqs_receive_message(c, in, &out);
        CHECK_ERROR(st, GOSOTO_E_NETWORK, out, NULL);
        CHECK(time(NULL) - t0 <= 3);
        gosoto_string_free(out);
        free(in);
        delete_queue(setup, url);
    }
    free(url);
    free(name);
    gosoto_client_free(c);
    gosoto_client_free(setup);
}

/* The decoded body of a build_request answer (malloc'd). */
static char *request_body(const char *req)
{
    char *b64 = json_get_string(req, "body_base64");
    unsigned char *body = NULL;
    size_t len = 0;
    if (b64 != NULL)
        body = b64_decode(b64, &len);
    free(b64);
    return (char *)body;
}

void test_build_request(void)
{
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL, *v, *body;
    char *saved = env_swap("AWS_ENDPOINT_URL_SQS", NULL);
    char *saved_any = env_swap("AWS_ENDPOINT_URL", NULL);
    int st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"us-west-2\", \"credentials\": "
                               "{\"access_key_id\": \"AKIDBUILD\", \"secret_access_key\": \"buildsecret\", "
                               "\"session_token\": \"buildtoken\"}}",
                               &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);

    st = gosoto_client_build_request(c, "SendMessage",
                                     "{\"QueueUrl\": \"https://sqs.us-west-2.amazonaws.com/1/q\", \"MessageBody\": \"hello\"}",
                                     &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "method", "POST");
    CHECK_STR(out, "url", "https://sqs.us-west-2.amazonaws.com/");
    v = header_value(out, "Host");
    CHECK_D(v != NULL && strcmp(v, "sqs.us-west-2.amazonaws.com") == 0, out);
    free(v);
    v = header_value(out, "Content-Type");
    CHECK_D(v != NULL && strcmp(v, "application/x-amz-json-1.0") == 0, out);
    free(v);
    v = header_value(out, "X-Amz-Target");
    CHECK_D(v != NULL && strcmp(v, "AmazonSQS.SendMessage") == 0, out);
    free(v);
    v = header_value(out, "X-Amz-Date");
    CHECK_D(v != NULL && strlen(v) == 16 && v[8] == 'T' && v[15] == 'Z', out);
    free(v);
    v = header_value(out, "X-Amz-Security-Token");
    CHECK_D(v != NULL && strcmp(v, "buildtoken") == 0, out);
    free(v);
    v = header_value(out, "Content-Length");
    body = request_body(out);
    CHECK_D(body != NULL && v != NULL && (size_t)atol(v) == strlen(body), out);
    CHECK_D(body != NULL && strstr(body, "\"QueueUrl\"") != NULL && strstr(body, "\"hello\"") != NULL, body);
    free(v);
    free(body);
    v = header_value(out, "Authorization");
    CHECK_D(v != NULL && strncmp(v, "AWS4-HMAC-SHA256 Credential=AKIDBUILD/", 38) == 0, out);
    CHECK_D(v != NULL && strstr(v, "/us-west-2/sqs/aws4_request") != NULL, out);
    CHECK_D(v != NULL && strstr(v, "SignedHeaders=") != NULL && strstr(v, "Signature=") != NULL, out);
    CHECK_D(v != NULL && strstr(v, "x-amz-security-token") != NULL, v);
    CHECK_D(!contains_ci(out, "buildsecret"), out);
    free(v);
    gosoto_string_free(out);

    /* Validation happens before anything is built. */
    st = gosoto_client_build_request(c, "SendMessage", "{\"MessageBody\": \"hello\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "QueueUrl");
    gosoto_string_free(out);
    st = gosoto_client_build_request(c, "NoSuchOperation", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "NoSuchOperation");
    gosoto_string_free(out);
    st = gosoto_client_build_request(c, "ListQueues", "{oops", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "JSON");
    gosoto_string_free(out);
    st = gosoto_client_build_request(c, "ListQueues", "{}", NULL);
    CHECK(st == GOSOTO_E_INVALID_ARGUMENT);
    gosoto_client_free(c);

    /* endpoint_url in the config wins over the environment; nothing is sent
     * (port 1 has no listener), so building still works. */
    env_restore("AWS_ENDPOINT_URL", env_swap("AWS_ENDPOINT_URL", "http://127.0.0.1:2"));
    setenv("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:3", 1);
    st = gosoto_client_new("{\"service\": \"sqs\", \"region\": \"eu-central-1\", \"endpoint_url\": \"http://127.0.0.1:1/base\", "
                           "\"credentials\": {\"access_key_id\": \"AKIDBUILD\", \"secret_access_key\": \"buildsecret\"}}",
                           &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_client_build_request(c, "list_queues", "{}", &out);
    CHECK_OK(st, out);
    v = json_get_string(out, "url");
    CHECK_D(v != NULL && strncmp(v, "http://127.0.0.1:1/base", 23) == 0, out);
    free(v);
    v = header_value(out, "Host");
    CHECK_D(v != NULL && strcmp(v, "127.0.0.1:1") == 0, out);
    free(v);
    v = header_value(out, "Authorization");
    CHECK_D(v != NULL && strstr(v, "/eu-central-1/sqs/aws4_request") != NULL, out);
    CHECK_D(v != NULL && strstr(v, "x-amz-security-token") == NULL, v);
    free(v);
    v = header_value(out, "X-Amz-Security-Token");
    CHECK_D(v == NULL, out);
    free(v);
    gosoto_string_free(out);
    gosoto_client_free(c);

    env_restore("AWS_ENDPOINT_URL_SQS", saved);
    env_restore("AWS_ENDPOINT_URL", saved_any);
}

void test_build_request_query_protocol(void)
{
    gosoto_client *c = NULL;
    char *err = NULL, *out = NULL, *v, *body;
    char *saved = env_swap("AWS_ENDPOINT_URL_STS", NULL);
    char *saved_any = env_swap("AWS_ENDPOINT_URL", NULL);
    int st = gosoto_client_new("{\"service\": \"sts\", \"region\": \"eu-west-1\", \"credentials\": "
                               "{\"access_key_id\": \"AKIDSTS\", \"secret_access_key\": \"stssecret\"}}",
                               &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);
    st = gosoto_client_build_request(c, "GetCallerIdentity", "{}", &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "method", "POST");
    v = json_get_string(out, "url");
    CHECK_D(v != NULL && strncmp(v, "https://sts.", 12) == 0 && strstr(v, "amazonaws.com") != NULL, out);
    free(v);
    v = header_value(out, "Content-Type");
    CHECK_D(v != NULL && strncmp(v, "application/x-www-form-urlencoded", 33) == 0, out);
    free(v);
    body = request_body(out);
    CHECK_D(body != NULL && strstr(body, "Action=GetCallerIdentity") != NULL &&
                strstr(body, "Version=2011-06-15") != NULL, body ? body : out);
    free(body);
    v = header_value(out, "Authorization");
    CHECK_D(v != NULL && strstr(v, "/eu-west-1/sts/aws4_request") != NULL, out);
    free(v);
    gosoto_string_free(out);

    /* Nested query serialization: a list member. */
    st = gosoto_sts_assume_role(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "RoleArn");
    CHECK_D(contains_ci(out, "RoleSessionName"), out);
    gosoto_string_free(out);
    st = gosoto_client_build_request(c, "AssumeRole",
                                     "{\"RoleArn\": \"arn:aws:iam::123456789012:role/r\", \"RoleSessionName\": \"sess\", "
                                     "\"PolicyArns\": [{\"arn\": \"arn:aws:iam::aws:policy/A\"}], \"DurationSeconds\": 900}",
                                     &out);
    CHECK_OK(st, out);
    body = request_body(out);
    CHECK_D(body != NULL && strstr(body, "Action=AssumeRole") != NULL && strstr(body, "DurationSeconds=900") != NULL &&
                strstr(body, "PolicyArns.member.1.arn=") != NULL, body ? body : out);
    free(body);
    gosoto_string_free(out);
    gosoto_client_free(c);
    env_restore("AWS_ENDPOINT_URL_STS", saved);
    env_restore("AWS_ENDPOINT_URL", saved_any);
}

/* {"status_code": N, "headers": HEADERS, "body_base64": base64(body)} */
static char *canned_response(int status, const char *headers, const char *body)
{
    char *b64 = b64_encode((const unsigned char *)body, strlen(body));
    char *doc = xprintf("{\"status_code\": %d, \"headers\": %s, \"body_base64\": \"%s\"}", status, headers, b64);
    free(b64);
    return doc;
}

void test_parse_response_json(void)
{
    gosoto_client *c = emulator_client(NULL);
    char *resp, *out = NULL;
    long n = 0;
    int st;

    resp = canned_response(200, "[[\"x-amzn-RequestId\", \"req-0001\"], [\"Content-Type\", \"application/x-amz-json-1.0\"]]",
                           "{\"QueueUrl\": \"http://127.0.0.1:9/123456789012/canned\"}");
    st = gosoto_client_parse_response(c, "GetQueueUrl", resp, &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "QueueUrl", "http://127.0.0.1:9/123456789012/canned");
    CHECK_STR(out, "ResponseMetadata.RequestId", "req-0001");
    CHECK_D(json_get_int(out, "ResponseMetadata.HTTPStatusCode", &n) && n == 200, out);
    free(resp);
    gosoto_string_free(out);

    /* An awsQueryCompatible error: the code comes from x-amzn-query-error. */
    resp = canned_response(400,
                           "[[\"x-amzn-RequestId\", \"req-0002\"], [\"x-amzn-query-error\", \"AWS.SimpleQueueService.NonExistentQueue;Sender\"], "
                           "[\"Content-Type\", \"application/x-amz-json-1.0\"]]",
                           "{\"__type\": \"com.amazonaws.sqs#QueueDoesNotExist\", \"message\": \"The specified queue does not exist.\"}");
    st = gosoto_client_parse_response(c, "get_queue_url", resp, &out);
    CHECK_ERROR(st, GOSOTO_E_SERVICE, out, "does not exist");
    CHECK_STR(out, "Error.Code", "AWS.SimpleQueueService.NonExistentQueue");
    CHECK_STR(out, "Error.Type", "Sender");
    CHECK_STR(out, "ResponseMetadata.RequestId", "req-0002");
    CHECK_D(json_get_int(out, "ResponseMetadata.HTTPStatusCode", &n) && n == 400, out);
    free(resp);
    gosoto_string_free(out);

    /* Without that header the code is the __type's name. */
    resp = canned_response(400, "[[\"x-amzn-RequestId\", \"req-0003\"]]",
                           "{\"__type\": \"com.amazonaws.sqs#QueueDoesNotExist\", \"message\": \"gone\"}");
    st = gosoto_client_parse_response(c, "GetQueueUrl", resp, &out);
    CHECK_ERROR(st, GOSOTO_E_SERVICE, out, "gone");
    CHECK_STR(out, "Error.Code", "QueueDoesNotExist");
    free(resp);
    gosoto_string_free(out);

    /* A throttling error is retryable. */
    resp = canned_response(400, "[[\"x-amzn-RequestId\", \"req-0004\"]]",
                           "{\"__type\": \"com.amazonaws.sqs#ThrottlingException\", \"message\": \"slow down\"}");
    st = gosoto_client_parse_response(c, "ListQueues", resp, &out);
    CHECK_ERROR(st, GOSOTO_E_SERVICE, out, "slow down");
    CHECK_D(json_find(out, "Retryable") != NULL && strncmp(json_find(out, "Retryable"), "true", 4) == 0, out);
    free(resp);
    gosoto_string_free(out);

    /* Bad response documents. */
    st = gosoto_client_parse_response(c, "GetQueueUrl", NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "response_json");
    gosoto_string_free(out);
    st = gosoto_client_parse_response(c, "GetQueueUrl", "{\"status_code\": 200", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "JSON");
    gosoto_string_free(out);
    st = gosoto_client_parse_response(c, "GetQueueUrl", "{\"status_code\": 200, \"headers\": [], \"body_base64\": \"!!!\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "body_base64");
    gosoto_string_free(out);
    st = gosoto_client_parse_response(c, "NoSuchOperation", "{\"status_code\": 200, \"headers\": [], \"body_base64\": \"\"}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "NoSuchOperation");
    gosoto_string_free(out);
    gosoto_client_free(c);
}

void test_parse_response_query(void)
{
    gosoto_client *c = NULL;
    char *err = NULL, *resp, *out = NULL;
    int st = gosoto_client_new("{\"service\": \"sts\", \"region\": \"us-east-1\"}", &c, &err);
    CHECK_D(st == GOSOTO_OK, err);
    gosoto_string_free(err);

    resp = canned_response(200, "[[\"x-amzn-RequestId\", \"sts-req-1\"], [\"Content-Type\", \"text/xml\"]]",
                           "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                           "  <GetCallerIdentityResult>\n"
                           "    <Arn>arn:aws:iam::123456789012:user/Alice &amp; Bob</Arn>\n"
                           "    <UserId>AIDAEXAMPLE</UserId>\n"
                           "    <Account>123456789012</Account>\n"
                           "  </GetCallerIdentityResult>\n"
                           "  <ResponseMetadata><RequestId>sts-req-1</RequestId></ResponseMetadata>\n"
                           "</GetCallerIdentityResponse>\n");
    st = gosoto_client_parse_response(c, "GetCallerIdentity", resp, &out);
    CHECK_OK(st, out);
    CHECK_STR(out, "Account", "123456789012");
    CHECK_STR(out, "UserId", "AIDAEXAMPLE");
    CHECK_STR(out, "Arn", "arn:aws:iam::123456789012:user/Alice & Bob");
    CHECK_STR(out, "ResponseMetadata.RequestId", "sts-req-1");
    free(resp);
    gosoto_string_free(out);

    resp = canned_response(403, "[[\"Content-Type\", \"text/xml\"]]",
                           "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                           "  <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                           "<Message>The security token included in the request is invalid.</Message></Error>\n"
                           "  <RequestId>sts-req-2</RequestId>\n"
                           "</ErrorResponse>\n");
    st = gosoto_client_parse_response(c, "GetCallerIdentity", resp, &out);
    CHECK_ERROR(st, GOSOTO_E_SERVICE, out, "security token");
    CHECK_STR(out, "Error.Code", "InvalidClientTokenId");
    CHECK_STR(out, "Error.Type", "Sender");
    CHECK_STR(out, "ResponseMetadata.RequestId", "sts-req-2");
    free(resp);
    gosoto_string_free(out);
    gosoto_client_free(c);
}

/* ---- many threads, one client ---- */

#define N_THREADS 8
#define N_MESSAGES 12

struct worker {
    gosoto_client *client;
    const char *queue_url;
    int index;
    int ok_rounds;
};

static void *worker_main(void *arg)
{
    struct worker *w = (struct worker *)arg;
    int i;
    for (i = 0; i < N_MESSAGES; i++) {
        char *body = xprintf("thread %d message %d \\u00e9", w->index, i);
        char *want = xprintf("thread %d message %d \xc3\xa9", w->index, i);
        char *in = xprintf("{\"QueueUrl\": \"%s\", \"MessageBody\": \"%s\"}", w->queue_url, body);
        char *out = NULL, *id = NULL, *got = NULL, *got_id = NULL, *receipt = NULL;
        int st = gosoto_sqs_send_message(w->client, in, &out);
        CHECK_OK(st, out);
        id = json_get_string(out, "MessageId");
        CHECK_D(id != NULL, out);
        gosoto_string_free(out);
        free(in);

        in = xprintf("{\"QueueUrl\": \"%s\", \"MaxNumberOfMessages\": 1, \"WaitTimeSeconds\": 5}", w->queue_url);
        st = gosoto_sqs_receive_message(w->client, in, &out);
        CHECK_OK(st, out);
        got = json_get_string(out, "Messages[0].Body");
        got_id = json_get_string(out, "Messages[0].MessageId");
        receipt = json_get_string(out, "Messages[0].ReceiptHandle");
        CHECK_D(got != NULL && strcmp(got, want) == 0, out);
        CHECK_D(got_id != NULL && id != NULL && strcmp(got_id, id) == 0, out);
        gosoto_string_free(out);
        free(in);

        if (receipt != NULL) {
            char *qr = json_quote(receipt);
            in = xprintf("{\"QueueUrl\": \"%s\", \"ReceiptHandle\": %s}", w->queue_url, qr);
            st = gosoto_client_call(w->client, "DeleteMessage", in, &out);
            CHECK_OK(st, out);
            if (st == GOSOTO_OK && got != NULL && strcmp(got, want) == 0)
                w->ok_rounds++;
            gosoto_string_free(out);
            free(in);
            free(qr);
        }
        /* An error on the shared client from this thread, in between. */
        st = gosoto_sqs_send_message(w->client, "{\"MessageBody\": \"no queue\"}", &out);
        CHECK_ERROR(st, GOSOTO_E_VALIDATION, out, "QueueUrl");
        gosoto_string_free(out);

        free(body);
        free(want);
        free(id);
        free(got);
        free(got_id);
        free(receipt);
    }
    return NULL;
}

void test_concurrency(void)
{
    gosoto_client *c = emulator_client(NULL);
    pthread_t threads[N_THREADS];
    struct worker workers[N_THREADS];
    char *urls[N_THREADS];
    int i, total = 0;

    for (i = 0; i < N_THREADS; i++) {
        char *name = unique_queue_name("capi_thread");
        urls[i] = create_queue(c, name);
        free(name);
        if (urls[i] == NULL) {
            CHECK(!"could not create the queues of the concurrency test");
            while (i-- > 0) {
                delete_queue(c, urls[i]);
                free(urls[i]);
            }
            gosoto_client_free(c);
            return;
        }
    }
    for (i = 0; i < N_THREADS; i++) {
        workers[i].client = c;
        workers[i].queue_url = urls[i];
        workers[i].index = i;
        workers[i].ok_rounds = 0;
        CHECK(pthread_create(&threads[i], NULL, worker_main, &workers[i]) == 0);
    }
    for (i = 0; i < N_THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        total += workers[i].ok_rounds;
    }
    CHECK_D(total == N_THREADS * N_MESSAGES, "not every send/receive/delete round succeeded");
    for (i = 0; i < N_THREADS; i++) {
        delete_queue(c, urls[i]);
        free(urls[i]);
    }
    gosoto_client_free(c);
}

/* ---- freeing a client while another thread is inside a call on it ---- */

struct long_poll {
    gosoto_client *client;
    const char *queue_url;
    int status;
    char *out;
};

static void *long_poll_main(void *arg)
{
    struct long_poll *lp = (struct long_poll *)arg;
    char *in = xprintf("{\"QueueUrl\": \"%s\", \"WaitTimeSeconds\": 2}", lp->queue_url);
    lp->status = gosoto_sqs_receive_message(lp->client, in, &lp->out);
    free(in);
    return NULL;
}

void test_free_during_call(void)
{
    gosoto_client *setup = emulator_client(NULL);
    gosoto_client *c = emulator_client(NULL);
    char *name = unique_queue_name("capi_free_during_call");
    char *url = create_queue(setup, name);
    struct long_poll lp;
    pthread_t t;
    char *out = NULL;
    struct timespec pause = {0, 500000000L};
    int st;

    if (url == NULL)
        goto end;
    lp.client = c;
    lp.queue_url = url;
    lp.status = -1;
    lp.out = NULL;
    CHECK(pthread_create(&t, NULL, long_poll_main, &lp) == 0);
    nanosleep(&pause, NULL); /* the long poll is in flight now */
    gosoto_client_free(c);
    /* New calls on the freed handle are refused at once... */
    st = gosoto_sqs_list_queues(c, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    /* ...while the call in flight finishes normally. */
    CHECK(pthread_join(t, NULL) == 0);
    CHECK_OK(lp.status, lp.out);
    CHECK_D(!json_has(lp.out, "Messages[0]"), lp.out);
    gosoto_string_free(lp.out);
    delete_queue(setup, url);
end:
    free(url);
    free(name);
    gosoto_client_free(setup);
}
