#!/usr/bin/env bash
# moto-flow.sh DEMO_BINARY: run the SQS demo against moto's server with IAM
# authentication on, so that every request's SigV4 signature is checked
# against a key moto issued:
#   1. start moto_server on 127.0.0.1 with INITIAL_NO_AUTH_ACTION_COUNT=3;
#   2. spend those 3 unauthenticated actions on IAM: a user, an sqs:* policy,
#      an access key (tests/emulators/moto_iam_setup.py);
#   3. an unsigned-looking request is now refused (auth really is on);
#   4. the demo with that key must print the whole flow, "Everything worked.";
#   5. the demo with a wrong secret key, and with a key id moto never
#      issued, must fail with GOSOTO_E_SERVICE (HTTP 403);
#   6. at the HTTP level (tests/emulators/moto_signature_check.py), moto's
#      answers to requests signed by gosoto name SignatureDoesNotMatch and
#      InvalidClientTokenId, and a correctly signed one succeeds.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/moto-common.sh"
[[ $# -eq 1 || $# -eq 2 ]] || die "usage: $SCRIPT_NAME DEMO_BINARY [LIBGOSOTO]"
demo=$1
lib=${2:-$BUILD/libgosoto.so}
[[ -f $lib ]] || die "$lib does not exist (run make build first)"
[[ -x $demo ]] || die "$demo is not an executable (run make build first)"
moto_init

# 1.-2. moto, authentication on after the 3 set-up actions: the user and key.
start_moto 3 endpoint "IAM authentication on"
moto_setup moto_iam_setup.py "$endpoint" "$tmp/key" "the IAM user and key"

# 3. Authentication must be on now: a request with a made-up key is refused.
moto_require_auth "$endpoint" sqs "Action=ListQueues&Version=2012-11-05"

run_demo() { # KEY_ID SECRET OUTFILE ERRFILE
    (
        clean_aws_env
        export AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2"
        export AWS_REGION=us-east-1 AWS_ENDPOINT_URL_SQS="$endpoint"
        exec "$demo" >"$3" 2>"$4"
    )
}

# 4. The real flow, signed with the key moto issued.
if run_demo "$key_id" "$secret" "$tmp/ok.out" "$tmp/ok.err"; then
    if check_demo_output "$tmp/ok.out"; then
        cat "$tmp/ok.out"
        log "PASS: the demo works against moto with IAM authentication"
    else
        fail "the demo's output against moto is not as expected"
    fi
else
    cat "$tmp/ok.out" "$tmp/ok.err" >&2
    fail "the demo failed against moto with a valid key"
fi

# demo_refused NAME ERRFILE CODE: the demo failed with GOSOTO_E_SERVICE and
# HTTP 403, and its error JSON names CODE. moto's authentication layer
# answers even JSON-protocol requests with an XML error body, which gosoto's
# json protocol reads as a fallback.
demo_refused() {
    local what=$1 err=$2 code=$3
    if ! grep -q 'failed with status 4:' "$err" || ! grep -q '"Kind": *"service"' "$err" ||
        ! grep -q '"HTTPStatusCode": *403' "$err"; then
        cat "$err" >&2
        fail "with $what the demo did not fail with GOSOTO_E_SERVICE / HTTP 403"
    elif grep -q "\"Code\": *\"$code\"" "$err"; then
        log "PASS: with $what the demo fails with $code (GOSOTO_E_SERVICE)"
    else
        cat "$err" >&2
        fail "with $what the demo failed with an unexpected error code (want $code)"
    fi
}

# 5. A wrong secret: the signature cannot match.
if run_demo "$key_id" "${secret}WRONG" "$tmp/bad.out" "$tmp/bad.err"; then
    cat "$tmp/bad.out" >&2
    fail "the demo succeeded with a wrong secret key: signatures are not checked"
else
    demo_refused "a wrong secret key" "$tmp/bad.err" SignatureDoesNotMatch
fi
if grep -q -- "${secret}" "$tmp/bad.err" "$tmp/bad.out"; then
    fail "the demo's error output contains the secret key"
fi

# An access key id moto never issued.
if run_demo "AKIDNEVERISSUED0000" "$secret" "$tmp/unknown.out" "$tmp/unknown.err"; then
    fail "the demo succeeded with an access key id moto never issued"
else
    demo_refused "an unknown access key id" "$tmp/unknown.err" InvalidClientTokenId
fi

# 6. The same at the HTTP level: gosoto_client_build_request signs, urllib
#    sends, moto's own answer must name the signature error, and
#    gosoto_client_parse_response turns it into GOSOTO_E_SERVICE.
if ! "$py" "$ROOT/tests/emulators/moto_signature_check.py" "$lib" "$endpoint" "$tmp/key"; then
    fail "moto's answers to requests signed by gosoto are not as expected"
fi

if [[ $failures -ne 0 ]]; then
    echo "moto-flow: 4 passed, $failures failed" >&2
    exit 1
fi
echo "moto-flow: 4 passed, 0 failed"
