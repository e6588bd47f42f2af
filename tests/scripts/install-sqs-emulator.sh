#!/usr/bin/env bash
# install-sqs-emulator.sh: install the pinned local-aws-sqs emulator into
# $BUILD/node from tests/emulators/node/package-lock.json (npm ci). Installs
# nothing when that exact lock file is installed already.
source "$(dirname "$0")/common.sh"

npm_install_pinned local-aws-sqs "$LOCAL_AWS_SQS_VERSION" "$ROOT/tests/emulators/node" "$BUILD/node"
