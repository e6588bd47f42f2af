"""The SQS flow against the local emulator, through boto3's interface."""

from __future__ import annotations

import json
import uuid

import pytest

import gosoto
from gosoto.exceptions import ClientError, EndpointConnectionError, ParamValidationError


def test_full_flow(sqs, sqs_endpoint):
    name = "pyflow-" + uuid.uuid4().hex[:10]
    created = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})
    url = created["QueueUrl"]
    assert url.endswith("/" + name)
    md = created["ResponseMetadata"]
    assert md["HTTPStatusCode"] == 200
    assert md["RequestId"]
    assert isinstance(md["HTTPHeaders"], dict)
    assert md["RetryAttempts"] == 0

    assert url in sqs.list_queues().get("QueueUrls", [])
    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url

    sent = sqs.send_message(QueueUrl=url, MessageBody="lorem ipsum dolor sit amet")
    assert sent["MessageId"]
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=1)
    msgs = got["Messages"]
    assert len(msgs) == 1
    assert msgs[0]["Body"] == "lorem ipsum dolor sit amet"
    assert msgs[0]["MessageId"] == sent["MessageId"]

    deleted = sqs.delete_message(QueueUrl=url, ReceiptHandle=msgs[0]["ReceiptHandle"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)

    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(ClientError):
        sqs.get_queue_url(QueueName=name)


def test_client_shape(sqs):
    assert type(sqs).__name__ == "SQS"
    assert callable(sqs.send_message)
    assert "QueueDoesNotExist" in (sqs.send_message.__doc__ or "")
    assert sqs.meta.region_name == "us-east-1"
    assert sqs.meta.method_to_api_mapping["get_queue_url"] == "GetQueueUrl"
    with pytest.raises(TypeError, match="only accepts keyword arguments"):
        sqs.list_queues("positional")
    with pytest.raises(AttributeError):
        sqs.no_such_operation  # noqa: B018


def test_queue_does_not_exist(sqs):
    with pytest.raises(ClientError) as ei:
        sqs.get_queue_url(QueueName="no-such-queue-" + uuid.uuid4().hex[:8])
    e = ei.value
    assert e.operation_name == "GetQueueUrl"
    err = e.response["Error"]
    # SQS speaks JSON with awsQueryCompatible: the query-era code is kept.
    assert err["Code"] in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
    assert "does not exist" in err["Message"]
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Kind" not in e.response
    assert str(e).startswith("An error occurred (%s) when calling the GetQueueUrl operation: " % err["Code"])


def test_queue_does_not_exist_is_the_modeled_exception(sqs):
    from gosoto import _lib

    # The library's error document names the modeled shape: SQS's model
    # carries no query-era error codes, so the wire code alone
    # (AWS.SimpleQueueService.NonExistentQueue) could not be mapped.
    h = sqs._handle
    status, text = _lib.call_json("gosoto_client_call", h, b"GetQueueUrl", b'{"QueueName":"nope-x"}')
    assert status == _lib.E_SERVICE
    assert json.loads(text)["ErrorShape"] == "QueueDoesNotExist"
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as ei:
        sqs.get_queue_url(QueueName="nope-x")
    assert isinstance(ei.value, ClientError)


def test_exceptions_factory(sqs):
    ex = sqs.exceptions
    assert issubclass(ex.QueueDoesNotExist, ClientError)
    assert ex.QueueDoesNotExist is not ex.QueueNameExists
    assert ex.from_code("QueueDoesNotExist") is ex.QueueDoesNotExist
    assert ex.from_code("SomethingElse") is ClientError
    assert "QueueDoesNotExist" in dir(ex)
    # The same classes for every client of the service.
    other = gosoto.client("sqs", region_name="us-east-1", endpoint_url="http://127.0.0.1:9", aws_access_key_id="a", aws_secret_access_key="b")
    assert other.exceptions.QueueDoesNotExist is ex.QueueDoesNotExist


def test_validation_errors(sqs):
    with pytest.raises(ParamValidationError) as ei:
        sqs.send_message(MessageBody="x")  # QueueUrl missing
    assert "QueueUrl" in str(ei.value)
    assert str(ei.value).startswith("Parameter validation failed:")
    with pytest.raises(ParamValidationError) as ei:
        sqs.get_queue_url(QueueName="x", Bogus=1)
    assert "Bogus" in str(ei.value)
    with pytest.raises(ParamValidationError):
        sqs.send_message(QueueUrl="http://127.0.0.1:1/q", MessageBody="x", DelaySeconds="not a number")
    with pytest.raises(ParamValidationError):
        sqs.send_message(QueueUrl="http://127.0.0.1:1/q", MessageBody=object())


def test_binary_message_attributes_round_trip(sqs, queue):
    _, url = queue
    blob = bytes(range(256))
    sqs.send_message(
        QueueUrl=url,
        MessageBody="with attributes",
        MessageAttributes={
            "bin": {"DataType": "Binary", "BinaryValue": blob},
            "ba": {"DataType": "Binary", "BinaryValue": bytearray(b"\x00\xffba")},
            "str": {"DataType": "String", "StringValue": "héllo"},
        },
    )
    msg = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], WaitTimeSeconds=1)["Messages"][0]
    attrs = msg["MessageAttributes"]
    assert attrs["bin"]["BinaryValue"] == blob
    assert isinstance(attrs["bin"]["BinaryValue"], bytes)
    assert attrs["ba"]["BinaryValue"] == b"\x00\xffba"
    assert attrs["str"]["StringValue"] == "héllo"


def test_connection_refused_is_endpoint_connection_error():
    c = gosoto.client(
        "sqs", region_name="us-east-1", endpoint_url="http://127.0.0.1:1",
        aws_access_key_id="a", aws_secret_access_key="b",
        config=gosoto.Config(retries={"total_max_attempts": 1}, connect_timeout=1),
    )
    with pytest.raises(EndpointConnectionError) as ei:
        c.list_queues()
    assert "127.0.0.1:1" in str(ei.value)


def test_unknown_service():
    with pytest.raises(gosoto.exceptions.UnknownServiceError) as ei:
        gosoto.client("no-such-service", region_name="us-east-1")
    assert "no-such-service" in str(ei.value)


def test_session_client(sqs_endpoint):
    s = gosoto.Session(region_name="us-east-1", aws_access_key_id="AKIDGOSOTOLOCALTEST", aws_secret_access_key="x")
    c = s.client("sqs", endpoint_url=sqs_endpoint)
    assert c.list_queues()["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert c.meta.region_name == "us-east-1"
    assert "sqs" in s.get_available_services()
