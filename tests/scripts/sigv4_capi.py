#!/usr/bin/env python3
"""The shared SigV4 conformance suites, run through the C ABI.

    python3 tests/scripts/sigv4_capi.py build/libgosoto.so ../shared/testdata

Loads libgosoto.so with ctypes (standard library only) and signs every case
of sigv4-aws-c-auth/v4 (header and presigned-query variants) and of
sigv4-botocore with gosoto_sign, comparing the canonical request, the string
to sign and the signature with the suite's expected files (and, for
botocore, the Authorization header; for presigning, the URL's
X-Amz-Signature). The Go tests run the same suites in Go; this run proves the
C boundary (C strings in, JSON out, ownership) changes nothing.
Ends with "sigv4_capi: N passed, M failed".
"""

import base64
import ctypes
import json
import os
import sys
import urllib.parse

HOST = "https://example.amazonaws.com"
AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def load(path):
    lib = ctypes.CDLL(path)
    lib.gosoto_sign.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.gosoto_sign.restype = ctypes.c_int
    lib.gosoto_string_free.argtypes = [ctypes.c_void_p]
    lib.gosoto_string_free.restype = None
    return lib


def sign(lib, doc):
    out = ctypes.c_void_p()
    status = lib.gosoto_sign(json.dumps(doc).encode(), ctypes.byref(out))
    if not out.value:
        return status, None
    text = ctypes.string_at(out.value).decode()
    lib.gosoto_string_free(out)
    return status, json.loads(text)


def parse_http(text):
    """The suites' request format (see the Go tests' parseHTTPText)."""
    text = text.replace("\r", "")
    head, sep, body = text.partition("\n\n")
    lines = head.rstrip("\n").split("\n")
    first = lines[0]
    if not first.endswith(" HTTP/1.1") or " " not in first:
        raise ValueError("bad request line %r" % first)
    method, target = first[: -len(" HTTP/1.1")].split(" ", 1)
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        if line[0] in " \t":
            headers[-1][1] += "\n" + line
            continue
        name, _, value = line.partition(":")
        headers.append([name, value])
    return method, target, headers, (body.encode() if sep else b"")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def aws_c_auth_cases(root):
    base = os.path.join(root, "sigv4-aws-c-auth", "v4")
    for name in sorted(os.listdir(base)):
        d = os.path.join(base, name)
        if not os.path.isdir(d):
            continue
        ctx = json.loads(read(os.path.join(d, "context.json")))
        method, target, headers, body = parse_http(read(os.path.join(d, "request.txt")))
        for variant in ("header", "query"):
            creds = ctx["credentials"]
            doc = {
                "method": method,
                "url": HOST + target,
                "headers": headers,
                "service": ctx["service"],
                "region": ctx["region"],
                "time": ctx["timestamp"],
                "credentials": {
                    "access_key_id": creds["access_key_id"],
                    "secret_access_key": creds["secret_access_key"],
                    "session_token": creds.get("token", ""),
                },
                "normalize_path": ctx["normalize"],
                "double_uri_encode": True,
                "omit_session_token": ctx.get("omit_session_token", False),
                "content_sha256_header": bool(ctx["sign_body"]) and variant == "header",
                "body_base64": base64.b64encode(body if ctx["sign_body"] else b"").decode(),
            }
            if variant == "query":
                doc["presign_expires"] = ctx["expiration_in_seconds"]
            want = {
                k: read(os.path.join(d, "%s-%s.txt" % (variant, f)))
                for k, f in (("creq", "canonical-request"), ("sts", "string-to-sign"), ("sig", "signature"))
            }
            yield "aws-c-auth/v4/%s/%s" % (variant, name), doc, want, variant


def botocore_cases(root):
    base = os.path.join(root, "sigv4-botocore")
    found = []
    for dirpath, _, files in os.walk(base):
        for f in files:
            if f.endswith(".req"):
                found.append(os.path.join(dirpath, f[: -len(".req")]))
    for b in sorted(found):
        method, target, headers, body = parse_http(read(b + ".req"))
        creq = read(b + ".creq")
        token, omit = "", False
        for line in creq.split("\n"):
            if line.startswith("x-amz-security-token:"):
                token = line[len("x-amz-security-token:"):]
        if not token:
            _, _, sheaders, _ = parse_http(read(b + ".sreq"))
            for n, v in sheaders:
                if n.lower() == "x-amz-security-token":
                    token, omit = v.lstrip(" "), True
        doc = {
            "method": method,
            "url": HOST + target,
            "headers": headers,
            "service": "service",
            "region": "us-east-1",
            "time": "2015-08-30T12:36:00Z",
            "credentials": {"access_key_id": AKID, "secret_access_key": SECRET, "session_token": token},
            "omit_session_token": omit,
            "body_base64": base64.b64encode(body).decode(),
        }
        want = {"creq": creq, "sts": read(b + ".sts"), "authz": read(b + ".authz")}
        yield "botocore/" + os.path.relpath(os.path.dirname(b), base), doc, want, "header"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: sigv4_capi.py LIBGOSOTO TESTDATA")
    lib = load(sys.argv[1])
    root = sys.argv[2]
    if not os.path.isdir(os.path.join(root, "sigv4-aws-c-auth")) or not os.path.isdir(os.path.join(root, "sigv4-botocore")):
        sys.exit("sigv4_capi.py: the SigV4 suites are missing under %s" % root)
    passed = failed = 0
    for name, doc, want, variant in list(aws_c_auth_cases(root)) + list(botocore_cases(root)):
        status, out = sign(lib, doc)
        problems = []
        if status != 0 or out is None:
            problems.append("status %d: %s" % (status, out))
        else:
            if out.get("canonical_request") != want["creq"]:
                problems.append("canonical request:\n got %r\nwant %r" % (out.get("canonical_request"), want["creq"]))
            if out.get("string_to_sign") != want["sts"]:
                problems.append("string to sign:\n got %r\nwant %r" % (out.get("string_to_sign"), want["sts"]))
            if "sig" in want and out.get("signature") != want["sig"]:
                problems.append("signature: got %s want %s" % (out.get("signature"), want["sig"]))
            auth = [v for n, v in out.get("headers", []) if n == "Authorization"]
            if variant == "query":
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(out.get("url", "")).query)
                if q.get("X-Amz-Signature") != [want["sig"]]:
                    problems.append("presigned url has no X-Amz-Signature=%s: %s" % (want["sig"], out.get("url")))
                if auth:
                    problems.append("a presigned request has an Authorization header")
            elif "authz" in want:
                if auth != [want["authz"]]:
                    problems.append("Authorization: got %r want %r" % (auth, want["authz"]))
            elif not auth or not auth[0].endswith("Signature=" + want["sig"]):
                problems.append("Authorization header %r does not carry the signature" % auth)
        if problems:
            failed += 1
            print("FAIL %s\n  %s" % (name, "\n  ".join(problems)))
        else:
            passed += 1
    print("sigv4_capi: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
    main()
