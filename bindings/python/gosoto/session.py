"""Sessions: the settings clients share (profile, region, credentials)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, List, Optional

    from .config import Config
    from .credentials import Credentials

from .exceptions import NoCredentialsError, PartialCredentialsError

# gosoto.credentials (json, datetime, threading, weakref, namedtuple) is
# imported only by what needs it: a client made with explicit keys, or with
# none, does not.


def static_options(access_key: Optional[str], secret_key: Optional[str], token: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The "credentials" member of a client config for explicit keys, or None.
    (Also gosoto.credentials.static_options.)"""
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


class Session:
    """Like boto3's Session: make clients that share a profile, a region and
    credentials. Making a session costs nothing; the library is loaded by the
    first client (or credentials) made."""

    def __init__(
        self,
        aws_access_key_id: Optional[str] = None,
        aws_secret_access_key: Optional[str] = None,
        aws_session_token: Optional[str] = None,
        region_name: Optional[str] = None,
        profile_name: Optional[str] = None,
        credentials_provider: Any = None,
    ) -> None:
        """credentials_provider: a :class:`gosoto.credentials.CredentialProvider`
        (written in Python) or a :class:`gosoto.credentials.Credentials`; every
        client of the session then shares it (one cache, one refresh)."""
        self._static = static_options(aws_access_key_id, aws_secret_access_key, aws_session_token)
        self._region_name = region_name
        self._profile_name = profile_name
        self._credentials: Optional[Credentials] = None
        if credentials_provider is not None:
            from .credentials import CredentialProvider, Credentials

            if not isinstance(credentials_provider, (CredentialProvider, Credentials)):
                raise TypeError("credentials_provider: expected a gosoto.credentials.CredentialProvider or Credentials, got %r"
                                % type(credentials_provider).__name__)
        self._provider = credentials_provider

    @property
    def region_name(self) -> Optional[str]:
        return self._region_name

    @property
    def profile_name(self) -> str:
        return self._profile_name or "default"

    def client(
        self,
        service_name: Optional[str] = None,
        region_name: Optional[str] = None,
        api_version: Optional[str] = None,
        use_ssl: bool = True,
        verify: Any = None,
        endpoint_url: Optional[str] = None,
        aws_access_key_id: Optional[str] = None,
        aws_secret_access_key: Optional[str] = None,
        aws_session_token: Optional[str] = None,
        config: Optional[Config] = None,
        profile_name: Optional[str] = None,
        credentials: Any = None,
    ) -> Any:
        """A client of service_name (botocore's name: "sqs", "sts"...).

        With config=Config(service_model=...) service_name may be omitted:
        the model names the service. api_version and use_ssl are accepted for
        boto3 compatibility and ignored; verify may be a CA bundle path.
        credentials (gosoto only): a CredentialProvider or a Credentials,
        shared with the client (gosoto_client_new_with_credentials), or
        fixed keys (a ReadOnlyCredentials, a tuple, a dict).
        """
        from . import _lib

        _lib.preload()  # the library's runtime starts while Python imports the rest
        from ._client import create_client

        creds = static_options(aws_access_key_id, aws_secret_access_key, aws_session_token)
        shared: Optional[Credentials] = None
        if creds is None:
            src = credentials if credentials is not None else self._provider
            if src is not None:
                from .credentials import CredentialProvider, Credentials, as_static

                if isinstance(src, CredentialProvider):
                    shared = src.to_library()
                elif isinstance(src, Credentials):
                    shared = src
                else:
                    creds = as_static(src)
        if creds is None and shared is None:
            creds = self._static
        extra: Dict[str, Any] = {}
        if isinstance(verify, str):
            extra["ca_bundle"] = verify
        return create_client(
            service_name,
            region_name=region_name or self._region_name,
            endpoint_url=endpoint_url,
            profile_name=profile_name or self._profile_name,
            credentials=creds,
            config=config,
            extra=extra,
            shared_credentials=shared,
        )

    def get_credentials(self) -> Optional[Credentials]:
        """The session's credentials, kept current by the library, or None
        when no source has any (as boto3 returns None)."""
        from .credentials import CredentialProvider, Credentials

        if self._credentials is None and self._provider is not None:
            p = self._provider
            self._credentials = p.to_library() if isinstance(p, CredentialProvider) else p
            return self._credentials
        if self._credentials is None:
            opts: Dict[str, Any] = {}
            if self._static:
                opts["static"] = self._static
            elif self._profile_name:
                opts["profile"] = self._profile_name
            c = Credentials(opts)
            try:
                c.get_frozen_credentials()
            except NoCredentialsError:
                return None
            self._credentials = c
        return self._credentials

    def get_available_services(self) -> List[str]:
        """The built-in services of the loaded library."""
        from . import _lib

        status, text = _lib.call_json("gosoto_services")
        return _lib.loads(text) if status == _lib.OK and text else []

    def __repr__(self) -> str:
        return "Session(region_name=%r, profile_name=%r)" % (self._region_name, self._profile_name)


def __getattr__(name: str) -> Any:  # PEP 562: the names this module used to import
    if name in ("CredentialProvider", "Credentials", "as_static"):
        from . import credentials

        return getattr(credentials, name)
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError("module %r has no attribute %r" % (__name__, name))

