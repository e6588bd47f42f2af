/* capi_test_paginate.c: gosoto_paginator_* and gosoto_client_wait. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capi_test.h"
#include "check.h"
#include "json_get.h"

void test_paginate_list_queues(void)
{
    gosoto_client *c = emulator_client(NULL);
    char *prefix = xprintf("capi_pages_%ld_", (long)time(NULL));
    char *urls[3], *in, *out = NULL, *err = NULL;
    gosoto_paginator *pager = NULL;
    int st, i, pages = 0;

    for (i = 0; i < 3; i++) {
        in = xprintf("{\"QueueName\": \"%s%d\"}", prefix, i);
        st = gosoto_client_call(c, "CreateQueue", in, &out);
        CHECK_OK(st, out);
        urls[i] = json_get_string(out, "QueueUrl");
        free(in);
        gosoto_string_free(out);
    }

    /* One queue per page: three pages, then GOSOTO_DONE (and again). */
    in = xprintf("{\"QueueNamePrefix\": \"%s\", \"MaxResults\": 1}", prefix);
    st = gosoto_paginator_new(c, "list_queues", in, &pager, &err);
    CHECK_D(st == GOSOTO_OK && pager != NULL && err == NULL, err);
    for (;;) {
        char *page = NULL;
        st = gosoto_paginator_next(pager, &page);
        if (st == GOSOTO_DONE) {
            CHECK(page == NULL);
            break;
        }
        CHECK_OK(st, page);
        if (st != GOSOTO_OK || ++pages > 5)
            break;
        CHECK_D(json_has(page, "QueueUrls[0]") && !json_has(page, "QueueUrls[1]"), page);
        CHECK_D(json_has(page, "ResponseMetadata.RequestId"), page);
        CHECK_D((pages < 3) == json_has(page, "NextToken"), page);
        gosoto_string_free(page);
    }
    CHECK(pages == 3);
    out = (char *)1;
    CHECK(gosoto_paginator_next(pager, &out) == GOSOTO_DONE);
    CHECK(out == NULL);
    gosoto_paginator_free(pager);
    gosoto_paginator_free(pager); /* harmless */
    st = gosoto_paginator_next(pager, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "paginator");
    gosoto_string_free(out);
    gosoto_paginator_free(NULL);

    /* PaginationConfig.PageSize sets MaxResults. */
    free(in);
    in = xprintf("{\"QueueNamePrefix\": \"%s\", \"PaginationConfig\": {\"PageSize\": 2}}", prefix);
    st = gosoto_paginator_new(c, "ListQueues", in, &pager, &err);
    CHECK_D(st == GOSOTO_OK, err);
    st = gosoto_paginator_next(pager, &out);
    CHECK_OK(st, out);
    CHECK_D(json_has(out, "QueueUrls[1]") && !json_has(out, "QueueUrls[2]"), out);
    gosoto_string_free(out);
    gosoto_paginator_free(pager);

    for (i = 0; i < 3; i++) {
        char *del = xprintf("{\"QueueUrl\": \"%s\"}", urls[i]);
        st = gosoto_client_call(c, "DeleteQueue", del, &out);
        CHECK_OK(st, out);
        gosoto_string_free(out);
        free(del);
        free(urls[i]);
    }
    free(in);
    free(prefix);
    gosoto_client_free(c);
}

void test_paginate_errors(void)
{
    gosoto_client *c = emulator_client(NULL);
    gosoto_paginator *pager = (gosoto_paginator *)1;
    char *err = NULL, *out = NULL;
    int st;

    /* An operation without a paginator names the ones that have one. */
    st = gosoto_paginator_new(c, "SendMessage", "{}", &pager, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "ListQueues");
    CHECK(pager == NULL);
    gosoto_string_free(err);
    st = gosoto_paginator_new(c, "NoSuchOp", "{}", &pager, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "NoSuchOp");
    gosoto_string_free(err);
    st = gosoto_paginator_new(c, "ListQueues", "[1]", &pager, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "input_json");
    gosoto_string_free(err);
    st = gosoto_paginator_new(c, NULL, "{}", &pager, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "operation");
    gosoto_string_free(err);
    st = gosoto_paginator_new(NULL, "ListQueues", "{}", &pager, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "client");
    gosoto_string_free(err);
    st = gosoto_paginator_new(c, "ListQueues", "{}", NULL, &err);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, err, "out_pager");
    gosoto_string_free(err);
    st = gosoto_paginator_next(NULL, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "NULL");
    gosoto_string_free(out);
    /* A client handle is not a paginator handle. */
    st = gosoto_paginator_next((gosoto_paginator *)c, &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "paginator");
    gosoto_string_free(out);
    st = gosoto_paginator_new(c, "ListQueues", "{}", &pager, &err);
    CHECK_D(st == GOSOTO_OK, err);
    CHECK(gosoto_paginator_next(pager, NULL) == GOSOTO_E_INVALID_ARGUMENT);
    /* The paginator outlives its client. */
    gosoto_client_free(c);
    st = gosoto_paginator_next(pager, &out);
    CHECK_OK(st, out);
    gosoto_string_free(out);
    gosoto_paginator_free(pager);
}

void test_wait_errors(void)
{
    gosoto_client *c = emulator_client(NULL);
    char *out = NULL;
    int st = gosoto_client_wait(c, "queue_exists", "{}", &out);
    /* sqs has no waiters: the message says so. */
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "no waiters");
    gosoto_string_free(out);
    st = gosoto_client_wait(c, NULL, "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "waiter_name");
    gosoto_string_free(out);
    st = gosoto_client_wait(NULL, "x", "{}", &out);
    CHECK_ERROR(st, GOSOTO_E_INVALID_ARGUMENT, out, "client");
    gosoto_string_free(out);
    CHECK(gosoto_client_wait(c, "x", "{}", NULL) == GOSOTO_E_INVALID_ARGUMENT);
    gosoto_client_free(c);
}
