"""Paginators over the library's gosoto_paginator_new/next/free.

    paginator = sqs.get_paginator("list_queues")
    for page in paginator.paginate(QueueNamePrefix="jobs-", PaginationConfig={"PageSize": 10}):
        for url in page.get("QueueUrls", []):
            ...

The library knows each operation's paginator (botocore's paginators-1.json):
its tokens, limit key and end condition. Each page is the operation's full
response dict, converted as the client method's result is (bytes for blobs,
aware datetimes for timestamps). Nothing is sent until the first page is
asked for; iterating a PageIterator again starts from the first page again.

PaginationConfig: ``PageSize`` sets the operation's limit key. ``MaxItems``
and ``StartingToken`` are not supported by the library and raise
:class:`gosoto.exceptions.PaginationError`; to resume, give the operation's
own input token (e.g. ``NextToken=...``) as a parameter instead.
"""

from __future__ import annotations

import ctypes
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, Iterator

    from ._client import BaseClient
    from ._model import OperationModel

from . import _lib
from .exceptions import PaginationError, ParamValidationError

_encode = _lib.encode  # json.JSONEncoder(separators=(",", ":")).encode
_CONFIG_KEYS = ("PageSize", "MaxItems", "StartingToken")


class Paginator:
    """client.get_paginator(name): makes PageIterators of one operation."""

    def __init__(self, client: "BaseClient", operation: "OperationModel") -> None:
        self._client = client
        self._operation = operation

    @property
    def operation_name(self) -> str:
        return self._operation.name

    def paginate(self, **kwargs: Any) -> "PageIterator":
        """An iterable of the pages; kwargs are the operation's parameters
        plus PaginationConfig={"PageSize": n}."""
        op = self._operation
        pc = kwargs.pop("PaginationConfig", None)
        wire_pc: Dict[str, Any] = {}
        if pc is not None:
            if not isinstance(pc, dict):
                raise ParamValidationError(report="PaginationConfig must be a dict, got %s" % type(pc).__name__)
            unknown = sorted(k for k in pc if k not in _CONFIG_KEYS)
            if unknown:
                raise ParamValidationError(report="Unknown PaginationConfig key(s): %s; valid keys: %s"
                                           % (", ".join(unknown), ", ".join(_CONFIG_KEYS)))
            refused = [k for k in ("MaxItems", "StartingToken") if pc.get(k) is not None]
            if refused:
                raise PaginationError(message=(
                    "PaginationConfig %s is not supported by gosoto (the library pages through whole "
                    "responses and has no resume tokens of its own); use PageSize, stop iterating when "
                    "you have enough, or pass the operation's own input token (e.g. NextToken) to resume"
                    % " and ".join(refused)))
            if pc.get("PageSize") is not None:
                size = pc["PageSize"]
                if isinstance(size, bool) or not isinstance(size, int):
                    raise ParamValidationError(report="PaginationConfig PageSize must be an integer, got %r" % (size,))
                wire_pc["PageSize"] = size
        d = self._client._description
        conv = d.input_converter(op.input_shape)
        params = conv(kwargs) if conv is not None else dict(kwargs)
        if wire_pc:
            params["PaginationConfig"] = wire_pc
        try:
            payload = _encode(params).encode("ascii")
        except (TypeError, ValueError) as e:
            raise ParamValidationError(report="%s: %s" % (op.name, e)) from None
        return PageIterator(self._client, op, payload)

    def __repr__(self) -> str:
        return "<gosoto.paginate.Paginator %s>" % self._operation.name


class PageIterator:
    """The pages of one paginate() call. Each iteration walks them from the
    first, through a fresh gosoto_paginator (released when the iteration
    ends, is closed or is garbage collected)."""

    def __init__(self, client: "BaseClient", operation: "OperationModel", payload: bytes) -> None:
        self._client = client
        self._operation = operation
        self._payload = payload

    def __iter__(self) -> "Iterator[Dict[str, Any]]":
        from ._client import raise_for

        client, op = self._client, self._operation
        L = _lib.lib()
        h = ctypes.c_void_p()
        err = ctypes.c_void_p()
        status = L.gosoto_paginator_new(client._handle, op.wire_name, self._payload, ctypes.byref(h), ctypes.byref(err))
        text = _lib.take_string(err)
        if status != _lib.OK:
            raise_for(status, text, op.name, client._exceptions, lambda: client.meta.endpoint_url)
        handle = h.value
        oconv = client._description.output_converter(op.output_shape)
        try:
            while True:
                out = ctypes.c_void_p()
                st = L.gosoto_paginator_next(handle, ctypes.byref(out))
                page = _lib.take_string(out)
                if st == _lib.DONE:
                    return
                if st != _lib.OK:
                    raise_for(st, page, op.name, client._exceptions, lambda: client.meta.endpoint_url)
                doc = _lib.loads(page) if page else {}
                yield oconv(doc) if oconv is not None else doc
        finally:
            _lib.free_handle("gosoto_paginator_free", handle)

    def __repr__(self) -> str:
        return "<gosoto.paginate.PageIterator %s>" % self._operation.name


__all__ = ["Paginator", "PageIterator"]
