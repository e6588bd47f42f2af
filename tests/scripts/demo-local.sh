#!/usr/bin/env bash
# demo-local.sh DEMO_BINARY: what `make demo` runs. Installs and starts the
# local SQS emulator, runs the demo against it with dummy credentials and
# AWS_REGION=us-east-1, and stops the emulator.
source "$(dirname "$0")/common.sh"
[[ $# -eq 1 ]] || die "usage: $SCRIPT_NAME DEMO_BINARY"
[[ -x $1 ]] || die "$1 is not an executable (run make build first)"
exec "$ROOT/tests/scripts/with-sqs-emulator.sh" "$1"
