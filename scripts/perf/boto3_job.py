"""The boto3 peer of `pixelshift-aws setup`: the same job, as a careful short boto3 script does it.

In one process, with the admin credentials from the environment (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, AWS_REGION):
1. CreateUser, tagged managed-by=pixelshift-aws;
2. CreateAccessKey, saved to a 0600 JSON key file (the `--keys-file` shape pixelshift-aws writes);
3. PutUserPolicy `pixelshift_access` with the given document (scripts/perf/bench.py passes what
   `pixelshift-aws make-policy --bucket ...` prints, so both tools grant the same);
4. with the NEW key, for each bucket, one after the other: ListObjectsV2 (MaxKeys=1), PutObject of a
   small random probe, GetObject and compare the bytes, DeleteObject.
While AWS does not know the new key yet (a few seconds after CreateAccessKey on real AWS; never on the
emulator) S3 answers InvalidAccessKeyId or AccessDenied: those are retried for up to --wait seconds,
as a careful script must. No other retries, waiting or concurrency.

    python scripts/perf/boto3_job.py --user-name U --policy-file POLICY.json --keys-file KEYS.json \
        --bucket b1 --bucket b2

Prints one JSON line ({"user", "access_key_id", "buckets", "result": "pass"}); exit status 0 when
every step worked, 1 (first failure on stderr) otherwise.
"""

import argparse
import json
import os
import secrets
import sys
import time

PROBE_PREFIX = ".pixelshift-verify/"
NOT_YET = {"InvalidAccessKeyId", "AccessDenied", "SignatureDoesNotMatch"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--user-name", required=True)
    parser.add_argument("--policy-file", required=True)
    parser.add_argument("--policy-name", default="pixelshift_access")
    parser.add_argument("--keys-file", required=True)
    parser.add_argument("--bucket", action="append", required=True)
    parser.add_argument("--wait", type=float, default=60, help="seconds to retry while the new key propagates")
    args = parser.parse_args()

    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError

    with open(args.policy_file, encoding="utf-8") as file:
        policy = json.dumps(json.load(file), separators=(",", ":"))

    iam = boto3.client("iam")
    iam.create_user(UserName=args.user_name, Tags=[{"Key": "managed-by", "Value": "pixelshift-aws"}])
    key = iam.create_access_key(UserName=args.user_name)["AccessKey"]
    fd = os.open(args.keys_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}, file)
    iam.put_user_policy(UserName=args.user_name, PolicyName=args.policy_name, PolicyDocument=policy)

    s3 = boto3.client(
        "s3",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        config=Config(s3={"addressing_style": "path"}),
    )
    deadline = time.monotonic() + args.wait

    def call(operation, **params):
        while True:
            try:
                return operation(**params)
            except ClientError as error:
                if error.response["Error"]["Code"] not in NOT_YET or time.monotonic() > deadline:
                    raise
                time.sleep(1)

    for bucket in args.bucket:
        call(s3.list_objects_v2, Bucket=bucket, MaxKeys=1)
        probe, body = PROBE_PREFIX + secrets.token_hex(16), secrets.token_bytes(64)
        call(s3.put_object, Bucket=bucket, Key=probe, Body=body)
        try:
            if call(s3.get_object, Bucket=bucket, Key=probe)["Body"].read() != body:
                print(f"boto3_job: {bucket}: read back other bytes than written", file=sys.stderr)
                return 1
        finally:
            call(s3.delete_object, Bucket=bucket, Key=probe)

    result = {"user": args.user_name, "access_key_id": key["AccessKeyId"], "buckets": len(args.bucket)}
    print(json.dumps(result | {"result": "pass"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
