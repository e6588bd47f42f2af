"""Blobs and timestamps both ways, and modeled errors, with a model loaded at
run time (Config(service_model=...)) and with STS (query protocol), against
canned servers on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

import gosoto
from gosoto.exceptions import ClientError

from conftest import json_response

UTC = dt.timezone.utc

ECHO_MODEL = {
    "version": "2.0",
    "metadata": {
        "apiVersion": "2024-01-01", "endpointPrefix": "echo", "jsonVersion": "1.0", "protocol": "json",
        "serviceFullName": "Echo Test Service", "serviceId": "Echo", "signatureVersion": "v4",
        "targetPrefix": "Echo", "uid": "echo-2024-01-01",
    },
    "operations": {
        "Echo": {"name": "Echo", "http": {"method": "POST", "requestUri": "/"},
                 "input": {"shape": "Thing"}, "output": {"shape": "Thing"}, "errors": [{"shape": "Gone"}, {"shape": "Busy"}]},
    },
    "shapes": {
        "Thing": {"type": "structure", "required": ["Name"], "members": {
            "Name": {"shape": "Str"}, "When": {"shape": "Time"}, "Data": {"shape": "Bytes"},
            "Times": {"shape": "TimeList"}, "Blobs": {"shape": "BlobMap"}, "Child": {"shape": "Thing"},
            "Count": {"shape": "Int"}}},
        "TimeList": {"type": "list", "member": {"shape": "Time"}},
        "BlobMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Bytes"}},
        "Str": {"type": "string"}, "Int": {"type": "integer"},
        "Time": {"type": "timestamp"}, "Bytes": {"type": "blob"},
        "Gone": {"type": "structure", "members": {"message": {"shape": "Str"}}, "exception": True,
                 "error": {"code": "Echo.ThingGone", "httpStatusCode": 410, "senderFault": True}},
        "Busy": {"type": "structure", "members": {"message": {"shape": "Str"}}, "exception": True},
    },
}


def echo_client(url, **kw):
    return gosoto.client(
        "echo", region_name="us-east-1", endpoint_url=url, aws_access_key_id="AKID", aws_secret_access_key="SECRET",
        config=gosoto.Config(service_model=ECHO_MODEL, retries={"total_max_attempts": 1}), **kw,
    )


def test_blobs_and_timestamps_round_trip(canned):
    srv = canned(lambda req: json_response(req.body))  # echoes the request
    c = echo_client(srv.url)
    assert type(c).__name__ == "EchoTestService"
    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    local = dt.datetime(2024, 5, 6, 9, 8, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    out = c.echo(
        Name="n", When=when, Data=b"\x00\x01binary\xff", Count=3,
        Times=[local, dt.datetime(2020, 1, 1)],  # naive means UTC
        Blobs={"a": b"\xfe", "s": "text is utf-8"},
        Child={"Name": "c", "When": 0, "Data": bytearray(b"kid")},
    )
    # What went on the wire: base64 blobs, epoch-second timestamps (json protocol).
    sent = json.loads(srv.requests[0].body)
    assert sent["Data"] == base64.b64encode(b"\x00\x01binary\xff").decode()
    assert sent["When"] == pytest.approx(when.timestamp())
    assert sent["Times"][0] == pytest.approx(dt.datetime(2024, 5, 6, 7, 8, 10, tzinfo=UTC).timestamp())
    # And back: bytes and aware datetimes.
    assert out["Name"] == "n"
    assert out["Count"] == 3
    assert out["Data"] == b"\x00\x01binary\xff"
    assert out["When"] == when
    assert out["When"].tzinfo is not None
    assert out["Times"] == [dt.datetime(2024, 5, 6, 7, 8, 10, tzinfo=UTC), dt.datetime(2020, 1, 1, tzinfo=UTC)]
    assert out["Blobs"] == {"a": b"\xfe", "s": b"text is utf-8"}
    assert out["Child"]["Data"] == b"kid"
    assert out["Child"]["When"] == dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert "ResponseMetadata" in out


def test_timestamp_inputs_as_strings_and_numbers(canned):
    srv = canned(lambda req: json_response(req.body))
    c = echo_client(srv.url)
    out = c.echo(Name="n", When="2021-02-03T04:05:06Z", Times=[1600000000, 1600000000.5])
    assert out["When"] == dt.datetime(2021, 2, 3, 4, 5, 6, tzinfo=UTC)
    assert out["Times"][0] == dt.datetime.fromtimestamp(1600000000, UTC)
    assert out["Times"][1] == dt.datetime.fromtimestamp(1600000000.5, UTC)


def test_modeled_errors_by_code_and_by_shape_name(canned):
    answers = [
        json_response(b'{"__type":"Echo.ThingGone","message":"it is gone"}', 410),
        json_response(b'{"__type":"com.example#Busy","message":"busy"}', 400),
        json_response(b'{"__type":"Unmodeled","message":"who knows"}', 400),
    ]
    srv = canned(lambda req: answers.pop(0))
    c = echo_client(srv.url)
    with pytest.raises(c.exceptions.Gone) as ei:
        c.echo(Name="x")
    assert ei.value.response["Error"]["Code"] == "Echo.ThingGone"
    assert ei.value.response["Error"]["Message"] == "it is gone"
    assert ei.value.operation_name == "Echo"
    assert c.exceptions.from_code("Echo.ThingGone") is c.exceptions.Gone
    with pytest.raises(c.exceptions.Busy):
        c.echo(Name="x")
    with pytest.raises(ClientError) as ei:
        c.echo(Name="x")
    assert type(ei.value) is ClientError
    assert ei.value.response["Error"]["Code"] == "Unmodeled"
    assert len(srv.requests) == 3


def test_recursive_shape_and_validation(canned):
    srv = canned(lambda req: json_response(b"{}"))
    c = echo_client(srv.url)
    with pytest.raises(gosoto.exceptions.ParamValidationError) as ei:
        c.echo(Child={"Name": "c"})
    assert "Name" in str(ei.value)
    assert srv.requests == []  # nothing was sent
    deep = {"Name": "0"}
    cur = deep
    for i in range(1, 30):
        cur["Child"] = {"Name": str(i), "Data": b"%d" % i}
        cur = cur["Child"]
    c.echo(**deep)
    sent = json.loads(srv.requests[0].body)
    assert sent["Child"]["Child"]["Data"] == base64.b64encode(b"2").decode()


STS_XML = b"""<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetSessionTokenResult>
    <Credentials>
      <AccessKeyId>ASIATESTTESTTEST</AccessKeyId>
      <SecretAccessKey>secret</SecretAccessKey>
      <SessionToken>token</SessionToken>
      <Expiration>2031-07-15T23:28:33.359Z</Expiration>
    </Credentials>
  </GetSessionTokenResult>
  <ResponseMetadata><RequestId>58c5dbae-abef-11e0-8cfe-09039844ac7d</RequestId></ResponseMetadata>
</GetSessionTokenResponse>"""


def test_sts_query_protocol_timestamp(canned):
    srv = canned(lambda req: (200, {"Content-Type": "text/xml"}, STS_XML))
    sts = gosoto.client("sts", region_name="us-east-1", endpoint_url=srv.url, aws_access_key_id="a", aws_secret_access_key="b")
    out = sts.get_session_token(DurationSeconds=900)
    creds = out["Credentials"]
    assert creds["AccessKeyId"] == "ASIATESTTESTTEST"
    assert creds["Expiration"] == dt.datetime(2031, 7, 15, 23, 28, 33, 359000, tzinfo=UTC)
    assert out["ResponseMetadata"]["RequestId"] == "58c5dbae-abef-11e0-8cfe-09039844ac7d"
    body = srv.requests[0].body.decode()
    assert "Action=GetSessionToken" in body and "DurationSeconds=900" in body


def test_sts_error_is_modeled(canned):
    xml = b"""<ErrorResponse><Error><Type>Sender</Type><Code>RegionDisabledException</Code><Message>off</Message></Error><RequestId>r1</RequestId></ErrorResponse>"""
    srv = canned(lambda req: (403, {"Content-Type": "text/xml"}, xml))
    sts = gosoto.client("sts", region_name="us-east-1", endpoint_url=srv.url, aws_access_key_id="a", aws_secret_access_key="b")
    with pytest.raises(sts.exceptions.RegionDisabledException) as ei:
        sts.get_caller_identity()
    assert ei.value.response["Error"]["Code"] == "RegionDisabledException"
    assert ei.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_service_description_is_cached():
    from gosoto import _model

    a = _model.describe_service("sqs")
    assert a is _model.describe_service("sqs")
    assert "SendMessage" in a.operations
    assert a.operations["SendMessage"].snake_name == "send_message"
    assert a.needs_conversion("SendMessageRequest")  # MessageAttributes hold blobs
    assert not a.needs_conversion("GetQueueUrlRequest")
    assert a.input_converter("GetQueueUrlRequest") is None


def test_parse_timestamp_forms():
    from gosoto._model import parse_timestamp

    assert parse_timestamp("2020-01-02T03:04:05Z") == dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert parse_timestamp("2020-01-02T03:04:05.1+02:00") == dt.datetime(2020, 1, 2, 1, 4, 5, 100000, tzinfo=UTC)
    assert parse_timestamp("2020-01-02T03:04:05.123456789Z").microsecond == 123456
    assert parse_timestamp("1600000000") == dt.datetime.fromtimestamp(1600000000, UTC)
