"""SigV4 signing of any HTTP request (gosoto_sign)."""

from __future__ import annotations

import base64
import datetime as _dt
import json
from collections import namedtuple
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _lib
from .credentials import as_static
from .exceptions import InternalError, InvalidArgumentError, NoCredentialsError

if TYPE_CHECKING:
    Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]], None]


class SignedRequest(namedtuple("SignedRequest", "url headers canonical_request string_to_sign signature")):
    """What to send: ``url`` (with the signature when presigned) and every
    header, as ordered (name, value) pairs in ``headers``; plus the signing
    steps (``canonical_request``, ``string_to_sign``, ``signature``)."""

    __slots__ = ()
    url: str
    headers: List[Tuple[str, str]]
    canonical_request: str
    string_to_sign: str
    signature: str

    @property
    def headers_dict(self) -> Dict[str, str]:
        d: Dict[str, str] = {}
        for k, v in self.headers:
            d[k] = v if k not in d else d[k] + "," + v
        return d


def _pairs(headers: Headers) -> List[List[str]]:
    if headers is None:
        return []
    items = headers.items() if hasattr(headers, "items") else headers
    return [[str(k), str(v)] for k, v in items]  # type: ignore[union-attr]


def sign_request(
    method: str,
    url: str,
    headers: "Headers" = None,
    body: Union[bytes, bytearray, memoryview, str, None] = None,
    *,
    service: str,
    region: str,
    credentials: Any = None,
    presign_expires: Optional[int] = None,
    time: Union[_dt.datetime, str, None] = None,
    body_sha256: Optional[str] = None,
    unsigned_payload: bool = False,
    normalize_path: Optional[bool] = None,
    double_uri_encode: Optional[bool] = None,
    omit_session_token: bool = False,
    content_sha256_header: bool = False,
    profile_name: Optional[str] = None,
) -> SignedRequest:
    """Sign an HTTP request with AWS Signature Version 4.

    credentials: None (the library's default chain, or profile_name), a
    gosoto Credentials, a ReadOnlyCredentials, an (access_key, secret_key[,
    token]) tuple or a dict. presign_expires: seconds; sign the query string
    (a presigned URL) instead of adding an Authorization header. For a body
    you do not have in memory give body_sha256 (hex) or unsigned_payload.
    S3 wants normalize_path=False and double_uri_encode=False.
    """
    doc: Dict[str, Any] = {"method": method, "url": url, "headers": _pairs(headers), "service": service, "region": region}
    if body is not None and len(body):
        if isinstance(body, str):
            body = body.encode("utf-8")
        doc["body_base64"] = base64.b64encode(bytes(body)).decode("ascii")
    if body_sha256 is not None:
        doc["body_sha256"] = body_sha256
    if unsigned_payload:
        doc["unsigned_payload"] = True
    static = as_static(credentials)
    if static is not None:
        doc["credentials"] = static
    if profile_name:
        doc["profile"] = profile_name
    if presign_expires is not None:
        doc["presign_expires"] = int(presign_expires)
    if time is not None:
        if isinstance(time, _dt.datetime):
            if time.tzinfo is None:
                time = time.replace(tzinfo=_dt.timezone.utc)
            time = time.astimezone(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        doc["time"] = time
    if normalize_path is not None:
        doc["normalize_path"] = bool(normalize_path)
    if double_uri_encode is not None:
        doc["double_uri_encode"] = bool(double_uri_encode)
    if omit_session_token:
        doc["omit_session_token"] = True
    if content_sha256_header:
        doc["content_sha256_header"] = True
    status, text = _lib.call_json("gosoto_sign", _lib.dumps(doc))
    try:
        out = json.loads(text or "{}")
    except ValueError:
        out = {}
    if status != _lib.OK:
        msg = (out.get("Error") or {}).get("Message") or text or "status %d" % status
        if status == _lib.E_CREDENTIALS:
            raise NoCredentialsError(report=msg, error_document=out)
        if status == _lib.E_INVALID_ARGUMENT:
            raise InvalidArgumentError(report=msg, error_document=out)
        raise InternalError(report=msg, error_document=out)
    return SignedRequest(
        out["url"],
        [(h[0], h[1]) for h in out["headers"]],
        out.get("canonical_request", ""),
        out.get("string_to_sign", ""),
        out.get("signature", ""),
    )
