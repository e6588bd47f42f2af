"""Clients: one class per service, made from the library's description of it.

A client's methods are botocore's snake_case operation names; they take
boto3's keyword arguments and return boto3's response dicts, with ``bytes``
for blobs and timezone-aware ``datetime`` for timestamps. Every call goes
through gosoto_client_call, which does not hold the GIL while it waits.
"""

from __future__ import annotations

from ctypes import byref, c_char_p, c_void_p
from _weakref import ref as _weakref  # weakref.ref, without importing weakref

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Callable, Dict, List, Optional, Tuple, Type

    from .config import Config

from . import _lib
from ._model import OperationModel, ServiceDescription, describe_client, describe_service
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


# JSON out to the library: compact and ASCII-only (non-ASCII characters
# escaped), as json.JSONEncoder(separators=(",", ":")).encode makes it.
_encode = _lib.encode
# The same, straight from json's C accelerator (None without it); a call's
# hot path uses it, and _lib.encode for anything it refuses.
_c_encode = _lib._encode_ascii
_c_scan = _lib._scan

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
        doc = _lib.loads(text) if text else {}
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
        self._client = _weakref(client)
        self.config = config
        self._info: Optional[Dict[str, Any]] = None

    def _get_info(self) -> Dict[str, Any]:
        if self._info is None:
            c = self._client()
            status, text = _lib.call_json("gosoto_client_info", c._handle) if c is not None and _lib.has("gosoto_client_info") else (1, None)
            self._info = _lib.loads(text) if status == _lib.OK and text else {}
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
    # Per operation (model name), what a call needs: see _plan.
    _plans: Dict[str, Tuple[bytes, Optional[Callable[[Any], Any]], Optional[Callable[[Any], Any]], str]]

    def __init__(self, handle: int, config: Optional[Config], credentials: Any = None) -> None:
        self._handle = handle
        # Shared credentials (a Python provider's callback above all) must
        # outlive the client's handle: the finalizer holds them.
        self._finalizer = _lib.finalize(self, _lib.free_handle, "gosoto_client_free", handle, credentials)
        self._credentials = credentials
        self._pageable: Dict[str, bool] = {}
        self.meta = ClientMeta(self, config)
        L = _lib.lib()
        self._call = L.fast_call()  # no argtypes: these are passed as they are
        self._handle_arg = c_void_p(handle)
        self._free = L.gosoto_string_free

    @property
    def exceptions(self) -> ClientExceptions:
        return self._exceptions

    @property
    def _exceptions(self) -> ClientExceptions:
        # Made on first use (an error, or client.exceptions): a class per
        # modeled error is work the first client need not do. One per
        # description, so that every client of a service raises the same
        # classes.
        d = self._description
        e = d.__dict__.get("_client_exceptions")
        if e is None:
            with d._lock:
                e = d.__dict__.get("_client_exceptions")
                if e is None:
                    e = ClientExceptions(d)
                    d._client_exceptions = e  # type: ignore[attr-defined]
        return e

    def _plan(self, operation_name: str) -> Tuple[bytes, Optional[Callable[[Any], Any]], Optional[Callable[[Any], Any]], str]:
        """(wire name, input converter, output converter, model name) of an
        operation, worked out on its first call and kept in the class."""
        d = self._description
        op: OperationModel = d.operations[operation_name]
        plan = (op.wire_name, d.input_converter(op.input_shape), d.output_converter(op.output_shape), op.name)
        self._plans[operation_name] = plan
        return plan

    def _make_api_call(self, operation_name: str, api_params: Dict[str, Any]) -> Dict[str, Any]:
        # The hot path: encode, one library call (the GIL released while it
        # waits), decode. Everything else is in the plan.
        plan = self._plans.get(operation_name)
        if plan is None:
            plan = self._plan(operation_name)
        wire_name, conv, oconv, name = plan
        params = conv(api_params) if conv is not None else api_params
        try:
            payload = "".join(_c_encode(params, 0)).encode("ascii")  # type: ignore[misc]
        except Exception:  # no _json, or anything it refused: json's own error
            try:
                payload = _encode(params).encode("ascii")
            except (TypeError, ValueError) as e:
                raise ParamValidationError(report="%s: %s" % (name, e)) from None
        if _lib._forked_after_load:
            _lib._fork_error()
        out = c_char_p()
        status = self._call(self._handle_arg, wire_name, payload, byref(out))
        text = out.value  # a copy (None for NULL)
        if text is not None:
            self._free(out)
        if status:
            raise_for(status, text.decode("utf-8", "replace") if text else "", name, self._exceptions,
                      lambda: self.meta.endpoint_url)
        if not text:
            result: Any = {}
        else:
            try:
                s = text.decode("utf-8", "surrogatepass")
                result, end = _c_scan(s, 0)  # type: ignore[misc]
                if end != len(s):
                    raise ValueError
            except Exception:  # json decides (and raises its own error)
                result = _lib.loads(text)
        return oconv(result) if oconv is not None else result

    def _operation(self, name: str) -> OperationModel:
        """An operation by snake_case (boto3's) or model name."""
        d = self._description
        op = d.operations.get(name)
        if op is None:
            by_snake = getattr(d, "_by_snake", None)
            if by_snake is None:
                by_snake = {o.snake_name: o for o in d.operations.values()}
                d._by_snake = by_snake  # type: ignore[attr-defined]
            op = by_snake.get(name)
        if op is None:
            raise InvalidArgumentError(report="%s has no operation %r" % (d.service_id, name))
        return op

    def can_paginate(self, operation_name: str) -> bool:
        """Whether the operation (snake_case or model name) has a paginator.
        Asks the library once per operation (gosoto_paginator_new; no I/O)."""
        try:
            op = self._operation(operation_name)
        except InvalidArgumentError:
            return False
        v = self._pageable.get(op.name)
        if v is None:
            import ctypes

            L = _lib.lib()
            h = ctypes.c_void_p()
            err = ctypes.c_void_p()
            status = L.gosoto_paginator_new(self._handle, op.wire_name, b"{}", ctypes.byref(h), ctypes.byref(err))
            text = _lib.take_string(err)
            _lib.free_handle("gosoto_paginator_free", h.value)
            if status != _lib.OK and "no paginator" not in (text or ""):
                raise_for(status, text, op.name, self._exceptions, None)  # a closed client...
            v = status == _lib.OK
            self._pageable[op.name] = v
        return v

    def get_paginator(self, operation_name: str) -> Any:
        """A Paginator of an operation (snake_case, as boto3, or model name);
        OperationNotPageableError when it has none."""
        from .paginate import Paginator

        if not self.can_paginate(operation_name):
            from .exceptions import OperationNotPageableError

            raise OperationNotPageableError(operation_name=operation_name)
        return Paginator(self, self._operation(operation_name))

    def get_waiter(self, waiter_name: str) -> Any:
        """A Waiter (snake_case, as boto3, or model name). The library checks
        the name when wait() is called (an unknown waiter raises
        InvalidArgumentError listing the service's waiters)."""
        from .waiter import Waiter

        return Waiter(self, waiter_name)

    def generate_presigned_url(self, ClientMethod: str, Params: Optional[Dict[str, Any]] = None,
                               ExpiresIn: int = 3600, HttpMethod: Optional[str] = None) -> str:
        """A presigned URL for a call (gosoto_client_presign): S3 GetObject /
        PutObject URLs for curl or a browser, typically. ExpiresIn: 1 to
        604800 seconds. HttpMethod may only repeat the operation's own method:
        the method is part of the signature, which the library computes."""
        op = self._operation(ClientMethod)
        params = dict(Params or {})
        conv = self._description.input_converter(op.input_shape)
        if conv is not None:
            params = conv(params)
        if isinstance(ExpiresIn, bool) or not isinstance(ExpiresIn, int):
            raise ParamValidationError(report="ExpiresIn must be an integer number of seconds, got %r" % (ExpiresIn,))
        try:
            payload = _encode(params).encode("ascii")
        except (TypeError, ValueError) as e:
            raise ParamValidationError(report="%s: %s" % (op.name, e)) from None
        status, text = _lib.call_json("gosoto_client_presign", self._handle, op.wire_name, payload, int(ExpiresIn))
        if status != _lib.OK:
            raise_for(status, text, op.name, self._exceptions, lambda: self.meta.endpoint_url)
        doc = _lib.loads(text)
        if HttpMethod is not None and HttpMethod.upper() != str(doc.get("method", "")).upper():
            raise ParamValidationError(report="HttpMethod %s: the presigned %s request is a %s, and the method is signed "
                                       "(gosoto cannot presign another one)" % (HttpMethod, op.name, doc.get("method")))
        return doc["url"]

    def generate_presigned_request(self, ClientMethod: str, Params: Optional[Dict[str, Any]] = None,
                                   ExpiresIn: int = 3600) -> Dict[str, Any]:
        """gosoto only: the whole presigned request, {"url", "method",
        "headers": [[name, value], ...], "expires"}; the headers (beyond
        Host) must be sent with it."""
        op = self._operation(ClientMethod)
        params = dict(Params or {})
        conv = self._description.input_converter(op.input_shape)
        if conv is not None:
            params = conv(params)
        status, text = _lib.call_json("gosoto_client_presign", self._handle, op.wire_name, _encode(params).encode("ascii"), int(ExpiresIn))
        if status != _lib.OK:
            raise_for(status, text, op.name, self._exceptions, lambda: self.meta.endpoint_url)
        return _lib.loads(text)

    def close(self) -> None:
        """Release the client's handle and its connections."""
        self._finalizer()

    def __enter__(self) -> "BaseClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<gosoto.%s client>" % type(self).__name__


def _new_with_credentials(cfg: Dict[str, Any], creds: Any) -> Any:
    import ctypes

    L = _lib.lib()
    if not hasattr(L, "gosoto_client_new_with_credentials"):
        raise NotImplementedError("this libgosoto has no gosoto_client_new_with_credentials: shared credentials are not supported")
    h = ctypes.c_void_p()
    err = ctypes.c_void_p()
    status = L.gosoto_client_new_with_credentials(_lib.dumps(cfg), creds.handle, ctypes.byref(h), ctypes.byref(err))
    return status, h.value, _lib.take_string(err)


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
        ns: Dict[str, Any] = {"_description": d, "_plans": {}, "__module__": "gosoto._client"}
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
    shared_credentials: Any = None,
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
    if shared_credentials is not None:
        cfg.pop("credentials", None)
        status, handle, err = _new_with_credentials(cfg, shared_credentials)
    else:
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
        return client_class(d)(handle, config, shared_credentials)
    except BaseException:
        _lib.free_handle("gosoto_client_free", handle)
        raise


__all__ = ["BaseClient", "ClientExceptions", "ClientMeta", "client_class", "create_client", "GosotoError"]
