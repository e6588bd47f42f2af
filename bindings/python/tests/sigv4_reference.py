"""An independent, pure-Python SigV4 (written from the AWS specification) that
the tests use to verify what gosoto signs. Only what the tests need: header
and query-string signatures, non-S3 path rules."""

from __future__ import annotations

import hashlib
import hmac
import urllib.parse
from typing import Dict, List, Optional, Tuple


def _enc(s: str, safe: str = "") -> str:
    return urllib.parse.quote(s, safe="-_.~" + safe)


def canonical_uri(raw_path: str) -> str:
    path = raw_path or "/"
    # Normalize (remove . and .. and duplicate slashes), then URI-encode each
    # segment of the path as it arrived (so %20 becomes %2520).
    segs: List[str] = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segs:
                segs.pop()
            continue
        segs.append(seg)
    out = "/" + "/".join(_enc(s) for s in segs)
    if path.endswith("/") and out != "/":
        out += "/"
    return out


def canonical_query(raw_query: str, drop: Tuple[str, ...] = ()) -> str:
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        k, _, v = part.partition("=")
        k, v = urllib.parse.unquote_plus(k), urllib.parse.unquote_plus(v)
        if k in drop:
            continue
        pairs.append((_enc(k), _enc(v)))
    pairs.sort()
    return "&".join("%s=%s" % kv for kv in pairs)


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    k = ("AWS4" + secret).encode()
    for m in (date, region, service, "aws4_request"):
        k = hmac.new(k, m.encode(), hashlib.sha256).digest()
    return k


def signature(secret: str, method: str, raw_path: str, raw_query: str, headers: Dict[str, str],
              signed: List[str], payload_hash: str, amz_date: str, region: str, service: str,
              drop_query: Tuple[str, ...] = ()) -> Tuple[str, str, str]:
    """(signature, canonical_request, string_to_sign); headers keyed by lower-case name."""
    ch = "".join("%s:%s\n" % (h, " ".join(headers[h].strip().split())) for h in signed)
    creq = "\n".join([method, canonical_uri(raw_path), canonical_query(raw_query, drop_query), ch, ";".join(signed), payload_hash])
    scope = "%s/%s/%s/aws4_request" % (amz_date[:8], region, service)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    sig = hmac.new(signing_key(secret, amz_date[:8], region, service), sts.encode(), hashlib.sha256).hexdigest()
    return sig, creq, sts


def verify_request(method: str, target: str, headers: List[Tuple[str, str]], body: bytes,
                   secrets: Dict[str, str]) -> Optional[str]:
    """None when the request carries a valid SigV4 signature (header or query), else why not."""
    path, _, query = target.partition("?")
    hd: Dict[str, str] = {}
    for k, v in headers:
        hd[k.lower()] = v if k.lower() not in hd else hd[k.lower()] + "," + v
    q = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if "authorization" in hd:
        auth = hd["authorization"]
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            return "not AWS4-HMAC-SHA256"
        parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
        cred, signed, given = parts["Credential"], parts["SignedHeaders"].split(";"), parts["Signature"]
        amz_date = hd.get("x-amz-date", "")
        payload = hd.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
        if payload != "UNSIGNED-PAYLOAD" and payload != hashlib.sha256(body).hexdigest():
            return "x-amz-content-sha256 does not match the body"
        drop: Tuple[str, ...] = ()
    elif "X-Amz-Signature" in q:
        cred, signed, given = q["X-Amz-Credential"], q["X-Amz-SignedHeaders"].split(";"), q["X-Amz-Signature"]
        amz_date = q["X-Amz-Date"]
        payload = "UNSIGNED-PAYLOAD"
        drop = ("X-Amz-Signature",)
    else:
        return "no signature"
    akid, date, region, service, term = cred.split("/")
    if term != "aws4_request" or date != amz_date[:8]:
        return "bad credential scope %s" % cred
    if akid not in secrets:
        return "unknown access key %s" % akid
    if "host" not in signed:
        return "host is not signed"
    for h in signed:
        if h not in hd:
            return "signed header %s was not sent" % h
    # A presigned URL's payload is UNSIGNED-PAYLOAD for botocore, the empty
    # body's hash for some SDKs: either is a valid signature.
    payloads = [payload] if "authorization" in hd else [payload, hashlib.sha256(body).hexdigest()]
    creq = ""
    for p in payloads:
        want, creq, _ = signature(secrets[akid], method, path, query, hd, signed, p, amz_date, region, service, drop)
        if hmac.compare_digest(want, given):
            return None
    return "signature mismatch; canonical request was:\n" + creq
