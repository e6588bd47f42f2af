#!/usr/bin/env bash
# bench/libsize.sh: what each generated service adds to libgosoto.so.
#
# Builds the library from a scratch copy of a commit (REV, default HEAD) three ways: with every
# generated service, with none, and with every service but one (for each
# service), and prints the sizes and the per-service cost. Run from anywhere:
#   bench/libsize.sh            # every service in codegen/services.txt
#   bench/libsize.sh sqs sts    # only these
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
go=${GO:-go}
rev=${REV:-HEAD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

services=("$@")
if [ ${#services[@]} -eq 0 ]; then
	mapfile -t services < <(grep -v '^\s*#' "$root/codegen/services.txt" | sed '/^\s*$/d')
fi

# pkgof NAME: the Go package directory codegen gives a service (the
# model.go there holds `const Name = "<name>"`).
pkgof() {
	git -C "$root" grep -l "^const Name = \"$1\"$" "$rev" -- 'sdk/service/*/model.go' | head -1 | cut -d: -f2 | xargs dirname | xargs basename
}
cname() { echo "$1" | tr -c 'a-z0-9\n' '_'; }

# build_without DIR NAME...: copy the tree to DIR without those services and
# print the library's size in bytes.
build_without() {
	local dir=$1; shift
	rm -rf "$dir"; mkdir -p "$dir"
	git -C "$root" archive "$rev" | tar -x -C "$dir"
	for name in "$@"; do
		local pkg; pkg=$(pkgof "$name")
		rm -rf "$dir/sdk/service/$pkg" "$dir/capi/zz_$(cname "$name").c"
		sed -i "\#/sdk/service/$pkg\"#d" "$dir/sdk/service/all/all.go"
	done
	(cd "$dir" && "$go" build -buildmode=c-shared -trimpath -ldflags "-s -w" -o "$dir/out/libgosoto.so" ./capi)
	stat -c %s "$dir/out/libgosoto.so"
}

full=$(build_without "$work/full")
none=$(build_without "$work/none" "${services[@]}")
printf '%-28s %12s\n' "library" "bytes"
printf '%-28s %12d\n' "all listed services" "$full"
printf '%-28s %12d\n' "no services" "$none"
printf '%-28s %12d\n' "all services together add" "$((full - none))"
for s in "${services[@]}"; do
	without=$(build_without "$work/one" "$s")
	model=$(git -C "$root" cat-file -s "$rev:sdk/service/$(pkgof "$s")/model.json")
	printf '%-28s %12d   (compact model %d bytes)\n' "  $s adds" "$((full - without))" "$model"
done
