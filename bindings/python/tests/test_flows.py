"""Paginators (against the local SQS emulator and a runtime model on a canned
server), waiters (a runtime model with a waiter, on 127.0.0.1: SQS has
none), and presigned URLs (checked by the independent SigV4 reference)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

import gosoto
from gosoto.exceptions import (
    ClientError,
    InvalidArgumentError,
    OperationNotPageableError,
    PaginationError,
    ParamValidationError,
    WaiterError,
)

import sigv4_reference as ref
from conftest import json_response

AKID = "AKIDFLOWS"
SECRET = "flows-secret"

# ------------------------------------------------------------------ SQS


def test_sqs_list_queues_pages(sqs):
    prefix = "pypg-%s-" % uuid.uuid4().hex[:8]
    urls = [sqs.create_queue(QueueName=prefix + str(i))["QueueUrl"] for i in range(3)]
    try:
        assert sqs.can_paginate("list_queues") and sqs.can_paginate("ListQueues")
        assert not sqs.can_paginate("send_message")
        assert not sqs.can_paginate("no_such_operation")
        p = sqs.get_paginator("list_queues")
        pages = list(p.paginate(QueueNamePrefix=prefix, MaxResults=1))
        assert len(pages) == 3, pages
        with_urls = [pg for pg in pages if pg.get("QueueUrls")]
        assert len(with_urls) == 3, pages
        assert all(len(pg["QueueUrls"]) == 1 for pg in with_urls)
        assert sorted(u for pg in with_urls for u in pg["QueueUrls"]) == sorted(urls)
        assert all(pg["ResponseMetadata"]["HTTPStatusCode"] == 200 for pg in pages)
        # PageSize sets the limit key (MaxResults).
        it = p.paginate(QueueNamePrefix=prefix, PaginationConfig={"PageSize": 2})
        sizes = [len(pg.get("QueueUrls", [])) for pg in it]
        assert sizes == [2, 1]
        # A PageIterator can be walked again, from the first page.
        assert sum(len(pg.get("QueueUrls", [])) for pg in it) == 3
        # Stopping early is fine (the paginator handle is released).
        first = next(iter(p.paginate(QueueNamePrefix=prefix, MaxResults=1)))
        assert len(first["QueueUrls"]) == 1
    finally:
        for u in urls:
            sqs.delete_queue(QueueUrl=u)


def test_sqs_paginator_errors(sqs):
    with pytest.raises(OperationNotPageableError):
        sqs.get_paginator("send_message")
    p = sqs.get_paginator("list_queues")
    for cfg in ({"MaxItems": 5}, {"StartingToken": "abc"}):
        with pytest.raises(PaginationError) as ei:
            p.paginate(PaginationConfig=cfg)
        assert "not supported" in str(ei.value)
    with pytest.raises(ParamValidationError):
        p.paginate(PaginationConfig={"PageSiz": 1})
    with pytest.raises(ParamValidationError):
        list(p.paginate(MaxResults="many"))  # the library validates the input
    with pytest.raises(InvalidArgumentError) as ei:
        sqs.get_waiter("queue_exists").wait(QueueName="x")
    assert "waiter" in str(ei.value)


# ------------------------------------------------------------------ runtime model

MODEL = {
    "version": "2.0",
    "metadata": {
        "apiVersion": "2024-01-01", "endpointPrefix": "things", "jsonVersion": "1.0", "protocol": "json",
        "serviceFullName": "Things Test Service", "serviceId": "Things", "signatureVersion": "v4",
        "targetPrefix": "Things", "uid": "things-2024-01-01",
    },
    "operations": {
        "ListThings": {"name": "ListThings", "http": {"method": "POST", "requestUri": "/"},
                       "input": {"shape": "ListIn"}, "output": {"shape": "ListOut"}},
        "DescribeThing": {"name": "DescribeThing", "http": {"method": "POST", "requestUri": "/"},
                          "input": {"shape": "DescIn"}, "output": {"shape": "DescOut"},
                          "errors": [{"shape": "Gone"}]},
    },
    "shapes": {
        "ListIn": {"type": "structure", "members": {"NextToken": {"shape": "Str"}, "Limit": {"shape": "Int"}}},
        "ListOut": {"type": "structure", "members": {"Things": {"shape": "ThingList"}, "NextToken": {"shape": "Str"}}},
        "ThingList": {"type": "list", "member": {"shape": "Thing"}},
        "Thing": {"type": "structure", "members": {"Name": {"shape": "Str"}, "Created": {"shape": "Time"},
                                                   "State": {"shape": "Str"}}},
        "DescIn": {"type": "structure", "required": ["Name"], "members": {"Name": {"shape": "Str"}}},
        "DescOut": {"type": "structure", "members": {"Thing": {"shape": "Thing"}}},
        "Gone": {"type": "structure", "members": {"message": {"shape": "Str"}}, "exception": True},
        "Str": {"type": "string"}, "Int": {"type": "integer"}, "Time": {"type": "timestamp"},
    },
    "paginators": {"ListThings": {"input_token": "NextToken", "output_token": "NextToken",
                                  "limit_key": "Limit", "result_key": "Things"}},
    "waiters": {"ThingReady": {"operation": "DescribeThing", "delay": 1, "maxAttempts": 5, "acceptors": [
        {"matcher": "path", "argument": "Thing.State", "expected": "ready", "state": "success"},
        {"matcher": "path", "argument": "Thing.State", "expected": "broken", "state": "failure"},
        {"matcher": "error", "expected": "NotYet", "state": "retry"},
    ]}},
}


def things_client(url):
    return gosoto.client(
        "things", region_name="us-east-1", endpoint_url=url, aws_access_key_id=AKID, aws_secret_access_key=SECRET,
        config=gosoto.Config(service_model=MODEL, retries={"total_max_attempts": 1}),
    )


def target(req):
    return (req.header("X-Amz-Target") or "").split(".")[-1]


def test_runtime_model_pages_converted(canned):
    def handler(req):
        body = json.loads(req.body)
        n = int(body.get("NextToken") or 0)
        out = {"Things": [{"Name": "t%d" % n, "Created": 1700000000 + n}]}
        if n < 3:
            out["NextToken"] = str(n + 1)
        return json_response(json.dumps(out).encode())

    srv = canned(handler)
    c = things_client(srv.url)
    assert c.can_paginate("list_things") and not c.can_paginate("describe_thing")
    pages = list(c.get_paginator("list_things").paginate(PaginationConfig={"PageSize": 7}))
    assert [p["Things"][0]["Name"] for p in pages] == ["t0", "t1", "t2", "t3"]
    assert pages[1]["Things"][0]["Created"].timestamp() == 1700000001  # an aware datetime, as call results
    sent = [json.loads(r.body) for r in srv.requests]
    assert all(s["Limit"] == 7 for s in sent)
    assert "NextToken" not in sent[0] and sent[3]["NextToken"] == "3"


def test_runtime_model_page_error_raises_client_error(canned):
    def handler(req):
        if json.loads(req.body).get("NextToken"):
            return json_response(b'{"__type": "Gone", "message": "no more"}', status=400)
        return json_response(b'{"Things": [], "NextToken": "x"}')

    c = things_client(canned(handler).url)
    it = iter(c.get_paginator("list_things").paginate())
    assert next(it)["Things"] == []
    with pytest.raises(ClientError) as ei:
        next(it)
    assert ei.value.response["Error"]["Code"] == "Gone"
    assert ei.value.operation_name == "ListThings"


def state_server(canned, states):
    """DescribeThing answers from states, one per call ("NotYet" is an error)."""
    calls = []

    def handler(req):
        assert target(req) == "DescribeThing"
        calls.append(json.loads(req.body))
        st = states[min(len(calls) - 1, len(states) - 1)]
        if st == "NotYet":
            return json_response(b'{"__type": "NotYet", "message": "later"}', status=400)
        return json_response(json.dumps({"Thing": {"Name": "n", "State": st}}).encode())

    return canned(handler), calls


def test_waiter_success_after_retries(canned):
    srv, calls = state_server(canned, ["NotYet", "pending", "ready"])
    c = things_client(srv.url)
    w = c.get_waiter("thing_ready")
    assert w.name == "ThingReady"
    last = w.wait(Name="n", WaiterConfig={"Delay": 1, "MaxAttempts": 4})
    assert last["Thing"]["State"] == "ready"
    assert len(calls) == 3
    assert all(cl == {"Name": "n"} for cl in calls)  # WaiterConfig is not sent


def test_waiter_failure_state(canned):
    srv, calls = state_server(canned, ["pending", "broken"])
    c = things_client(srv.url)
    with pytest.raises(WaiterError) as ei:
        c.get_waiter("ThingReady").wait(Name="n", WaiterConfig={"Delay": 1})
    e = ei.value
    assert e.name == "ThingReady"
    assert e.error_document["Error"]["Code"] == "WaiterFailure"
    assert e.last_response["Error"]["Code"] == "WaiterFailure"
    assert "Waiter ThingReady failed" in str(e)
    assert len(calls) == 2


def test_waiter_max_attempts(canned):
    srv, calls = state_server(canned, ["pending"])
    c = things_client(srv.url)
    with pytest.raises(WaiterError) as ei:
        c.get_waiter("thing_ready").wait(Name="n", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    assert ei.value.error_document["Error"]["Code"] == "WaiterMaxAttemptsExceeded"
    assert "Max attempts exceeded" in ei.value.reason
    assert len(calls) == 2


def test_waiter_unmatched_error_and_bad_config(canned):
    def handler(req):
        return json_response(b'{"__type": "Gone", "message": "gone for good"}', status=400)

    c = things_client(canned(handler).url)
    with pytest.raises(ClientError) as ei:
        c.get_waiter("thing_ready").wait(Name="n", WaiterConfig={"Delay": 1})
    assert ei.value.response["Error"]["Code"] == "Gone"
    assert not isinstance(ei.value, WaiterError)
    with pytest.raises(ParamValidationError):
        c.get_waiter("thing_ready").wait(Name="n", WaiterConfig={"Sleep": 1})
    with pytest.raises(InvalidArgumentError) as ei2:
        c.get_waiter("nope").wait(Name="n")
    assert "ThingReady" in str(ei2.value)  # the library lists the waiters


# ------------------------------------------------------------------ presigned URLs


def s3_client(url):
    return gosoto.client("s3", region_name="eu-west-1", endpoint_url=url, aws_access_key_id=AKID,
                         aws_secret_access_key=SECRET)


def test_presigned_url_shape_and_signature(canned):
    seen = []

    def handler(req):
        err = ref.verify_request(req.method, req.path, req.headers, req.body, {AKID: SECRET})
        seen.append((req.method, req.path, err))
        return (200 if err is None else 403), {}, b"hello" if err is None else err.encode()

    srv = canned(handler)
    c = s3_client(srv.url)
    url = c.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "dir/obj.txt"}, ExpiresIn=300)
    assert url.startswith(srv.url + "/bkt/dir/obj.txt?")  # path style for an IP endpoint
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert q["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert q["X-Amz-Expires"] == "300"
    assert re.fullmatch(r"AKIDFLOWS/\d{8}/eu-west-1/s3/aws4_request", q["X-Amz-Credential"])
    assert re.fullmatch(r"\d{8}T\d{6}Z", q["X-Amz-Date"])
    assert "host" in q["X-Amz-SignedHeaders"].split(";")
    assert re.fullmatch(r"[0-9a-f]{64}", q["X-Amz-Signature"])
    with urllib.request.urlopen(url) as r:
        assert r.read() == b"hello"
    assert seen == [("GET", url[len(srv.url):], None)]
    # Tampering breaks the signature.
    with pytest.raises(urllib.error.HTTPError) as ei:
        urllib.request.urlopen(url.replace("obj.txt", "other.txt"))
    assert ei.value.code == 403
    # The default expiry, and the whole request.
    assert "X-Amz-Expires=3600" in c.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "k"})
    full = c.generate_presigned_request("put_object", Params={"Bucket": "bkt", "Key": "k"}, ExpiresIn=60)
    assert full["method"] == "PUT" and full["expires"] == 60


def test_presigned_url_errors(canned):
    c = s3_client("http://127.0.0.1:1")
    with pytest.raises(InvalidArgumentError):
        c.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=10**7)
    with pytest.raises(ParamValidationError):
        c.generate_presigned_url("get_object", Params={"Bucket": "b"})  # Key is required
    with pytest.raises(ParamValidationError):
        c.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, HttpMethod="PUT")
    assert c.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, HttpMethod="GET")
    with pytest.raises(InvalidArgumentError):
        c.generate_presigned_url("no_such_method")
