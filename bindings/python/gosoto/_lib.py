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

import json
import os
import sys
import threading
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Optional, Tuple

_lock = threading.Lock()
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


def _fork_error() -> None:
    raise RuntimeError(
        "gosoto: this process was forked after its parent loaded libgosoto, and the Go "
        "runtime inside it does not survive fork(). Use gosoto in the parent only after "
        "forking, or start children with multiprocessing's 'spawn' or 'forkserver' method."
    )


def _load() -> None:
    import ctypes

    global _lib, _loaded_pid
    errors = []
    handle = None
    for path in _candidates():
        try:
            handle = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    if handle is None and not os.environ.get("GOSOTO_LIBRARY"):
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
    _declare(handle, ctypes)
    _loaded_pid = os.getpid()
    _lib = handle


def _declare(h: Any, ctypes: Any) -> None:
    c_int, c_char_p, c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
    pp = ctypes.POINTER(c_void_p)

    def fn(name: str, restype: Any, *argtypes: Any) -> None:
        f = getattr(h, name, None)
        if f is None:
            return  # an older library: the feature that needs it says so
        f.restype = restype
        f.argtypes = list(argtypes)

    fn("gosoto_version", c_char_p)
    fn("gosoto_string_free", None, c_void_p)
    fn("gosoto_client_new", c_int, c_char_p, pp, pp)
    fn("gosoto_client_free", None, c_void_p)
    fn("gosoto_client_call", c_int, c_void_p, c_char_p, c_char_p, pp)
    fn("gosoto_client_build_request", c_int, c_void_p, c_char_p, c_char_p, pp)
    fn("gosoto_client_parse_response", c_int, c_void_p, c_char_p, c_char_p, pp)
    fn("gosoto_client_describe", c_int, c_void_p, pp)
    fn("gosoto_client_info", c_int, c_void_p, pp)
    fn("gosoto_service_describe", c_int, c_char_p, pp)
    fn("gosoto_services", c_int, pp)
    fn("gosoto_sign", c_int, c_char_p, pp)
    fn("gosoto_credentials_new", c_int, c_char_p, pp, pp)
    fn("gosoto_credentials_get", c_int, c_void_p, pp)
    fn("gosoto_credentials_free", None, c_void_p)
    fn("gosoto_client_new_with_credentials", c_int, c_char_p, c_void_p, pp, pp)
    fn("gosoto_credentials_new_callback", c_int, credentials_fn_type(), c_void_p, pp, pp)
    fn("gosoto_paginator_new", c_int, c_void_p, c_char_p, c_char_p, pp, pp)
    fn("gosoto_paginator_next", c_int, c_void_p, pp)
    fn("gosoto_paginator_free", None, c_void_p)
    fn("gosoto_client_wait", c_int, c_void_p, c_char_p, c_char_p, pp)
    fn("gosoto_client_presign", c_int, c_void_p, c_char_p, c_char_p, ctypes.c_long, pp)


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
    call, the credentials a client shares); a weakref.finalize holding it as
    an argument keeps it alive until the handle is released."""
    if not handle or _lib is None or _forked_after_load or os.getpid() != _loaded_pid:
        return
    try:
        getattr(_lib, fn_name)(handle)
    except Exception:  # interpreter shutdown
        pass


def version() -> str:
    """The version of the loaded library (loads it)."""
    return lib().gosoto_version().decode()


def dumps(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
