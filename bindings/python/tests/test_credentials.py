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


def test_python_credential_provider_design():
    class Fixed(CredentialProvider):
        def load(self):
            return {"access_key": "AKIDPY", "secret_key": "pysecret", "token": None,
                    "expiry_time": dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)}

    doc = json.loads(Fixed().fetch_json())
    assert doc == {"AccessKeyId": "AKIDPY", "SecretAccessKey": "pysecret", "Expiration": "2030-01-01T00:00:00Z"}

    class Broken(CredentialProvider):
        def load(self):
            raise RuntimeError("vault down")

    assert "vault down" in json.loads(Broken().fetch_json())["Error"]
    from gosoto import _lib

    if not _lib.has("gosoto_credentials_new_callback"):
        with pytest.raises(NotImplementedError):
            Fixed().to_library()
