#!/usr/bin/env bash
# moto-sts.sh CAPI_TEST EC2_METADATA_MOCK: the credential sources of the C
# API against real components, on 127.0.0.1 only:
#   1. moto_server as STS and IAM, with IAM authentication on: the first 9
#      actions (INITIAL_NO_AUTH_ACTION_COUNT=9) create an IAM user with an
#      access key and three roles (tests/emulators/moto_sts_setup.py); from
#      then on moto checks every request's SigV4 signature against the keys
#      it issued;
#   2. amazon-ec2-metadata-mock serving role credentials, IMDSv2 only (-I);
#   3. capi_test creds_imds creds_assume_role: the IMDS source through the
#      emulator; a profile with role_arn + source_profile (the user's keys)
#      through a signed AssumeRole, a two-hop chain (role -> role, the second
#      hop signed with the first hop's session credentials), the same from a
#      client's own chain; a wrong secret failing with SignatureDoesNotMatch
#      and an unknown key with InvalidClientTokenId;
#   4. capi_test creds_web_identity: AWS_WEB_IDENTITY_TOKEN_FILE +
#      AWS_ROLE_ARN through an unsigned AssumeRoleWithWebIdentity. moto reads
#      the Authorization header of every request while authentication is on,
#      so an unsigned call needs an unauthenticated action: the script grants
#      exactly one (POST /moto-api/reset-auth with 1) right before, and checks
#      that authentication is on again after. moto does not verify the token
#      itself (any JWT-looking string is taken); the test sends one.
# Every process started here is stopped by PID when the script exits.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/moto-common.sh"
[[ $# -eq 2 ]] || die "usage: $SCRIPT_NAME CAPI_TEST EC2_METADATA_MOCK"
capi_test=$1
mock=$2
[[ -x $capi_test ]] || die "$capi_test is not an executable (run make $capi_test)"
[[ -x $mock ]] || die "$mock is not an executable (make installs it: make $mock)"
moto_init

# 1. moto, authentication on after the 9 set-up actions.
start_moto 9 endpoint "IAM authentication on after set-up"
moto_setup moto_sts_setup.py "$endpoint" "$tmp/iam" "the IAM user, key and roles"

# auth_is_on: a request with a made-up key is refused (HTTP 403).
auth_is_on() {
    moto_auth_is_on "$endpoint" sts "Action=GetCallerIdentity&Version=2011-06-15"
}

if auth_is_on; then
    pass "moto refuses a made-up key: IAM authentication is on"
else
    die "moto accepted a request with a made-up key: IAM authentication is not on"
fi

# 2. ec2-metadata-mock, IMDSv2 only, serving role credentials.
imds_key=ASIAGOSOTOIMDSMOCK01
mkdir -p "$tmp/imds-home"
expiry=$(date -u -d '+6 hours' +%Y-%m-%dT%H:%M:%SZ)
cat >"$tmp/aemm-config.json" <<JSON
{"metadata": {
  "paths": {"iam-security-credentials-role": "/latest/meta-data/iam/security-credentials",
            "iam-security-credentials": "/latest/meta-data/iam/security-credentials/gosoto-instance-role"},
  "values": {"iam-security-credentials-role": "gosoto-instance-role",
             "iam-security-credentials": {"Code": "Success", "LastUpdated": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
               "Type": "AWS-HMAC", "AccessKeyId": "$imds_key", "SecretAccessKey": "imds-mock-secret",
               "Token": "imds-mock-token", "Expiration": "$expiry"}}}}
JSON
start_on_free_port ec2-metadata-mock "$tmp/imds.log" 15 \
    env HOME="$tmp/imds-home" "$mock" -n 127.0.0.1 -I -c "$tmp/aemm-config.json" -p
mport=$started_port
log "ec2-metadata-mock is listening on http://127.0.0.1:$mport (IMDSv2 only)"

run_capi() { # CASE...
    (
        clean_aws_env
        export AWS_REGION=us-east-1
        # capi_test's main wants a local endpoint; these cases do not use it.
        export GOSOTO_TEST_SQS_ENDPOINT="$endpoint"
        export GOSOTO_TEST_STS_ENDPOINT="$endpoint"
        export GOSOTO_TEST_IAM_KEY_FILE="$tmp/iam"
        GOSOTO_TEST_ROLE1_ARN=$(sed -n 3p "$tmp/iam")
        GOSOTO_TEST_ROLE2_ARN=$(sed -n 4p "$tmp/iam")
        GOSOTO_TEST_WEB_ROLE_ARN=$(sed -n 5p "$tmp/iam")
        export GOSOTO_TEST_ROLE1_ARN GOSOTO_TEST_ROLE2_ARN GOSOTO_TEST_WEB_ROLE_ARN
        export GOSOTO_TEST_IMDS_ENDPOINT="http://127.0.0.1:$mport" GOSOTO_TEST_IMDS_KEY="$imds_key"
        exec "$capi_test" "$@"
    )
}

# 3. IMDS and the signed assume-role chains.
if run_capi creds_imds creds_assume_role | tee "$tmp/capi1.out" && grep -q '^ok   creds_assume_role' "$tmp/capi1.out" &&
    grep -q '^ok   creds_imds' "$tmp/capi1.out" && ! grep -q 'skipped' "$tmp/capi1.out"; then
    pass "IMDS through ec2-metadata-mock; AssumeRole chains signed and checked by moto"
else
    fail "capi_test creds_imds creds_assume_role"
fi

# 4. Web identity: one unauthenticated action for the unsigned call.
"$py" - "$endpoint" <<'PY' || die "could not grant one unauthenticated action on moto"
import sys, urllib.request
# Not a form: moto reads the raw body as the number.
req = urllib.request.Request(sys.argv[1] + "/moto-api/reset-auth", data=b"1", method="POST",
                             headers={"Content-Type": "text/plain"})
urllib.request.urlopen(req, timeout=30).read()
PY
if run_capi creds_web_identity | tee "$tmp/capi2.out" && grep -q '^ok   creds_web_identity' "$tmp/capi2.out" &&
    ! grep -q 'skipped' "$tmp/capi2.out"; then
    pass "web identity through an unsigned AssumeRoleWithWebIdentity on moto"
else
    fail "capi_test creds_web_identity"
fi
if auth_is_on; then
    pass "moto's authentication is on again after the web identity call"
else
    fail "moto accepted a made-up key after the web identity call"
fi

# No secret of the IAM user in any output.
if grep -qF -- "$secret" "$tmp/capi1.out" "$tmp/capi2.out"; then
    fail "the test output contains the IAM user's secret key"
fi

if [[ $failures -ne 0 ]]; then
    echo "moto-sts: $passed passed, $failures failed" >&2
    exit 1
fi
echo "moto-sts: $passed passed, 0 failed"
