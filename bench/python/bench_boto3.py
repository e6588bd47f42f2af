#!/usr/bin/env python3
"""gosoto vs boto3 on the same machine, interpreter and canned local server.

    bench/python/run.sh            (makes its venv with boto3 pinned, then runs this)
    python bench_boto3.py [--runs N] [--calls N]

A canned SQS server (JSON protocol, GetQueueUrl answered with a fixed body)
runs in its own process on 127.0.0.1. Measured, in one run:
  1. import + first client: a fresh interpreter per run, median of --runs;
  2. per-call latency: --calls GetQueueUrl calls on one warm client, median
     and mean; and gosoto's Python overhead: client.get_queue_url against a
     direct ctypes gosoto_client_call, alternated in one process;
  3. a fresh process that imports, makes a client, calls once and exits,
     against `python -c pass` on the same interpreter: median wall time.
Targets (issue 5): 1. <= 20 ms; 2. <= 1/3 of boto3; 3. <= 30 ms over `-c pass`.
gosoto is found through GOSOTO_LIBRARY or its package copy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BODY = b'{"QueueUrl":"http://127.0.0.1/123456789012/bench"}'


# ------------------------------------------------------------------ server


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    resp_head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
        b"x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n"
        b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n"
    )
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            n = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    n = int(line[15:].strip())
            if n:
                await reader.readexactly(n)
            writer.write(resp_head + BODY)
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


def serve(portfile: str) -> None:
    async def main() -> None:
        server = await asyncio.start_server(_handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        with open(portfile + ".tmp", "w") as f:
            f.write(str(port))
        os.rename(portfile + ".tmp", portfile)
        deadline = time.time() + 3600  # stops by itself
        while time.time() < deadline:
            await asyncio.sleep(1)
            if os.getppid() == 1:
                return

    asyncio.run(main())


# ------------------------------------------------------------------ children

CLIENT_KW = "region_name='us-east-1', endpoint_url=%r, aws_access_key_id='AKIDBENCH', aws_secret_access_key='benchsecret'"

IMPORT_SNIPPET = """
import time
t0 = time.perf_counter()
import {mod}
c = {mod}.client('sqs', {kw})
t1 = time.perf_counter()
print((t1 - t0) * 1000)
"""

ONE_CALL_SNIPPET = """
import {mod}
c = {mod}.client('sqs', {kw})
c.get_queue_url(QueueName='bench')
"""

PER_CALL_SNIPPET = """
import json, time, {mod}
c = {mod}.client('sqs', {kw})
for _ in range(100):
    c.get_queue_url(QueueName='bench')
ts = []
pc = time.perf_counter
for _ in range({calls}):
    t = pc()
    r = c.get_queue_url(QueueName='bench')
    ts.append(pc() - t)
assert r['QueueUrl'].endswith('/bench'), r
print(json.dumps(ts))
"""

# gosoto's own overhead: the same call through ctypes alone (encoded by hand,
# the answer copied and freed) and through the client, alternated.
OVERHEAD_SNIPPET = """
import ctypes, json, statistics, time, gosoto
from gosoto import _lib
c = gosoto.client('sqs', {kw})
call, free = _lib.lib().gosoto_client_call, _lib.lib().gosoto_string_free
h, m = c._handle, c.get_queue_url
def direct():
    out = ctypes.c_void_p()
    st = call(h, b"GetQueueUrl", b'{{"QueueName":"bench"}}', ctypes.byref(out))
    ctypes.string_at(out.value)
    free(out)
    assert st == 0
for _ in range(100):
    direct(); m(QueueName='bench')
td, tm = [], []
pc = time.perf_counter
for _ in range({calls}):
    t = pc(); direct(); td.append(pc() - t)
    t = pc(); m(QueueName='bench'); tm.append(pc() - t)
print(json.dumps([statistics.median(td), statistics.median(tm)]))
"""


def run_py(code: str, env: dict) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    if r.returncode != 0:
        raise SystemExit("child failed:\n" + code + "\n" + r.stderr)
    return r.stdout


def wall(args: list, env: dict) -> float:
    t = time.perf_counter()
    r = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    d = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit("child failed: %s\n%s" % (args, r.stderr.decode()))
    return d * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--calls", type=int, default=3000)
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    if a.serve:
        serve(a.serve)
        return

    tmp = tempfile.mkdtemp(prefix="gosoto-bench-")
    portfile = os.path.join(tmp, "port")
    server = subprocess.Popen([sys.executable, __file__, "--serve", portfile])
    try:
        for _ in range(100):
            if os.path.exists(portfile):
                break
            time.sleep(0.05)
        endpoint = "http://127.0.0.1:%s" % open(portfile).read().strip()
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                   AWS_EC2_METADATA_DISABLED="true", AWS_REGION="us-east-1")
        kw = CLIENT_KW % endpoint
        res: dict = {"python": sys.version.split()[0], "endpoint": endpoint}
        import importlib.metadata as md

        try:
            res["boto3"] = md.version("boto3")
        except md.PackageNotFoundError:
            raise SystemExit("boto3 is not installed in this interpreter (use bench/python/run.sh)")
        print("python %s, boto3 %s, canned server %s" % (res["python"], res["boto3"], endpoint), flush=True)

        for mod in ("gosoto", "boto3"):  # warm the page cache and .pyc files
            run_py(IMPORT_SNIPPET.format(mod=mod, kw=kw), env)

        # 1. import + first client
        first = {m: [] for m in ("gosoto", "boto3")}
        for _ in range(a.runs):
            for m in first:
                first[m].append(float(run_py(IMPORT_SNIPPET.format(mod=m, kw=kw), env)))
        # 2. per call
        per = {}
        for m in ("gosoto", "boto3"):
            ts = json.loads(run_py(PER_CALL_SNIPPET.format(mod=m, kw=kw, calls=a.calls), env))
            per[m] = (statistics.median(ts) * 1e6, statistics.mean(ts) * 1e6)
        direct, method = (x * 1e6 for x in json.loads(run_py(OVERHEAD_SNIPPET.format(kw=kw, calls=a.calls), env)))
        # 3. whole process
        procs = {k: [] for k in ("pass", "gosoto", "boto3")}
        for _ in range(a.runs):
            procs["pass"].append(wall([sys.executable, "-c", "pass"], env))
            for m in ("gosoto", "boto3"):
                procs[m].append(wall([sys.executable, "-c", ONE_CALL_SNIPPET.format(mod=m, kw=kw)], env))
    finally:
        server.terminate()
        server.wait(10)

    med = statistics.median
    g1, b1 = med(first["gosoto"]), med(first["boto3"])
    p0, pg, pb = med(procs["pass"]), med(procs["gosoto"]), med(procs["boto3"])
    print()
    print("1. import + first client (median of %d fresh interpreters)" % a.runs)
    print("   gosoto %8.1f ms   boto3 %8.1f ms   boto3/gosoto %5.1fx   target <= 20 ms: %s"
          % (g1, b1, b1 / g1, "ok" if g1 <= 20 else "MISSED"))
    print("2. per call, GetQueueUrl (%d calls on a warm client)" % a.calls)
    print("   gosoto median %7.1f us mean %7.1f us   boto3 median %7.1f us mean %7.1f us"
          % (per["gosoto"] + per["boto3"]))
    ratio = per["gosoto"][0] / per["boto3"][0]
    print("   gosoto/boto3 (median) %.2f   target <= 0.33: %s" % (ratio, "ok" if ratio <= 1 / 3 else "MISSED"))
    print("   gosoto Python overhead %.1f us (client %.1f us - direct ctypes gosoto_client_call %.1f us, medians)"
          % (method - direct, method, direct))
    print("3. process: import, client, one call, exit (median of %d)" % a.runs)
    print("   python -c pass %6.1f ms   gosoto %6.1f ms (+%.1f)   boto3 %6.1f ms (+%.1f)   target <= +30 ms: %s"
          % (p0, pg, pg - p0, pb, pb - p0, "ok" if pg - p0 <= 30 else "MISSED"))
    res.update(first_client_ms={"gosoto": g1, "boto3": b1},
               per_call_us={m: {"median": per[m][0], "mean": per[m][1]} for m in per},
               gosoto_overhead_us={"client": method, "direct_ctypes": direct, "overhead": method - direct},
               process_ms={"pass": p0, "gosoto": pg, "boto3": pb},
               ratios={"first_client_boto3_over_gosoto": b1 / g1, "per_call_gosoto_over_boto3": ratio,
                       "process_overhead_gosoto_ms": pg - p0, "process_overhead_boto3_ms": pb - p0})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=2)


if __name__ == "__main__":
    main()
