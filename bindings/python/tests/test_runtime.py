"""How gosoto lives in a Python process: lazy loading, fork, the GIL, and
finding the library."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import gosoto

from conftest import json_response

HERE = os.path.dirname(os.path.abspath(__file__))


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.update(env)
    e["PYTHONPATH"] = os.pathsep.join([HERE] + ([e["PYTHONPATH"]] if e.get("PYTHONPATH") else []))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=e, timeout=120)


def test_import_does_not_load_the_library():
    r = run_python("""
        import gosoto, gosoto.exceptions, gosoto.config, sys
        maps = open("/proc/self/maps").read()
        print("loaded" if "libgosoto" in maps else "not loaded")
        gosoto.Session(region_name="us-east-1")  # a session costs nothing either
        print("loaded" if "libgosoto" in open("/proc/self/maps").read() else "not loaded")
        gosoto.library_version()
        print("loaded" if "libgosoto" in open("/proc/self/maps").read() else "not loaded")
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["not loaded", "not loaded", "loaded"]


def test_multiprocessing_child_after_parent_only_imported(sqs_endpoint):
    # The default start method (fork on Linux before 3.14). The parent only
    # imported gosoto; each child loads the library for itself.
    r = run_python("""
        import multiprocessing, sys, gosoto

        def work(i):
            c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=sys.argv[1] if len(sys.argv) > 1 else None)
            url = c.create_queue(QueueName="fork-%d" % i)["QueueUrl"]
            c.send_message(QueueUrl=url, MessageBody="from child %d" % i)
            body = c.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"][0]["Body"]
            c.delete_queue(QueueUrl=url)
            return body

        if __name__ == "__main__":
            print("start method", multiprocessing.get_start_method())
            assert "libgosoto" not in open("/proc/self/maps").read()
            with multiprocessing.Pool(2) as pool:
                print(sorted(pool.map(work, range(3))))
            print("parent loaded:", "libgosoto" in open("/proc/self/maps").read())
    """, AWS_ENDPOINT_URL_SQS=sqs_endpoint)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "['from child 0', 'from child 1', 'from child 2']" in r.stdout
    assert "parent loaded: False" in r.stdout
    if sys.version_info < (3, 14):
        assert "start method fork" in r.stdout


def test_fork_after_load_fails_loudly_instead_of_hanging():
    r = run_python("""
        import os, gosoto
        gosoto.library_version()  # the parent loads the library
        pid = os.fork()
        if pid == 0:
            try:
                gosoto.library_version()
                os._exit(3)
            except RuntimeError as e:
                os._exit(7 if "fork" in str(e) else 4)
        _, status = os.waitpid(pid, 0)
        print("child exit", os.WEXITSTATUS(status))
    """)
    assert r.returncode == 0, r.stderr
    assert "child exit 7" in r.stdout


def test_calls_release_the_gil(canned):
    def slow(req):
        time.sleep(1.0)
        return json_response(b'{"QueueUrl":"http://127.0.0.1/q"}')

    srv = canned(slow)
    c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=srv.url, aws_access_key_id="a", aws_secret_access_key="b",
                      config=gosoto.Config(retries={"total_max_attempts": 1}))
    t0 = time.perf_counter()
    c.get_queue_url(QueueName="q")
    one = time.perf_counter() - t0
    assert one >= 0.9

    results = []
    ticks = []
    stop = threading.Event()

    def ticker():  # Python code keeps running while the calls wait
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.01)

    def worker():
        results.append(c.get_queue_url(QueueName="q")["QueueUrl"])

    threads = [threading.Thread(target=worker) for _ in range(8)]
    tk = threading.Thread(target=ticker)
    tk.start()
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    eight = time.perf_counter() - t0
    stop.set()
    tk.join()
    assert results == ["http://127.0.0.1/q"] * 8
    assert eight < 3 * one, "8 concurrent calls took %.2fs, one took %.2fs" % (eight, one)
    assert len(ticks) > 20  # the interpreter was not blocked


def test_library_lookup_order(tmp_path, monkeypatch):
    from gosoto import _lib

    monkeypatch.setenv("GOSOTO_LIBRARY", "/nonexistent/libgosoto.so")
    assert _lib._candidates() == ["/nonexistent/libgosoto.so"]
    monkeypatch.delenv("GOSOTO_LIBRARY")
    c = _lib._candidates()
    assert c[-2:] == ["libgosoto.so.0", "libgosoto.so"]


def test_bad_library_path_is_a_clear_error():
    r = run_python("""
        import gosoto
        try:
            gosoto.client("sqs", region_name="us-east-1")
        except OSError as e:
            print("OSError:", e)
    """, GOSOTO_LIBRARY="/nonexistent/libgosoto.so")
    assert "OSError: gosoto: cannot load libgosoto" in r.stdout
    assert "/nonexistent/libgosoto.so" in r.stdout


def test_library_copy_inside_the_package(tmp_path):
    # A package directory holding its own copy of the library is found
    # without GOSOTO_LIBRARY.
    import shutil

    import gosoto._lib as L

    L.lib()
    src = L.library_path()
    pkg = tmp_path / "gosoto"
    shutil.copytree(os.path.dirname(gosoto.__file__), pkg, ignore=shutil.ignore_patterns("__pycache__", "libgosoto*"))
    shutil.copy(os.path.realpath(src), pkg / "libgosoto.so.0")
    env = {k: v for k, v in os.environ.items() if k != "GOSOTO_LIBRARY"}
    env["PYTHONPATH"] = str(tmp_path)
    r = subprocess.run([sys.executable, "-c", "import gosoto, gosoto._lib as L; gosoto.library_version(); print(L.library_path())"],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(pkg / "libgosoto.so.0")
