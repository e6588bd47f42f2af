"""Session credentials: static, environment, profile, none, and refreshing."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import textwrap
import time

import pytest

import gosoto
from gosoto.credentials import CredentialProvider, Credentials, ReadOnlyCredentials
from gosoto.exceptions import NoCredentialsError, PartialCredentialsError


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for k in list(os.environ):
        if k.startswith("AWS_"):
            monkeypatch.delenv(k)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1")
    return tmp_path


def test_static_session_credentials(clean_env):
    s = gosoto.Session(aws_access_key_id="AKIDSTATIC", aws_secret_access_key="sekrit", aws_session_token="tok")
    c = s.get_credentials()
    assert isinstance(c, Credentials)
    assert (c.access_key, c.secret_key, c.token) == ("AKIDSTATIC", "sekrit", "tok")
    f = c.get_frozen_credentials()
    assert isinstance(f, ReadOnlyCredentials)
    assert f == ReadOnlyCredentials("AKIDSTATIC", "sekrit", "tok")
    assert f.access_key == "AKIDSTATIC"
    assert "sekrit" not in repr(c) and "tok" not in repr(c)
    assert s.get_credentials() is c


def test_environment_credentials(clean_env, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
    c = gosoto.Session().get_credentials()
    assert c is not None
    assert c.get_frozen_credentials() == ReadOnlyCredentials("AKIDFROMENV", "envsecret", None)
    assert c.method == "env"


def test_profile_credentials(clean_env, monkeypatch):
    (clean_env / "credentials").write_text("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n"
                                           "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(clean_env / "credentials"))
    assert gosoto.Session(profile_name="dev").get_credentials().access_key == "AKIDDEV"
    assert gosoto.Session().get_credentials().access_key == "AKIDDEFAULT"


def test_no_credentials(clean_env, canned):
    assert gosoto.Session().get_credentials() is None
    srv = canned(lambda req: (200, {}, b"{}"))
    c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=srv.url)
    with pytest.raises(NoCredentialsError) as ei:
        c.list_queues()
    assert "env" in str(ei.value)  # names the sources tried
    assert srv.requests == []
    with pytest.raises(NoCredentialsError):
        Credentials({}).access_key  # noqa: B018


def test_partial_credentials():
    with pytest.raises(PartialCredentialsError):
        gosoto.client("sqs", region_name="us-east-1", aws_access_key_id="only-the-key")


def test_credentials_refresh_through_the_library(clean_env, monkeypatch):
    """credential_process hands out credentials that expire in 4 s; reading
    access_key again after they near expiry gives the refreshed ones."""
    counter = clean_env / "n"
    script = clean_env / "creds.py"
    script.write_text(textwrap.dedent("""
        import datetime, json, pathlib, sys
        p = pathlib.Path(sys.argv[1])
        n = int(p.read_text()) + 1 if p.exists() else 1
        p.write_text(str(n))
        exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=4)
        print(json.dumps({"Version": 1, "AccessKeyId": "AKIDPROC%d" % n, "SecretAccessKey": "s%d" % n,
                          "SessionToken": "t%d" % n, "Expiration": exp.strftime("%Y-%m-%dT%H:%M:%SZ")}))
    """))
    (clean_env / "config").write_text("[profile proc]\ncredential_process = %s %s %s\n" % (sys.executable, script, counter))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(clean_env / "config"))
    c = gosoto.Session(profile_name="proc").get_credentials()
    if c is None:
        pytest.skip("this libgosoto has no credential_process source")
    first = c.get_frozen_credentials()
    assert first.access_key.startswith("AKIDPROC")
    assert c.access_key == first.access_key  # cached, not re-run per access
    assert c.expiry_time is not None and c.expiry_time > dt.datetime.now(dt.timezone.utc)
    deadline = time.time() + 10
    while c.access_key == first.access_key and time.time() < deadline:
        time.sleep(0.25)
    second = c.get_frozen_credentials()
    assert second.access_key != first.access_key
    assert second.token != first.token


def test_python_credential_provider_document():
    class Fixed(CredentialProvider):
        def load(self):
            return {"access_key": "AKIDPY", "secret_key": "pysecret", "token": None,
                    "expiry_time": dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)}

    doc = json.loads(Fixed().fetch_json())
    assert doc == {"Version": 1, "AccessKeyId": "AKIDPY", "SecretAccessKey": "pysecret",
                   "Expiration": "2030-01-01T00:00:00Z"}

    class Broken(CredentialProvider):
        def load(self):
            raise RuntimeError("vault down")

    assert "vault down" in json.loads(Broken().fetch_json())["Error"]


class Counting(CredentialProvider):
    """Hands out AKIDPY<n>, valid for `lifetime` seconds (forever when None)."""

    def __init__(self, lifetime=None, fail=None):
        self.calls = 0
        self.lifetime = lifetime
        self.fail = fail
        self.threads = set()

    def load(self):
        import threading

        self.calls += 1
        self.threads.add(threading.get_ident())
        if self.fail:
            raise self.fail
        c = {"access_key": "AKIDPY%d" % self.calls, "secret_key": "pysecret%d" % self.calls, "token": "tok%d" % self.calls}
        if self.lifetime is not None:
            c["expiry_time"] = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=self.lifetime)
        return c


def verifying(canned, provider_secret_for):
    """A canned SQS-ish server that checks every signature with the reference
    SigV4 (the secret of AKIDPY<n> is pysecret<n>) and records the key used."""
    import sigv4_reference as ref

    seen = []

    class Secrets(dict):
        def __contains__(self, k):
            return k.startswith("AKIDPY")

        def __getitem__(self, k):
            return provider_secret_for(k)

    def handler(req):
        err = ref.verify_request(req.method, req.path, req.headers, req.body, Secrets())
        auth = req.header("Authorization") or ""
        seen.append((auth.split("Credential=")[1].split("/")[0] if "Credential=" in auth else None, err,
                     req.header("X-Amz-Security-Token")))
        if err:
            return 403, {"Content-Type": "application/x-amz-json-1.0"}, json.dumps(
                {"__type": "SignatureDoesNotMatch", "message": err}).encode()
        return 200, {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "r"}, b'{"QueueUrls": []}'

    return canned(handler), seen


def test_python_provider_called_once_then_cached_and_shared(clean_env, canned):
    p = Counting()
    srv, seen = verifying(canned, lambda k: "pysecret" + k[len("AKIDPY"):])
    s = gosoto.Session(credentials_provider=p, region_name="us-east-1")
    a = s.client("sqs", endpoint_url=srv.url)
    b = s.client("sqs", endpoint_url=srv.url)
    assert p.calls == 0  # nothing is fetched before a call needs it
    for _ in range(3):
        a.list_queues()
        b.list_queues()
    assert p.calls == 1  # one fetch, cached, shared by both clients
    assert [x[:2] for x in seen] == [("AKIDPY1", None)] * 6
    assert {x[2] for x in seen} == {"tok1"}
    creds = s.get_credentials()
    assert creds.method == "callback"
    assert creds.get_frozen_credentials() == ReadOnlyCredentials("AKIDPY1", "pysecret1", "tok1")
    assert "pysecret" not in repr(creds)
    # client(..., credentials=provider) shares the same library provider.
    c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=srv.url, credentials=p)
    c.list_queues()
    assert p.calls == 1
    assert p.to_library() is creds


def test_python_provider_refreshed_near_expiration(clean_env, canned):
    p = Counting(lifetime=4)
    srv, seen = verifying(canned, lambda k: "pysecret" + k[len("AKIDPY"):])
    creds = p.to_library()
    first = creds.get_frozen_credentials()
    assert first.access_key == "AKIDPY1"
    assert creds.access_key == "AKIDPY1" and p.calls == 1  # cached while fresh
    assert creds.expiry_time is not None
    c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=srv.url, credentials=creds)
    c.list_queues()
    deadline = time.time() + 10
    while creds.access_key == "AKIDPY1" and time.time() < deadline:
        time.sleep(0.25)
    assert creds.access_key != "AKIDPY1"
    assert p.calls >= 2
    c.list_queues()  # the client signs with the refreshed keys
    assert seen[-1][0] != "AKIDPY1" and seen[-1][1] is None


def test_python_provider_exception_is_a_credentials_error(clean_env, canned):
    srv, seen = verifying(canned, lambda k: "pysecret" + k[len("AKIDPY"):])
    p = Counting(fail=RuntimeError("vault down"))
    c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=srv.url, credentials=p)
    with pytest.raises(NoCredentialsError) as ei:
        c.list_queues()
    assert "vault down" in str(ei.value)
    assert ei.value.error_document["Kind"] == "credentials"
    assert seen == []  # nothing was sent
    # The library backs off (1 s at first) after a failed fetch, then asks
    # again, and the client works once the source does.
    p.fail = None
    deadline = time.time() + 10
    while True:
        try:
            c.list_queues()
            break
        except NoCredentialsError:
            assert time.time() < deadline
            time.sleep(0.2)
    assert p.calls >= 2 and seen[-1][:2] == ("AKIDPY%d" % p.calls, None)

    class Nothing(CredentialProvider):
        def load(self):
            return None

    class Bad(CredentialProvider):
        def load(self):
            return {"access_key": "AKIDPY"}  # no secret_key

    class Huge(CredentialProvider):
        def load(self):
            raise ValueError("x" * 100000)  # longer than the library's buffer

    for prov, words in ((Nothing(), "no credentials"), (Bad(), "secret_key"), (Huge(), "ValueError")):
        with pytest.raises(NoCredentialsError) as ei:
            prov.to_library().get_frozen_credentials()
        assert words in str(ei.value)
    assert gosoto.Session(credentials_provider=Nothing()).get_credentials() is not None  # like boto3: an object


def test_python_provider_outlives_its_owners(clean_env, canned):
    """The ctypes callback lives as long as a client made with it, even when
    the provider, the session and the Credentials are all dropped."""
    import gc

    srv, seen = verifying(canned, lambda k: "pysecret" + k[len("AKIDPY"):])
    c = gosoto.Session(credentials_provider=Counting(lifetime=3600)).client("sqs", region_name="us-east-1",
                                                                           endpoint_url=srv.url)
    gc.collect()
    c.list_queues()
    assert seen[-1][:2] == ("AKIDPY1", None)
    c.close()
    del c
    gc.collect()


def test_python_provider_from_many_threads(clean_env, canned):
    import threading

    p = Counting(lifetime=3600)
    srv, seen = verifying(canned, lambda k: "pysecret" + k[len("AKIDPY"):])
    c = gosoto.client("sqs", region_name="us-east-1", endpoint_url=srv.url, credentials=p)
    errors = []

    def work():
        try:
            for _ in range(5):
                c.list_queues()
        except Exception as e:  # pragma: no cover
            errors.append(e)

    ts = [threading.Thread(target=work) for _ in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == []
    assert p.calls == 1
    assert len(seen) == 40 and all(x[1] is None for x in seen)
