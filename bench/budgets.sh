#!/usr/bin/env bash
# bench/budgets.sh: measure issue 4's four budgets for the library with every
# generated service and print each number against its budget.
#
#   1. size of libgosoto.so (make lib: -trimpath -ldflags "-s -w")   <= 30 MB
#   2. building it from a warm module cache, build cache cold         <= 5 min
#      (GOCACHE is a new empty directory; modules are already downloaded;
#      at most 2 CPUs via taskset when the machine has more), and again
#      with that cache warm
#   3. the first client of ec2 (the largest model)                   <= 20 ms
#      and of sqs                                                     <= 1 ms
#      (sdk/client BenchmarkFirstClient*: decompress the embedded model,
#      model.Load, build the client; a fresh model every iteration)
#   4. dlopen + dlsym + gosoto_version (bench/dlopen, median of RUNS
#      processes after one warm-up)                                   <= 20 ms
#
# Exit status 1 when a number is over its budget. Wall times depend on the
# machine being otherwise idle; the first-client lines also give the CPU
# time per client, which a busy machine inflates far less.
#
#   bench/budgets.sh            # everything
#   SKIP_COLD=1 bench/budgets.sh  # skip the cold build (the slow part)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
go=${GO:-go}
cc=${CC:-cc}
runs=${RUNS:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# verdict VALUE BUDGET UNIT LABEL: print a line, remember a miss.
verdict() {
	local ok=ok
	if awk -v v="$1" -v b="$2" 'BEGIN { exit !(v > b) }'; then ok=OVER; fail=1; fi
	printf '%-44s %10s %-3s  budget %6s %-3s  %s\n' "$4" "$1" "$3" "$2" "$3" "$ok"
}

pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -gt 2 ]; then pin=(taskset -c 0,1); fi

echo "== building (make lib)" >&2
make -s lib >&2
lib=$(readlink -f build/libgosoto.so)

# 1. size
size=$(stat -c %s "$lib")
services=$(grep -cv '^\s*\(#\|$\)' codegen/services.txt)

# 2. build time, cold build cache, then warm
build() {
	/usr/bin/time -f '%e %U %S' -o "$work/t" "${pin[@]}" env GOCACHE="$1" "$go" build -buildmode=c-shared -trimpath \
		-ldflags "-s -w" -o "$work/libgosoto.so" ./capi >&2
	tail -1 "$work/t"
}
wall() { echo "${1%% *}"; }
cpu() { echo "$1" | awk '{ printf "%.0f", $2 + $3 }'; }
if [ -z "${SKIP_COLD:-}" ]; then
	echo "== cold build (empty GOCACHE)" >&2
	cold=$(build "$work/gocache")
	echo "== warm build" >&2
	warm=$(build "$work/gocache")
fi

# 3. first client
echo "== first-client benchmarks" >&2
"$go" test ./sdk/client -run '^$' -bench '^BenchmarkFirstClient' -benchtime "${BENCHTIME:-30x}" -count 1 >"$work/bench" 2>&1 ||
	{ cat "$work/bench" >&2; exit 2; }
ms() { awk -v n="$1" '$1 ~ "^BenchmarkFirstClient"n"(-[0-9]+)?$" { printf "%.2f", $3 / 1e6 }' "$work/bench"; }
cpums() { awk -v n="$1" '$1 ~ "^BenchmarkFirstClient"n"(-[0-9]+)?$" { for (i = 4; i < NF; i++) if ($(i+1) == "cpu-ms/op") printf "%.2f", $i }' "$work/bench"; }

# 4. dlopen + gosoto_version
"$cc" -std=c99 -O2 -Wall -Wextra -Werror -o "$work/dlopen_version" bench/dlopen/dlopen_version.c -ldl
"$work/dlopen_version" "$lib" >/dev/null # warm-up: page cache
for _ in $(seq "$runs"); do "$work/dlopen_version" "$lib" | cut -d' ' -f1; done | sort -n >"$work/dl"
dl=$(awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] }' "$work/dl")

echo
echo "gosoto budgets ($services services, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
verdict "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')" 30 MB "libgosoto.so size ($size bytes)"
if [ -z "${SKIP_COLD:-}" ]; then
	verdict "$(wall "$cold")" 300 s "build, cold build cache (cpu $(cpu "$cold") s)"
	verdict "$(wall "$warm")" 300 s "build, warm build cache (cpu $(cpu "$warm") s)"
fi
verdict "$(ms EC2)" 20 ms "first client, ec2 (cpu $(cpums EC2) ms)"
verdict "$(ms SQS)" 1 ms "first client, sqs (cpu $(cpums SQS) ms)"
verdict "$dl" 20 ms "dlopen + gosoto_version (median of $runs)"
exit $fail
