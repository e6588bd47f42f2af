"""Credentials that stay current, backed by a gosoto_credentials provider.

``Credentials.access_key`` / ``.secret_key`` / ``.token`` each ask the library
(gosoto_credentials_get) on access, so they are always current: the library
caches them and refreshes ahead of expiry. Read all three at once, consistently,
with :meth:`Credentials.get_frozen_credentials`.

Python credential providers
---------------------------
:class:`CredentialProvider` is the Python side of a provider written in Python
(for a vault, a custom SSO, a test double): subclass it and implement
:meth:`CredentialProvider.load`. Plugging it into the library's chain needs a C
callback provider, which the library does not have yet; see
:meth:`CredentialProvider.to_library`.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import namedtuple
import weakref
TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, Optional

from . import _lib
from .exceptions import InvalidArgumentError, NoCredentialsError, PartialCredentialsError


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
        self._finalizer = weakref.finalize(self, _lib.free_handle, "gosoto_credentials_free", handle)

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


def static_options(access_key: Optional[str], secret_key: Optional[str], token: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The "credentials" member of a client config for explicit keys, or None."""
    if access_key is None and secret_key is None:
        if token is not None:
            raise PartialCredentialsError(provider="explicit", cred_var="aws_access_key_id, aws_secret_access_key")
        return None
    if access_key is None:
        raise PartialCredentialsError(provider="explicit", cred_var="aws_access_key_id")
    if secret_key is None:
        raise PartialCredentialsError(provider="explicit", cred_var="aws_secret_access_key")
    c = {"access_key_id": access_key, "secret_access_key": secret_key}
    if token:
        c["session_token"] = token
    return c


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
    """A credential source written in Python.

    Implement :meth:`load` to return a dict with ``access_key``,
    ``secret_key`` and optionally ``token`` and ``expiry_time`` (an aware
    datetime), or None when this source has nothing. The library would call
    it when its cached credentials are missing or near expiry, from any
    thread, without the GIL held until the callback takes it.

    Plugging it in needs, in the C API, a callback provider such as::

        typedef int (*gosoto_credentials_fetch_fn)(void *user_data,
                                                   char *buf, size_t buf_len);
        int gosoto_credentials_new_callback(gosoto_credentials_fetch_fn fetch,
                                            void *user_data,
                                            const char *options_json,
                                            gosoto_credentials **out,
                                            char **err_json);

    where fetch writes {"AccessKeyId", "SecretAccessKey", "SessionToken",
    "Expiration"} (or {"Error": "..."}) into buf and returns 0, or the needed
    size when buf is too small; plus a way to give a client that provider
    (a "credentials_handle" in the client config, or
    gosoto_client_new_with_credentials). :meth:`to_library` uses it once the
    library exports it.
    """

    def load(self) -> Optional[Dict[str, Any]]:
        raise NotImplementedError

    def fetch_json(self) -> str:
        """What the C callback would hand to the library."""
        try:
            c = self.load()
        except Exception as e:  # reported to the library, never raised into C
            return json.dumps({"Error": "%s: %s" % (type(e).__name__, e)})
        if not c:
            return json.dumps({"Error": "%s returned no credentials" % type(self).__name__})
        doc = {"AccessKeyId": c["access_key"], "SecretAccessKey": c["secret_key"]}
        if c.get("token"):
            doc["SessionToken"] = c["token"]
        exp = c.get("expiry_time")
        if exp is not None:
            from ._model import timestamp_to_wire

            doc["Expiration"] = timestamp_to_wire(exp)
        return json.dumps(doc)

    def to_library(self) -> Credentials:
        if not _lib.has("gosoto_credentials_new_callback"):
            raise NotImplementedError(
                "this libgosoto has no gosoto_credentials_new_callback: Python credential "
                "providers cannot be plugged into the library yet"
            )
        raise NotImplementedError("gosoto_credentials_new_callback: binding not written yet")


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
