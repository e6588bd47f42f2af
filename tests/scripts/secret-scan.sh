#!/usr/bin/env bash
# secret-scan.sh CAPI_TEST: run the C test program with debug wire logging
# on (GOSOTO_LOG=debug, to stderr) against the local SQS emulator, then scan
# its stderr -- every gosoto log line -- for the secret keys and session
# tokens the program uses, and for any SigV4 signature (64 hex digits after
# Signature= or X-Amz-Signature=). Access key IDs are not secret and are
# allowed (they appear in the Credential scope). No hit may be found.
source "$(dirname "$0")/common.sh"

[[ $# -eq 1 ]] || die "usage: $SCRIPT_NAME CAPI_TEST"
prog=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-secretscan.XXXXXX")
on_exit "rm -rf '$tmp'"

GOSOTO_LOG=debug "$ROOT/tests/scripts/with-sqs-emulator.sh" "$prog" >"$tmp/stdout" 2>"$tmp/stderr" || {
    tail -50 "$tmp/stdout" "$tmp/stderr" >&2
    die "$prog failed with GOSOTO_LOG=debug"
}

# The secrets the C tests and the emulator wrapper use.
secrets=(
    gosoto-local-test-secret capi-test-secret config-secret-xyz livesecret netsecret
    staticsecret stssecret buildsecret envsecret envtoken defaultprofilesecret
    devprofilesecret half-configured-secret-must-not-leak lonely-secret-value-must-not-leak
    other-profile-secret-must-not-leak
)
lines=$(grep -c 'gosoto: ' "$tmp/stderr" || true)
[[ $lines -gt 0 ]] || die "no gosoto log line on stderr: is GOSOTO_LOG=debug honoured?"
hits=0
for s in "${secrets[@]}"; do
    if n=$(grep -cF -- "$s" "$tmp/stderr"); then
        log "LEAK: '$s' appears $n time(s) in the log:"
        grep -F -- "$s" "$tmp/stderr" | head -3 >&2
        hits=$((hits + n))
    fi
done
if n=$(grep -cE '(X-Amz-)?Signature=[0-9a-f]{64}' "$tmp/stderr"); then
    log "LEAK: a signature appears $n time(s) in the log:"
    grep -E '(X-Amz-)?Signature=[0-9a-f]{64}' "$tmp/stderr" | head -3 >&2
    hits=$((hits + n))
fi
grep -q 'Signature=<redacted>' "$tmp/stderr" || die "no redacted signature logged: the scan saw no signed request"
[[ $hits -eq 0 ]] || die "$hits secret(s) found in $lines log lines"
log "secret scan: $lines log lines, ${#secrets[@]} secrets and all signatures: no hits"
