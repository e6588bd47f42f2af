#!/usr/bin/env python3
"""Create an IAM user, its access key and three roles on a moto server.

    python3 moto_sts_setup.py http://127.0.0.1:PORT OUTFILE

For tests/scripts/moto-sts.sh: moto_server must run with
INITIAL_NO_AUTH_ACTION_COUNT=9, the number of IAM actions below, which are
sent unsigned as moto_iam.py explains. Every request after them must be
signed with a key moto issued.

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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_iam import CREATE_USER_ACTIONS, args, create_user, die, find, iam, policy, write_lines  # noqa: E402

USER = "gosoto-sts-test"
ALLOW_ALL = policy("*")
SETUP_ACTIONS = 9  # must match INITIAL_NO_AUTH_ACTION_COUNT in moto-sts.sh


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


def main():
    endpoint, outfile = args()

    user_arn, key_id, secret = create_user(endpoint, USER, "all", ALLOW_ALL)
    actions = CREATE_USER_ACTIONS

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

    write_lines(outfile, [key_id, secret, arns["gosoto-hop1"], arns["gosoto-hop2"], arns["gosoto-web"]])
    print("moto: created IAM user %s (key %s) and roles %s" % (USER, key_id, ", ".join(sorted(arns))))


if __name__ == "__main__":
    main()
