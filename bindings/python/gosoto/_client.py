"""Clients: one class per service, made from the library's description of it.

A client's methods are botocore's snake_case operation names; they take
boto3's keyword arguments and return boto3's response dicts, with ``bytes``
for blobs and timezone-aware ``datetime`` for timestamps. Every call goes
through gosoto_client_call, which does not hold the GIL while it waits.
"""

from __future__ import annotations

import ctypes
import json
import weakref
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, List, Optional, Type

from . import _lib
from ._model import OperationModel, ServiceDescription, describe_client, describe_service
from .config import Config
from .exceptions import (
    ClientError,
    EndpointConnectionError,
    GosotoError,
    InternalError,
    InvalidArgumentError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
    UnknownServiceError,
)


# JSON out to the library: compact and ASCII-only (non-ASCII characters escaped),
# with one encoder made once rather than one per call.
_encode = json.JSONEncoder(separators=(",", ":")).encode

# ------------------------------------------------------------------ exceptions


class ClientExceptions:
    """``client.exceptions``: a ClientError subclass per modeled error shape."""

    def __init__(self, description: ServiceDescription) -> None:
        self._by_code: Dict[str, Type[ClientError]] = {}
        self._by_name: Dict[str, Type[ClientError]] = {}
        base = ClientError
        for name in description.error_shape_names():
            cls = type(name, (base,), {"__module__": "gosoto.errorfactory"})
            self._by_name[name] = cls
            setattr(self, name, cls)
            err = description.shapes[name].get("error") or {}
            self._by_code.setdefault(err.get("code") or name, cls)
        for name, cls in self._by_name.items():
            self._by_code.setdefault(name, cls)

    def from_code(self, error_code: str) -> Type[ClientError]:
        """The exception class for an error code (ClientError when none is modeled)."""
        return self._by_code.get(error_code, ClientError)

    def for_error(self, doc: Dict[str, Any]) -> Type[ClientError]:
        """The class for a library error document: its modeled shape, its code,
        or the error type the service put in x-amzn-errortype."""
        shape = doc.get("ErrorShape")
        if shape and shape in self._by_name:
            return self._by_name[shape]
        err = doc.get("Error") or {}
        cls = self._by_code.get(err.get("Code", ""))
        if cls is not None:
            return cls
        hdrs = (doc.get("ResponseMetadata") or {}).get("HTTPHeaders") or {}
        et = hdrs.get("x-amzn-errortype")
        if et:
            et = et.split(":", 1)[0].rsplit("#", 1)[-1].strip()
            cls = self._by_code.get(et) or self._by_name.get(et)
            if cls is not None:
                return cls
        return ClientError

    def __dir__(self) -> List[str]:
        return sorted(self._by_name) + ["from_code"]

    def __repr__(self) -> str:
        return "<ClientExceptions: %d modeled errors>" % len(self._by_name)


def raise_for(status: int, text: Optional[str], operation_name: str, exceptions: Optional[ClientExceptions], endpoint_url: Any) -> None:
    """Raise the exception for a failed library call."""
    try:
        doc = json.loads(text) if text else {}
    except ValueError:
        doc = {}
    if not isinstance(doc, dict):
        doc = {}
    err = doc.get("Error") or {}
    msg = err.get("Message") or text or "status %d" % status
    if status == _lib.E_SERVICE:
        response = {k: v for k, v in doc.items() if k not in ("Kind", "Retryable", "ErrorShape")}
        cls = exceptions.for_error(doc) if exceptions is not None else ClientError
        e = cls(response, operation_name)
        e.retryable = bool(doc.get("Retryable"))  # type: ignore[attr-defined]
        raise e
    if status == _lib.E_VALIDATION:
        prefix = "Parameter validation failed:\n"
        raise ParamValidationError(report=msg[len(prefix):] if msg.startswith(prefix) else msg, error_document=doc)
    if status == _lib.E_CREDENTIALS:
        raise NoCredentialsError(report=msg, error_document=doc)
    if status == _lib.E_NETWORK:
        url = endpoint_url() if callable(endpoint_url) else endpoint_url
        cls2 = ReadTimeoutError if err.get("Code") == "ReadTimeoutError" else EndpointConnectionError
        raise cls2(endpoint_url=url, error=msg, error_document=doc)
    if status == _lib.E_INVALID_ARGUMENT:
        raise InvalidArgumentError(report=msg, error_document=doc)
    raise InternalError(report=msg, error_document=doc)


# ------------------------------------------------------------------ client


class ClientMeta:
    """``client.meta``: what the client was made with."""

    def __init__(self, client: "BaseClient", config: Optional[Config]) -> None:
        self._client = weakref.ref(client)
        self.config = config
        self._info: Optional[Dict[str, Any]] = None

    def _get_info(self) -> Dict[str, Any]:
        if self._info is None:
            c = self._client()
            status, text = _lib.call_json("gosoto_client_info", c._handle) if c is not None and _lib.has("gosoto_client_info") else (1, None)
            self._info = json.loads(text) if status == _lib.OK and text else {}
        return self._info

    @property
    def region_name(self) -> Optional[str]:
        return self._get_info().get("region")

    @property
    def endpoint_url(self) -> Optional[str]:
        return self._get_info().get("endpoint_url")

    @property
    def service_model(self) -> ServiceDescription:
        c = self._client()
        assert c is not None
        return c._description

    @property
    def method_to_api_mapping(self) -> Dict[str, str]:
        c = self._client()
        assert c is not None
        return {op.snake_name: op.name for op in c._description.operations.values()}


class BaseClient:
    """The base of every service's client class."""

    _description: ServiceDescription
    _exceptions: ClientExceptions

    def __init__(self, handle: int, config: Optional[Config]) -> None:
        self._handle = handle
        self._finalizer = weakref.finalize(self, _lib.free_handle, "gosoto_client_free", handle)
        self.meta = ClientMeta(self, config)

    @property
    def exceptions(self) -> ClientExceptions:
        return self._exceptions

    def _make_api_call(self, operation_name: str, api_params: Dict[str, Any]) -> Dict[str, Any]:
        d = self._description
        op: OperationModel = d.operations[operation_name]
        conv = d.input_converter(op.input_shape)
        params = conv(api_params) if conv is not None else api_params
        try:
            payload = _encode(params).encode("ascii")
        except (TypeError, ValueError) as e:
            raise ParamValidationError(report="%s: %s" % (op.name, e)) from None
        L = _lib.lib()
        out = ctypes.c_void_p()
        status = L.gosoto_client_call(self._handle, op.wire_name, payload, ctypes.byref(out))
        p = out.value
        if p:
            text = ctypes.string_at(p)
            L.gosoto_string_free(p)
        else:
            text = b""
        if status:
            raise_for(status, text.decode("utf-8", "replace"), op.name, self._exceptions, lambda: self.meta.endpoint_url)
        result = json.loads(text) if text else {}
        oconv = d.output_converter(op.output_shape)
        return oconv(result) if oconv is not None else result

    def can_paginate(self, operation_name: str) -> bool:
        return False

    def close(self) -> None:
        """Release the client's handle and its connections."""
        self._finalizer()

    def __enter__(self) -> "BaseClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<gosoto.%s client>" % type(self).__name__


def _class_name(d: ServiceDescription) -> str:
    # As botocore names its client classes: the service's abbreviation (or
    # full name) without "Amazon"/"AWS" and anything not alphanumeric.
    md = d.metadata
    name = md.get("service_abbreviation") or md.get("service_full_name") or d.service_id or d.name
    name = name.replace("Amazon", "").replace("AWS", "")
    name = "".join(ch for ch in name if ch.isalnum())
    return name or "Client"


def _method(op: OperationModel) -> Any:
    name = op.name

    def api_call(self: BaseClient, *args: Any, **kwargs: Any) -> Dict[str, Any]:
        if args:
            raise TypeError("%s() only accepts keyword arguments." % op.snake_name)
        return self._make_api_call(name, kwargs)

    api_call.__name__ = op.snake_name
    api_call.__qualname__ = op.snake_name
    doc = "Calls the %s operation." % name
    if op.input_shape:
        doc += "\n\nRequest shape: %s." % op.input_shape
    if op.output_shape:
        doc += "\nResponse shape: %s." % op.output_shape
    if op.error_shapes:
        doc += "\nModeled errors: %s." % ", ".join(op.error_shapes)
    api_call.__doc__ = doc
    return api_call


def client_class(d: ServiceDescription) -> Type[BaseClient]:
    """The client class of a service description (made once per description)."""
    cls = getattr(d, "_client_class", None)
    if cls is None:
        ns: Dict[str, Any] = {"_description": d, "_exceptions": ClientExceptions(d), "__module__": "gosoto._client"}
        for op in d.operations.values():
            ns[op.snake_name] = _method(op)
        cls = type(_class_name(d), (BaseClient,), ns)
        d._client_class = cls  # type: ignore[attr-defined]
    return cls


def create_client(
    service_name: Optional[str],
    *,
    region_name: Optional[str] = None,
    endpoint_url: Optional[str] = None,
    profile_name: Optional[str] = None,
    credentials: Optional[Dict[str, Any]] = None,
    config: Optional[Config] = None,
    extra: Optional[Dict[str, Any]] = None,
) -> BaseClient:
    cfg: Dict[str, Any] = {}
    if service_name:
        cfg["service"] = service_name
    if config is not None:
        cfg.update(config.to_client_config())
        if region_name is None:
            region_name = config.region_name
    if region_name:
        cfg["region"] = region_name
    if endpoint_url:
        cfg["endpoint_url"] = endpoint_url
    if profile_name:
        cfg["profile"] = profile_name
    if credentials:
        cfg["credentials"] = credentials
    if extra:
        cfg.update(extra)
    custom_model = "service_model" in cfg or "service_model_path" in cfg
    if not custom_model and service_name:
        d = describe_service(service_name)  # also: a clear error for an unknown service
    status, handle, err = _lib.new_handle("gosoto_client_new", _lib.dumps(cfg))
    if status != _lib.OK:
        try:
            raise_for(status, err, "", None, endpoint_url)
        except InvalidArgumentError as e:
            if "unknown service" in str(e):
                raise UnknownServiceError(report=str(e), error_document=e.error_document) from None
            raise
    try:
        if custom_model:
            d = describe_client(handle)
        return client_class(d)(handle, config)
    except BaseException:
        _lib.free_handle("gosoto_client_free", handle)
        raise


__all__ = ["BaseClient", "ClientExceptions", "ClientMeta", "client_class", "create_client", "GosotoError"]
