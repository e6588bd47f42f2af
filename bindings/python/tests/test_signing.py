"""gosoto.sign_request and gosoto.auth.SigV4Auth, checked by an independent
SigV4 implementation (sigv4_reference) and a known AWS test vector; with
requests, against a 127.0.0.1 server that verifies every signature."""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.request

import pytest

import gosoto
from gosoto.auth import SigV4Auth

import sigv4_reference as ref

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def test_known_vector_get_vanilla():
    # The aws-sig-v4-test-suite's get-vanilla case.
    s = gosoto.sign_request(
        "GET", "https://example.amazonaws.com/", headers=[("Host", "example.amazonaws.com")],
        service="service", region="us-east-1", credentials=(AKID, SECRET), time="2015-08-30T12:36:00Z",
    )
    want = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    assert s.signature == want
    auth = s.headers_dict["Authorization"]
    assert auth == ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                    "SignedHeaders=host;x-amz-date, Signature=" + want)
    assert s.headers_dict["X-Amz-Date"] == "20150830T123600Z"
    # The reference agrees on the same vector.
    sig, _, _ = ref.signature(SECRET, "GET", "/", "", {"host": "example.amazonaws.com", "x-amz-date": "20150830T123600Z"},
                              ["host", "x-amz-date"], hashlib.sha256(b"").hexdigest(), "20150830T123600Z", "us-east-1", "service")
    assert sig == want


def test_sign_request_matches_reference():
    when = dt.datetime(2024, 2, 29, 23, 59, 58, tzinfo=dt.timezone.utc)
    body = b'{"hello": "world"}'
    s = gosoto.sign_request(
        "POST", "https://svc.example.com/a/b c/?z=1&a=x%2Fy&m=",
        headers={"Content-Type": "application/json", "X-Custom": "  spaced   value "},
        body=body, service="execute-api", region="eu-west-3",
        credentials={"aws_access_key_id": AKID, "aws_secret_access_key": SECRET, "aws_session_token": "TOKEN/+="},
        time=when,
    )
    hd = {k.lower(): v for k, v in s.headers}
    assert hd["x-amz-security-token"] == "TOKEN/+="
    assert hd["host"] == "svc.example.com"
    assert s.url.startswith("https://svc.example.com/")
    err = ref.verify_request("POST", s.url[len("https://svc.example.com"):], s.headers, body, {AKID: SECRET})
    assert err is None, err
    # Tampering is caught: the check can fail.
    tampered = [(k, v) for k, v in s.headers]
    assert ref.verify_request("POST", "/a/b%20c/?z=2&a=x%2Fy&m=", tampered, body, {AKID: SECRET}) is not None
    assert ref.verify_request("POST", s.url[len("https://svc.example.com"):], s.headers, body + b" ", {AKID: SECRET}) is not None


def test_presigned_url_verifies(canned):
    results = []

    def handler(req):
        err = ref.verify_request(req.method, req.path, req.headers, req.body, {AKID: SECRET})
        results.append(err)
        return (200 if err is None else 403), {}, b"ok" if err is None else err.encode()

    srv = canned(handler)
    s = gosoto.sign_request("GET", srv.url + "/object?versionId=3", service="s3x", region="us-east-1",
                            credentials=(AKID, SECRET), presign_expires=300)
    assert "X-Amz-Signature=" in s.url and "X-Amz-Expires=300" in s.url
    assert not any(k.lower() == "authorization" for k, _ in s.headers)
    with urllib.request.urlopen(s.url) as r:
        assert r.status == 200
    assert results == [None]
    bad = s.url.replace("versionId=3", "versionId=4")
    with pytest.raises(urllib.error.HTTPError) as ei:
        urllib.request.urlopen(bad)
    assert ei.value.code == 403


def test_sign_request_errors():
    with pytest.raises(gosoto.exceptions.InvalidArgumentError) as ei:
        gosoto.sign_request("GET", "not a url", service="s", region="us-east-1", credentials=(AKID, SECRET), presign_expires=10**9)
    assert "presign_expires" in str(ei.value) or "url" in str(ei.value).lower()


@pytest.fixture
def requests_mod():
    return pytest.importorskip("requests")


@pytest.fixture
def verifying_server(canned):
    seen = []

    def handler(req):
        err = ref.verify_request(req.method, req.path, req.headers, req.body, {AKID: SECRET, "AKIDOTHER": "other-secret"})
        seen.append((req, err))
        if err is None:
            return 200, {"Content-Type": "text/plain"}, b"verified"
        return 403, {"Content-Type": "text/plain"}, err.encode()

    srv = canned(handler)
    srv.seen = seen
    return srv


def test_requests_sigv4auth(requests_mod, verifying_server):
    auth = SigV4Auth("execute-api", "us-west-2", credentials=(AKID, SECRET))
    r = requests_mod.post(verifying_server.url + "/items/42?b=2&a=1", json={"x": [1, 2, 3]}, auth=auth,
                          headers={"X-Trace": "t1"})
    assert r.status_code == 200, r.text
    assert r.text == "verified"
    req, err = verifying_server.seen[-1]
    assert err is None
    assert "x-trace" in (req.header("Authorization") or "")  # the caller's own header is signed
    assert "user-agent" not in req.header("Authorization")

    r = requests_mod.get(verifying_server.url + "/items", params={"q": "a b/c"}, auth=auth)
    assert r.status_code == 200, r.text

    s = requests_mod.Session()
    s.auth = auth
    for i in range(3):
        assert s.put(verifying_server.url + "/put/%d" % i, data=b"\x00\x01" * i).status_code == 200


def test_requests_wrong_secret_is_rejected(requests_mod, verifying_server):
    auth = SigV4Auth("execute-api", "us-west-2", credentials=("AKIDOTHER", "not-the-secret"))
    r = requests_mod.post(verifying_server.url + "/x", data=b"payload", auth=auth)
    assert r.status_code == 403
    assert "signature mismatch" in r.text


def test_requests_streaming_body_is_unsigned_payload(requests_mod, verifying_server):
    auth = SigV4Auth("execute-api", "us-west-2", credentials=(AKID, SECRET))

    def gen():
        yield b"chunk1"
        yield b"chunk2"

    # A generator body: requests sends it chunked; the server reads no
    # Content-Length, so give one.
    data = b"".join(gen())
    r = requests_mod.post(verifying_server.url + "/stream", data=iter([data]), auth=auth,
                          headers={"Content-Length": str(len(data))})
    assert r.status_code == 200, r.text
    req, _ = verifying_server.seen[-1]
    assert req.header("X-Amz-Content-Sha256") == "UNSIGNED-PAYLOAD"


def test_sigv4auth_with_session_credentials(requests_mod, verifying_server, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AKID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    creds = gosoto.Session().get_credentials()
    assert creds is not None
    r = requests_mod.get(verifying_server.url + "/c", auth=SigV4Auth("svc", "us-east-1", credentials=creds))
    assert r.status_code == 200, r.text
    # None: the library's default chain (the environment here).
    r = requests_mod.get(verifying_server.url + "/d", auth=SigV4Auth("svc", "us-east-1"))
    assert r.status_code == 200, r.text
