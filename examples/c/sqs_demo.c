/*
 * sqs_demo.c: the bundled gosoto demo, the whole life of an SQS queue from C.
 *
 * Lists the existing queues, creates a queue test_q_<unix time>, looks its
 * URL up by name, sends a message, receives it, deletes the message, deletes
 * the queue, and prints "Everything worked.". On any failure it prints the
 * error JSON to stderr, deletes the queue if it had created one, and exits 1.
 *
 * Region, endpoint and credentials come from the environment, as with any
 * AWS SDK (AWS_REGION, AWS_ENDPOINT_URL_SQS, AWS_ACCESS_KEY_ID, ...).
 * WITHOUT AN ENDPOINT OVERRIDE THIS TALKS TO REAL AWS AND CREATES A REAL
 * QUEUE. `make demo` runs it against a local emulator instead.
 *
 * Build: cc -std=c99 sqs_demo.c $(pkg-config --cflags --libs gosoto)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gosoto.h>
#include <gosoto/sqs.h>

#include "json_get.h"

static const char MESSAGE_BODY[] = "lorem ipsum dolor sit amet";

/* The operation function type shared by every generated entry point. */
typedef int (*sqs_op)(gosoto_client *, const char *, char **);

/* Runs one operation; on failure prints what failed and the error JSON and
 * returns NULL. On success returns the output JSON (free it with
 * gosoto_string_free). */
static char *call(sqs_op op, const char *what, gosoto_client *client,
                  const char *input)
{
    char *out = NULL;
    int status;
    if (input == NULL) {
        fprintf(stderr, "%s: out of memory\n", what);
        return NULL;
    }
    status = op(client, input, &out);
    if (status != GOSOTO_OK) {
        fprintf(stderr, "%s failed with status %d:\n%s\n", what, status,
                out != NULL ? out : "(no error document)");
        gosoto_string_free(out);
        return NULL;
    }
    return out;
}

/* Builds a JSON object from (name, string value) pairs; the values are
 * quoted and escaped here. The list ends with a NULL name. Returns a
 * malloc'd string, or NULL when out of memory. */
static char *json_object(const char *name, ...)
{
    va_list ap;
    size_t cap = 64, len = 0;
    char *buf = (char *)malloc(cap);
    const char *key = name;
    int first = 1;
    if (buf == NULL)
        return NULL;
    buf[len++] = '{';
    va_start(ap, name);
    while (key != NULL) {
        const char *value = va_arg(ap, const char *);
        char *qk = json_quote(key), *qv = json_quote(value);
        size_t need;
        if (qk == NULL || qv == NULL) {
            free(qk);
            free(qv);
            free(buf);
            va_end(ap);
            return NULL;
        }
        need = len + strlen(qk) + strlen(qv) + 4;
        if (need > cap) {
            char *nb;
            cap = need * 2;
            nb = (char *)realloc(buf, cap);
            if (nb == NULL) {
                free(qk);
                free(qv);
                free(buf);
                va_end(ap);
                return NULL;
            }
            buf = nb;
        }
        if (!first)
            buf[len++] = ',';
        first = 0;
        memcpy(buf + len, qk, strlen(qk));
        len += strlen(qk);
        buf[len++] = ':';
        memcpy(buf + len, qv, strlen(qv));
        len += strlen(qv);
        free(qk);
        free(qv);
        key = va_arg(ap, const char *);
    }
    va_end(ap);
    buf[len++] = '}';
    buf[len] = '\0';
    return buf;
}

/* Same as json_object with one extra raw (already JSON) member appended. */
static char *with_raw_member(char *obj, const char *raw_member)
{
    size_t n;
    char *nb;
    if (obj == NULL)
        return NULL;
    n = strlen(obj);
    nb = (char *)realloc(obj, n + strlen(raw_member) + 3);
    if (nb == NULL) {
        free(obj);
        return NULL;
    }
    nb[n - 1] = '\0'; /* drop '}' */
    strcat(nb, ",");
    strcat(nb, raw_member);
    strcat(nb, "}");
    return nb;
}

/* Reads a required string member of an output; prints why when missing. */
static char *need_string(const char *doc, const char *path, const char *what)
{
    char *v = json_get_string(doc, path);
    if (v == NULL)
        fprintf(stderr, "%s: the answer has no string at %s:\n%s\n", what, path, doc);
    return v;
}

int main(void)
{
    gosoto_client *client = NULL;
    char *err = NULL, *out = NULL, *in = NULL;
    char *queue_url = NULL, *verified_url = NULL, *message_id = NULL;
    char *received_body = NULL, *received_id = NULL, *receipt = NULL;
    char *request_id = NULL;
    char queue_name[64];
    int status, ok = 0, queue_created = 0, attempt;
    unsigned long i;

    status = gosoto_client_new("{\"service\": \"sqs\"}", &client, &err);
    if (status != GOSOTO_OK) {
        fprintf(stderr, "creating the SQS client failed with status %d:\n%s\n", status,
                err != NULL ? err : "(no error document)");
        gosoto_string_free(err);
        return 1;
    }

    /* 1. The queues that exist already. */
    out = call(gosoto_sqs_list_queues, "ListQueues", client, "{}");
    if (out == NULL)
        goto done;
    for (i = 0;; i++) {
        char path[48];
        char *url;
        sprintf(path, "QueueUrls[%lu]", i);
        url = json_get_string(out, path);
        if (url == NULL)
            break;
        printf("Existing queue: %s\n", url);
        free(url);
    }
    gosoto_string_free(out);
    out = NULL;

    /* 2. A new queue. */
    sprintf(queue_name, "test_q_%lld", (long long)time(NULL));
    in = json_object("QueueName", queue_name, (const char *)NULL);
    out = call(gosoto_sqs_create_queue, "CreateQueue", client, in);
    free(in);
    in = NULL;
    if (out == NULL)
        goto done;
    queue_url = need_string(out, "QueueUrl", "CreateQueue");
    gosoto_string_free(out);
    out = NULL;
    if (queue_url == NULL)
        goto done;
    queue_created = 1;
    printf("Created queue %s with url %s\n", queue_name, queue_url);

    /* 3. Its URL, looked up by name. */
    in = json_object("QueueName", queue_name, (const char *)NULL);
    out = call(gosoto_sqs_get_queue_url, "GetQueueUrl", client, in);
    free(in);
    in = NULL;
    if (out == NULL)
        goto done;
    verified_url = need_string(out, "QueueUrl", "GetQueueUrl");
    gosoto_string_free(out);
    out = NULL;
    if (verified_url == NULL)
        goto done;
    if (strcmp(verified_url, queue_url) != 0) {
        fprintf(stderr, "GetQueueUrl returned %s, but CreateQueue returned %s\n",
                verified_url, queue_url);
        goto done;
    }
    printf("Verified queue url %s for queue name %s\n", verified_url, queue_name);

    /* 4. A message. */
    in = json_object("QueueUrl", queue_url, "MessageBody", MESSAGE_BODY, (const char *)NULL);
    out = call(gosoto_sqs_send_message, "SendMessage", client, in);
    free(in);
    in = NULL;
    if (out == NULL)
        goto done;
    message_id = need_string(out, "MessageId", "SendMessage");
    gosoto_string_free(out);
    out = NULL;
    if (message_id == NULL)
        goto done;
    printf("Send message with body '%s' and created message_id %s\n", MESSAGE_BODY, message_id);

    /* 5. Receive it (long polling; a few tries, as SQS is distributed). */
    for (attempt = 0; attempt < 3 && receipt == NULL; attempt++) {
        in = with_raw_member(json_object("QueueUrl", queue_url, (const char *)NULL),
                             "\"MaxNumberOfMessages\": 1, \"WaitTimeSeconds\": 5");
        out = call(gosoto_sqs_receive_message, "ReceiveMessage", client, in);
        free(in);
        in = NULL;
        if (out == NULL)
            goto done;
        if (json_has(out, "Messages[0]")) {
            received_body = need_string(out, "Messages[0].Body", "ReceiveMessage");
            received_id = need_string(out, "Messages[0].MessageId", "ReceiveMessage");
            receipt = need_string(out, "Messages[0].ReceiptHandle", "ReceiveMessage");
            if (received_body == NULL || received_id == NULL || receipt == NULL) {
                gosoto_string_free(out);
                out = NULL;
                goto done;
            }
        }
        gosoto_string_free(out);
        out = NULL;
    }
    if (receipt == NULL) {
        fprintf(stderr, "ReceiveMessage: no message arrived after %d tries\n", attempt);
        goto done;
    }
    if (strcmp(received_body, MESSAGE_BODY) != 0 || strcmp(received_id, message_id) != 0) {
        fprintf(stderr, "ReceiveMessage: got message %s '%s', expected %s '%s'\n",
                received_id, received_body, message_id, MESSAGE_BODY);
        goto done;
    }
    printf("Received message '%s' with id %s\n", received_body, received_id);

    /* 6. Delete the message. */
    in = json_object("QueueUrl", queue_url, "ReceiptHandle", receipt, (const char *)NULL);
    out = call(gosoto_sqs_delete_message, "DeleteMessage", client, in);
    free(in);
    in = NULL;
    if (out == NULL)
        goto done;
    request_id = need_string(out, "ResponseMetadata.RequestId", "DeleteMessage");
    gosoto_string_free(out);
    out = NULL;
    if (request_id == NULL)
        goto done;
    printf("Message deleted by request_id %s\n", request_id);
    free(request_id);
    request_id = NULL;

    /* 7. Delete the queue. */
    in = json_object("QueueUrl", queue_url, (const char *)NULL);
    out = call(gosoto_sqs_delete_queue, "DeleteQueue", client, in);
    free(in);
    in = NULL;
    if (out == NULL)
        goto done;
    queue_created = 0;
    request_id = need_string(out, "ResponseMetadata.RequestId", "DeleteQueue");
    gosoto_string_free(out);
    out = NULL;
    if (request_id == NULL)
        goto done;
    printf("Queue %s deleted by request_id %s\n", queue_url, request_id);

    printf("Everything worked.\n");
    ok = 1;

done:
    if (queue_created) {
        /* Best effort: do not leave the demo's queue behind after a failure. */
        char *cleanup = json_object("QueueUrl", queue_url, (const char *)NULL);
        char *cout = NULL;
        if (cleanup != NULL &&
            gosoto_sqs_delete_queue(client, cleanup, &cout) == GOSOTO_OK)
            fprintf(stderr, "Deleted queue %s after the failure\n", queue_url);
        else
            fprintf(stderr, "Could not delete queue %s: %s\n", queue_url,
                    cout != NULL ? cout : "(no error document)");
        gosoto_string_free(cout);
        free(cleanup);
    }
    free(queue_url);
    free(verified_url);
    free(message_id);
    free(received_body);
    free(received_id);
    free(receipt);
    free(request_id);
    gosoto_client_free(client);
    fflush(stdout);
    return ok ? 0 : 1;
}
