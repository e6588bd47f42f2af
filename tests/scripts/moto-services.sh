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
[[ $# -le 1 ]] || die "usage: $SCRIPT_NAME [GO]"
go=${1:-go}
need "$go" "install Go"
"$ROOT/tests/scripts/install-moto.sh"
py="$BUILD/venv/bin/python"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-moto-services.XXXXXX")
on_exit "rm -rf '$tmp'"

# start_moto AUTH_COUNT VAR: start moto_server on a free port (with
# INITIAL_NO_AUTH_ACTION_COUNT=AUTH_COUNT when not empty); its endpoint goes
# into VAR; it is stopped by PID at exit.
start_moto() {
    local count=$1 var=$2 pid="" port attempt logf="$tmp/moto-$2.log"
    for attempt in 1 2 3; do
        port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
        if [[ -n $count ]]; then
            INITIAL_NO_AUTH_ACTION_COUNT=$count "$BUILD/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$logf" 2>&1 &
        else
            "$BUILD/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$logf" 2>&1 &
        fi
        pid=$!
        if wait_tcp "$port" "$pid" 30; then
            break
        fi
        stop_pid "$pid"
        pid=""
        log "moto_server did not come up on port $port (attempt $attempt):"
        cat "$logf" >&2
    done
    [[ -n $pid ]] || die "moto_server could not be started"
    on_exit "stop_pid $pid"
    if [[ -n ${GOSOTO_MOTO_VERBOSE:-} ]]; then
        on_exit "cat '$logf' >&2"
    fi
    printf -v "$var" '%s' "http://127.0.0.1:$port"
    log "moto $MOTO_VERSION is listening on http://127.0.0.1:$port (pid $pid${count:+, IAM authentication on after $count actions})"
}

# 1. moto, authentication on after the 3 set-up actions; and a second one
#    without authentication for the rest-json and rest-xml scenarios, whose
#    signatures moto 5.2.5 cannot check (boto3's requests fail there too).
start_moto 3 endpoint
start_moto "" endpoint_noauth

# 2. The admin user and its key.
"$py" "$ROOT/tests/emulators/moto_admin_setup.py" "$endpoint" "$tmp/key" ||
    die "could not create the IAM user and key on moto"
key_id=$(sed -n 1p "$tmp/key")
secret=$(sed -n 2p "$tmp/key")

# 3. Authentication must be on now.
code=$("$py" - "$endpoint" <<'PY'
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1] + "/", data=b"Action=ListTopics&Version=2010-03-31",
    headers={"Content-Type": "application/x-www-form-urlencoded",
             "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDNOTREAL/20250101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00"})
try:
    urllib.request.urlopen(req, timeout=30)
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)
PY
)
[[ $code == 403 ]] || die "moto accepted a request with a made-up key (HTTP $code): IAM authentication is not on"
log "PASS: moto refuses a made-up key: IAM authentication is on"

failures=0
fail() { log "FAIL: $*"; failures=$((failures + 1)); }

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
