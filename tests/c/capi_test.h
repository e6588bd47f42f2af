/* capi_test.h: the test cases of the C API tests, one function each. */
#ifndef GOSOTO_TESTS_CAPI_TEST_H
#define GOSOTO_TESTS_CAPI_TEST_H

#include <gosoto.h>

/* capi_test.c */
void test_version(void);
void test_string_free(void);
void test_client_new_errors(void);
void test_client_handles(void);
void test_call_argument_errors(void);
void test_call_validation(void);
void test_input_limits(void);

/* capi_test_calls.c */
void test_sqs_roundtrip(void);
void test_service_error(void);
void test_network_error(void);
void test_timeout(void);
void test_build_request(void);
void test_build_request_query_protocol(void);
void test_parse_response_json(void);
void test_parse_response_query(void);
void test_concurrency(void);
void test_free_during_call(void);

/* capi_test_env.c */
void test_sign_vectors(void);
void test_sign_errors(void);
void test_credentials_static_env(void);
void test_credentials_profile(void);
void test_credentials_errors(void);
void test_credentials_exhausted(void);
void test_live_environment(void);

/* capi_test_creds.c */
void test_creds_process(void);
void test_creds_container(void);
void test_creds_imds(void);
void test_creds_assume_role(void);
void test_creds_web_identity(void);
void test_creds_callback(void);
void test_creds_callback_refresh(void);
void test_creds_callback_threads(void);
void test_creds_shared_handle(void);
void test_creds_exhausted_default_chain(void);
void test_paginate_list_queues(void);
void test_paginate_errors(void);
void test_wait_errors(void);

/* capi_test_cancel.c */
void test_cancel_in_flight(void);
void test_call_timeout_option(void);
void test_call_ex_errors(void);

/* A client of the local emulator with the test's static keys: the common
 * starting point. Fails the process when it cannot be made. */
gosoto_client *emulator_client(const char *extra_config);

#endif
