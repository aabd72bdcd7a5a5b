"""Benchmark `pixelshift-aws verify` against a boto3 peer, on one emulator, in one invocation.

Run through scripts/bench-verify, which builds the binary and gives this a kernel keyring session.
Steps:
1. start moto's server the way the tests do (scripts/emulator.py: IAM enforced, loopback, admin keys on
   one JSON line; it exits when our end of its stdin closes, so it never outlives this script);
2. as admin, create BUCKETS buckets (the tool does not create buckets);
3. with the tool itself: `create-user` (key pair to the keyutils keyring and a 0600 key file) and
   `attach-policy` for all the buckets;
4. check once that every command under test succeeds (a fast failure must not be timed as a fast run);
5. time `verify` for 1 and for all buckets, and the boto3 peer (scripts/bench/boto3_verify.py) for the
   same, with hyperfine when it is installed (else a loop), and print medians and the ratios.

Everything is on 127.0.0.1; nothing outside the emulator is touched. Each timed command also has a
timeout, and the emulator is stopped on every exit path.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER = "iam_pixelshift_bench"
REGION = "us-east-1"
# Short names keep the 20-bucket policy well inside IAM's 2,048-character inline budget.
BUCKET_FORMAT = "pxbench-{:02d}"
STARTUP_TIMEOUT = 60
COMMAND_TIMEOUT = 120
# werkzeug's request log line: 127.0.0.1 - - [date] "GET /path HTTP/1.1" 200 -  (possibly in colour)
REQUEST_LINE = re.compile(r'^127\.0\.0\.1 - - \[[^]]*\] ".* HTTP/1\.[01].*" \d{3} ', re.MULTILINE)


def log(message: str) -> None:
    print(f"bench-verify: {message}", file=sys.stderr, flush=True)


class Emulator:
    """scripts/emulator.py as a child, as tests/cli/support/emulator.rs runs it."""

    def __init__(self, python: str, log_path: Path) -> None:
        self._log_path = log_path
        self._log = open(log_path, "wb")
        self._child = subprocess.Popen(
            [python, str(ROOT / "scripts/emulator.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        line: list[bytes] = []
        reader = threading.Thread(target=lambda: line.append(self._child.stdout.readline()), daemon=True)
        reader.start()
        reader.join(STARTUP_TIMEOUT)
        if not line or not line[0].strip():
            self.stop()
            raise SystemExit(f"bench-verify: the emulator did not start; its log is {log_path}")
        self.info = json.loads(line[0])
        if not self.info["endpoint"].startswith("http://127.0.0.1:"):
            self.stop()
            raise SystemExit(f"bench-verify: the emulator is not on loopback: {self.info['endpoint']}")

    def requests(self) -> int:
        """How many HTTP requests the emulator has answered so far (werkzeug logs one line each)."""
        self._log.flush()
        text = self._log_path.read_text(errors="replace")
        return len(REQUEST_LINE.findall(text))

    def stop(self) -> None:
        if self._child.stdin:
            self._child.stdin.close()
        try:
            self._child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()
        self._log.close()


def environment(info: dict, config_home: Path) -> dict:
    """The admin's environment for the tool and the peer: the emulator only, no ~/.aws."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=info["endpoint"],
        AWS_ACCESS_KEY_ID=info["access_key_id"],
        AWS_SECRET_ACCESS_KEY=info["secret_access_key"],
        AWS_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        XDG_CONFIG_HOME=str(config_home),
        NO_COLOR="1",
    )
    return env


def check_run(argv: list[str], env: dict, what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    if result.returncode != 0:
        raise SystemExit(
            f"bench-verify: {what} failed (exit {result.returncode}):\n{shlex.join(argv)}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def time_loop(commands: dict[str, list[str]], env: dict, runs: int, warmup: int) -> dict[str, dict]:
    """hyperfine's job, when hyperfine is missing: wall time of each run, interleaved by round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(
                argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=COMMAND_TIMEOUT, check=True
            )
            if round_ >= warmup:
                times[name].append(time.perf_counter() - start)
    return {name: summary(values) for name, values in times.items()}


def time_hyperfine(hyperfine: str, commands: dict[str, list[str]], env: dict, runs: int, warmup: int, out: Path):
    argv = [hyperfine, "--shell=none", "--runs", str(runs), "--warmup", str(warmup), "--style", "basic"]
    argv += ["--export-json", str(out)]
    for name, command in commands.items():
        argv += ["--command-name", name, shlex.join(command)]
    # hyperfine's own output (progress, per-command statistics) goes to our stderr.
    subprocess.run(argv, env=env, stdout=sys.stderr, check=True, timeout=COMMAND_TIMEOUT * (runs + warmup) * 4)
    results = json.loads(out.read_text())["results"]
    return {result["command"]: summary(result["times"]) for result in results}


def summary(times: list[float]) -> dict:
    return {
        "median": statistics.median(times),
        "mean": statistics.fmean(times),
        "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
        "min": min(times),
        "max": max(times),
        "runs": len(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark pixelshift-aws verify against boto3")
    parser.add_argument("--binary", required=True, help="the pixelshift-aws binary to measure")
    parser.add_argument("--build", default="debug", help="label for the report: debug or release")
    parser.add_argument("--buckets", type=int, default=20)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--no-hyperfine", action="store_true", help="time with a plain loop")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if args.buckets < 2 or args.runs < 1:
        parser.error("--buckets must be at least 2 and --runs at least 1")

    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="pixelshift-bench-"))
    emulator = None
    try:
        log("starting the emulator")
        emulator = Emulator(python, work / "emulator.log")
        env = environment(emulator.info, work / "config")
        buckets = [BUCKET_FORMAT.format(i) for i in range(1, args.buckets + 1)]

        log(f"creating {len(buckets)} buckets as admin")
        import boto3

        admin = boto3.session.Session(
            aws_access_key_id=emulator.info["access_key_id"],
            aws_secret_access_key=emulator.info["secret_access_key"],
            region_name=REGION,
        ).client("s3", endpoint_url=emulator.info["endpoint"])
        for bucket in buckets:
            admin.create_bucket(Bucket=bucket)

        keys_file = work / "keys.json"
        log(f"create-user {USER} and attach-policy for {len(buckets)} buckets (the tool itself)")
        tool = [args.binary]
        check_run(
            tool + ["create-user", "--user-name", USER, "--keyring", "keyutils", "--keys-file", str(keys_file)],
            env,
            "create-user",
        )
        check_run(tool + ["attach-policy", "--user-name", USER, "--bucket", ",".join(buckets)], env, "attach-policy")

        def verify(selected: list[str]) -> list[str]:
            options = ["--user-name", USER, "--keys-file", str(keys_file), "--wait", "10"]
            return tool + ["--quiet", "--output", "json", "verify", *options, "--bucket", ",".join(selected)]

        def peer(selected: list[str]) -> list[str]:
            argv = [python, str(ROOT / "scripts/bench/boto3_verify.py"), "--keys-file", str(keys_file)]
            for bucket in selected:
                argv += ["--bucket", bucket]
            return argv

        n = len(buckets)
        commands = {
            "pixelshift verify, 1 bucket": verify(buckets[:1]),
            "boto3 peer, 1 bucket": peer(buckets[:1]),
            f"pixelshift verify, {n} buckets": verify(buckets),
            f"boto3 peer, {n} buckets": peer(buckets),
        }
        requests = {}
        for name, argv in commands.items():
            before = emulator.requests()
            result = check_run(argv, env, name)
            requests[name] = emulator.requests() - before
            if name.startswith("pixelshift"):
                doc = json.loads(result.stdout)
                if doc.get("result") != "pass":
                    raise SystemExit(f"bench-verify: {name} did not pass:\n{result.stdout}\n{result.stderr}")

        hyperfine = None if args.no_hyperfine else shutil.which("hyperfine")
        log(f"timing {args.runs} runs of each ({'hyperfine' if hyperfine else 'a plain loop'}, {args.build} build)")
        if hyperfine:
            results = time_hyperfine(hyperfine, commands, env, args.runs, args.warmup, work / "hyperfine.json")
        else:
            results = time_loop(commands, env, args.runs, args.warmup)

        leftovers = [
            f"{bucket}/{obj['Key']}"
            for bucket in buckets
            for obj in admin.list_objects_v2(Bucket=bucket).get("Contents", [])
        ]
        if leftovers:
            raise SystemExit(f"bench-verify: probe objects were left behind: {leftovers}")

        print(
            f"\npixelshift-aws verify ({args.build} build) vs boto3 {boto3.__version__}, moto on loopback, "
            f"{args.runs} runs each (seconds)"
        )
        print(f"  {'command':<32} {'median':>7}   {'mean ± sd':<13}   {'min..max':<12}   requests/run")
        for name, s in results.items():
            print(
                f"  {name:<32} {s['median']:7.3f}   {s['mean']:.3f} ± {s['stddev']:.3f}   "
                f"{s['min']:.3f}..{s['max']:.3f}   {requests[name]}"
            )
        ratios = {}
        for count in (1, n):
            label = "bucket" if count == 1 else "buckets"
            mine = results[f"pixelshift verify, {count} {label}"]["median"]
            theirs = results[f"boto3 peer, {count} {label}"]["median"]
            ratios[count] = mine / theirs
            print(f"  ratio pixelshift/boto3, {count} {label}: {ratios[count]:.2f}")
        if args.json:
            report = {
                "build": args.build,
                "runs": args.runs,
                "results": results,
                "requests": requests,
                "ratios": {str(count): ratio for count, ratio in ratios.items()},
            }
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        return 0
    finally:
        if emulator:
            emulator.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
