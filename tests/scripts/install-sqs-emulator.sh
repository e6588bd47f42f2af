#!/usr/bin/env bash
# install-sqs-emulator.sh: install the pinned local-aws-sqs emulator into
# $BUILD/node from tests/emulators/node/package-lock.json (npm ci). Does
# nothing when that exact lock file is installed already.
source "$(dirname "$0")/common.sh"

need node "install Node.js (Debian: apt-get install nodejs npm)"
need npm "install npm (Debian: apt-get install npm)"

src="$ROOT/tests/emulators/node"
dst="$BUILD/node"
if [[ -f $dst/node_modules/local-aws-sqs/package.json ]] &&
    cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    exit 0
fi
mkdir -p "$dst"
cp "$src/package.json" "$src/package-lock.json" "$dst/"
log "installing local-aws-sqs@$LOCAL_AWS_SQS_VERSION into $dst"
(cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) ||
    die "npm ci failed in $dst (is the npm registry reachable?)"
installed=$(node -p "require('$dst/node_modules/local-aws-sqs/package.json').version")
[[ $installed == "$LOCAL_AWS_SQS_VERSION" ]] ||
    die "installed local-aws-sqs is $installed, expected $LOCAL_AWS_SQS_VERSION"
