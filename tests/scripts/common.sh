# common.sh: shared helpers of the test and demo scripts. Source it; it sets
# ROOT (the repository) and BUILD (build/, or $GOSOTO_BUILD).
#
# Everything these scripts start listens on 127.0.0.1 only, and every process
# they start is stopped when the script exits (see on_exit).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${GOSOTO_BUILD:-$ROOT/build}"
SCRIPT_NAME="$(basename "$0")"

# The pinned emulators.
LOCAL_AWS_SQS_VERSION="2.0.2"
MOTO_VERSION="5.2.5"

die() {
    echo "$SCRIPT_NAME: error: $*" >&2
    exit 1
}

log() {
    echo "$SCRIPT_NAME: $*" >&2
}

# need TOOL HINT: fail loudly when TOOL is not on PATH.
need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH ($2)"
}

# Cleanup actions run at exit, last registered first.
_CLEANUPS=()
on_exit() {
    _CLEANUPS+=("$1")
}
_run_cleanups() {
    local rc=$?
    local i
    for ((i = ${#_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${_CLEANUPS[$i]}" || true
    done
    return $rc
}
trap _run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# stop_pid PID: stop a process this script started (TERM, then KILL).
stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# wait_tcp PORT PID SECONDS: wait until 127.0.0.1:PORT accepts connections,
# failing early when process PID has exited.
wait_tcp() {
    local port=$1 pid=$2 secs=$3 i
    for i in $(seq 1 $((secs * 10))); do
        kill -0 "$pid" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# npm_install_pinned PACKAGE VERSION SRC DST: install the npm package
# PACKAGE into DST from SRC's package.json and package-lock.json (npm ci),
# once per lock file, and check that the one installed is VERSION.
npm_install_pinned() {
    local name=$1 version=$2 src=$3 dst=$4 installed
    need node "install Node.js (Debian: apt-get install nodejs npm)"
    need npm "install npm (Debian: apt-get install npm)"
    if ! [[ -f $dst/node_modules/$name/package.json ]] ||
        ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
        mkdir -p "$dst"
        cp "$src/package.json" "$src/package-lock.json" "$dst/"
        log "installing $name@$version into $dst"
        (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) ||
            die "npm ci failed in $dst (is the npm registry reachable?)"
    fi
    installed=$(node -p "require('$dst/node_modules/$name/package.json').version")
    [[ $installed == "$version" ]] || die "installed $name is $installed, expected $version"
}

# start_emulator NAME DIR VERBOSE COMMAND...: start COMMAND (a simple
# command: its PID is the emulator's), an emulator that writes the port it
# listens on to DIR/port, in the background, its output in DIR/emulator.log
# (shown at exit when VERBOSE is not empty); it is stopped by PID at exit.
# Waits 20 s for the port file, then for 127.0.0.1:PORT to accept
# connections. Sets pid, port and endpoint.
start_emulator() {
    local name=$1 dir=$2 verbose=$3
    shift 3
    "$@" >"$dir/emulator.log" 2>&1 &
    pid=$!
    on_exit "stop_pid $pid"
    if [[ -n $verbose ]]; then
        on_exit "cat '$dir/emulator.log' >&2"
    fi
    for _ in $(seq 1 200); do
        [[ -s $dir/port ]] && break
        kill -0 "$pid" 2>/dev/null || { cat "$dir/emulator.log" >&2; die "$name exited during start-up"; }
        sleep 0.1
    done
    [[ -s $dir/port ]] || { cat "$dir/emulator.log" >&2; die "$name did not start within 20 s"; }
    port=$(cat "$dir/port")
    wait_tcp "$port" "$pid" 10 || die "$name does not answer on 127.0.0.1:$port"
    endpoint="http://127.0.0.1:$port"
}

# run_and_exit COMMAND...: run COMMAND and exit with its status (the
# on_exit cleanups run then).
run_and_exit() {
    local rc
    set +e
    "$@"
    rc=$?
    set -e
    exit $rc
}

# The environment of a run against a local endpoint: dummy or given keys,
# us-east-1, and nothing from the caller's AWS settings (a profile or a
# session token would only get in the way, and must never reach real AWS).
clean_aws_env() {
    local v
    for v in $(env | sed -n 's/^\(AWS_[A-Za-z0-9_]*\)=.*/\1/p'); do
        unset "$v"
    done
    export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
    # No instance metadata: disabled, and on a closed loopback port should a
    # provider ignore that.
    export AWS_EC2_METADATA_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:1
}

# check_demo_output FILE: the demo's stdout must hold every expected line, in
# order, and end in "Everything worked.". Extra "Existing queue:" lines are
# allowed before the queue is created. EXPECT_EXISTING (space-separated
# URLs), when set, must each appear as an "Existing queue:" line.
check_demo_output() {
    local file=$1 n=0 step=0 line name="" url="" msgid="" body='lorem ipsum dolor sit amet'
    local -a problems=()
    local existing_seen=" "
    while IFS= read -r line || [[ -n $line ]]; do
        n=$((n + 1))
        case $step in
        0)
            if [[ $line =~ ^Existing\ queue:\ (https?://[^[:space:]]+)$ ]]; then
                existing_seen+="${BASH_REMATCH[1]} "
                continue
            fi
            if [[ $line =~ ^Created\ queue\ (test_q_[0-9]+)\ with\ url\ (https?://[^[:space:]]+)$ ]]; then
                name=${BASH_REMATCH[1]}
                url=${BASH_REMATCH[2]}
                [[ $url == */"$name" ]] || problems+=("line $n: queue url $url does not end in /$name")
                step=1
            else
                problems+=("line $n: expected 'Existing queue: <url>' or 'Created queue test_q_<time> with url <url>', got: $line")
                break
            fi
            ;;
        1)
            [[ $line == "Verified queue url $url for queue name $name" ]] ||
                { problems+=("line $n: expected 'Verified queue url $url for queue name $name', got: $line"); break; }
            step=2
            ;;
        2)
            if [[ $line =~ ^Send\ message\ with\ body\ \'lorem\ ipsum\ dolor\ sit\ amet\'\ and\ created\ message_id\ ([^[:space:]]+)$ ]]; then
                msgid=${BASH_REMATCH[1]}
                step=3
            else
                problems+=("line $n: expected \"Send message with body '$body' and created message_id <id>\", got: $line")
                break
            fi
            ;;
        3)
            [[ $line == "Received message '$body' with id $msgid" ]] ||
                { problems+=("line $n: expected \"Received message '$body' with id $msgid\", got: $line"); break; }
            step=4
            ;;
        4)
            [[ $line =~ ^Message\ deleted\ by\ request_id\ [^[:space:]]+$ ]] ||
                { problems+=("line $n: expected 'Message deleted by request_id <id>', got: $line"); break; }
            step=5
            ;;
        5)
            if [[ $line =~ ^Queue\ (.+)\ deleted\ by\ request_id\ [^[:space:]]+$ ]] && [[ ${BASH_REMATCH[1]} == "$url" ]]; then
                step=6
            else
                problems+=("line $n: expected 'Queue $url deleted by request_id <id>', got: $line")
                break
            fi
            ;;
        6)
            [[ $line == "Everything worked." ]] ||
                { problems+=("line $n: expected 'Everything worked.', got: $line"); break; }
            step=7
            ;;
        7)
            problems+=("line $n: unexpected output after 'Everything worked.': $line")
            break
            ;;
        esac
    done <"$file"
    if [[ ${#problems[@]} -eq 0 && $step -ne 7 ]]; then
        problems+=("the output stops after $n lines, before 'Everything worked.' (step $step of 7)")
    fi
    local u
    for u in ${EXPECT_EXISTING:-}; do
        [[ $existing_seen == *" $u "* ]] || problems+=("no 'Existing queue: $u' line")
    done
    if [[ ${#problems[@]} -ne 0 ]]; then
        echo "$SCRIPT_NAME: the demo's output is not as expected:" >&2
        printf '  %s\n' "${problems[@]}" >&2
        echo "--- demo output ---" >&2
        cat "$file" >&2
        echo "-------------------" >&2
        return 1
    fi
    return 0
}
