"""What the moto_*_setup.py scripts share: unsigned IAM requests to a moto
server that still grants unauthenticated actions, and the common steps.

moto_server runs with INITIAL_NO_AUTH_ACTION_COUNT=N, and a set-up script
spends exactly those N actions on IAM; every request after them must be
signed with a key moto issued. The requests here are unsigned; moto routes
them to IAM by the credential scope of their Authorization header
(".../us-east-1/iam/aws4_request"), which it does not check while it still
grants unauthenticated actions.

Each script takes ENDPOINT OUTFILE, talks to 127.0.0.1 only and writes its
OUTFILE with mode 0600. Standard library only.
"""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

PROG = os.path.basename(sys.argv[0])


def die(msg):
    sys.stderr.write("%s: %s\n" % (PROG, msg))
    sys.exit(1)


def policy(action):
    """An IAM policy document allowing action (e.g. "sqs:*") on everything."""
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
    )


def iam(endpoint, action, **params):
    """Send one unsigned IAM action; the answer's XML root, or die."""
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
    """The text of the first element called name (any namespace), or None."""
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == name and el.text:
            return el.text
    return None


def args():
    """ENDPOINT and OUTFILE from the command line; ENDPOINT must be 127.0.0.1."""
    if len(sys.argv) != 3:
        die("usage: %s ENDPOINT OUTFILE" % PROG)
    endpoint, outfile = sys.argv[1].rstrip("/"), sys.argv[2]
    host = urllib.parse.urlparse(endpoint).hostname
    if host != "127.0.0.1":
        die("refusing to talk to %r: only 127.0.0.1 is allowed" % host)
    return endpoint, outfile


# The number of IAM actions create_user spends.
CREATE_USER_ACTIONS = 3


def create_user(endpoint, user, policy_name, policy_document):
    """CreateUser, PutUserPolicy (inline), CreateAccessKey: the user's ARN,
    access key id and secret access key."""
    root = iam(endpoint, "CreateUser", UserName=user)
    if find(root, "UserName") != user:
        die("CreateUser: unexpected answer")
    user_arn = find(root, "Arn")
    if not user_arn:
        die("CreateUser: no Arn in the answer")
    iam(endpoint, "PutUserPolicy", UserName=user, PolicyName=policy_name, PolicyDocument=policy_document)
    root = iam(endpoint, "CreateAccessKey", UserName=user)
    key_id, secret = find(root, "AccessKeyId"), find(root, "SecretAccessKey")
    if not key_id or not secret:
        die("CreateAccessKey: no AccessKeyId/SecretAccessKey in the answer")
    return user_arn, key_id, secret


def write_lines(outfile, lines):
    """Write lines to outfile, one per line, created with mode 0600."""
    fd = os.open(outfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")


def user_and_key_main(user, policy_name, action, note=""):
    """The whole of a script that creates user, allowed action by the inline
    policy policy_name, and its access key (3 IAM actions); OUTFILE receives
    two lines, the access key id and the secret access key."""
    endpoint, outfile = args()
    _, key_id, secret = create_user(endpoint, user, policy_name, policy(action))
    write_lines(outfile, [key_id, secret])
    print("moto: created IAM user %s%s with access key %s" % (user, note, key_id))
