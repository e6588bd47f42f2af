#!/usr/bin/env python3
"""Create an IAM user allowed every action, and its access key, on a moto server.

    python3 moto_admin_setup.py http://127.0.0.1:PORT OUTFILE

For tests/scripts/moto-services.sh: moto_server must run with
INITIAL_NO_AUTH_ACTION_COUNT=3, the three unauthenticated IAM actions below
(CreateUser, PutUserPolicy, CreateAccessKey), sent as moto_iam_setup.py
sends them. Every request after them must be signed with a key moto issued.

OUTFILE (mode 0600) receives two lines, the access key id and the secret
access key. Standard library only; talks to 127.0.0.1 only.
"""

import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_iam_setup import find, iam  # noqa: E402

USER = "gosoto-services-test"
ALLOW_ALL = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


def die(msg):
    sys.stderr.write("moto_admin_setup.py: %s\n" % msg)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        die("usage: moto_admin_setup.py ENDPOINT OUTFILE")
    endpoint, outfile = sys.argv[1].rstrip("/"), sys.argv[2]
    host = urllib.parse.urlparse(endpoint).hostname
    if host != "127.0.0.1":
        die("refusing to talk to %r: only 127.0.0.1 is allowed" % host)

    root = iam(endpoint, "CreateUser", UserName=USER)
    if find(root, "UserName") != USER:
        die("CreateUser: unexpected answer")
    iam(endpoint, "PutUserPolicy", UserName=USER, PolicyName="all", PolicyDocument=ALLOW_ALL)
    root = iam(endpoint, "CreateAccessKey", UserName=USER)
    key_id, secret = find(root, "AccessKeyId"), find(root, "SecretAccessKey")
    if not key_id or not secret:
        die("CreateAccessKey: no AccessKeyId/SecretAccessKey in the answer")

    fd = os.open(outfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key_id + "\n" + secret + "\n")
    print("moto: created IAM user %s (allowed every action) with access key %s" % (USER, key_id))


if __name__ == "__main__":
    main()
