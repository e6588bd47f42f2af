"""Finding, loading and calling libgosoto.so (ctypes, standard library only).

Nothing here runs at import: the library is loaded by the first call to
:func:`lib`, because the Go runtime that lives inside libgosoto.so does not
survive ``fork()``. A process may import gosoto and then fork (multiprocessing's
default start method on Linux) freely; whichever process uses gosoto first
loads the library for itself. A child forked *after* its parent loaded the
library cannot use it: such a call raises :class:`RuntimeError` instead of
hanging.

Lookup order: the ``GOSOTO_LIBRARY`` environment variable (a path), then a
copy inside this package (``gosoto/libgosoto.so*``), then the system's
library path (``libgosoto.so.0``, then ``ctypes.util.find_library``).
"""

from __future__ import annotations

import os
import sys
from _thread import allocate_lock  # threading.Lock, without importing threading

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Optional, Tuple

_lock = allocate_lock()
_lib: Any = None
_loaded_pid: Optional[int] = None
_forked_after_load = False

# Status codes (include/gosoto.h).
OK = 0
E_INVALID_ARGUMENT = 1
E_VALIDATION = 2
E_CREDENTIALS = 3
E_SERVICE = 4
E_NETWORK = 5
E_INTERNAL = 6
DONE = 100  # gosoto_paginator_next: no more pages


def _after_fork_in_child() -> None:
    global _forked_after_load
    if _lib is not None:
        _forked_after_load = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _names() -> Tuple[str, ...]:
    if sys.platform == "darwin":
        return ("libgosoto.dylib", "libgosoto.0.dylib")
    if sys.platform == "win32":
        return ("gosoto.dll", "libgosoto.dll")
    return ("libgosoto.so", "libgosoto.so.0")


def _candidates() -> list:
    """The paths tried, in order (for loading and for error messages)."""
    out = []
    env = os.environ.get("GOSOTO_LIBRARY")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    for n in _names():
        p = os.path.join(here, n)
        if os.path.exists(p):
            out.append(p)
    if not out:
        try:
            extra = sorted(f for f in os.listdir(here) if f.startswith("libgosoto."))
        except OSError:
            extra = []
        out.extend(os.path.join(here, f) for f in extra)
    out.extend(_names()[::-1])  # "libgosoto.so.0" first: the runtime soname
    return out


def library_path() -> Optional[str]:
    """The path of the loaded library (None until it is loaded)."""
    return getattr(_lib, "_name", None) if _lib is not None else None


def lib() -> Any:
    """The loaded library, loading it on first use."""
    if _lib is not None:
        if _forked_after_load:
            _fork_error()
        return _lib
    with _lock:
        if _lib is None:
            _load()
    return _lib


def preload() -> None:
    """Load the library if it is not loaded, and return at once: the Go
    runtime inside it starts on a thread of its own, so the Python work
    that follows (imports, the client's config) overlaps it. Errors are
    left to the call that needs the library (which tries again)."""
    if _lib is None:
        try:
            lib()
        except Exception:
            pass


def _fork_error() -> None:
    raise RuntimeError(
        "gosoto: this process was forked after its parent loaded libgosoto, and the Go "
        "runtime inside it does not survive fork(). Use gosoto in the parent only after "
        "forking, or start children with multiprocessing's 'spawn' or 'forkserver' method."
    )


def _load() -> None:
    global _lib, _loaded_pid
    errors = []
    handle = None
    dlopen = _dlopen()
    for path in _candidates():
        try:
            if dlopen is not None:
                h = dlopen(path)
                # ctypes' Python half is imported while the Go runtime the
                # library just started initialises on a thread of its own.
                import ctypes

                handle = ctypes.CDLL(path, handle=h)
            else:
                import ctypes

                handle = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    if handle is None and not os.environ.get("GOSOTO_LIBRARY"):
        import ctypes
        import ctypes.util  # only now: it imports subprocess and more

        found = ctypes.util.find_library("gosoto")
        if found:
            try:
                handle = ctypes.CDLL(found)
            except OSError as e:
                errors.append("%s: %s" % (found, e))
    if handle is None:
        raise OSError(
            "gosoto: cannot load libgosoto (set GOSOTO_LIBRARY to its path, or install it); tried:\n  "
            + "\n  ".join(errors)
        )
    _loaded_pid = os.getpid()
    _lib = Library(handle)


def _dlopen() -> Any:
    """What ctypes.CDLL(path) calls to open a library, from ctypes' C module
    alone (importing all of ctypes takes milliseconds), or None where CDLL
    does more than that (Windows, AIX) or it is missing."""
    if os.name != "posix" or sys.platform.startswith("aix"):
        return None
    try:
        from _ctypes import RTLD_LOCAL, dlopen
    except ImportError:  # pragma: no cover
        return None
    mode = RTLD_LOCAL  # ctypes.DEFAULT_MODE

    def open_(path: str) -> Any:
        return dlopen(path, mode)

    return open_


# The prototypes of the library's functions (include/gosoto.h), set on a
# function when it is first used rather than all at load. Codes: i int,
# s char * (bytes), v void * (a handle or a library-owned string), p void **
# (an out-parameter), l long, c gosoto_credentials_fn, "" (restype) void.
_PROTOTYPES = {
    "gosoto_version": ("s", ""),
    "gosoto_string_free": ("", "v"),
    "gosoto_client_new": ("i", "spp"),
    "gosoto_client_free": ("", "v"),
    "gosoto_client_call": ("i", "vssp"),
    "gosoto_client_build_request": ("i", "vssp"),
    "gosoto_client_parse_response": ("i", "vssp"),
    "gosoto_client_describe": ("i", "vp"),
    "gosoto_client_info": ("i", "vp"),
    "gosoto_service_describe": ("i", "sp"),
    "gosoto_services": ("i", "p"),
    "gosoto_sign": ("i", "sp"),
    "gosoto_credentials_new": ("i", "spp"),
    "gosoto_credentials_get": ("i", "vp"),
    "gosoto_credentials_free": ("", "v"),
    "gosoto_client_new_with_credentials": ("i", "svpp"),
    "gosoto_credentials_new_callback": ("i", "cvpp"),
    "gosoto_paginator_new": ("i", "vsspp"),
    "gosoto_paginator_next": ("i", "vp"),
    "gosoto_paginator_free": ("", "v"),
    "gosoto_client_wait": ("i", "vssp"),
    "gosoto_client_presign": ("i", "vsslp"),
}


def _ctype(code: str) -> Any:
    import ctypes

    if code == "i":
        return ctypes.c_int
    if code == "s":
        return ctypes.c_char_p
    if code == "v":
        return ctypes.c_void_p
    if code == "p":
        return ctypes.POINTER(ctypes.c_void_p)
    if code == "l":
        return ctypes.c_long
    if code == "c":
        return credentials_fn_type()
    return None


def _function(cdll: Any, name: str, restype: str, argtypes: str) -> Any:
    """A new function object of cdll with the given prototype (AttributeError
    when the library does not export name)."""
    f = cdll[name]  # a new object each time, never one another thread uses
    f.restype = _ctype(restype)
    f.argtypes = [_ctype(c) for c in argtypes]
    return f


class Library:
    """The loaded library: its functions as attributes, each given its
    prototype (argtypes and restype) the first time it is asked for. A
    function the library does not export is an AttributeError, so that
    hasattr() tells an older library's missing features."""

    def __init__(self, cdll: Any) -> None:
        self._cdll = cdll
        self._name: str = cdll._name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        proto = _PROTOTYPES.get(name)
        if proto is None:
            f = getattr(self._cdll, name)
        else:
            f = _function(self._cdll, name, *proto)
        setattr(self, name, f)  # published only once its prototype is set
        return f

    def fast_call(self) -> Any:
        """gosoto_client_call for a client's calls, without argtypes: its
        caller passes exactly (c_void_p handle, bytes operation, bytes input,
        byref(c_char_p())), which ctypes then passes as they are, and reads
        the answer with .value (one copy, in C; no ctypes.string_at)."""
        f = self.__dict__.get("_fast_call")
        if f is None:
            import ctypes

            f = self._cdll["gosoto_client_call"]
            f.restype = ctypes.c_int
            self._fast_call = f
        return f

    def __repr__(self) -> str:
        return "<gosoto library %s>" % self._name


_credentials_fn_type: Any = None


def credentials_fn_type() -> Any:
    """ctypes' type for gosoto_credentials_fn:
    int (*)(void *user_data, char *buf, size_t buf_len). buf is taken as a
    void * so that the callback writes into it with memmove."""
    global _credentials_fn_type
    if _credentials_fn_type is None:
        import ctypes

        _credentials_fn_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
    return _credentials_fn_type


def has(name: str) -> bool:
    """Whether the loaded library exports a function."""
    return hasattr(lib(), name)


def take_string(ptr: Any) -> Optional[str]:
    """Copy a library-owned string and release it."""
    import ctypes

    if not ptr.value:
        return None
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        _lib.gosoto_string_free(ptr)


def call_json(fn_name: str, *args: Any) -> Tuple[int, Optional[str]]:
    """Call a function whose last argument is a ``char **out_json``."""
    import ctypes

    L = lib()
    out = ctypes.c_void_p()
    status = getattr(L, fn_name)(*args, ctypes.byref(out))
    return status, take_string(out)


def new_handle(fn_name: str, arg: bytes) -> Tuple[int, Any, Optional[str]]:
    """Call a ``_new(const char *, T **out, char **err_json)`` function."""
    import ctypes

    L = lib()
    h = ctypes.c_void_p()
    err = ctypes.c_void_p()
    status = getattr(L, fn_name)(arg, ctypes.byref(h), ctypes.byref(err))
    return status, h.value, take_string(err)


def free_handle(fn_name: str, handle: Optional[int], keep: Any = None) -> None:
    """Release a handle, unless this process may not touch the library.

    keep: whatever must outlive the handle (a ctypes callback the library may
    call, the credentials a client shares); a finalizer holding it as an
    argument keeps it alive until the handle is released."""
    if not handle or _lib is None or _forked_after_load or os.getpid() != _loaded_pid:
        return
    try:
        getattr(_lib, fn_name)(handle)
    except Exception:  # interpreter shutdown
        pass


def version() -> str:
    """The version of the loaded library (loads it)."""
    return lib().gosoto_version().decode()


# ------------------------------------------------------------------ finalizers


def finalize(obj: Any, func: Any, *args: Any) -> Any:
    """weakref.finalize(obj, func, *args), weakref imported on first use."""
    import weakref

    return weakref.finalize(obj, func, *args)


# ------------------------------------------------------------------ JSON
#
# The library speaks JSON. The json package imports re (and enum, functools,
# collections...): milliseconds at the first client. Its C accelerator
# (_json, what json itself runs on) is used directly here; anything it
# cannot do, or any error, goes to json, so that results and errors are
# json's own.

_c_json: Any
try:
    import _json as _c_json
except ImportError:  # pragma: no cover (an interpreter without _json)
    _c_json = None


def _not_serializable(o: Any) -> Any:
    raise TypeError("Object of type %s is not JSON serializable" % o.__class__.__name__)


class _ScanContext:
    # What _json.make_scanner reads from a json.JSONDecoder: json.loads'
    # defaults. memo is the scanner's own (it makes and clears one).
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
    memo = None


_scan: Any = None
_encode_ascii: Any = None
_encode_utf8: Any = None
if _c_json is not None:
    try:
        # json.JSONEncoder.iterencode's call, with no circular-reference
        # markers (json makes a new dict per call for them): a circular
        # document fails with RecursionError, and the fallback below then
        # raises json's own "Circular reference detected".
        _encode_ascii = _c_json.make_encoder(None, _not_serializable, _c_json.encode_basestring_ascii, None, ":", ",", False, False, True)
        _encode_utf8 = _c_json.make_encoder(None, _not_serializable, _c_json.encode_basestring, None, ":", ",", False, False, True)
        _scan = _c_json.make_scanner(_ScanContext())
        if "".join(_encode_ascii({"a": [1, "\xe9"]}, 0)) != '{"a":[1,"\\u00e9"]}' or _scan('{"a": [1]}', 0) != ({"a": [1]}, 10):
            raise ValueError("unexpected _json behaviour")
    except Exception:  # pragma: no cover (another _json): json does it all
        _scan = _encode_ascii = _encode_utf8 = None


def loads(text: Any) -> Any:
    """json.loads(text), for the library's JSON (str, or bytes in UTF-8)."""
    if _scan is not None:
        try:
            s = text.decode("utf-8", "surrogatepass") if isinstance(text, (bytes, bytearray)) else text
            obj, end = _scan(s, 0)
            if end == len(s) or not s[end:].strip(" \t\n\r"):
                return obj
        except Exception:
            pass  # json raises its own error (or copes: leading whitespace, a BOM)
    import json

    return json.loads(text)


def encode(doc: Any) -> str:
    """Compact, ASCII-only JSON: json.dumps(doc, separators=(",", ":"))."""
    if _encode_ascii is not None:
        try:
            return "".join(_encode_ascii(doc, 0))
        except Exception:
            pass  # json raises its own error
    import json

    return json.dumps(doc, separators=(",", ":"))


def dumps(doc: Any) -> bytes:
    """Compact JSON in UTF-8 (non-ASCII characters as they are)."""
    if _encode_utf8 is not None:
        try:
            return "".join(_encode_utf8(doc, 0)).encode("utf-8")
        except Exception:
            pass
    import json

    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
