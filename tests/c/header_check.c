/*
 * Compile-time checks of the public headers, built as C99 (-pedantic) and
 * as C++11 by `make test`: every core function of the contract is declared
 * with exactly the contract's type, the status codes have the contract's
 * values, and the generated headers declare the demo's entry points.
 */
#include <gosoto.h>
#include <gosoto/all.h>

#define STATIC_CHECK(name, cond) typedef char static_check_##name[(cond) ? 1 : -1]

STATIC_CHECK(ok, GOSOTO_OK == 0);
STATIC_CHECK(invalid_argument, GOSOTO_E_INVALID_ARGUMENT == 1);
STATIC_CHECK(validation, GOSOTO_E_VALIDATION == 2);
STATIC_CHECK(credentials, GOSOTO_E_CREDENTIALS == 3);
STATIC_CHECK(service, GOSOTO_E_SERVICE == 4);
STATIC_CHECK(network, GOSOTO_E_NETWORK == 5);
STATIC_CHECK(internal, GOSOTO_E_INTERNAL == 6);
STATIC_CHECK(version_number, GOSOTO_VERSION_NUMBER ==
             GOSOTO_VERSION_MAJOR * 10000 + GOSOTO_VERSION_MINOR * 100 + GOSOTO_VERSION_PATCH);
STATIC_CHECK(version_string, sizeof(GOSOTO_VERSION) >= 6);

typedef int (*op_fn)(gosoto_client *, const char *, char **);

/* Assigning to a pointer of the exact type fails to compile on any
 * difference in return or argument types. */
const char *(*check_version)(void) = gosoto_version;
void (*check_string_free)(char *) = gosoto_string_free;
int (*check_client_new)(const char *, gosoto_client **, char **) = gosoto_client_new;
void (*check_client_free)(gosoto_client *) = gosoto_client_free;
int (*check_client_call)(gosoto_client *, const char *, const char *, char **) = gosoto_client_call;
int (*check_build_request)(gosoto_client *, const char *, const char *, char **) =
    gosoto_client_build_request;
int (*check_parse_response)(gosoto_client *, const char *, const char *, char **) =
    gosoto_client_parse_response;
int (*check_sign)(const char *, char **) = gosoto_sign;
int (*check_credentials_new)(const char *, gosoto_credentials **, char **) = gosoto_credentials_new;
int (*check_credentials_get)(gosoto_credentials *, char **) = gosoto_credentials_get;
void (*check_credentials_free)(gosoto_credentials *) = gosoto_credentials_free;

op_fn check_sqs_ops[] = {
    gosoto_sqs_list_queues,  gosoto_sqs_create_queue,    gosoto_sqs_get_queue_url,
    gosoto_sqs_send_message, gosoto_sqs_receive_message, gosoto_sqs_delete_message,
    gosoto_sqs_delete_queue,
};
op_fn check_sts_ops[] = {
    gosoto_sts_get_caller_identity,
    gosoto_sts_assume_role,
};

/* Shared credentials and callback providers. */
int (*check_client_new_with_credentials)(const char *, gosoto_credentials *, gosoto_client **, char **) =
    gosoto_client_new_with_credentials;
int (*check_credentials_new_callback)(gosoto_credentials_fn, void *, gosoto_credentials **, char **) =
    gosoto_credentials_new_callback;
typedef int (*check_credentials_fn_type)(void *, char *, size_t);
/* A pointer to one function pointer type converts to a pointer to the other
 * without a cast only when the two types are the same. */
gosoto_credentials_fn *check_credentials_fn = (check_credentials_fn_type *)0;
