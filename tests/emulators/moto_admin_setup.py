#!/usr/bin/env python3
"""Create an IAM user allowed every action, and its access key, on a moto server.

    python3 moto_admin_setup.py http://127.0.0.1:PORT OUTFILE

For tests/scripts/moto-services.sh: moto_server must run with
INITIAL_NO_AUTH_ACTION_COUNT=3, the three unauthenticated IAM actions it sends
(CreateUser, PutUserPolicy, CreateAccessKey), sent unsigned as moto_iam.py
explains. Every request after them must be signed with a key moto issued.

OUTFILE (mode 0600) receives two lines, the access key id and the secret
access key. Standard library only; talks to 127.0.0.1 only.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_iam import user_and_key_main  # noqa: E402

if __name__ == "__main__":
    user_and_key_main("gosoto-services-test", "all", "*", note=" (allowed every action)")
