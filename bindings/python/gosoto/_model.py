"""Service descriptions from the library, and the value conversions they drive.

The library's JSON carries blobs as base64 strings and timestamps as ISO 8601
strings; boto3's users hand in and get back ``bytes`` and timezone-aware
``datetime``. The conversion walks the operation's shapes, and only the
parts of a shape that can hold a blob or a timestamp at all: for most
operations (and all of SQS's outputs but a few) there is nothing to walk.
"""

from __future__ import annotations

from _thread import allocate_lock  # threading.Lock, without importing threading

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Callable, Dict, List, Optional

from . import _lib

# base64, datetime and re are imported by the conversions that use them: most
# calls have no blob or timestamp at all, and each import costs milliseconds
# at the first client.

_cache: Dict[str, "ServiceDescription"] = {}
_cache_lock = allocate_lock()


class OperationModel:
    """One operation: its model and snake_case names and shape names."""

    __slots__ = ("name", "snake_name", "input_shape", "output_shape", "error_shapes", "http", "deprecated", "wire_name")

    def __init__(self, d: Dict[str, Any]) -> None:
        self.name: str = d["name"]
        self.wire_name: bytes = self.name.encode()
        self.snake_name: str = d["snake_name"]
        self.input_shape: Optional[str] = d.get("input")
        self.output_shape: Optional[str] = d.get("output")
        self.error_shapes: List[str] = d.get("errors") or []
        self.http: Dict[str, Any] = d.get("http") or {}
        self.deprecated: bool = bool(d.get("deprecated"))

    def __repr__(self) -> str:
        return "OperationModel(%r)" % self.name


class ServiceDescription:
    """A service model as gosoto_client_describe / gosoto_service_describe give it."""

    def __init__(self, doc: Dict[str, Any]) -> None:
        self.name: str = doc.get("name") or ""
        self.metadata: Dict[str, Any] = doc.get("metadata") or {}
        self.shapes: Dict[str, Dict[str, Any]] = doc.get("shapes") or {}
        self.operations: Dict[str, OperationModel] = {}
        for o in doc.get("operations") or []:
            op = OperationModel(o)
            self.operations[op.name] = op
        self._needs: Dict[str, bool] = {}
        self._members: Dict[str, Dict[str, str]] = {}
        self._lock = allocate_lock()
        self._in_conv: Dict[str, Optional[Callable[[Any], Any]]] = {}
        self._out_conv: Dict[str, Optional[Callable[[Any], Any]]] = {}

    @property
    def service_id(self) -> str:
        return self.metadata.get("service_id") or self.name

    def error_shape_names(self) -> List[str]:
        return sorted(n for n, s in self.shapes.items() if s.get("exception") or s.get("error"))

    # ---------------------------------------------------------- analysis

    def members(self, shape_name: str) -> Dict[str, str]:
        m = self._members.get(shape_name)
        if m is None:
            m = {x["name"]: x["shape"] for x in self.shapes[shape_name].get("members") or []}
            self._members[shape_name] = m
        return m

    def needs_conversion(self, shape_name: str) -> bool:
        """Whether a value of this shape can hold a blob or a timestamp."""
        v = self._needs.get(shape_name)
        if v is not None:
            return v
        # Depth-first with a "visiting" mark so that recursive shapes end.
        result = self._scan(shape_name, set())
        return result

    def _scan(self, name: str, visiting: set) -> bool:
        if name in self._needs:
            return self._needs[name]
        if name in visiting:
            return False
        visiting.add(name)
        s = self.shapes.get(name) or {}
        t = s.get("type")
        if t in ("blob", "timestamp"):
            r = True
        elif t == "structure":
            r = any(self._scan(m["shape"], visiting) for m in s.get("members") or [])
        elif t == "list":
            r = self._scan(s["member"], visiting)
        elif t == "map":
            r = self._scan(s["value"], visiting) or self._scan(s["key"], visiting)
        else:
            r = False
        visiting.discard(name)
        # A shape in a cycle answered False only provisionally; cache the
        # answer only when no cycle was open or the answer is True.
        if r or not visiting:
            self._needs[name] = r
        return r

    # ---------------------------------------------------------- converters

    def input_converter(self, shape_name: Optional[str]) -> Optional[Callable[[Any], Any]]:
        """A function from boto3-style params to the library's JSON values, or None."""
        if not shape_name:
            return None
        if shape_name not in self._in_conv:
            self._in_conv[shape_name] = (lambda v, _s=shape_name: self._to_wire(_s, v)) if self.needs_conversion(shape_name) else None
        return self._in_conv[shape_name]

    def output_converter(self, shape_name: Optional[str]) -> Optional[Callable[[Any], Any]]:
        if not shape_name:
            return None
        if shape_name not in self._out_conv:
            self._out_conv[shape_name] = (lambda v, _s=shape_name: self._from_wire(_s, v)) if self.needs_conversion(shape_name) else None
        return self._out_conv[shape_name]

    def _to_wire(self, name: str, v: Any) -> Any:
        s = self.shapes[name]
        t = s["type"]
        if t == "structure":
            if not isinstance(v, dict):
                return v  # the library reports the type error with the member's path
            members = self.members(name)
            out = None
            for k, x in v.items():
                target = members.get(k)
                if target is None or x is None or not self.needs_conversion(target):
                    continue
                y = self._to_wire(target, x)
                if y is not x:
                    if out is None:
                        out = dict(v)
                    out[k] = y
            return v if out is None else out
        if t == "list":
            if not isinstance(v, (list, tuple)):
                return v
            m = s["member"]
            return [self._to_wire(m, x) for x in v]
        if t == "map":
            if not isinstance(v, dict):
                return v
            kt, vt = s["key"], s["value"]
            ck, cv = self.needs_conversion(kt), self.needs_conversion(vt)
            return {(self._to_wire(kt, k) if ck else k): (self._to_wire(vt, x) if cv else x) for k, x in v.items()}
        if t == "blob":
            return blob_to_wire(v)
        if t == "timestamp":
            return timestamp_to_wire(v)
        return v

    def _from_wire(self, name: str, v: Any) -> Any:
        s = self.shapes[name]
        t = s["type"]
        if t == "structure":
            if not isinstance(v, dict):
                return v
            members = self.members(name)
            streaming = {m["name"] for m in s.get("members") or [] if m.get("streaming")}
            for k, x in v.items():
                target = members.get(k)
                if target is None or x is None or not self.needs_conversion(target):
                    continue
                y = self._from_wire(target, x)
                if k in streaming or self.shapes[target].get("streaming"):
                    y = StreamingBody(y if isinstance(y, bytes) else str(y).encode())
                v[k] = y
            return v
        if t == "list":
            if isinstance(v, list):
                m = s["member"]
                for i, x in enumerate(v):
                    v[i] = self._from_wire(m, x)
            return v
        if t == "map":
            if isinstance(v, dict):
                vt = s["value"]
                if self.needs_conversion(vt):
                    for k, x in v.items():
                        v[k] = self._from_wire(vt, x)
            return v
        if t == "blob":
            return blob_from_wire(v)
        if t == "timestamp":
            return timestamp_from_wire(v)
        return v


# ------------------------------------------------------------------ values


def blob_to_wire(v: Any) -> Any:
    from base64 import b64encode

    if isinstance(v, (bytes, bytearray, memoryview)):
        return b64encode(bytes(v)).decode("ascii")
    if isinstance(v, str):
        return b64encode(v.encode("utf-8")).decode("ascii")
    read = getattr(v, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        return b64encode(data).decode("ascii")
    return v  # the library names the member and the wrong type


def blob_from_wire(v: Any) -> Any:
    if isinstance(v, str):
        from base64 import b64decode

        try:
            return b64decode(v)
        except (ValueError, TypeError):
            return v
    return v


def _epoch() -> Any:
    import datetime

    return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def timestamp_to_wire(v: Any) -> Any:
    import datetime as _dt

    utc = _dt.timezone.utc
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=utc)  # naive means UTC, as in botocore
        return v.astimezone(utc).isoformat().replace("+00:00", "Z")
    if isinstance(v, _dt.date):
        return _dt.datetime(v.year, v.month, v.day, tzinfo=utc).isoformat().replace("+00:00", "Z")
    return v  # epoch seconds and ISO strings pass as they are


_ISO_PATTERN = r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?\s*(Z|z|[+-]\d\d:?\d\d)?$"
_iso_match: Any = None


def timestamp_from_wire(v: Any) -> Any:
    if isinstance(v, str):
        return parse_timestamp(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        import datetime as _dt

        return _epoch() + _dt.timedelta(seconds=v)
    return v


def parse_timestamp(s: str) -> Any:
    """ISO 8601 (any fraction, Z or offset) or epoch seconds -> aware datetime."""
    global _iso_match
    import datetime as _dt

    if _iso_match is None:
        import re

        _iso_match = re.compile(_ISO_PATTERN).match
    m = _iso_match(s.strip())
    if not m:
        try:
            return _epoch() + _dt.timedelta(seconds=float(s))
        except ValueError:
            return s
    y, mo, d, h, mi, sec, frac, tz = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    utc = _dt.timezone.utc
    if tz in (None, "Z", "z"):
        tzinfo = utc
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        off = _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        tzinfo = utc if not off else _dt.timezone(sign * off)
    return _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), micro, tzinfo=tzinfo)


class StreamingBody:
    """The body of a streaming blob member, read like botocore's StreamingBody."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read(self, amt: Optional[int] = None) -> bytes:
        if amt is None or amt < 0:
            chunk = self._data[self._pos:]
        else:
            chunk = self._data[self._pos:self._pos + amt]
        self._pos += len(chunk)
        return chunk

    def iter_chunks(self, chunk_size: int = 1024):  # type: ignore[no-untyped-def]
        while True:
            c = self.read(chunk_size)
            if not c:
                return
            yield c

    def __iter__(self):  # type: ignore[no-untyped-def]
        return self.iter_chunks()

    def close(self) -> None:
        pass

    def __enter__(self) -> "StreamingBody":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# ------------------------------------------------------------------ lookup


def describe_service(name: str) -> ServiceDescription:
    """The description of a built-in service, cached for the process."""
    d = _cache.get(name)
    if d is not None:
        return d
    status, text = _lib.call_json("gosoto_service_describe", name.encode("utf-8"))
    if status != _lib.OK:
        from .exceptions import UnknownServiceError

        msg = name
        try:
            msg = _lib.loads(text or "{}")["Error"]["Message"]
        except (ValueError, KeyError, TypeError):
            pass
        raise UnknownServiceError(report=msg)
    d = ServiceDescription(_lib.loads(text or "{}"))
    with _cache_lock:
        _cache.setdefault(name, d)
    return _cache[name]


def describe_client(handle: int) -> ServiceDescription:
    """The description of the model a client was made with (not cached here)."""
    status, text = _lib.call_json("gosoto_client_describe", handle)
    if status != _lib.OK:
        from .exceptions import InternalError

        raise InternalError(report=text)
    return ServiceDescription(_lib.loads(text or "{}"))
