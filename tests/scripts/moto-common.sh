# moto-common.sh: what the scripts that run moto's server share
# (moto-flow.sh, moto-sts.sh, moto-services.sh). Source it after common.sh.
#
# moto checks SigV4 signatures once IAM authentication is on: moto_server
# starts with INITIAL_NO_AUTH_ACTION_COUNT=N, the set-up script
# (tests/emulators/moto_*_setup.py) spends those N unauthenticated actions on
# an IAM user and its access key, and every request after them must be
# signed with a key moto issued. GOSOTO_MOTO_VERBOSE=1 shows moto's log at
# exit.

# The checks' tally: fail and pass log a line and count.
failures=0
passed=0
fail() { log "FAIL: $*"; failures=$((failures + 1)); }
pass() { log "PASS: $*"; passed=$((passed + 1)); }

# moto_init: install moto (pinned, into $BUILD/venv); set py (its python)
# and tmp (a directory removed at exit).
moto_init() {
    "$ROOT/tests/scripts/install-moto.sh"
    py="$BUILD/venv/bin/python"
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-${SCRIPT_NAME%.sh}.XXXXXX")
    on_exit "rm -rf '$tmp'"
}

free_port() {
    "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_on_free_port NAME LOG SECONDS COMMAND...: start `COMMAND... PORT`
# (a simple command: its PID is the server's) on a free port, its output in
# LOG, and wait SECONDS for it to accept connections on 127.0.0.1:PORT;
# three attempts, in case another process takes the port first. Sets
# started_pid and started_port; the server is stopped by PID at exit.
start_on_free_port() {
    local name=$1 logf=$2 secs=$3 attempt port pid
    shift 3
    for attempt in 1 2 3; do
        port=$(free_port)
        "$@" "$port" >"$logf" 2>&1 &
        pid=$!
        if wait_tcp "$port" "$pid" "$secs"; then
            on_exit "stop_pid $pid"
            started_pid=$pid started_port=$port
            return 0
        fi
        stop_pid "$pid"
        log "$name did not come up on port $port (attempt $attempt):"
        cat "$logf" >&2
    done
    die "$name could not be started"
}

# start_moto AUTH_COUNT VAR [NOTE]: start moto_server on 127.0.0.1 and a free
# port, with INITIAL_NO_AUTH_ACTION_COUNT=AUTH_COUNT when not empty; its
# endpoint goes into VAR. The log line ends in (NOTE), by default the PID and
# the count.
start_moto() {
    local count=$1 var=$2 logf="$tmp/moto-$2.log"
    start_on_free_port moto_server "$logf" 30 \
        env ${count:+"INITIAL_NO_AUTH_ACTION_COUNT=$count"} "$BUILD/venv/bin/moto_server" -H 127.0.0.1 -p
    if [[ -n ${GOSOTO_MOTO_VERBOSE:-} ]]; then
        on_exit "cat '$logf' >&2"
    fi
    printf -v "$var" '%s' "http://127.0.0.1:$started_port"
    log "moto $MOTO_VERSION is listening on http://127.0.0.1:$started_port (${3:-pid $started_pid${count:+, IAM authentication on after $count actions}})"
}

# moto_setup SETUP ENDPOINT OUTFILE WHAT: run tests/emulators/SETUP (one of
# the moto_*_setup.py) against ENDPOINT, which writes the access key id and
# the secret access key it created (then more) to OUTFILE; set key_id and
# secret from it. Dies with "could not create WHAT on moto".
moto_setup() {
    "$py" "$ROOT/tests/emulators/$1" "$2" "$3" || die "could not create $4 on moto"
    key_id=$(sed -n 1p "$3")
    secret=$(sed -n 2p "$3")
}

# moto_auth_is_on ENDPOINT SERVICE FORM: moto refuses (HTTP 403) a query
# request for SERVICE with the body FORM (e.g. Action=ListQueues&Version=...)
# signed with a made-up key, so IAM authentication is on. moto's answer, the
# HTTP status, is left in moto_auth_status.
moto_auth_is_on() {
    moto_auth_status=$("$py" - "$1" "$2" "$3" <<'PY'
import sys, urllib.request, urllib.error
endpoint, service, form = sys.argv[1:]
req = urllib.request.Request(endpoint + "/", data=form.encode(),
    headers={"Content-Type": "application/x-www-form-urlencoded",
             "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDNOTREAL/20250101/us-east-1/%s/aws4_request, SignedHeaders=host, Signature=00" % service})
try:
    urllib.request.urlopen(req, timeout=30)
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)
PY
)
    [[ $moto_auth_status == 403 ]]
}

# moto_require_auth ENDPOINT SERVICE FORM: moto_auth_is_on, or die.
moto_require_auth() {
    moto_auth_is_on "$@" ||
        die "moto accepted a request with a made-up key (HTTP $moto_auth_status): IAM authentication is not on"
}
