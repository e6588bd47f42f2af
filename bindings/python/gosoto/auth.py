"""SigV4 for any HTTP stack; :class:`SigV4Auth` plugs into ``requests``.

    import requests
    from gosoto.auth import SigV4Auth
    requests.get(url, auth=SigV4Auth("execute-api", "us-east-1"))

``requests`` is not imported by gosoto: an auth object is any callable that
takes and returns a PreparedRequest, and that is all SigV4Auth relies on.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, List, Optional, Tuple

from .signing import SignedRequest, sign_request

# Headers an HTTP stack or a proxy may add, drop or rewrite on the way: sent
# as they are, never signed.
_UNSIGNED = frozenset(
    ["user-agent", "accept", "accept-encoding", "connection", "expect", "transfer-encoding",
     "upgrade", "te", "keep-alive", "proxy-authorization", "x-amzn-trace-id", "authorization"]
)


class SigV4Auth:
    """Signs each request with SigV4 for a service and region.

    credentials: None for the library's default chain (kept current by the
    library), or anything gosoto.sign_request accepts (a gosoto Credentials
    object is read afresh for every request).
    """

    def __init__(self, service: str, region: str, credentials: Any = None, *, unsigned_payload: bool = False,
                 normalize_path: Optional[bool] = None, double_uri_encode: Optional[bool] = None,
                 content_sha256_header: bool = False) -> None:
        self.service = service
        self.region = region
        self.credentials = credentials
        self.unsigned_payload = unsigned_payload
        self.normalize_path = normalize_path
        self.double_uri_encode = double_uri_encode
        self.content_sha256_header = content_sha256_header

    def sign(self, method: str, url: str, headers: List[Tuple[str, str]], body: Any) -> SignedRequest:
        unsigned = self.unsigned_payload
        if body is not None and not isinstance(body, (bytes, bytearray, memoryview, str)):
            unsigned = True  # a stream or a generator: its bytes are not known yet
            body = None
        return sign_request(
            method, url, headers, body, service=self.service, region=self.region, credentials=self.credentials,
            unsigned_payload=unsigned, normalize_path=self.normalize_path,
            double_uri_encode=self.double_uri_encode, content_sha256_header=self.content_sha256_header or unsigned,
        )

    def __call__(self, r: Any) -> Any:
        signable = [(k, v) for k, v in r.headers.items() if k.lower() not in _UNSIGNED]
        signed = self.sign(r.method or "GET", r.url, signable, r.body)
        for k in [k for k in r.headers if k.lower() in ("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256")]:
            del r.headers[k]
        for k, v in signed.headers:
            r.headers[k] = v
        if signed.url != r.url:
            r.url = signed.url
        return r

    def __repr__(self) -> str:
        return "SigV4Auth(%r, %r)" % (self.service, self.region)
