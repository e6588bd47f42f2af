"""Waiters over the library's gosoto_client_wait.

    ec2.get_waiter("instance_running").wait(InstanceIds=[iid],
                                            WaiterConfig={"Delay": 5, "MaxAttempts": 60})

The library knows each service's waiters (botocore's waiters-2.json): the
operation, its acceptors, delay and attempts; WaiterConfig's Delay and
MaxAttempts override the last two. The call blocks (without the GIL) until
the condition holds. A failure acceptor, or MaxAttempts calls without
success, raise :class:`gosoto.exceptions.WaiterError`; a service error that
no acceptor matches raises the ClientError the operation would, and a
network or credentials failure the usual exception.

wait() returns the last response as the library gives it (a dict; boto3
returns None, so code written for boto3 ignores it). The parameters are
the waiter operation's, as the client method takes them; bytes and
datetime values are sent as base64 and ISO 8601.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict

    from ._client import BaseClient

from . import _lib
from .exceptions import ParamValidationError, WaiterError

_encode = _lib.encode  # json.JSONEncoder(separators=(",", ":")).encode
_WAITER_CODES = ("WaiterFailure", "WaiterMaxAttemptsExceeded")


def _to_wire(v: Any) -> Any:
    import datetime as _dt

    from ._model import blob_to_wire, timestamp_to_wire

    if isinstance(v, dict):
        return {k: _to_wire(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_to_wire(x) for x in v]
    if isinstance(v, (bytes, bytearray, memoryview)):
        return blob_to_wire(v)
    if isinstance(v, (_dt.datetime, _dt.date)):
        return timestamp_to_wire(v)
    return v


def _model_name(name: str) -> str:
    if "_" in name or name[:1].islower():
        return "".join(p[:1].upper() + p[1:] for p in name.split("_") if p)
    return name


class Waiter:
    """client.get_waiter(name)."""

    def __init__(self, client: "BaseClient", name: str) -> None:
        self._client = client
        self.name = _model_name(name)
        self._wire_name = name.encode("utf-8")

    def wait(self, **kwargs: Any) -> Dict[str, Any]:
        from ._client import raise_for

        wc = kwargs.pop("WaiterConfig", None)
        params = _to_wire(kwargs)
        if wc is not None:
            if not isinstance(wc, dict):
                raise ParamValidationError(report="WaiterConfig must be a dict, got %s" % type(wc).__name__)
            unknown = sorted(k for k in wc if k not in ("Delay", "MaxAttempts"))
            if unknown:
                raise ParamValidationError(report="Unknown WaiterConfig key(s): %s; valid keys: Delay, MaxAttempts"
                                           % ", ".join(unknown))
            cfg = {k: wc[k] for k in ("Delay", "MaxAttempts") if wc.get(k) is not None}
            if cfg:
                params["WaiterConfig"] = cfg
        try:
            payload = _encode(params).encode("ascii")
        except (TypeError, ValueError) as e:
            raise ParamValidationError(report="%s: %s" % (self.name, e)) from None
        client = self._client
        status, text = _lib.call_json("gosoto_client_wait", client._handle, self._wire_name, payload)
        if status == _lib.E_SERVICE:
            try:
                doc = _lib.loads(text or "{}")
            except ValueError:
                doc = {}
            err = (doc.get("Error") or {}) if isinstance(doc, dict) else {}
            if err.get("Code") in _WAITER_CODES:
                last = {k: v for k, v in doc.items() if k not in ("Kind", "Retryable", "ErrorShape")}
                # The library says "Waiter <Name> failed: <why>"; botocore's
                # reason is the <why> ("Max attempts exceeded" for that case).
                reason = err.get("Message") or err["Code"]
                prefix = "Waiter %s failed: " % self.name
                if reason.startswith(prefix):
                    reason = reason[len(prefix):]
                if err["Code"] == "WaiterMaxAttemptsExceeded":
                    reason = "Max attempts exceeded (%s)" % reason
                raise WaiterError(name=self.name, reason=reason, last_response=last, error_document=doc)
        if status != _lib.OK:
            raise_for(status, text, self.name, client._exceptions, lambda: client.meta.endpoint_url)
        return _lib.loads(text) if text else {}

    def __repr__(self) -> str:
        return "<gosoto.waiter.Waiter %s>" % self.name


__all__ = ["Waiter"]
