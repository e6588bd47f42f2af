"""Client configuration, shaped like botocore's ``Config``."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, Mapping, Optional, Union

_FIELDS = (
    "region_name",
    "connect_timeout",
    "read_timeout",
    "timeout",
    "retries",
    "use_fips_endpoint",
    "use_dualstack_endpoint",
    "ignore_configured_endpoint_urls",
    "service_model",
    "service_model_path",
)


class Config:
    """Advanced client settings.

    region_name          the region (the client's region_name argument wins)
    connect_timeout      seconds to wait for a connection (per attempt)
    read_timeout         seconds to wait for the next byte of a response
    timeout              gosoto only: deadline in seconds for one call,
                         retries included (None or 0: none)
    retries              {"max_attempts": N} (retries after the first try,
                         as botocore counts) or {"total_max_attempts": N},
                         and "mode" ("standard")
    use_fips_endpoint, use_dualstack_endpoint, ignore_configured_endpoint_urls
    service_model        gosoto only: a botocore service-2.json document (a
                         dict, or a JSON string) used instead of a built-in
                         model, so that any service can be called
    service_model_path   gosoto only: the path of such a document
    """

    def __init__(
        self,
        region_name: Optional[str] = None,
        connect_timeout: Optional[float] = None,
        read_timeout: Optional[float] = None,
        timeout: Optional[float] = None,
        retries: Optional[Mapping[str, Any]] = None,
        use_fips_endpoint: Optional[bool] = None,
        use_dualstack_endpoint: Optional[bool] = None,
        ignore_configured_endpoint_urls: Optional[bool] = None,
        service_model: Union[None, str, Mapping[str, Any]] = None,
        service_model_path: Optional[str] = None,
        **unsupported: Any,
    ) -> None:
        self.region_name = region_name
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.timeout = timeout
        self.retries = dict(retries) if retries else None
        self.use_fips_endpoint = use_fips_endpoint
        self.use_dualstack_endpoint = use_dualstack_endpoint
        self.ignore_configured_endpoint_urls = ignore_configured_endpoint_urls
        self.service_model = service_model
        self.service_model_path = service_model_path
        # botocore settings gosoto has no use for (user_agent, proxies,
        # signature_version...) are accepted and kept, not applied.
        self.unsupported = unsupported

    def merge(self, other: Optional["Config"]) -> "Config":
        """A new Config: this one's settings overridden by other's that are set."""
        if other is None:
            return self
        kw = {f: getattr(self, f) for f in _FIELDS}
        for f in _FIELDS:
            v = getattr(other, f)
            if v is not None:
                kw[f] = v
        merged = dict(self.unsupported)
        merged.update(other.unsupported)
        return Config(**kw, **merged)

    def to_client_config(self) -> Dict[str, Any]:
        """The keys of gosoto_client_new's config JSON this Config sets."""
        out: Dict[str, Any] = {}
        if self.connect_timeout is not None:
            out["connect_timeout_ms"] = _ms(self.connect_timeout, "connect_timeout")
        if self.read_timeout is not None:
            out["read_timeout_ms"] = _ms(self.read_timeout, "read_timeout")
        if self.timeout is not None:
            out["timeout_ms"] = _ms(self.timeout, "timeout")
        if self.retries:
            r = self.retries
            if r.get("total_max_attempts") is not None:
                out["max_attempts"] = int(r["total_max_attempts"])
            elif r.get("max_attempts") is not None:
                out["max_attempts"] = int(r["max_attempts"]) + 1
            if r.get("mode"):
                out["retry_mode"] = r["mode"]
        for f in ("use_fips_endpoint", "use_dualstack_endpoint", "ignore_configured_endpoint_urls"):
            v = getattr(self, f)
            if v is not None:
                out[f] = bool(v)
        if self.service_model is not None:
            sm = self.service_model
            if isinstance(sm, (str, bytes)):
                import json

                sm = json.loads(sm)
            out["service_model"] = sm
        if self.service_model_path is not None:
            out["service_model_path"] = str(self.service_model_path)
        return out

    def __repr__(self) -> str:
        set_ = ", ".join("%s=%r" % (f, getattr(self, f)) for f in _FIELDS if getattr(self, f) is not None and f != "service_model")
        return "Config(%s)" % set_


def _ms(seconds: float, name: str) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise ValueError("%s: expected a number of seconds >= 0, got %r" % (name, seconds))
    return int(round(seconds * 1000))
