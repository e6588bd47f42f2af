#!/usr/bin/env bash
# check-examples.sh CPP_DEMO_BINARY: run the C++, Ruby and (when present)
# Python SQS examples against local-aws-sqs and check each one's output as
# check-demo-local.sh checks the C demo's (the same checker, the same lines;
# and, with no server listening, the network error JSON on stderr).
#
# Builds nothing: expects build/libgosoto.so and the C++ demo built by make.
# The Ruby example runs from the source tree (ruby -I bindings/ruby/lib), the
# Python one likewise (PYTHONPATH=bindings/python); both find the library
# through GOSOTO_LIBRARY.
source "$(dirname "$0")/common.sh"
[[ $# -eq 1 ]] || die "usage: $SCRIPT_NAME CPP_DEMO_BINARY"
cpp_demo=$1
[[ -x $cpp_demo ]] || die "$cpp_demo is not an executable (run make first)"
lib="$BUILD/libgosoto.so"
[[ -e $lib ]] || die "$lib not found: run 'make build' first"
libabs="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-examples.XXXXXX")
on_exit "rm -rf '$tmp'"

# check-demo-local.sh runs one executable: a wrapper per interpreted example.
wrapper() { # NAME COMMAND...
    local w="$tmp/$1"
    shift
    {
        echo '#!/usr/bin/env bash'
        printf 'export GOSOTO_LIBRARY=%q\n' "$libabs"
        printf 'exec'
        printf ' %q' "$@"
        echo
    } >"$w"
    chmod +x "$w"
    echo "$w"
}

demos=("$cpp_demo")
need ruby "apt-get install ruby ruby-ffi"
demos+=("$(wrapper sqs_demo_ruby ruby -I "$ROOT/bindings/ruby/lib" "$ROOT/examples/ruby/sqs_demo.rb")")
if [[ -f $ROOT/examples/python/sqs_demo.py ]]; then
    demos+=("$(wrapper sqs_demo_python env PYTHONPATH="$ROOT/bindings/python" python3 "$ROOT/examples/python/sqs_demo.py")")
else
    log "examples/python/sqs_demo.py does not exist: no Python example to check"
fi

for d in "${demos[@]}"; do
    log "checking $(basename "$d")"
    "$ROOT/tests/scripts/check-demo-local.sh" "$d"
done
log "PASS: ${#demos[@]} examples"
