#!/usr/bin/env python3
"""Create an IAM user with an sqs:* policy and an access key on a moto server.

    python3 moto_iam_setup.py http://127.0.0.1:PORT OUTFILE

moto_server must run with INITIAL_NO_AUTH_ACTION_COUNT=3: the three IAM
actions below (CreateUser, PutUserPolicy, CreateAccessKey) are the
unauthenticated ones, and every request after them must be signed with a key
moto issued. The requests are unsigned; moto routes them to IAM by the
credential scope of their Authorization header (".../us-east-1/iam/aws4_request"),
which it does not check while it still grants unauthenticated actions.

OUTFILE receives two lines, the access key id and the secret access key (it
is created with mode 0600). Standard library only; talks to 127.0.0.1 only.
"""

import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

USER = "gosoto-test"
POLICY = (
    '{"Version": "2012-10-17", "Statement": '
    '[{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}'
)


def die(msg):
    sys.stderr.write("moto_iam_setup.py: %s\n" % msg)
    sys.exit(1)


def iam(endpoint, action, **params):
    form = {"Action": action, "Version": "2010-05-08"}
    form.update(params)
    body = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(
        endpoint + "/",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": "AWS4-HMAC-SHA256 "
            "Credential=AKIDBOOTSTRAP/20250101/us-east-1/iam/aws4_request, "
            "SignedHeaders=host, Signature=00",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return ET.fromstring(resp.read())
    except urllib.error.HTTPError as e:
        die("IAM %s failed: HTTP %d: %s" % (action, e.code, e.read().decode(errors="replace")))
    except urllib.error.URLError as e:
        die("IAM %s failed: %s" % (action, e.reason))


def find(root, name):
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == name and el.text:
            return el.text
    return None


def main():
    if len(sys.argv) != 3:
        die("usage: moto_iam_setup.py ENDPOINT OUTFILE")
    endpoint, outfile = sys.argv[1].rstrip("/"), sys.argv[2]
    host = urllib.parse.urlparse(endpoint).hostname
    if host != "127.0.0.1":
        die("refusing to talk to %r: only 127.0.0.1 is allowed" % host)

    root = iam(endpoint, "CreateUser", UserName=USER)
    if find(root, "UserName") != USER:
        die("CreateUser: unexpected answer")
    iam(endpoint, "PutUserPolicy", UserName=USER, PolicyName="sqs-all", PolicyDocument=POLICY)
    root = iam(endpoint, "CreateAccessKey", UserName=USER)
    key_id, secret = find(root, "AccessKeyId"), find(root, "SecretAccessKey")
    if not key_id or not secret:
        die("CreateAccessKey: no AccessKeyId/SecretAccessKey in the answer")

    fd = os.open(outfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key_id + "\n" + secret + "\n")
    print("moto: created IAM user %s with access key %s" % (USER, key_id))


if __name__ == "__main__":
    main()
