"""gosoto's exceptions, laid out as botocore's.

* :class:`ClientError`: the service answered with an error. ``.response`` is
  ``{"Error": {"Code", "Message", ...}, "ResponseMetadata": {...}}`` and
  ``.operation_name`` the model name of the operation (``"GetQueueUrl"``).
  Each client has ``client.exceptions.<ShapeName>`` subclasses for the
  service's modeled errors, raised when the error code matches.
* :class:`GosotoError` and its subclasses (botocore's ``BotoCoreError``
  family): nothing reached the service, or nothing usable came back.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at import; annotations are strings
    from typing import Any, Dict, Optional


class GosotoError(Exception):
    """Base of every error raised by gosoto itself (not by the service).

    ``kwargs`` holds the details, as botocore's ``BotoCoreError`` does;
    ``error_document`` the library's error JSON when there is one.
    """

    fmt = "An unspecified error occurred"

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.error_document: Optional[Dict[str, Any]] = kwargs.pop("error_document", None)
        try:
            msg = self.fmt.format(**kwargs)
        except (KeyError, IndexError):
            msg = self.fmt
        super().__init__(msg)


# botocore's name for the base class, for code written against it.
BotoCoreError = GosotoError


class ParamValidationError(GosotoError, ValueError):
    """The parameters do not match the operation's input shape; nothing was sent."""

    fmt = "Parameter validation failed:\n{report}"


class NoCredentialsError(GosotoError):
    """No credentials could be resolved (the message names every source tried)."""

    fmt = "Unable to locate credentials: {report}"


class PartialCredentialsError(GosotoError):
    """Only part of a credential pair was given."""

    fmt = "Partial credentials found in {provider}, missing: {cred_var}"


class EndpointConnectionError(GosotoError):
    """Connection refused, DNS, TLS or a timeout, after all retries."""

    fmt = 'Could not connect to the endpoint URL: "{endpoint_url}": {error}'


class ConnectTimeoutError(EndpointConnectionError):
    fmt = 'Connect timeout on endpoint URL: "{endpoint_url}": {error}'


class ReadTimeoutError(EndpointConnectionError):
    fmt = 'Read timeout on endpoint URL: "{endpoint_url}": {error}'


class InvalidArgumentError(GosotoError, ValueError):
    """The library refused an argument: a bad config value, an unknown service..."""

    fmt = "{report}"


class UnknownServiceError(InvalidArgumentError):
    fmt = "{report}"


class InternalError(GosotoError):
    """A bug in gosoto (for example a recovered Go panic)."""

    fmt = "gosoto internal error: {report}"


class OperationNotPageableError(GosotoError, ValueError):
    """get_paginator() of an operation that has no paginator."""

    fmt = "Operation cannot be paginated: {operation_name}"


class PaginationError(GosotoError, ValueError):
    """A PaginationConfig the library cannot honour (MaxItems, StartingToken)."""

    fmt = "Error during pagination: {message}"


class WaiterError(GosotoError):
    """A waiter ended without success: an acceptor in the failure state
    matched (Error.Code "WaiterFailure") or MaxAttempts calls went by
    ("WaiterMaxAttemptsExceeded"). As botocore's: ``.name``, ``.reason`` and
    ``.last_response`` (the library's error document without its own keys:
    ``{"Error": {...}, "ResponseMetadata": {...}}`` of the last response)."""

    fmt = "Waiter {name} failed: {reason}"

    @property
    def name(self) -> str:
        return self.kwargs.get("name", "")

    @property
    def reason(self) -> str:
        return self.kwargs.get("reason", "")

    @property
    def last_response(self) -> Dict[str, Any]:
        return self.kwargs.get("last_response") or {}


class ClientError(Exception):
    """The service answered with an error."""

    MSG_TEMPLATE = "An error occurred ({error_code}) when calling the {operation_name} operation{retry_info}: {error_message}"

    def __init__(self, error_response: Dict[str, Any], operation_name: str) -> None:
        retry_info = self._retry_info(error_response)
        error = error_response.get("Error", {})
        msg = self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"),
            error_message=error.get("Message", "Unknown"),
            operation_name=operation_name,
            retry_info=retry_info,
        )
        super().__init__(msg)
        self.response = error_response
        self.operation_name = operation_name

    @staticmethod
    def _retry_info(response: Dict[str, Any]) -> str:
        md = response.get("ResponseMetadata") or {}
        attempts = md.get("RetryAttempts")
        if attempts:
            return " (reached max retries: %s)" % attempts
        return ""

    def __reduce__(self) -> Any:
        return self.__class__, (self.response, self.operation_name)


__all__ = [
    "GosotoError",
    "BotoCoreError",
    "ParamValidationError",
    "NoCredentialsError",
    "PartialCredentialsError",
    "EndpointConnectionError",
    "ConnectTimeoutError",
    "ReadTimeoutError",
    "InvalidArgumentError",
    "UnknownServiceError",
    "InternalError",
    "OperationNotPageableError",
    "PaginationError",
    "WaiterError",
    "ClientError",
]
