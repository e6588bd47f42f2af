"""gosoto: AWS clients for Python on one native engine (libgosoto.so).

    import gosoto
    sqs = gosoto.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]

Methods, parameters, responses and errors follow boto3's client interface.

Importing gosoto does not load libgosoto: the first client, credentials
object or signature does. This matters with fork(): the Go runtime inside
the library does not survive it, so a process that forks (multiprocessing's
default start method on Linux) should use gosoto only after forking, or
start its children with 'spawn'/'forkserver'. A child forked after the
parent loaded the library gets a RuntimeError, not a hang.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Optional

from . import exceptions

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .session import Session

__version__ = "0.1.0"

_default_session: "Optional[Session]" = None


def _get_default_session() -> "Session":
    global _default_session
    if _default_session is None:
        from .session import Session

        _default_session = Session()
    return _default_session


def setup_default_session(**kwargs: Any) -> None:
    """Replace the session gosoto.client() uses (boto3.setup_default_session)."""
    global _default_session
    from .session import Session

    _default_session = Session(**kwargs)


def client(service_name: Optional[str] = None, **kwargs: Any) -> Any:
    """A client of service_name made by the default session; keyword arguments
    as boto3.client (region_name, endpoint_url, aws_access_key_id,
    aws_secret_access_key, aws_session_token, config) plus profile_name."""
    from . import _lib

    _lib.preload()  # the library's runtime starts while Python imports the rest
    profile = kwargs.pop("profile_name", None)
    if profile is not None:
        from .session import Session

        return Session(profile_name=profile).client(service_name, **kwargs)
    return _get_default_session().client(service_name, **kwargs)


def sign_request(*args: Any, **kwargs: Any) -> Any:
    """SigV4-sign any HTTP request; see gosoto.signing.sign_request."""
    from .signing import sign_request as _sign

    return _sign(*args, **kwargs)


def library_version() -> str:
    """The version of the loaded libgosoto (loads it)."""
    from . import _lib

    return _lib.version()


def __getattr__(name: str) -> Any:  # PEP 562: load the heavier modules on use
    if name == "Session":
        from .session import Session

        globals()["Session"] = Session
        return Session
    if name == "Config":  # not imported up front: a client without one needs no more
        from .config import Config

        globals()["Config"] = Config
        return Config
    if name in ("auth", "credentials", "signing", "session"):
        import importlib

        return importlib.import_module("." + name, __name__)
    raise AttributeError("module 'gosoto' has no attribute %r" % name)


__all__ = ["client", "Session", "Config", "exceptions", "sign_request", "setup_default_session", "library_version"]
