"""Benchmark setup across accounts (#20): `setup --org` for 10 member accounts against the same for 1.

Run it through scripts/bench --accounts N (which installs the dependencies, picks or builds the binary
and gives this a fresh kernel keyring session).

On one emulator (scripts/emulator.py, IAM enforced), an Organization with N member accounts is made
with boto3 as the tests make one (create_organization, create_account; each member reached through
its OrganizationAccountAccessRole), each with one bucket pxa-NN. Then, through the loopback latency
proxy (every response held --latency-ms, default 40, as a far-away AWS endpoint would), round by
round with the order alternated:

- one account:  pixelshift-aws --non-interactive --output json setup --org --accounts ID0
                --bucket ID0:pxa-00 --user-name bench-one-R --keyring keyutils
- N accounts:   the same with --accounts ID0,..,IDn and each account's bucket.

Each run makes a fresh user (and key, policy, verify) in every account it covers, and counts only when
it exits 0 and every account's result is `ok` with `verify.result == "pass"`. The ratio of the medians
(N accounts over one) is printed next to the target (2x), not asserted. Requests are counted from the
emulator's log, per account.

Why the emulator bounds the ratio from below: it serves every account's requests in one Python
process under the GIL (about 4-5 ms of CPU each), so N accounts' requests, which on AWS are served in
parallel, queue here. The "emulator floor" column is the N-account run's request count times the
emulator's own per-request time measured without latency in the same invocation.
"""

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import REGION, Emulator, environment, fail, find_gnu_time, log, run_child  # noqa: E402
from latency_proxy import LatencyProxy  # noqa: E402

ORG_ROLE = "OrganizationAccountAccessRole"


def organization(endpoint: str, admin: dict, count: int) -> list[str]:
    """An Organization with `count` member accounts, each with its bucket pxa-NN: their ids."""
    import boto3

    def client(service, key=admin["access_key_id"], secret=admin["secret_access_key"], token=None):
        return boto3.client(service, endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
                            aws_session_token=token, region_name=REGION)

    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    ids = []
    for index in range(count):
        status = org.create_account(AccountName=f"bench-{index:02d}", Email=f"bench-{index:02d}@example.invalid")
        account = status["CreateAccountStatus"]["AccountId"]
        role = f"arn:aws:iam::{account}:role/{ORG_ROLE}"
        creds = client("sts").assume_role(RoleArn=role, RoleSessionName="bench")["Credentials"]
        s3 = client("s3", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        s3.create_bucket(Bucket=f"pxa-{index:02d}")
        ids.append(account)
    return ids


def argv(binary: str, ids: list[str], user: str) -> list[str]:
    buckets = ",".join(f"{account}:pxa-{index:02d}" for index, account in enumerate(ids))
    return [
        binary, "--non-interactive", "--output", "json", "setup", "--org", "--accounts", ",".join(ids),
        "--bucket", buckets, "--user-name", user, "--keyring", "keyutils",
    ]


def problem(run, count: int) -> str | None:
    if run.timed_out:
        return "timed out"
    if run.exit_code != 0:
        return f"exit status {run.exit_code}"
    try:
        rows = json.loads(run.stdout)
    except ValueError as error:
        return f"its output is not JSON ({error})"
    if len(rows) != count:
        return f"{len(rows)} accounts answered, not {count}"
    bad = [r["account"] for r in rows if r["result"] != "ok" or r["report"]["verify"]["result"] != "pass"]
    return f"not done and verified in {', '.join(bad)}" if bad else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--build", default="given")
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--latency-ms", type=float, default=40.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.accounts < 2:
        raise fail("--accounts: at least 2, to compare with one")

    gnu_time = find_gnu_time()
    with tempfile.TemporaryDirectory(prefix="pixelshift-bench-accounts-") as scratch:
        scratch = Path(scratch)
        emulator = Emulator(sys.executable, scratch / "emulator.log")
        proxy = None
        try:
            admin = emulator.info
            log(f"an Organization of {args.accounts} member accounts, a bucket in each")
            ids = organization(admin["endpoint"], admin, args.accounts)
            proxy = LatencyProxy(admin["endpoint"], args.latency_ms / 1000)
            env = environment(proxy.url, admin, scratch / "config")
            direct = environment(admin["endpoint"], admin, scratch / "config")
            cells = {1: [], args.accounts: []}
            counts = {1: [], args.accounts: []}
            floor_runs = []
            total = args.warmup + args.runs
            for round_ in range(total):
                order = [1, args.accounts] if round_ % 2 == 0 else [args.accounts, 1]
                for count in order:
                    run = run_child(argv(args.binary, ids[:count], f"bench-{count}-{round_}"), env, args.timeout,
                                    emulator, gnu_time)
                    why = problem(run, count)
                    if why:
                        raise fail(f"{count} account(s), round {round_}: {why}\n{run.stderr[-4000:]}")
                    if round_ >= args.warmup:
                        cells[count].append(run.wall)
                        counts[count].append(len(run.requests))
                # The emulator's own cost, without latency: the same N-account job straight to it.
                run = run_child(argv(args.binary, ids, f"bench-direct-{round_}"), direct, args.timeout, emulator,
                                gnu_time)
                why = problem(run, args.accounts)
                if why:
                    raise fail(f"{args.accounts} accounts without latency, round {round_}: {why}")
                if round_ >= args.warmup:
                    floor_runs.append(run.wall)
        finally:
            if proxy:
                proxy.stop()
            emulator.stop()

    one, many = statistics.median(cells[1]), statistics.median(cells[args.accounts])
    ratio = many / one
    floor = statistics.median(floor_runs)
    per_account = statistics.median(counts[args.accounts]) / args.accounts
    print(f"setup across accounts ({args.build} build), {args.latency_ms:g} ms per response, median of {args.runs}\n")
    print("| accounts | wall (s) | requests per account |")
    print("|--:|--:|--:|")
    print(f"| 1 | {one:.3f} | {statistics.median(counts[1]):.0f} |")
    print(f"| {args.accounts} | {many:.3f} | {per_account:.0f} |")
    verdict = "meets" if ratio <= 2 else "misses"
    print(f"\n{args.accounts} accounts take {ratio:.2f}x the time of one ({verdict} the target: at most 2x).")
    print(f"The same {args.accounts}-account job straight to the emulator (no latency) takes {floor:.3f} s: "
          "the emulator's own serial cost, which latency cannot hide.")
    if args.json:
        args.json.write_text(json.dumps({
            "accounts": args.accounts, "latency_ms": args.latency_ms, "runs": args.runs,
            "one_account_s": one, "many_accounts_s": many, "ratio": ratio, "target": 2.0,
            "no_latency_many_s": floor, "requests_per_account": per_account,
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
