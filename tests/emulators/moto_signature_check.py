#!/usr/bin/env python3
"""Check, at the HTTP level, that moto verifies the signatures gosoto makes.

    python3 moto_signature_check.py LIBGOSOTO ENDPOINT KEYFILE

With libgosoto loaded through ctypes (standard library only), builds a signed
SQS ListQueues request with gosoto_client_build_request, sends it to moto
with urllib, and hands the answer to gosoto_client_parse_response:
  - signed with the key moto issued (KEYFILE):  HTTP 200, GOSOTO_OK;
  - signed with a wrong secret key:             HTTP 403 whose body names
    SignatureDoesNotMatch, GOSOTO_E_SERVICE;
  - signed with an access key id never issued:  HTTP 403 whose body names
    InvalidClientTokenId, GOSOTO_E_SERVICE.
Talks to 127.0.0.1 only. Ends with "moto_signature_check: N passed, M failed".
"""

import base64
import ctypes
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

GOSOTO_OK, GOSOTO_E_SERVICE = 0, 4


def load(path):
    lib = ctypes.CDLL(path)
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    lib.gosoto_client_new.argtypes = [cp, ctypes.POINTER(vp), ctypes.POINTER(vp)]
    lib.gosoto_client_build_request.argtypes = [vp, cp, cp, ctypes.POINTER(vp)]
    lib.gosoto_client_parse_response.argtypes = [vp, cp, cp, ctypes.POINTER(vp)]
    lib.gosoto_client_free.argtypes = [vp]
    lib.gosoto_client_free.restype = None
    lib.gosoto_string_free.argtypes = [vp]
    lib.gosoto_string_free.restype = None
    return lib


def take(lib, p):
    if not p.value:
        return None
    s = ctypes.string_at(p.value).decode()
    lib.gosoto_string_free(p)
    return s


class Client:
    def __init__(self, lib, endpoint, key_id, secret):
        self.lib = lib
        cfg = {"service": "sqs", "region": "us-east-1", "endpoint_url": endpoint,
               "credentials": {"access_key_id": key_id, "secret_access_key": secret}}
        h, err = ctypes.c_void_p(), ctypes.c_void_p()
        st = lib.gosoto_client_new(json.dumps(cfg).encode(), ctypes.byref(h), ctypes.byref(err))
        msg = take(lib, err)
        if st != GOSOTO_OK:
            sys.exit("moto_signature_check.py: gosoto_client_new: %d %s" % (st, msg))
        self.h = h

    def call(self, op, params):
        """build_request -> urllib -> parse_response; (HTTP status, body, gosoto status, output)."""
        out = ctypes.c_void_p()
        st = self.lib.gosoto_client_build_request(self.h, op.encode(), json.dumps(params).encode(), ctypes.byref(out))
        req = take(self.lib, out)
        if st != GOSOTO_OK:
            sys.exit("moto_signature_check.py: build_request: %d %s" % (st, req))
        req = json.loads(req)
        host = urllib.parse.urlsplit(req["url"]).hostname
        if host != "127.0.0.1":
            sys.exit("moto_signature_check.py: refusing to send to %r" % host)
        body = base64.b64decode(req["body_base64"])
        # urllib adds Host and Content-Length itself; the values are the same.
        headers = {n: v for n, v in req["headers"] if n.lower() not in ("host", "content-length")}
        r = urllib.request.Request(req["url"], data=body, method=req["method"], headers=headers)
        try:
            with urllib.request.urlopen(r, timeout=30) as resp:
                status, rbody, rheaders = resp.status, resp.read(), list(resp.headers.items())
        except urllib.error.HTTPError as e:
            status, rbody, rheaders = e.code, e.read(), list(e.headers.items())
        doc = {"status_code": status, "headers": [[n, v] for n, v in rheaders],
               "body_base64": base64.b64encode(rbody).decode()}
        out = ctypes.c_void_p()
        gst = self.lib.gosoto_client_parse_response(self.h, op.encode(), json.dumps(doc).encode(), ctypes.byref(out))
        return status, rbody.decode(errors="replace"), gst, take(self.lib, out)

    def close(self):
        self.lib.gosoto_client_free(self.h)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: moto_signature_check.py LIBGOSOTO ENDPOINT KEYFILE")
    lib = load(sys.argv[1])
    endpoint = sys.argv[2]
    with open(sys.argv[3]) as f:
        key_id, secret = f.read().split()[:2]

    passed = failed = 0
    cases = [
        ("the key moto issued", key_id, secret, 200, None, GOSOTO_OK),
        ("a wrong secret key", key_id, secret + "WRONG", 403, "SignatureDoesNotMatch", GOSOTO_E_SERVICE),
        ("an access key id never issued", "AKIDNEVERISSUED0000", secret, 403, "InvalidClientTokenId", GOSOTO_E_SERVICE),
    ]
    for what, kid, sec, want_http, want_code, want_status in cases:
        c = Client(lib, endpoint, kid, sec)
        http, body, gst, out = c.call("ListQueues", {})
        c.close()
        problems = []
        if http != want_http:
            problems.append("HTTP %d, want %d: %s" % (http, want_http, body))
        if want_code and ("<Code>%s</Code>" % want_code) not in body and want_code not in body:
            problems.append("the answer does not name %s: %s" % (want_code, body))
        if gst != want_status:
            problems.append("parse_response status %d, want %d: %s" % (gst, want_status, out))
        if out and sec in out:
            problems.append("the parsed output contains the secret key")
        if problems:
            failed += 1
            print("FAIL signed with %s:\n  %s" % (what, "\n  ".join(problems)))
        else:
            passed += 1
            print("ok   signed with %s: HTTP %d%s" % (what, http, (", " + want_code) if want_code else ""))
    print("moto_signature_check: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
