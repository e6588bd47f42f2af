#!/usr/bin/env bash
# s3stream.sh [SIZE_MIB]: a streamed S3 round trip through libgosoto.so
# against s3rver, and the client process's peak resident memory.
#
# Builds the library (make lib; GOSOTO_BENCH_NO_BUILD=1 skips that), writes
# a SIZE_MIB (default 1024, i.e. 1 GiB) file of random bytes, starts s3rver
# (tests/scripts/with-s3rver.sh), and in one process that loads
# build/libgosoto.so through Python's ctypes: CreateBucket, PutObject with
# "Body": {"file": ...}, GetObject with "$output_file", DeleteObject. It
# checks that the copy is identical (sha256sum) and reports the client's
# maximum resident set size (/usr/bin/time -v, and VmHWM from /proc), which
# must stay under 100 MB (GOSOTO_BENCH_MAX_RSS_KB, default 102400): the
# object is never held in memory. s3rver listens on plain http, so the
# payload is signed: its SHA-256 is computed in a first pass over the file.
source "$(dirname "$0")/../tests/scripts/common.sh"

size_mib=${1:-1024}
max_kb=${GOSOTO_BENCH_MAX_RSS_KB:-102400}
need python3 "install Python 3"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian: apt-get install time)"

if [[ -z ${GOSOTO_BENCH_NO_BUILD:-} ]]; then
    make -C "$ROOT" lib >&2
fi
lib="$BUILD/libgosoto.so"
[[ -f $lib ]] || die "$lib is missing (make build)"

work=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-s3stream.XXXXXX")
on_exit "rm -rf '$work'"
log "writing $size_mib MiB of random bytes to $work/in.bin"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/in.bin"

cat >"$work/roundtrip.py" <<'PY'
import ctypes, json, os, sys, time

lib = ctypes.CDLL(sys.argv[1])
lib.gosoto_client_new.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.gosoto_client_call.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
lib.gosoto_string_free.argtypes = [ctypes.c_void_p]

def take(p):
    s = ctypes.string_at(p.value).decode() if p.value else ""
    lib.gosoto_string_free(p)
    return s

cfg = {"service": "s3", "region": "us-east-1", "endpoint_url": os.environ["GOSOTO_S3_ENDPOINT"],
       "read_timeout_ms": 300000}
client, err = ctypes.c_void_p(), ctypes.c_void_p()
if lib.gosoto_client_new(json.dumps(cfg).encode(), ctypes.byref(client), ctypes.byref(err)) != 0:
    sys.exit("gosoto_client_new: " + take(err))

def call(op, inp):
    out = ctypes.c_void_p()
    t = time.time()
    rc = lib.gosoto_client_call(client, op.encode(), json.dumps(inp).encode(), ctypes.byref(out))
    doc = take(out)
    if rc != 0:
        sys.exit("%s: status %d: %s" % (op, rc, doc))
    print("%-13s %6.1f s" % (op, time.time() - t), file=sys.stderr)
    return json.loads(doc)

src, dst = sys.argv[2], sys.argv[3]
call("CreateBucket", {"Bucket": "bench"})
call("PutObject", {"Bucket": "bench", "Key": "big", "Body": {"file": src}})
got = call("GetObject", {"Bucket": "bench", "Key": "big", "$output_file": dst})
assert got["Body"] == {"file": dst, "size": os.path.getsize(src)}, got["Body"]
call("DeleteObject", {"Bucket": "bench", "Key": "big"})
call("DeleteBucket", {"Bucket": "bench"})
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith(("VmHWM", "VmRSS")):
            print(line.strip(), file=sys.stderr)
PY

log "round trip through $lib"
GOSOTO_BENCH_PY="$work/roundtrip.py" GOSOTO_BENCH_LIB="$lib" GOSOTO_BENCH_IN="$work/in.bin" \
    GOSOTO_BENCH_OUT="$work/out.bin" GOSOTO_BENCH_TIME="$work/time.txt" \
    "$ROOT/tests/scripts/with-s3rver.sh" bash -c \
    '/usr/bin/time -v -o "$GOSOTO_BENCH_TIME" python3 "$GOSOTO_BENCH_PY" "$GOSOTO_BENCH_LIB" "$GOSOTO_BENCH_IN" "$GOSOTO_BENCH_OUT"'

a=$(sha256sum <"$work/in.bin" | cut -d' ' -f1)
b=$(sha256sum <"$work/out.bin" | cut -d' ' -f1)
[[ $a == "$b" ]] || die "the object read back differs from the file put (sha256 $b, want $a)"
rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time.txt")
wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
echo "s3stream: $size_mib MiB put from a file and got into a file, identical (sha256 $a)"
echo "s3stream: client process (python3 + libgosoto.so): max RSS $rss KiB ($((rss / 1024)) MiB), wall $wall"
((rss < max_kb)) || die "max RSS $rss KiB is over the budget of $max_kb KiB"
echo "s3stream: under the budget of $max_kb KiB"
