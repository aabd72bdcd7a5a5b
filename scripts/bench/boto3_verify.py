"""The peer pixelshift-aws verify is measured against: the same probes, with boto3, in one process.

For each bucket, sequentially and with the user's own keys (read from a key file written by
`pixelshift-aws create-user --keys-file`): GetBucketLocation, ListObjectsV2 (MaxKeys=1), PutObject of
a small random probe under `.pixelshift-verify/`, GetObject and compare the bytes, DeleteObject.
This is what a person would write in Python to check a new key; it is what `verify` does, minus the
waiting, the report and the concurrency.

    python scripts/bench/boto3_verify.py --keys-file KEYS.json --bucket b1 --bucket b2

The endpoint and region come from AWS_ENDPOINT_URL and AWS_REGION. Exit status 0 when every probe
worked, 1 otherwise (with the first failure on stderr).
"""

import argparse
import json
import os
import secrets
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys-file", required=True)
    parser.add_argument("--bucket", action="append", required=True)
    args = parser.parse_args()

    import boto3
    from botocore.config import Config

    with open(args.keys_file, encoding="utf-8") as file:
        keys = json.load(file)
    session = boto3.session.Session(
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        region_name=os.environ.get("AWS_REGION", "us-east-1"),
    )
    s3 = session.client(
        "s3",
        endpoint_url=os.environ["AWS_ENDPOINT_URL"],
        config=Config(s3={"addressing_style": "path"}, retries={"mode": "standard"}),
    )
    for bucket in args.bucket:
        s3.get_bucket_location(Bucket=bucket)
        s3.list_objects_v2(Bucket=bucket, MaxKeys=1)
        key = f".pixelshift-verify/{secrets.token_hex(16)}"
        body = secrets.token_bytes(64)
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        try:
            got = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            if got != body:
                print(f"boto3_verify: {bucket}: read back other bytes than written", file=sys.stderr)
                return 1
        finally:
            s3.delete_object(Bucket=bucket, Key=key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
