#!/usr/bin/env bash
# Compares gosoto's SigV4 hot path (Signer.AppendSignedHeaders) with
# aws-sdk-go-v2 v1.48.0 aws/signer/v4 Signer.SignHTTP on the same request,
# and prints ns/op, allocs/op and the speed ratio.
#
# The benchmarks run in ROUNDS interleaved rounds (default 5) so that a
# noisy machine slows both sides alike; medians and minimums are reported.
# Extra arguments go to the test binary (e.g. -test.cpu 1).
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-5}
BENCHTIME=${BENCHTIME:-1s}
bin=$(mktemp -d)/signer.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" .
"$bin" -test.run '^TestSameSignature$' >/dev/null
out=""
for ((i = 1; i <= ROUNDS; i++)); do
	out+=$("$bin" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$BENCHTIME" "$@" | grep '^Benchmark')$'\n'
done
printf '%s' "$out" | awk '
function median(list,   n, a, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j] + 0 < a[j-1] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	for (i = 2; i <= NF; i++) {
		if ($(i) == "ns/op") ns[name] = ns[name] " " $(i - 1)
		if ($(i) == "allocs/op") allocs[name] = $(i - 1)
		if ($(i) == "B/op") bytes[name] = $(i - 1)
	}
	if (!(name in seen)) { seen[name] = 1; order[++k] = name }
}
END {
	printf "%-30s %12s %12s %10s %10s\n", "benchmark", "median ns/op", "min ns/op", "B/op", "allocs/op"
	for (i = 1; i <= k; i++) {
		n = order[i]; m = median(ns[n]); split(ns[n], a, " "); mn = a[1]
		for (j in a) if (a[j] + 0 < mn + 0) mn = a[j]
		med[n] = m; min[n] = mn
		printf "%-30s %12.0f %12.0f %10s %10s\n", n, m, mn, bytes[n], allocs[n]
	}
	g = "GosotoAppendSignedHeaders"; a2 = "AWSSDKGoV2SignHTTP"
	if (med[g] > 0 && min[g] > 0)
		printf "\nratio aws-sdk-go-v2 / gosoto hot path: %.2fx (medians), %.2fx (minimums); target >= 3.5x, <= 4 allocs/op (gosoto: %s)\n", med[a2] / med[g], min[a2] / min[g], allocs[g]
}'
