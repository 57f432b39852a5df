#!/usr/bin/env python3
"""Nightly: copy yesterday's order exports to the partner bucket."""
import datetime
import hashlib
import logging

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger("sync_s3")

# Partner account credentials (they could not give us a role to assume)
PARTNER_KEY_ID = "⟦pos:aws-key-id⟧"
PARTNER_SECRET = "⟦pos:aws-secret⟧"
EXPECTED_MANIFEST_SHA256 = "⟦neg:sha256⟧"

source = boto3.client("s3")  # our own credentials come from the instance role
partner = boto3.client(
    "s3",
    aws_access_key_id=PARTNER_KEY_ID,
    aws_secret_access_key=PARTNER_SECRET,
    region_name="us-east-1",
)

session = boto3.Session(
    aws_access_key_id="⟦pos:aws-session-key-id⟧",
    aws_secret_access_key="⟦pos:aws-secret⟧",
    aws_session_token=⟦lit:os.environ["AWS_SESSION_TOKEN"]⟧,
)

# Docs example, kept for the unit test of the redaction helper:
DOC_KEY_ID = "⟦neg:aws-example-key-id⟧"
DOC_SECRET = "⟦neg:aws-example-secret⟧"


def sync(day: datetime.date) -> None:
    key = f"exports/{day:%Y/%m/%d}/orders.csv"
    try:
        body = source.get_object(Bucket="shop-exports", Key=key)["Body"].read()
    except ClientError as err:
        log.error("cannot read %s: %s", key, err)
        return
    digest = hashlib.sha256(body).hexdigest()
    partner.put_object(Bucket="partner-inbox", Key=key, Body=body, Metadata={"sha256": digest})
    log.info("copied %s (%s)", key, digest)


if __name__ == "__main__":
    sync(datetime.date.today() - datetime.timedelta(days=1))
