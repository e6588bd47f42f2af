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
 *     "service_model_path" the path of such a document
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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* GOSOTO_H */
