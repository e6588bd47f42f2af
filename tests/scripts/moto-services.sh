#!/usr/bin/env bash
# moto-services.sh [GO]: gosoto's Go clients against moto's server for the
# protocols the other emulators do not cover (tests/moto: EC2 / ec2, SNS and
# IAM / query, Lambda and API Gateway / rest-json, Route 53 / rest-xml), with
# moto's IAM authentication on, so that moto checks the SigV4 signature of
# every request of the suite against a key it issued:
#   1. start moto_server on 127.0.0.1 and a free port with
#      INITIAL_NO_AUTH_ACTION_COUNT=3;
#   2. spend those 3 unauthenticated actions on IAM: a user, an inline policy
#      allowing every action, an access key (tests/emulators/moto_admin_setup.py);
#   3. check that authentication is on: a request with a made-up key is
#      refused (HTTP 403);
#   4. run `go test ./tests/moto/` with that key, GOSOTO_MOTO_REQUIRED=1 (a
#      missing endpoint fails) and GOSOTO_MOTO_AUTH=1 (TestSignatureChecked:
#      a wrong secret fails with SignatureDoesNotMatch and an unknown key id
#      with InvalidClientTokenId, on every protocol);
#   5. the negative check once more from here: a gosoto call with a wrong
#      secret fails with SignatureDoesNotMatch.
# moto is stopped by PID when the script exits. GOSOTO_MOTO_VERBOSE=1 shows
# moto's log.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/moto-common.sh"
[[ $# -le 1 ]] || die "usage: $SCRIPT_NAME [GO]"
go=${1:-go}
need "$go" "install Go"
moto_init

# 1. moto, authentication on after the 3 set-up actions; and a second one
#    without authentication for the rest-json and rest-xml scenarios, whose
#    signatures moto 5.2.5 cannot check (boto3's requests fail there too).
start_moto 3 endpoint
start_moto "" endpoint_noauth

# 2. The admin user and its key.
moto_setup moto_admin_setup.py "$endpoint" "$tmp/key" "the IAM user and key"

# 3. Authentication must be on now.
moto_require_auth "$endpoint" sns "Action=ListTopics&Version=2010-03-31"
log "PASS: moto refuses a made-up key: IAM authentication is on"

AUTH_TESTS='^(TestEC2|TestSNS|TestIAM|TestSignatureChecked)$'
NOAUTH_TESTS='^(TestLambda|TestAPIGateway|TestRoute53)$'

run_go() { # ENDPOINT AUTH(0/1) KEY_ID SECRET GO-TEST-ARGS...
    local ep=$1 au=$2 k=$3 s=$4
    shift 4
    (
        clean_aws_env
        export AWS_REGION=us-east-1
        export GOSOTO_MOTO_ENDPOINT="$ep" GOSOTO_MOTO_REQUIRED=1 GOSOTO_MOTO_AUTH="$au"
        export GOSOTO_MOTO_ACCESS_KEY_ID="$k" GOSOTO_MOTO_SECRET_ACCESS_KEY="$s"
        cd "$ROOT" && exec "$go" test -count=1 "$@" ./tests/moto/
    )
}

# 4. The ec2 and query scenarios, every request signed with the issued key
#    and checked; the rest-json and rest-xml ones against the second moto.
run_go "$endpoint" 1 "$key_id" "$secret" -v -run "$AUTH_TESTS" >"$tmp/suite.out" 2>&1 || true
grep -E -- '^--- |^ok|^FAIL' "$tmp/suite.out" || true
if grep -q '^ok  ' "$tmp/suite.out" && ! grep -q -- '--- SKIP' "$tmp/suite.out" &&
    grep -q -- '--- PASS: TestSignatureChecked' "$tmp/suite.out"; then
    log "PASS: EC2, SNS, IAM against moto with IAM authentication on"
else
    grep -v '^=== ' "$tmp/suite.out" | tail -60 >&2
    fail "EC2, SNS, IAM against moto with IAM authentication on"
fi
run_go "$endpoint_noauth" 0 testing testing -v -run "$NOAUTH_TESTS" >"$tmp/suite2.out" 2>&1 || true
grep -E -- '^--- |^ok|^FAIL' "$tmp/suite2.out" || true
if grep -q '^ok  ' "$tmp/suite2.out" && ! grep -q -- '--- SKIP' "$tmp/suite2.out" &&
    [[ $(grep -c -- '--- PASS' "$tmp/suite2.out") -eq 3 ]]; then
    log "PASS: Lambda, API Gateway, Route 53 against moto (authentication off)"
else
    grep -v '^=== ' "$tmp/suite2.out" | tail -60 >&2
    fail "Lambda, API Gateway, Route 53 against moto"
fi

# 5. A wrong secret: the SNS scenario's first call must be refused with
#    SignatureDoesNotMatch (the test fails, and says why).
if run_go "$endpoint" 1 "$key_id" "${secret}WRONG" -run '^TestSNS$' >"$tmp/bad.out" 2>&1; then
    fail "tests/moto passed with a wrong secret key: signatures are not checked"
elif grep -q 'SignatureDoesNotMatch' "$tmp/bad.out"; then
    log "PASS: with a wrong secret key moto refuses gosoto's requests (SignatureDoesNotMatch)"
else
    cat "$tmp/bad.out" >&2
    fail "with a wrong secret key the suite failed without SignatureDoesNotMatch"
fi
if grep -qF -- "$secret" "$tmp/suite.out" "$tmp/suite2.out" "$tmp/bad.out"; then
    fail "the test output contains the secret key"
fi

if [[ $failures -ne 0 ]]; then
    echo "moto-services: $failures failed" >&2
    exit 1
fi
echo "moto-services: passed (EC2, SNS, IAM signature-checked by moto; Lambda, API Gateway, Route 53 with moto auth off)"
