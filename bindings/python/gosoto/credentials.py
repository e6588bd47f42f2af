"""Credentials that stay current, backed by a gosoto_credentials provider.

``Credentials.access_key`` / ``.secret_key`` / ``.token`` each ask the library
(gosoto_credentials_get) on access, so they are always current: the library
caches them and refreshes ahead of expiry. Read all three at once, consistently,
with :meth:`Credentials.get_frozen_credentials`.

Python credential providers
---------------------------
:class:`CredentialProvider` is a provider written in Python (for a vault, a
custom SSO, a test double): subclass it and implement
:meth:`CredentialProvider.load`. It is plugged into the library through
gosoto_credentials_new_callback (:meth:`CredentialProvider.to_library`), so
the library caches and refreshes what it returns, and clients made with it
(``Session(credentials_provider=...)``, ``client(..., credentials=...)``)
share it through gosoto_client_new_with_credentials.
"""

from __future__ import annotations

import json
import weakref
from _thread import allocate_lock  # threading.Lock, without importing threading
from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    import datetime as _dt
    from typing import Any, Dict, Optional, Tuple

from . import _lib
from .exceptions import InvalidArgumentError, NoCredentialsError, PartialCredentialsError  # noqa: F401
from .session import static_options  # defined there: a client with keys needs no more than it


class ReadOnlyCredentials(namedtuple("ReadOnlyCredentials", "access_key secret_key token")):
    """A consistent snapshot (access_key, secret_key, token): what botocore's
    get_frozen_credentials returns."""

    __slots__ = ()
    access_key: str
    secret_key: str
    token: Optional[str]


class Credentials:
    """Credentials resolved and refreshed by the library.

    options are gosoto_credentials_new's: ``{}`` for the default chain,
    ``{"profile": "dev"}``, ``{"static": {...}}``, ``{"sources": [...]}``.
    """

    def __init__(self, options: Optional[Dict[str, Any]] = None) -> None:
        self._options = dict(options or {})
        status, handle, err = _lib.new_handle("gosoto_credentials_new", _lib.dumps(self._options))
        if status != _lib.OK:
            raise InvalidArgumentError(report=_message(err), error_document=_doc(err))
        self._handle = handle
        self._finalizer = _lib.finalize(self, _lib.free_handle, "gosoto_credentials_free", handle)

    # The handle for library calls that take one.
    @property
    def handle(self) -> int:
        return self._handle

    def _get(self) -> Dict[str, Any]:
        status, text = _lib.call_json("gosoto_credentials_get", self._handle)
        doc = _doc(text)
        if status == _lib.E_CREDENTIALS:
            raise NoCredentialsError(report=_message(text), error_document=doc)
        if status != _lib.OK:
            raise InvalidArgumentError(report=_message(text), error_document=doc)
        return doc

    def get_frozen_credentials(self) -> ReadOnlyCredentials:
        d = self._get()
        return ReadOnlyCredentials(d["AccessKeyId"], d["SecretAccessKey"], d.get("SessionToken") or None)

    @property
    def access_key(self) -> str:
        return self._get()["AccessKeyId"]

    @property
    def secret_key(self) -> str:
        return self._get()["SecretAccessKey"]

    @property
    def token(self) -> Optional[str]:
        return self._get().get("SessionToken") or None

    @property
    def method(self) -> str:
        """Where the current credentials came from ("env", "profile", "imds"...)."""
        return self._get().get("Source", "")

    @property
    def expiry_time(self) -> Optional[_dt.datetime]:
        from ._model import parse_timestamp

        e = self._get().get("Expiration")
        return parse_timestamp(e) if e else None

    def close(self) -> None:
        self._finalizer()

    def __repr__(self) -> str:  # never shows a secret
        return "<gosoto.credentials.Credentials options=%s>" % json.dumps(
            {k: v for k, v in self._options.items() if k != "static"}
        )


def as_static(credentials: Any) -> Optional[Dict[str, Any]]:
    """Accepts Credentials, ReadOnlyCredentials, a (key, secret[, token]) tuple,
    or a dict with botocore's or the library's key names; returns the
    library's {"access_key_id", "secret_access_key", "session_token"} or None."""
    if credentials is None:
        return None
    if isinstance(credentials, Credentials):
        credentials = credentials.get_frozen_credentials()
    elif hasattr(credentials, "get_frozen_credentials"):
        credentials = credentials.get_frozen_credentials()
    if isinstance(credentials, dict):
        d = credentials
        ak = d.get("access_key_id", d.get("aws_access_key_id", d.get("AccessKeyId", d.get("access_key"))))
        sk = d.get("secret_access_key", d.get("aws_secret_access_key", d.get("SecretAccessKey", d.get("secret_key"))))
        tk = d.get("session_token", d.get("aws_session_token", d.get("SessionToken", d.get("token"))))
        return static_options(ak, sk, tk)
    if isinstance(credentials, tuple):
        ak, sk = credentials[0], credentials[1]
        tk = credentials[2] if len(credentials) > 2 else None
        return static_options(ak, sk, tk)
    ak = getattr(credentials, "access_key", None)
    sk = getattr(credentials, "secret_key", None)
    if ak is not None or sk is not None:
        return static_options(ak, sk, getattr(credentials, "token", None))
    raise TypeError("credentials: expected Credentials, ReadOnlyCredentials, a tuple or a dict, got %r" % type(credentials).__name__)


class CredentialProvider:
    """A credential source written in Python (a vault, a custom SSO, a test
    double), plugged into the library through gosoto_credentials_new_callback.

    Implement :meth:`load` to return a dict with ``access_key``,
    ``secret_key`` and optionally ``token`` and ``expiry_time`` (an aware
    datetime, or an ISO 8601 string), or None when this source has nothing.

        class Vault(CredentialProvider):
            def load(self):
                c = vault.read("aws/creds/app")
                return {"access_key": c["key"], "secret_key": c["secret"],
                        "token": c["token"], "expiry_time": c["expires"]}

        session = gosoto.Session(credentials_provider=Vault(), region_name="eu-west-1")
        sqs = session.client("sqs")        # every client of the session
        sts = session.client("sts")        # shares one cache and one refresh
        other = gosoto.client("sqs", credentials=Vault())

    The library calls :meth:`load` when its cached credentials are missing,
    and again ahead of the ``expiry_time`` load gave (never, without one):
    from any thread, one call at a time per provider, taking the GIL for the
    call. An exception in load (or None) is not raised into the library: it
    becomes the message of the NoCredentialsError the call that needed the
    credentials raises. load must not use a client that signs with this very
    provider.
    """

    def load(self) -> Optional[Dict[str, Any]]:
        raise NotImplementedError

    def _fetch(self) -> Tuple[bool, str]:
        """(True, the credential_process document) or (False, a message)."""
        try:
            c = self.load()
        except Exception as e:  # reported to the library, never raised into C
            return False, "%s.load failed: %s: %s" % (type(self).__name__, type(e).__name__, e)
        if not c:
            return False, "%s returned no credentials" % type(self).__name__
        try:
            doc: Dict[str, Any] = {"Version": 1, "AccessKeyId": c["access_key"], "SecretAccessKey": c["secret_key"]}
            if c.get("token"):
                doc["SessionToken"] = c["token"]
            exp = c.get("expiry_time")
            if exp is not None:
                if isinstance(exp, str):
                    doc["Expiration"] = exp
                else:
                    from ._model import timestamp_to_wire

                    doc["Expiration"] = timestamp_to_wire(exp)
            return True, json.dumps(doc)
        except Exception as e:
            return False, "%s.load returned a bad value: %s: %s" % (type(self).__name__, type(e).__name__, e)

    def fetch_json(self) -> str:
        """What the callback hands to the library: the credential_process
        document, or {"Error": "..."} (the library gets the message alone)."""
        ok, text = self._fetch()
        return text if ok else json.dumps({"Error": text})

    def to_library(self) -> "Credentials":
        """The library provider backed by this object: one per provider
        object, shared by every client made with it while any of them (or
        the returned Credentials) lives."""
        if not _lib.has("gosoto_credentials_new_callback"):
            raise NotImplementedError(
                "this libgosoto has no gosoto_credentials_new_callback: Python credential "
                "providers cannot be plugged into the library"
            )
        with _provider_lock:
            ref = self.__dict__.get("_gosoto_library_credentials")
            c = ref() if ref is not None else None
            if c is None:
                c = CallbackCredentials(self)
                # Weakly: the callback holds this provider, the provider must not
                # hold the Credentials (whose finalizer keeps the callback alive).
                self.__dict__["_gosoto_library_credentials"] = weakref.ref(c)
        return c


_provider_lock = allocate_lock()


def _make_callback(provider: CredentialProvider) -> Any:
    import ctypes

    def callback(user_data: Any, buf: Any, buf_len: int) -> int:
        # Never let an exception reach ctypes (it would print it and answer 0).
        try:
            try:
                ok, text = provider._fetch()
            except BaseException as e:  # KeyboardInterrupt, a broken _fetch override
                ok, text = False, "%s: %s" % (type(e).__name__, e)
            data = text.encode("utf-8", "replace")
            n = min(len(data), max(int(buf_len) - 1, 0))
            if not ok:  # cut a long message on a character boundary
                data = data[:n].decode("utf-8", "ignore").encode("utf-8")
                n = len(data)
            if buf and buf_len:
                ctypes.memmove(buf, data, n)
                ctypes.memset(buf + n, 0, 1)
            return 0 if ok else 1
        except BaseException:
            return 1

    return _lib.credentials_fn_type()(callback)


class CallbackCredentials(Credentials):
    """Credentials from a :class:`CredentialProvider` through the library's
    callback provider (gosoto_credentials_new_callback): cached and refreshed
    by the library like any other source ("Source" is "callback")."""

    def __init__(self, provider: CredentialProvider) -> None:
        import ctypes

        self._options = {"provider": type(provider).__name__}
        self._provider = provider
        cfunc = _make_callback(provider)
        L = _lib.lib()
        h = ctypes.c_void_p()
        err = ctypes.c_void_p()
        status = L.gosoto_credentials_new_callback(cfunc, None, ctypes.byref(h), ctypes.byref(err))
        text = _lib.take_string(err)
        if status != _lib.OK:
            raise InvalidArgumentError(report=_message(text), error_document=_doc(text))
        self._handle = h.value
        # The finalizer holds the callback: it lives as long as the handle.
        # Clients made with these credentials hold this object the same way.
        self._finalizer = _lib.finalize(self, _lib.free_handle, "gosoto_credentials_free", self._handle, cfunc)

    def __repr__(self) -> str:
        return "<gosoto.credentials.CallbackCredentials provider=%s>" % type(self._provider).__name__


def _doc(text: Optional[str]) -> Dict[str, Any]:
    try:
        d = json.loads(text or "{}")
        return d if isinstance(d, dict) else {}
    except ValueError:
        return {}


def _message(text: Optional[str]) -> str:
    d = _doc(text)
    try:
        return str(d["Error"]["Message"])
    except (KeyError, TypeError):
        return text or "unknown error"
