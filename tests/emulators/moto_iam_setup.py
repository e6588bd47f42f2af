#!/usr/bin/env python3
"""Create an IAM user with an sqs:* policy and an access key on a moto server.

    python3 moto_iam_setup.py http://127.0.0.1:PORT OUTFILE

moto_server must run with INITIAL_NO_AUTH_ACTION_COUNT=3: the three IAM
actions it sends (CreateUser, PutUserPolicy, CreateAccessKey) are the
unauthenticated ones, sent unsigned as moto_iam.py explains, and every
request after them must be signed with a key moto issued.

OUTFILE receives two lines, the access key id and the secret access key (it
is created with mode 0600). Standard library only; talks to 127.0.0.1 only.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_iam import user_and_key_main  # noqa: E402

if __name__ == "__main__":
    user_and_key_main("gosoto-test", "sqs-all", "sqs:*")
