#!/usr/bin/env python3
"""Create an IAM user, its access key and three roles on a moto server.

    python3 moto_sts_setup.py http://127.0.0.1:PORT OUTFILE

For tests/scripts/moto-sts.sh: moto_server must run with
INITIAL_NO_AUTH_ACTION_COUNT=9, the number of IAM actions below, which are
sent unsigned (moto routes them to IAM by the credential scope of their
Authorization header, which it does not check while it still grants
unauthenticated actions, as in moto_iam_setup.py). Every request after them
must be signed with a key moto issued.

  user  gosoto-sts-test, inline policy allowing every action, an access key
  role  gosoto-hop1: trusts the user; may do everything (so it can assume
        gosoto-hop2 and call sts:GetCallerIdentity)
  role  gosoto-hop2: trusts gosoto-hop1 (its session gosoto-hop1)
  role  gosoto-web:  trusts a web identity provider (AssumeRoleWithWebIdentity)

OUTFILE (mode 0600) receives, one per line: the access key id, the secret
access key, and the ARNs of gosoto-hop1, gosoto-hop2 and gosoto-web.
Standard library only; talks to 127.0.0.1 only.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

USER = "gosoto-sts-test"
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
SETUP_ACTIONS = 9  # must match INITIAL_NO_AUTH_ACTION_COUNT in moto-sts.sh


def die(msg):
    sys.stderr.write("moto_sts_setup.py: %s\n" % msg)
    sys.exit(1)


def trust(principal):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": principal,
                    "Action": "sts:AssumeRoleWithWebIdentity"
                    if "Federated" in principal
                    else "sts:AssumeRole",
                }
            ],
        }
    )


def iam(endpoint, action, **params):
    form = {"Action": action, "Version": "2010-05-08"}
    form.update(params)
    req = urllib.request.Request(
        endpoint + "/",
        data=urllib.parse.urlencode(form).encode(),
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
        die("usage: moto_sts_setup.py ENDPOINT OUTFILE")
    endpoint, outfile = sys.argv[1].rstrip("/"), sys.argv[2]
    host = urllib.parse.urlparse(endpoint).hostname
    if host != "127.0.0.1":
        die("refusing to talk to %r: only 127.0.0.1 is allowed" % host)

    actions = 0
    root = iam(endpoint, "CreateUser", UserName=USER)
    actions += 1
    user_arn = find(root, "Arn")
    if not user_arn:
        die("CreateUser: no Arn in the answer")
    iam(endpoint, "PutUserPolicy", UserName=USER, PolicyName="all", PolicyDocument=ALLOW_ALL)
    root = iam(endpoint, "CreateAccessKey", UserName=USER)
    actions += 2
    key_id, secret = find(root, "AccessKeyId"), find(root, "SecretAccessKey")
    if not key_id or not secret:
        die("CreateAccessKey: no AccessKeyId/SecretAccessKey in the answer")

    arns = {}
    principals = [
        ("gosoto-hop1", {"AWS": user_arn}),
        ("gosoto-hop2", None),  # trusts gosoto-hop1, known once it exists
        ("gosoto-web", {"Federated": "arn:aws:iam::123456789012:oidc-provider/gosoto.example"}),
    ]
    for name, principal in principals:
        if principal is None:
            # moto matches the caller's ARN literally: the session of
            # gosoto-hop1 that the tests open (role_session_name gosoto-hop1).
            # So only a second hop signed with that session's credentials
            # may assume gosoto-hop2.
            session = arns["gosoto-hop1"].replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
            principal = {"AWS": [arns["gosoto-hop1"], session + "/gosoto-hop1"]}
        root = iam(endpoint, "CreateRole", RoleName=name, AssumeRolePolicyDocument=trust(principal))
        arns[name] = find(root, "Arn")
        if not arns[name]:
            die("CreateRole %s: no Arn in the answer" % name)
        iam(endpoint, "PutRolePolicy", RoleName=name, PolicyName="all", PolicyDocument=ALLOW_ALL)
        actions += 2
    if actions != SETUP_ACTIONS:
        die("internal: %d set-up actions, expected %d" % (actions, SETUP_ACTIONS))

    fd = os.open(outfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join([key_id, secret, arns["gosoto-hop1"], arns["gosoto-hop2"], arns["gosoto-web"]]) + "\n")
    print("moto: created IAM user %s (key %s) and roles %s" % (USER, key_id, ", ".join(sorted(arns))))


if __name__ == "__main__":
    main()
