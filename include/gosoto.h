/*
 * gosoto.h: the core C API of gosoto, an AWS client library.
 *
 * This header is the contract of libgosoto.so. It declares the status codes,
 * the two opaque handle types and the core functions; the per-operation entry
 * points of each service (gosoto_sqs_send_message, ...) are declared in the
 * generated headers <gosoto/sqs.h>, <gosoto/sts.h>, ... and all of them at
 * once in <gosoto/all.h>.
 *
 * Build:   cc app.c $(pkg-config --cflags --libs gosoto)
 *
 * CONVENTIONS (they hold for every function below unless it says otherwise)
 *
 *  Status.   A function that can fail returns an int: GOSOTO_OK (0) on
 *            success, else one of the GOSOTO_E_* codes. On failure the
 *            out-parameter named out_json or err_json receives an error
 *            document (see ERROR JSON), so no second call is needed to learn
 *            what went wrong.
 *
 *  Strings.  Every string is UTF-8 and NUL-terminated. Every char * the
 *            library hands out through an out-parameter belongs to the
 *            caller, who releases it with gosoto_string_free() (never with
 *            free(): the library may use another allocator). Before doing
 *            anything else a function sets each of its non-NULL
 *            out-parameters to NULL, so after any call an out-parameter is
 *            either NULL or a string/handle the caller now owns.
 *            The library never keeps a pointer the caller passed in after the
 *            function returns, and never returns a pointer into its own
 *            memory (the only exception is gosoto_version's static string).
 *
 *  Bad input. Any const char * argument may be NULL, not valid UTF-8 or not
 *            valid JSON; a handle argument may be NULL or already freed. The
 *            answer is an error status with a message naming the problem
 *            (usually GOSOTO_E_INVALID_ARGUMENT), never a crash. A NULL
 *            out-parameter is also GOSOTO_E_INVALID_ARGUMENT (the error
 *            document is then lost, since there is nowhere to put it).
 *
 *  Sizes.    input_json, config_json, response_json and request_json may
 *            be at most 64 MiB (67108864 bytes, not counting the NUL);
 *            options_json and the names (operation, waiter_name, service)
 *            at most 1 MiB (1048576 bytes). A longer string is
 *            GOSOTO_E_INVALID_ARGUMENT with a message naming the argument,
 *            its size and the limit ("input_json is 67108865 bytes, over
 *            the limit of 67108864 bytes (64 MiB)"), found before anything
 *            is parsed or copied. Blobs travel as base64, so an in-memory
 *            blob payload can be about 48 MiB; larger ones use the
 *            {"file": path} streaming form (see STREAMING BODIES).
 *
 *  Handles.  gosoto_client and gosoto_credentials are opaque: the pointer is
 *            an id into a table kept by the library, not an address. Every
 *            _new has a _free, and _free(NULL) is a no-op. Freeing a handle
 *            twice, or using it after it was freed, is reported as
 *            GOSOTO_E_INVALID_ARGUMENT instead of corrupting memory (as long
 *            as the id has not been handed out again by a later _new).
 *
 *  Threads.  Every function may be called from any thread, and every handle
 *            may be used from many threads at once; calls on one handle do
 *            not serialize on each other. Freeing a handle while another
 *            thread is still inside a call on it is safe for that call, but
 *            every later use reports GOSOTO_E_INVALID_ARGUMENT.
 *
 *  Blocking. gosoto_client_call, the per-operation functions and
 *            gosoto_credentials_get may do network I/O and block the calling
 *            thread until the answer (or the configured timeouts) come.
 *
 *  Environment. Settings read from the environment (AWS_REGION,
 *            AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_SQS, AWS_PROFILE, ...) are
 *            read through the C library's getenv() at the moment they are
 *            resolved (region and endpoint when a client is created,
 *            credentials when a call first needs them), so a host program
 *            that calls setenv() after loading the library is obeyed.
 *
 * JSON SHAPES
 *
 *  Operation input and output are the request parameters and the response
 *  dict that boto3 documents for the same operation: member names as in the
 *  AWS model, blobs as base64 strings, timestamps as ISO 8601 strings (ISO
 *  8601 or epoch seconds accepted on input). Every successful output carries
 *  "ResponseMetadata": {"RequestId", "HTTPStatusCode", "HTTPHeaders",
 *  "RetryAttempts"}.
 *
 * ERROR JSON
 *
 *  {"Error": {"Code": "QueueDoesNotExist", "Message": "...", "Type": "Sender"},
 *   "ResponseMetadata": {"RequestId": "...", "HTTPStatusCode": 400},
 *   "Kind": "service", "Retryable": false}
 *
 *  "Kind" is one of "invalid_argument", "validation", "credentials",
 *  "service", "network", "internal", matching the returned status. A service
 *  error keeps the service's own code in Error.Code. No error message ever
 *  contains a secret key, session token or signature.
 *
 * The full description of every JSON document is in README.md and in the
 * project's CAPI.md.
 */
#ifndef GOSOTO_H
#define GOSOTO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * The version of this header, "MAJOR.MINOR.PATCH". gosoto_version() returns
 * the version of the library actually loaded, which may differ; compare both
 * when it matters. GOSOTO_VERSION_NUMBER is MAJOR*10000 + MINOR*100 + PATCH,
 * for use in #if.
 */
#define GOSOTO_VERSION        "0.1.0"
#define GOSOTO_VERSION_MAJOR  0
#define GOSOTO_VERSION_MINOR  1
#define GOSOTO_VERSION_PATCH  0
#define GOSOTO_VERSION_NUMBER 100

/* ------------------------------------------------------------------------ */
/* Status codes                                                             */
/* ------------------------------------------------------------------------ */

/* Success. */
#define GOSOTO_OK                   0
/* A NULL argument or out-parameter, a string that is not valid UTF-8,
 * malformed JSON, an unknown service or operation, a bad config key or
 * value, a freed handle. Kind "invalid_argument". */
#define GOSOTO_E_INVALID_ARGUMENT   1
/* The input does not match the operation's input shape: missing required
 * members, members of the wrong type, unknown members. Every problem is
 * listed in Error.Message. Nothing was sent. Kind "validation". */
#define GOSOTO_E_VALIDATION         2
/* No credentials could be resolved or refreshed. The message names every
 * source tried and why it was skipped. Kind "credentials". */
#define GOSOTO_E_CREDENTIALS        3
/* The service answered with an error; Error.Code is the service's own code
 * (e.g. "AWS.SimpleQueueService.NonExistentQueue", "SignatureDoesNotMatch").
 * Kind "service". */
#define GOSOTO_E_SERVICE            4
/* Connection refused, DNS, TLS, or a timeout, after all retries.
 * Kind "network". */
#define GOSOTO_E_NETWORK            5
/* A bug in gosoto (for example a recovered Go panic). Please report it.
 * Kind "internal". */
#define GOSOTO_E_INTERNAL           6

/* ------------------------------------------------------------------------ */
/* Library                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * gosoto_version: the version of the loaded library, e.g. "0.1.0".
 *
 * Returns a static string owned by the library: do NOT free it. It stays
 * valid for the life of the process. Never fails; thread-safe.
 */
const char *gosoto_version(void);

/*
 * gosoto_string_free: release a string that the library handed out through
 * an out-parameter (out_json, err_json).
 *
 * s may be NULL (no-op). Passing anything else than such a string, or the
 * same string twice, is undefined behaviour, as with free(). Thread-safe.
 */
void gosoto_string_free(char *s);

/* ------------------------------------------------------------------------ */
/* Clients                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * A client of one AWS service: its model, region, endpoint, credentials,
 * HTTP connections and retry state. Opaque; create it with
 * gosoto_client_new() and release it with gosoto_client_free().
 */
typedef struct gosoto_client gosoto_client;

/*
 * gosoto_client_new: create a client from a JSON config object.
 *
 * config_json  a JSON object; every key is optional except "service":
 *     "service"            botocore service name, e.g. "sqs", "sts"
 *                          (required unless a service model is given)
 *     "region"             else AWS_REGION, AWS_DEFAULT_REGION, the profile
 *     "endpoint_url"       else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
 *                          else the service's regional endpoint
 *     "profile"            else AWS_PROFILE, else "default"
 *     "credentials"        {"access_key_id", "secret_access_key",
 *                           "session_token"}; else the credential chain
 *     "service_model"      a botocore service-2.json document (object)
 *     "service_model_path" the path of such a document (at most 64 MiB; a
 *                          larger file is GOSOTO_E_INVALID_ARGUMENT)
 *     "max_attempts", "retry_mode" ("standard"),
 *     "connect_timeout_ms", "read_timeout_ms",
 *     "timeout_ms"         deadline of one call, retries included; 0 = none
 *   e.g. {"service": "sqs"} takes everything else from the environment.
 *   Region and endpoint are settled here, from the config and the
 *   environment as it is at this moment (a client without a region is
 *   GOSOTO_E_INVALID_ARGUMENT); credentials are resolved by the first call
 *   that needs them, so a client is created fine where none are found yet.
 * out_client   receives the new client, or NULL on failure. Free it with
 *              gosoto_client_free().
 * err_json     receives NULL on success, else the error document (free it
 *              with gosoto_string_free()).
 *
 * Returns GOSOTO_OK, or GOSOTO_E_INVALID_ARGUMENT (NULL or malformed
 * config, unknown service, unknown key, a value of the wrong type, an
 * unreadable model), or GOSOTO_E_INTERNAL. Thread-safe.
 */
int gosoto_client_new(const char *config_json, gosoto_client **out_client,
                      char **err_json);

/*
 * gosoto_client_free: release a client and its connections.
 *
 * client may be NULL (no-op). Freeing a client twice is harmless; any later
 * use of it returns GOSOTO_E_INVALID_ARGUMENT. Thread-safe.
 */
void gosoto_client_free(gosoto_client *client);

/*
 * gosoto_client_call: call an operation and wait for its answer.
 *
 * operation    the model name ("SendMessage") or its snake_case form
 *              ("send_message").
 * input_json   the operation's request parameters as boto3 documents them,
 *              a JSON object ("{}" when the operation takes none).
 * out_json     receives the response dict (with "ResponseMetadata") on
 *              success, else the error document; NULL only when out_json
 *              itself cannot be written. Free it with gosoto_string_free().
 *
 * The input is validated against the operation's input shape before
 * anything is sent. Retries follow the client's retry mode.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL/freed client, unknown
 * operation, NULL/invalid UTF-8/malformed input), GOSOTO_E_VALIDATION,
 * GOSOTO_E_CREDENTIALS, GOSOTO_E_SERVICE, GOSOTO_E_NETWORK or
 * GOSOTO_E_INTERNAL. Blocks; thread-safe.
 */
int gosoto_client_call(gosoto_client *client, const char *operation,
                       const char *input_json, char **out_json);

/*
 * gosoto_client_build_request: serialize and sign a call without sending it.
 *
 * Arguments as gosoto_client_call. On success *out_json is
 *   {"method": "POST", "url": "https://sqs.us-east-1.amazonaws.com/",
 *    "headers": [["Host", "..."], ["Content-Type", "..."], ...,
 *                ["Authorization", "AWS4-HMAC-SHA256 ..."]],
 *    "body_base64": "..."}
 * where "headers" are every header that would go on the wire, in order, as
 * [name, value] pairs. Send it with any HTTP library and hand the answer to
 * gosoto_client_parse_response(). Free *out_json with gosoto_string_free().
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT, GOSOTO_E_VALIDATION,
 * GOSOTO_E_CREDENTIALS or GOSOTO_E_INTERNAL. May block while credentials
 * are resolved; thread-safe.
 */
int gosoto_client_build_request(gosoto_client *client, const char *operation,
                                const char *input_json, char **out_json);

/*
 * gosoto_client_parse_response: turn an HTTP response to a request made by
 * gosoto_client_build_request() into what gosoto_client_call would return.
 *
 * response_json  {"status_code": 200,
 *                 "headers": [["x-amzn-RequestId", "..."], ...],
 *                 "body_base64": "..."}
 * out_json       receives the response dict or the error document, exactly
 *                as gosoto_client_call; free it with gosoto_string_free().
 *
 * Returns the status gosoto_client_call would have returned for that
 * response (GOSOTO_OK, GOSOTO_E_SERVICE, ...), or GOSOTO_E_INVALID_ARGUMENT
 * when response_json itself is bad. Does no I/O; thread-safe.
 */
int gosoto_client_parse_response(gosoto_client *client, const char *operation,
                                 const char *response_json, char **out_json);

/*
 * Per-operation entry points are generated, one per operation of each
 * service, named gosoto_<service>_<snake_operation> ("-" in a service name
 * becomes "_"):
 *
 *   int gosoto_sqs_send_message(gosoto_client *client,
 *                               const char *input_json, char **out_json);
 *
 * Each is gosoto_client_call(client, "<Operation>", input_json, out_json)
 * on a client of that service (a client of another service is
 * GOSOTO_E_INVALID_ARGUMENT). Include <gosoto/<service>.h> or
 * <gosoto/all.h> for their declarations and documentation.
 */

/* ------------------------------------------------------------------------ */
/* Signing any HTTP request                                                 */
/* ------------------------------------------------------------------------ */

/*
 * gosoto_sign: sign an HTTP request with AWS Signature Version 4.
 *
 * request_json  {"method": "GET", "url": "https://host/path?query",
 *                "headers": [["Host", "..."], ["My-Header", "v"]],
 *                "body_base64": ""     (or "body_sha256": "<hex>",
 *                                       or "unsigned_payload": true),
 *                "service": "sqs", "region": "us-east-1",
 *                "time": "2015-08-30T12:36:00Z"          (default: now),
 *                "credentials": {"access_key_id", "secret_access_key",
 *                                "session_token"}  (default: the chain),
 *                "presign_expires": 3600   (present: presigned URL),
 *                "normalize_path": true, "double_uri_encode": true,
 *                "omit_session_token": false,
 *                "content_sha256_header": false}
 * out_json      on success
 *               {"url": "...", "headers": [[name, value], ...],
 *                "canonical_request": "...", "string_to_sign": "...",
 *                "signature": "<hex>"}
 *               where "headers" is the complete set to send; else the
 *               error document. Free it with gosoto_string_free().
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL, malformed JSON, a
 * missing or ill-typed member, a bad URL or time), GOSOTO_E_CREDENTIALS
 * (no "credentials" given and none resolved) or GOSOTO_E_INTERNAL. Does no
 * network I/O unless the credential chain needs it; thread-safe.
 */
int gosoto_sign(const char *request_json, char **out_json);

/* ------------------------------------------------------------------------ */
/* Credentials                                                              */
/* ------------------------------------------------------------------------ */

/*
 * A credential provider: a chain of sources with a cache that refreshes
 * ahead of expiry. Opaque; create it with gosoto_credentials_new() and
 * release it with gosoto_credentials_free().
 */
typedef struct gosoto_credentials gosoto_credentials;

/*
 * gosoto_credentials_new: create a credential provider.
 *
 * options_json  "{}" for the default chain, or any of
 *                 "profile", "config_file", "credentials_file",
 *                 "static": {"access_key_id", "secret_access_key",
 *                            "session_token"},
 *                 "sources": ["env", "profile", ...]  (the chain, in order)
 * out           receives the new provider, or NULL on failure; free it with
 *               gosoto_credentials_free().
 * err_json      receives NULL on success, else the error document.
 *
 * Creating a provider does not require its sources to hold credentials:
 * a chain with nothing to find is reported by gosoto_credentials_get().
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or malformed options,
 * an unknown key or source) or GOSOTO_E_INTERNAL. Thread-safe.
 */
int gosoto_credentials_new(const char *options_json, gosoto_credentials **out,
                           char **err_json);

/*
 * gosoto_credentials_get: the current credentials, refreshed if needed.
 *
 * out_json  on success
 *           {"AccessKeyId": "...", "SecretAccessKey": "...",
 *            "SessionToken": "...", "Expiration": "2026-11-28T22:00:00Z",
 *            "Source": "env"}
 *           ("SessionToken" and "Expiration" are null when there are
 *           none); else the error document. Free it with gosoto_string_free(), and
 *           remember that it holds a secret.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed provider),
 * GOSOTO_E_CREDENTIALS (the chain is exhausted: the message names every
 * source tried and why it was skipped, and contains no secret) or
 * GOSOTO_E_INTERNAL. May block (file reads, metadata endpoints);
 * thread-safe: concurrent callers share one refresh.
 */
int gosoto_credentials_get(gosoto_credentials *creds, char **out_json);

/*
 * gosoto_credentials_free: release a credential provider.
 *
 * creds may be NULL (no-op); freeing twice is harmless and any later use
 * returns GOSOTO_E_INVALID_ARGUMENT. Thread-safe.
 */
void gosoto_credentials_free(gosoto_credentials *creds);

/* ------------------------------------------------------------------------ */
/* Shared credentials and callback providers                                */
/* ------------------------------------------------------------------------ */

/*
 * gosoto_client_new_with_credentials: create a client that signs with the
 * credentials of an existing provider instead of resolving its own.
 *
 * config_json  as gosoto_client_new, except that "credentials" must not be
 *              given ("profile" still selects settings such as the region).
 * creds        a provider from gosoto_credentials_new() or
 *              gosoto_credentials_new_callback(). It is shared, not
 *              copied: every client made with it uses its cache, so they
 *              share one refresh.
 * out_client   receives the new client, or NULL on failure. Free it with
 *              gosoto_client_free().
 * err_json     receives NULL on success, else the error document.
 *
 * Ownership: the client keeps its own reference to the provider.
 * gosoto_credentials_free(creds) may be called at any time, before or
 * after the clients made with it are freed; the handle becomes invalid at
 * once, but the provider stays alive, and its clients keep working, until
 * the last of those clients is freed too.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed creds, and
 * everything gosoto_client_new rejects) or GOSOTO_E_INTERNAL. Thread-safe.
 */
int gosoto_client_new_with_credentials(const char *config_json,
                                       gosoto_credentials *creds,
                                       gosoto_client **out_client,
                                       char **err_json);

/*
 * gosoto_credentials_fn: a credential source written by the caller (for
 * example by a language binding), called by gosoto_credentials_new_callback
 * providers whenever credentials must be fetched.
 *
 * user_data  the pointer given to gosoto_credentials_new_callback.
 * buf        a buffer of buf_len bytes (16 KiB), zeroed, owned by the
 *            library and valid only during the call.
 * buf_len    its size.
 *
 * On success write into buf, NUL-terminated, the JSON document that an
 * AWS CLI credential_process prints:
 *   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
 *    "SessionToken": "...", "Expiration": "2026-11-28T22:00:00Z"}
 * (SessionToken and Expiration optional; without Expiration the credentials
 * are fetched once and never refreshed) and return 0. On failure return
 * non-zero and write a short error message (no secret: it becomes part of
 * the error document) into buf.
 * Whatever is written, the library reads at most buf_len - 1 bytes: a
 * missing terminator or an overflowing message is cut there, never read
 * past the buffer (writing past buf_len is the callback's own bug).
 *
 * Threads: the callback may be called from any thread, including threads
 * the host program did not create, but never by two threads at once for
 * one provider. It must not call gosoto_credentials_get (or a client call
 * that needs credentials) on the provider that is calling it.
 */
typedef int (*gosoto_credentials_fn)(void *user_data, char *buf, size_t buf_len);

/*
 * gosoto_credentials_new_callback: create a credential provider backed by
 * a callback.
 *
 * fn         the callback (must not be NULL).
 * user_data  handed to fn on every call, never dereferenced by the library.
 * out        receives the new provider, or NULL on failure; free it with
 *            gosoto_credentials_free().
 * err_json   receives NULL on success, else the error document.
 *
 * fn is not called here: it is called by the first gosoto_credentials_get
 * (or the first call of a client made with the provider), then its answer
 * is cached and fn is called again ahead of the Expiration it gave (as
 * for every refreshable source, see gosoto_credentials_get). The "Source"
 * of the credentials is "callback". A failing callback, or one that writes
 * anything but a valid document, makes gosoto_credentials_get return
 * GOSOTO_E_CREDENTIALS with the callback's message or the member at fault.
 *
 * Lifetime: fn and user_data must stay usable until the provider is freed
 * and every client made with it (gosoto_client_new_with_credentials) is
 * freed too.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (fn or out is NULL) or
 * GOSOTO_E_INTERNAL. Thread-safe.
 */
int gosoto_credentials_new_callback(gosoto_credentials_fn fn, void *user_data,
                                    gosoto_credentials **out, char **err_json);

/* ------------------------------------------------------------------------ */
/* Describing services (for bindings)                                       */
/* ------------------------------------------------------------------------ */

/*
 * gosoto_services: the built-in services.
 *
 * out_json  on success a JSON array of botocore service names, sorted,
 *           e.g. ["sqs", "sts"]; else the error document. Free it with
 *           gosoto_string_free().
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (out_json is NULL) or
 * GOSOTO_E_INTERNAL. Does no I/O; thread-safe.
 */
int gosoto_services(char **out_json);

/*
 * gosoto_service_describe: the operations and shapes of a built-in service,
 * for bindings that convert values (blobs, timestamps) and name modeled
 * errors from the library's own model.
 *
 * service   a botocore service name, e.g. "sqs".
 * out_json  on success
 *   {"name": "sqs",
 *    "metadata": {"api_version", "protocol", "service_id", "signing_name",
 *                 "endpoint_prefix", "service_full_name", ...},
 *    "operations": [{"name": "SendMessage", "snake_name": "send_message",
 *                    "input": "SendMessageRequest",
 *                    "output": "SendMessageResult",
 *                    "errors": ["QueueDoesNotExist", ...],
 *                    "http": {"method": "POST", "request_uri": "/"}}, ...],
 *    "shapes": {"<name>": {"type": "structure",
 *                          "members": [{"name": "QueueUrl",
 *                                       "shape": "String"}, ...],
 *                          "required": ["QueueUrl"],
 *                          "exception": true,
 *                          "error": {"code", "http_status_code",
 *                                    "sender_fault"}},
 *               "<list>": {"type": "list", "member": "<shape>"},
 *               "<map>":  {"type": "map", "key": "<shape>",
 *                          "value": "<shape>"},
 *               "<name>": {"type": "blob" | "timestamp" | "string" | ...,
 *                          "enum": [...], "min": 1, "max": 256,
 *                          "timestamp_format": "iso8601"}, ...}}
 *   with operations sorted by name, structure members in model order, and
 *   keys that would be empty or false left out ("input" and "output" are
 *   absent when an operation has none). Else the error document. Free it
 *   with gosoto_string_free().
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL, unknown service) or
 * GOSOTO_E_INTERNAL. Does no I/O; thread-safe.
 */
int gosoto_service_describe(const char *service, char **out_json);

/*
 * gosoto_client_describe: as gosoto_service_describe, for the model a
 * client was made with (a built-in one, or the "service_model" /
 * "service_model_path" of its config).
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed client, NULL
 * out_json) or GOSOTO_E_INTERNAL. Does no I/O; thread-safe.
 */
int gosoto_client_describe(gosoto_client *client, char **out_json);

/*
 * gosoto_client_info: what a client resolved when it was made.
 *
 * out_json  on success {"service": "sqs", "region": "us-east-1",
 *           "endpoint_url": "https://sqs.us-east-1.amazonaws.com"}; else
 *           the error document. Free it with gosoto_string_free().
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed client, NULL
 * out_json) or GOSOTO_E_INTERNAL. Does no I/O; thread-safe.
 */
int gosoto_client_info(gosoto_client *client, char **out_json);

/* ------------------------------------------------------------------------ */
/* Pagination and waiters (from botocore's paginators-1.json and            */
/* waiters-2.json)                                                          */
/* ------------------------------------------------------------------------ */

/*
 * GOSOTO_DONE: returned by gosoto_paginator_next when there are no more
 * pages; *page_json is then NULL. It is not an error and is distinct from
 * every GOSOTO_E_* code.
 */
#define GOSOTO_DONE                 100

/*
 * A paginator: walks the pages of one paginated operation. Opaque; create
 * it with gosoto_paginator_new() and release it with gosoto_paginator_free().
 * Like every handle it is an id, not an address: a paginator freed twice or
 * used after free is GOSOTO_E_INVALID_ARGUMENT.
 *
 * A paginator keeps its position, so it is meant to be used by one thread at
 * a time. Calls from several threads at once are serialized by a lock (each
 * gets a different page) and never corrupt anything. The paginator holds on
 * to what it needs of its client: freeing the client first is allowed.
 */
typedef struct gosoto_paginator gosoto_paginator;

/*
 * gosoto_paginator_new: start paginating an operation. Nothing is sent yet.
 *
 * operation   the model name ("ListQueues") or snake_case form
 *             ("list_queues") of an operation that has a paginator.
 * input_json  the operation's request parameters, as for gosoto_client_call
 *             ("{}" when none). The first page is asked for with exactly
 *             these; the limit key (MaxResults, MaxItems, ...) is left as
 *             given, and setting the input token (e.g. "NextToken") starts
 *             from that position. boto3's "PaginationConfig":
 *             {"PageSize": n} is accepted and sets the limit key (MaxItems
 *             and StartingToken are not supported).
 * out_pager   receives the paginator, or NULL on failure. Free it with
 *             gosoto_paginator_free().
 * err_json    receives NULL on success, else the error document.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed client, an
 * unknown operation, an operation without a paginator (the message lists
 * those that have one), NULL/invalid UTF-8/malformed input or an input that
 * is not an object) or GOSOTO_E_INTERNAL. Does no I/O; thread-safe.
 */
int gosoto_paginator_new(gosoto_client *client, const char *operation,
                         const char *input_json, gosoto_paginator **out_pager,
                         char **err_json);

/*
 * gosoto_paginator_next: fetch the next page.
 *
 * page_json  receives the page, the operation's full response dict (with
 *            "ResponseMetadata"), exactly as gosoto_client_call returns it;
 *            NULL when the status is GOSOTO_DONE; else the error document.
 *            Free it with gosoto_string_free().
 *
 * Each call after the first sets the paginator's input token members from
 * the output token expressions of the previous page (several tokens and
 * expressions such as "NextMarker || Contents[-1].Key" included). Pages end
 * after one whose output tokens are all empty or absent, or whose
 * more_results member (e.g. "IsTruncated") is false; the next call returns
 * GOSOTO_DONE, and so does every call after it. An operation whose
 * paginator has no tokens gives exactly one page.
 *
 * A failed call (GOSOTO_E_NETWORK, a throttling GOSOTO_E_SERVICE, ...)
 * keeps the position: calling again retries the same page. When the
 * service sends the same next token twice, the page is returned and the
 * next call fails with GOSOTO_E_SERVICE, Error.Code "PaginationError", as
 * does every later call.
 *
 * Returns GOSOTO_OK, GOSOTO_DONE, or an error status as gosoto_client_call
 * (GOSOTO_E_INVALID_ARGUMENT also for a NULL or freed paginator). Blocks;
 * see the paginator's threading note above.
 */
int gosoto_paginator_next(gosoto_paginator *pager, char **page_json);

/*
 * gosoto_paginator_free: release a paginator.
 *
 * pager may be NULL (no-op); freeing twice is harmless and any later use
 * returns GOSOTO_E_INVALID_ARGUMENT. A call in progress on another thread
 * finishes normally. Thread-safe.
 */
void gosoto_paginator_free(gosoto_paginator *pager);

/*
 * gosoto_client_wait: poll an operation until a waiter's condition holds.
 *
 * waiter_name  the model name ("InstanceRunning") or snake_case form
 *              ("instance_running") of one of the service's waiters.
 * input_json   the request parameters of the waiter's operation; it may
 *              also carry boto3's "WaiterConfig": {"Delay": seconds,
 *              "MaxAttempts": n}, which override the waiter's own (and are
 *              not sent).
 * out_json     on success the last response: the response dict, or the
 *              error document of a service error when that error was the
 *              success condition (e.g. a *NotExists waiter); else the error
 *              document. Free it with gosoto_string_free().
 *
 * After each call the waiter's acceptors are tried in order: "status" (the
 * HTTP status of the response or of the service error), "error" (the
 * service error code; expected true/false: any error / none), "path" (an
 * expression on the response equals the expected value), "pathAll" (every
 * element of a non-empty list equals it), "pathAny" (at least one does).
 * The first that matches decides: success returns, failure fails, retry
 * waits the waiter's delay and calls again. Errors:
 *   - an acceptor in state "failure" matched: GOSOTO_E_SERVICE, Error.Code
 *     "WaiterFailure", the message naming the waiter and what matched;
 *   - MaxAttempts calls without success: GOSOTO_E_SERVICE, Error.Code
 *     "WaiterMaxAttemptsExceeded";
 *   - a service error no acceptor matches, and any other failure of a call
 *     (validation, credentials, network), is returned as it is.
 * ResponseMetadata in a waiter error is that of the last response.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed client, an
 * unknown waiter (the message lists the service's waiters), NULL/invalid
 * UTF-8/malformed input, a bad WaiterConfig), or an error status as above.
 * Blocks for up to Delay x MaxAttempts seconds (e.g. 15 s x 40 for
 * ec2's instance_running) plus the calls; the client's "timeout_ms" applies
 * to each call, not to the whole wait. Thread-safe.
 */
int gosoto_client_wait(gosoto_client *client, const char *waiter_name,
                       const char *input_json, char **out_json);

/* ---- end of pagination and waiters --------------------------------------- */

/* ---- S3, presigned URLs and streaming bodies ------------------------------ */

/*
 * S3 CLIENT CONFIG. A client of "s3" takes an extra config key:
 *
 *   "s3": {"addressing_style": "auto" | "virtual" | "path",
 *          "force_path_style": true,              (same as "path")
 *          "payload_signing_enabled": true | false}
 *
 * (else the profile's "s3 =" sub-section of the shared config file, with
 * the same keys). Addressing: "auto" (the default) puts the bucket in the
 * host name (https://bucket.s3.us-east-1.amazonaws.com/key) unless that
 * cannot work: an endpoint whose host is an IP address or a single label
 * (http://127.0.0.1:9000, http://localhost:4566, http://minio:9000), a
 * bucket name that is not a DNS label (upper case, "_", shorter than 3 or
 * longer than 63 characters...), or a bucket name with dots over https;
 * those use path style (https://s3.us-east-1.amazonaws.com/bucket/key).
 * "virtual" asks for the bucket in the host whenever the name allows it,
 * "path" never puts it there. Every S3 request carries
 * X-Amz-Content-Sha256. "payload_signing_enabled": false sends every
 * payload over https as UNSIGNED-PAYLOAD (the body is then protected by
 * TLS, not by the signature); by default in-memory payloads are signed and
 * payloads streamed from a file (below) go unsigned over https. Over plain
 * http payloads are always signed. S3 requests with an XML body get a
 * Content-MD5 header; a 200 OK whose body is an S3 <Error> document
 * (CopyObject, UploadPartCopy, CompleteMultipartUpload) is reported as a
 * GOSOTO_E_SERVICE error with HTTPStatusCode 500, as botocore does.
 *
 * STREAMING BODIES. An operation whose input payload is a blob (S3
 * PutObject and UploadPart "Body", and any other service's blob payload)
 * accepts, in place of the base64 string,
 *
 *   "Body": {"file": "/path/to/read"}
 *
 * The file is sent as the request body without being loaded into memory
 * (its size is the Content-Length; each retry reopens it; it must not
 * change size during the call). Over https an S3 file payload goes as
 * UNSIGNED-PAYLOAD; otherwise its SHA-256 is computed in a first pass over
 * the file before sending.
 * An operation whose output payload is a blob (S3 GetObject "Body") accepts
 * the reserved input member
 *
 *   "$output_file": "/path/to/write"
 *
 * and then writes the payload to that file as it arrives (through a
 * temporary file in the same directory, renamed over the target once the
 * whole body is in; a failed call leaves the target untouched), and the
 * output carries, instead of the base64 string,
 *
 *   "Body": {"file": "/path/to/write", "size": 1073741824}
 *
 * An error response is never written to the file. "$output_file" on an
 * operation without a blob output payload is GOSOTO_E_INVALID_ARGUMENT.
 * gosoto_client_build_request() with a file payload returns
 * "body_file": "/path" in place of "body_base64".
 */

/*
 * gosoto_client_presign: a presigned request for an operation, to be sent
 * later by any HTTP client without credentials (S3 GetObject / PutObject
 * URLs for a browser or curl, typically).
 *
 * operation        the model name ("GetObject") or its snake_case form.
 * input_json       the operation's input, as for gosoto_client_call
 *                  (e.g. {"Bucket": "b", "Key": "k"}); validated.
 * expires_seconds  how long the URL stays valid: 1 to 604800 (7 days);
 *                  0 means 3600.
 * out_json         on success
 *     {"url": "https://b.s3.us-east-1.amazonaws.com/k?X-Amz-Algorithm=...",
 *      "method": "GET",
 *      "headers": [["Host", "b.s3.us-east-1.amazonaws.com"], ...],
 *      "expires": 3600}
 *   where "headers" are the headers the request must be sent with: Host
 *   (which HTTP libraries set from the URL by themselves) and any header
 *   the input set (x-amz-meta-*, Content-Type, ...), which are signed.
 *   For S3 the payload is not signed (UNSIGNED-PAYLOAD): a presigned
 *   PutObject URL accepts whatever body the sender sends. Else the error
 *   document. Free it with gosoto_string_free().
 *
 * The credentials are those of the client, resolved now; the URL stops
 * working when they expire (temporary credentials), even before
 * expires_seconds. Nothing is sent.
 *
 * Returns GOSOTO_OK, GOSOTO_E_INVALID_ARGUMENT (NULL or freed client,
 * unknown operation, NULL/invalid UTF-8/malformed input, expires_seconds
 * out of range), GOSOTO_E_VALIDATION, GOSOTO_E_CREDENTIALS or
 * GOSOTO_E_INTERNAL. May block while credentials are resolved;
 * thread-safe.
 */
int gosoto_client_presign(gosoto_client *client, const char *operation,
                          const char *input_json, long expires_seconds,
                          char **out_json);

/* ---- end of S3, presigned URLs and streaming bodies ------------------------ */

/* ---- Per-call options and cancellation ------------------------------------ */

#include <stdint.h>

/*
 * gosoto_client_call_ex: gosoto_client_call with per-call options.
 *
 * options_json  NULL or a JSON object with any of
 *     "timeout_ms":   the longest this call may take, retries included, in
 *                     milliseconds (0: none). It applies on top of the
 *                     client's "timeout_ms": the first to expire ends the
 *                     call, with GOSOTO_E_NETWORK and code "TimeoutError".
 *     "cancel_token": a token from gosoto_cancel_token_new(). Once
 *                     gosoto_cancel() is called on it, the call ends
 *                     promptly (whether it is waiting for the network or
 *                     between retries) with GOSOTO_E_NETWORK and code
 *                     "RequestCanceled", and is not retried.
 *   Any other member, or a bad value, is GOSOTO_E_INVALID_ARGUMENT.
 *
 * Everything else is as for gosoto_client_call(). Thread-safe; blocks.
 */
int gosoto_client_call_ex(gosoto_client *client, const char *operation,
                          const char *input_json, const char *options_json,
                          char **out_json);

/*
 * Cancel tokens. A token is a number naming a cancellation signal; any
 * number of calls, on any clients and threads, may share one. Tokens are
 * never reused while the process lives and are below 2^53 (they travel in
 * options_json as JSON numbers).
 *
 * gosoto_cancel_token_new  stores a new token in *out_token. GOSOTO_OK, or
 *                          GOSOTO_E_INVALID_ARGUMENT if out_token is NULL.
 * gosoto_cancel            cancels every call using the token, now and
 *                          later (a canceled token stays canceled: make a
 *                          new one for new calls). Safe from any thread
 *                          (not from a signal handler). GOSOTO_OK,
 *                          or GOSOTO_E_INVALID_ARGUMENT for an unknown or
 *                          freed token.
 * gosoto_cancel_token_free releases the token. Calls in flight with it
 *                          are not canceled by the free (they can no longer
 *                          be canceled through it). Unknown tokens are
 *                          ignored.
 */
int gosoto_cancel_token_new(uint64_t *out_token);
int gosoto_cancel(uint64_t token);
void gosoto_cancel_token_free(uint64_t token);

/* ---- end of per-call options and cancellation ------------------------------ */

/* ---- logging, TLS and fork --------------------------------------------------
 *
 * Logging.  The library has one logger, off by default. GOSOTO_LOG=debug
 *           (read through getenv() when a client is created) turns on wire
 *           logging for that client: one line per request (method, URL,
 *           headers, body) and per response (status, headers, body, or the
 *           network error), written to stderr, or appended to the file
 *           GOSOTO_LOG_FILE names. Credential providers log refresh
 *           warnings to the same logger once it is on. Nothing secret is
 *           written: the Signature of the Authorization header, the
 *           X-Amz-Security-Token header, cookies, SSE-C keys, the
 *           X-Amz-Signature, X-Amz-Security-Token and X-Amz-Credential query
 *           values, and credential members of bodies (SecretAccessKey,
 *           SessionToken, AccessToken, WebIdentityToken, ...) are shown as
 *           "<redacted>"; bodies are cut to 2048 bytes. Access key IDs are
 *           not secret and stay visible in the Credential scope.
 *
 * TLS.      Certificate verification is always on. The client config's
 *           "ca_bundle" (else AWS_CA_BUNDLE, else the profile's ca_bundle)
 *           names a PEM file whose certificates replace the system's roots;
 *           a file that cannot be read or holds no certificate is
 *           GOSOTO_E_INVALID_ARGUMENT naming its source. The client config
 *           key "verify_ssl": false (a gosoto extension, boto3's verify=False)
 *           turns verification off for that one client only. Redirects
 *           (3xx) are never followed: they come back as service errors, so
 *           Authorization and security tokens never reach another host.
 *
 * fork().   The Go runtime inside the library does not survive fork(). A
 *           process that has loaded the library may fork: the parent keeps
 *           working normally. In the child, every function returns
 *           GOSOTO_E_INTERNAL at once, without entering the runtime, with
 *           the message "gosoto cannot be used in a child process after fork
 *           (the Go runtime does not survive fork); load it in the child
 *           instead" (the _free functions do nothing; gosoto_string_free
 *           still frees). A child that needs AWS calls should exec a program
 *           that loads the library itself.
 */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* GOSOTO_H */
