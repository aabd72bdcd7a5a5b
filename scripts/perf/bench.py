"""Benchmark the whole job — `pixelshift-aws setup` — against two peers, on one emulator, in one run.

Run it through scripts/bench (which installs the dependencies, picks or builds the binary and
gives this a fresh kernel keyring session):

    scripts/bench                      # target/release binary if built, else a debug build
    scripts/bench --release            # build the release binary first
    scripts/bench --runs 3 --latency-ms 40 --json results.json
    scripts/bench --binary path/to/pixelshift-aws

The job, done from nothing each time with a FRESH IAM user name (bench-px-N, bench-b3-N, bench-s3c-N):
- pixelshift-aws: `pixelshift-aws --non-interactive --output json setup --user-name U --bucket b1,b2,..
  --keyring keyutils --keys-file DIR/U.json`: user, key (to the kernel keyring and a 0600 file),
  least-privilege inline policy, then verify with the new key (list, put, get, delete per bucket).
  A run counts only when it exits 0 and its JSON says `verify.result == "pass"`.
- boto3: scripts/perf/boto3_job.py, one Python process: CreateUser (tagged), CreateAccessKey,
  PutUserPolicy with the very document `pixelshift-aws make-policy` prints, then per bucket,
  sequentially, with the new key: ListObjectsV2, PutObject, GetObject + compare, DeleteObject.
- s3-credentials (pinned in scripts/bench): `s3-credentials create b1 b2 .. --username U
  --endpoint-url URL --access-key ID --secret-key SECRET`: user (with an S3 permissions boundary),
  one inline policy PER BUCKET, a key printed as JSON. It verifies nothing, so it does less than the
  other two.

Scenarios: 1 bucket and --buckets (default 20) buckets, each straight to the emulator ("0 ms") and
through scripts/perf/latency_proxy.py, a loopback proxy that holds every response --latency-ms
(default 40) before passing it on, as a far-away AWS endpoint would. Within a scenario the tools take
turns, round by round (order rotated), so a slow phase of the machine hits all of them alike.

Steps: start scripts/emulator.py as the tests do (moto, IAM enforced, admin keys on one JSON line; it
exits when its stdin closes); create the buckets pxb-01.. as admin; write the make-policy documents;
run every command once as a check (a fast failure must never be timed as a fast run: any failed run,
checked or timed, stops the benchmark with the command's output); then --warmup untimed and --runs
timed runs per tool and scenario; finally check that no probe object was left in any bucket.

Columns of the results table (per tool, bucket count and latency):
- wall (s): median elapsed time of a run, from spawning the process to its exit;
- CPU (s): median user + system CPU time of the process and its children (os.wait4's rusage);
- peak RSS (MiB): the largest maximum resident set size over the timed runs (ru_maxrss of the
  process, which GNU time reads with wait4: see run_child for why it runs under GNU time);
- iam+sts / s3: requests the emulator answered during one run (median; a range when runs differ),
  counted from its `pixelshift-request service=... action=...` log lines on stderr.
The ratios table divides pixelshift-aws's medians by each peer's for the same scenario (below 1:
pixelshift-aws is faster), next to the project's targets, which are printed, not asserted.

Nothing but 127.0.0.1 is contacted: every AWS_* variable of the caller is dropped, the AWS config
files point at /dev/null, instance metadata is off, HTTP(S)_PROXY is cleared, and the endpoint is the
emulator or the proxy. Every child has a timeout (--timeout); the emulator and the proxy are stopped on
every exit path. The binary is copied into a temporary directory first, so a rebuild of target/
during the run cannot change what is measured.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
from latency_proxy import LatencyProxy  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
# Short names keep the 20-bucket policy inside IAM's 2,048-character inline budget.
BUCKET_FORMAT = "pxb-{:02d}"
IAM_INLINE_BUDGET = 2048
STARTUP_TIMEOUT = 60
TOOLS = ("pixelshift-aws", "boto3", "s3-credentials")
USER_PREFIX = {"pixelshift-aws": "bench-px", "boto3": "bench-b3", "s3-credentials": "bench-s3c"}
# scripts/emulator.py logs one line per request on stderr. Not anchored at line starts: its print()
# writes the text and the newline separately, so two requests answered at once can share a line.
REQUEST_LOG = re.compile(r"pixelshift-request service=(\S+) action=(\S+) key=(\S+) status=(\d{3})")

# Targets (printed next to the ratios, not asserted).
TARGET_WALL_BOTO3_1 = 0.6  # with latency, 1 bucket
TARGET_WALL_S3C_1 = 0.9  # with latency, 1 bucket
TARGET_WALL_BOTO3_N = 0.12  # with latency, all buckets
TARGET_CPU_BOTO3 = 0.1  # without latency
TARGET_AFTER_USABLE_S = 0.3  # a new key: the job ends this soon after the key works
TARGET_REFUSED_PER_S = 5.0  # ... and no more refused requests per second of waiting
TARGET_RSS_MIB = 16.0


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> "SystemExit":
    return SystemExit(f"bench: error: {message}")


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
            raise fail(f"the emulator did not start; its stderr:\n{log_path.read_text(errors='replace')}")
        self.info = json.loads(line[0])
        if not self.info["endpoint"].startswith("http://127.0.0.1:"):
            self.stop()
            raise fail(f"the emulator is not on loopback: {self.info['endpoint']}")

    def log_size(self) -> int:
        return self._log_path.stat().st_size

    def requests_since(self, offset: int) -> list[tuple[str, str, str, str]]:
        """(service, action, key, status) of every request logged after byte `offset` of the log."""
        with open(self._log_path, "rb") as file:
            file.seek(offset)
            text = file.read().decode("utf-8", "replace")
        return REQUEST_LOG.findall(text)

    def stop(self) -> None:
        if self._child.stdin:
            self._child.stdin.close()
        try:
            self._child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()
        self._log.close()


@dataclass
class Run:
    """One finished child process."""

    argv: list[str]
    wall: float
    user: float
    sys: float
    maxrss_kib: int
    exit_code: int
    timed_out: bool
    stdout: str
    stderr: str
    requests: list[tuple[str, str, str, str]]

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    def count(self) -> dict[str, int]:
        services = Counter(service for service, _, _, _ in self.requests)
        return {
            "iam_sts": services["iam"] + services["sts"],
            "s3": services["s3"],
            "other": sum(services.values()) - services["iam"] - services["sts"] - services["s3"],
            "errors": sum(1 for *_, status in self.requests if int(status) >= 400),
        }


def find_gnu_time() -> str:
    """GNU time, which reports its child's peak RSS from its own wait4 (see run_child)."""
    path = shutil.which("time") or "/usr/bin/time"
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10)
    except OSError:
        version = None
    if not version or "GNU" not in version.stdout + version.stderr:
        raise fail("GNU time is needed to measure peak RSS (Debian: apt-get install time)")
    return path


def run_child(argv: list[str], env: dict, timeout: float, emulator: Emulator, gnu_time: str) -> Run:
    """Run argv to completion (killed after `timeout` s), measuring wall time and rusage via wait4.

    The command runs under GNU time, which is only there for the peak RSS. Linux keeps the larger of
    a process's resident high-water marks before and after exec, so a child forked by this Python
    process (tens of MiB, with boto3 loaded) would report at least that much, whatever it runs. GNU
    time is ~1 MiB: the child it forks starts from there. Wall and CPU time come from this process's
    wait4 on GNU time, which includes its child (GNU time's own share is about a millisecond).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(prefix="rss-") as rss:
        offset = emulator.log_size()
        timed_out = threading.Event()
        wrapped = [gnu_time, "--quiet", "--format", "maxrss_kib=%M", "--output", rss.name, *argv]
        start = time.perf_counter()
        child = subprocess.Popen(
            wrapped, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:
            kill()
            child.wait()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        # The emulator logs a request before it answers it, so every request of the run is logged.
        requests = emulator.requests_since(offset)
        out.seek(0)
        err.seek(0)
        found = re.search(rb"maxrss_kib=(\d+)", rss.read())
        return Run(
            argv=argv,
            wall=wall,
            user=usage.ru_utime,
            sys=usage.ru_stime,
            maxrss_kib=int(found.group(1)) if found else 0,
            exit_code=child.returncode,
            timed_out=timed_out.is_set(),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            requests=requests,
        )


def problem(tool: str, run: Run) -> str | None:
    """Why this run does not count as the job done, or None when it does."""
    if run.timed_out:
        return "timed out"
    if run.exit_code != 0:
        return f"exit status {run.exit_code}"
    if run.maxrss_kib <= 0:
        return "GNU time reported no peak RSS"
    try:
        if tool == "pixelshift-aws":
            result = json.loads(run.stdout).get("verify", {}).get("result")
            return None if result == "pass" else f"verify.result is {result!r}, not 'pass'"
        if tool == "boto3":
            result = json.loads(run.stdout.strip().splitlines()[-1]).get("result")
            return None if result == "pass" else f"result is {result!r}"
        key = json.loads(run.stdout).get("AccessKeyId", "")
        return None if key else "no AccessKeyId in its output"
    except (ValueError, IndexError, AttributeError) as error:
        return f"its output is not the expected JSON ({error})"


def environment(endpoint: str, admin: dict, config_home: Path) -> dict:
    """The admin's environment for every tool: this endpoint only, no ~/.aws, no proxies."""
    drop = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k.lower() not in drop}
    env.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID=admin["access_key_id"],
        AWS_SECRET_ACCESS_KEY=admin["secret_access_key"],
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,  # botocore reads this one
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        NO_PROXY="127.0.0.1,localhost",
        XDG_CONFIG_HOME=str(config_home),
        NO_COLOR="1",
    )
    return env


@dataclass
class Cell:
    """All timed runs of one tool in one scenario."""

    tool: str
    buckets: int
    latency_ms: float
    runs: list[Run] = field(default_factory=list)
    check: Run | None = None

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)

    def peak_rss_mib(self) -> float:
        return max(run.maxrss_kib for run in self.runs) / 1024

    def requests(self, kind: str) -> str:
        counts = [run.count()[kind] for run in self.runs]
        low, high = min(counts), max(counts)
        return str(low) if low == high else f"{low}–{high}"

    def report(self) -> dict:
        return {
            "tool": self.tool,
            "buckets": self.buckets,
            "latency_ms": self.latency_ms,
            "wall_s": [run.wall for run in self.runs],
            "user_s": [run.user for run in self.runs],
            "sys_s": [run.sys for run in self.runs],
            "maxrss_kib": [run.maxrss_kib for run in self.runs],
            "requests": [run.count() for run in self.runs],
            "median_wall_s": self.median("wall"),
            "median_cpu_s": self.median("cpu"),
            "peak_rss_mib": self.peak_rss_mib(),
            "check_run_actions": dict(Counter(f"{s}:{a}" for s, a, _, _ in self.check.requests)) if self.check else {},
        }


def verdict(value: float, target: float) -> str:
    return f"{value:.2f} (≤ {target:g} {'✓' if value <= target else '✗'})"


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark pixelshift-aws setup against boto3 and s3-credentials on one emulator",
        epilog="Run it through scripts/bench; see this file's docstring for what is measured.",
    )
    parser.add_argument("--binary", required=True, help="the pixelshift-aws binary to measure")
    parser.add_argument("--build", default="?", help="label for the report: debug or release")
    parser.add_argument("--buckets", type=int, default=20, help="the larger bucket count (default 20)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool and scenario (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before them (default 1)")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="added to every response (default 40)")
    parser.add_argument(
        "--propagation-s", type=float, default=8.0,
        help="how long the proxy refuses each new key after CreateAccessKey (default 8; 0: skip that part)",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds any one command may take")
    parser.add_argument("--json", help="also write every measurement here")
    args = parser.parse_args()
    if args.buckets < 2 or args.runs < 1 or args.warmup < 0 or args.latency_ms <= 0:
        parser.error("--buckets must be at least 2, --runs at least 1, --warmup and --latency-ms positive")
    if args.buckets > 99:
        parser.error("--buckets is at most 99 (bucket names pxb-01..pxb-99)")

    # A TERM (from scripts/bench's timeout) or HUP unwinds like Ctrl-C: the child being timed is
    # killed (it runs in its own session) and the emulator and proxy are stopped.
    def interrupted(signum: int, _frame: object) -> None:
        raise SystemExit(f"bench: stopped by signal {signal.Signals(signum).name}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    python = sys.executable
    s3_credentials = str(Path(python).parent / "s3-credentials")
    work = Path(tempfile.mkdtemp(prefix="pixelshift-bench-"))
    emulator: Emulator | None = None
    proxy: LatencyProxy | None = None
    try:
        gnu_time = find_gnu_time()
        binary = work / "pixelshift-aws"
        shutil.copy2(args.binary, binary)
        versions = {
            "pixelshift-aws": subprocess.run(
                [binary, "--version"], capture_output=True, text=True, timeout=30, check=True
            ).stdout.strip(),
            "boto3": metadata.version("boto3"),
            "s3-credentials": metadata.version("s3-credentials"),
            "moto": metadata.version("moto"),
        }
        log(f"measuring {args.binary} ({args.build} build; {versions['pixelshift-aws']})")

        log("starting the emulator")
        emulator = Emulator(python, work / "emulator.log")
        admin = emulator.info
        proxy = LatencyProxy(admin["endpoint"], args.latency_ms / 1000)
        config_home = work / "config"
        config_home.mkdir()
        endpoints = {0.0: admin["endpoint"], args.latency_ms: proxy.url}

        all_buckets = [BUCKET_FORMAT.format(i) for i in range(1, args.buckets + 1)]
        log(f"creating {len(all_buckets)} buckets as admin")
        import boto3
        from botocore.config import Config

        admin_s3 = boto3.session.Session(
            aws_access_key_id=admin["access_key_id"],
            aws_secret_access_key=admin["secret_access_key"],
            region_name=REGION,
        ).client("s3", endpoint_url=admin["endpoint"], config=Config(s3={"addressing_style": "path"}))
        offset = emulator.log_size()
        for bucket in all_buckets:
            admin_s3.create_bucket(Bucket=bucket)
        if len(emulator.requests_since(offset)) < len(all_buckets):
            raise fail(
                "the emulator logs no `pixelshift-request ...` lines, which the request counts come from; "
                "scripts/emulator.py is older than this benchmark"
            )

        # The policy pixelshift-aws attaches, for the boto3 peer to attach too.
        policies = {}
        for count in (1, args.buckets):
            made = subprocess.run(
                [binary, "make-policy", "--bucket", ",".join(all_buckets[:count])],
                capture_output=True, text=True, timeout=30, env=environment(admin["endpoint"], admin, config_home),
            )
            if made.returncode != 0:
                raise fail(f"make-policy failed:\n{made.stderr}")
            document = json.loads(made.stdout)
            size = len("".join(json.dumps(document).split()))
            if size > IAM_INLINE_BUDGET:
                raise fail(f"the {count}-bucket policy is {size} characters, over IAM's {IAM_INLINE_BUDGET}")
            policies[count] = work / f"policy-{count}.json"
            policies[count].write_text(made.stdout)

        serial = Counter()
        admin_iam = boto3.session.Session(
            aws_access_key_id=admin["access_key_id"],
            aws_secret_access_key=admin["secret_access_key"],
            region_name=REGION,
        ).client("iam", endpoint_url=admin["endpoint"])

        def remove_user(user: str) -> None:
            """Deletes a run's user (untimed), so every run of every tool meets the same emulator: moto
            looks up the signing key among all users' keys on every request, so users left behind would
            slow the later runs, and the tools that make more requests the most."""
            try:
                keys = admin_iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
            except admin_iam.exceptions.NoSuchEntityException:
                return  # the run failed before it made its user; `problem` reports it
            for key in keys:
                admin_iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
            for name in admin_iam.list_user_policies(UserName=user)["PolicyNames"]:
                admin_iam.delete_user_policy(UserName=user, PolicyName=name)
            for attached in admin_iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]:
                admin_iam.detach_user_policy(UserName=user, PolicyArn=attached["PolicyArn"])
            admin_iam.delete_user(UserName=user)

        def command(tool: str, buckets: list[str], endpoint: str) -> tuple[list[str], str]:
            serial[tool] += 1
            user = f"{USER_PREFIX[tool]}-{serial[tool]}"
            keys_file = str(work / f"{user}.json")
            if tool == "pixelshift-aws":
                return [
                    str(binary), "--non-interactive", "--output", "json", "setup", "--user-name", user,
                    "--bucket", ",".join(buckets), "--keyring", "keyutils", "--keys-file", keys_file,
                ], user
            if tool == "boto3":
                argv = [python, str(ROOT / "scripts/perf/boto3_job.py"), "--user-name", user]
                argv += ["--policy-file", str(policies[len(buckets)]), "--keys-file", keys_file]
                for bucket in buckets:
                    argv += ["--bucket", bucket]
                return argv, user
            return [
                s3_credentials, "create", *buckets, "--username", user, "--format", "json",
                "--endpoint-url", endpoint,
                "--access-key", admin["access_key_id"], "--secret-key", admin["secret_access_key"],
            ], user

        def run(tool: str, count: int, latency: float) -> Run:
            endpoint = endpoints[latency]
            argv, user = command(tool, all_buckets[:count], endpoint)
            result = run_child(argv, environment(endpoint, admin, config_home), args.timeout, emulator, gnu_time)
            remove_user(user)
            why = problem(tool, result)
            if why:
                raise fail(
                    f"{tool}, {count} bucket(s), {latency:g} ms: {why} after {result.wall:.2f} s\n"
                    f"$ {shlex.join(argv)}\n--- stdout:\n{result.stdout}\n--- stderr:\n{result.stderr}"
                )
            return result

        scenarios = [(count, latency) for latency in (0.0, args.latency_ms) for count in (1, args.buckets)]
        cells = {(tool, c, l): Cell(tool, c, l) for c, l in scenarios for tool in TOOLS}

        log("checking that every command does the job once")
        for count, latency in scenarios:
            for tool in TOOLS:
                result = run(tool, count, latency)
                cells[tool, count, latency].check = result
                n = result.count()
                log(
                    f"  ok: {tool:<14} {count:>2} bucket(s) {latency:>4g} ms  {result.wall:6.2f} s  "
                    f"iam+sts {n['iam_sts']:>3} / s3 {n['s3']:>3}  ({n['errors']} answered with an error)"
                )

        log(f"timing: {args.warmup} warm-up + {args.runs} runs per tool and scenario, tools taking turns")
        for count, latency in scenarios:
            for round_ in range(args.warmup + args.runs):
                order = TOOLS[round_ % len(TOOLS) :] + TOOLS[: round_ % len(TOOLS)]
                for tool in order:
                    result = run(tool, count, latency)
                    if round_ >= args.warmup:
                        cells[tool, count, latency].runs.append(result)
            medians = ", ".join(f"{t} {cells[t, count, latency].median('wall'):.2f} s" for t in TOOLS)
            log(f"  {count} bucket(s), {latency:g} ms: {medians}")

        leftovers = [
            f"{bucket}/{obj['Key']}"
            for bucket in all_buckets
            for obj in admin_s3.list_objects_v2(Bucket=bucket).get("Contents", [])
        ]
        if leftovers:
            raise fail(f"probe objects were left behind: {leftovers}")

        log(f"the proxy saw: {dict(sorted(proxy.seen.items()))}")

        # --- a new key that AWS refuses for a while --------------------------------------------------
        propagation_rows = []
        if args.propagation_s > 0:
            slow = LatencyProxy(admin["endpoint"], args.latency_ms / 1000, args.propagation_s)
            try:
                for count in (1, args.buckets):
                    after, noticed, refused = [], [], []
                    for _ in range(args.runs):
                        slow.key_usable.clear()
                        slow.first_accepted.clear()
                        before = slow.refused
                        argv, user = command("pixelshift-aws", all_buckets[:count], slow.url)
                        result = run_child(argv, environment(slow.url, admin, config_home), args.timeout, emulator, gnu_time)
                        done = time.monotonic()
                        remove_user(user)
                        why = problem("pixelshift-aws", result)
                        if why or len(slow.key_usable) != 1:
                            raise fail(f"propagation run, {count} bucket(s): {why or 'no new key seen'}\n{result.stderr}")
                        ((key, usable),) = slow.key_usable.items()
                        after.append(done - usable)
                        noticed.append(slow.first_accepted.get(key, done) - usable)
                        refused.append(slow.refused - before)
                    row = (count, statistics.median(after), statistics.median(noticed), statistics.median(refused))
                    propagation_rows.append(row)
                    log(f"  propagation {args.propagation_s:g} s, {count} bucket(s): done {row[1]:.2f} s after the key "
                        f"worked (first request let through after {row[2]:.2f} s), {row[3]:g} refused requests")
            finally:
                slow.stop()

        # --- report ---------------------------------------------------------------------------------
        s3c_policy = len("".join(json.dumps(_s3_credentials_policy(all_buckets[0])).split()))
        lines = [
            f"`pixelshift-aws setup` ({args.build} build, {versions['pixelshift-aws']}) vs boto3 {versions['boto3']} "
            f"vs s3-credentials {versions['s3-credentials']}: moto {versions['moto']} on 127.0.0.1, "
            f"{os.cpu_count()} CPUs, median of {args.runs} runs (+{args.warmup} warm-up), a new IAM user each run, removed after it (untimed); "
            f"latency = added to every response by a loopback proxy.",
            "",
            "| buckets | latency | tool | wall (s) | CPU (s) | peak RSS (MiB) | iam+sts / s3 requests |",
            "|--:|--:|:--|--:|--:|--:|--:|",
        ]
        for count, latency in scenarios:
            for tool in TOOLS:
                cell = cells[tool, count, latency]
                lines.append(
                    f"| {count} | {latency:g} ms | {tool} | {cell.median('wall'):.3f} | {cell.median('cpu'):.3f} "
                    f"| {cell.peak_rss_mib():.1f} | {cell.requests('iam_sts')} / {cell.requests('s3')} |"
                )
        lines += [
            "",
            "| buckets | latency | wall pixelshift/boto3 | wall pixelshift/s3-credentials | CPU pixelshift/boto3 |",
            "|--:|--:|--:|--:|--:|",
        ]
        ratios = []
        for count, latency in scenarios:
            px, b3, s3c = (cells[tool, count, latency] for tool in TOOLS)
            wall_b3 = px.median("wall") / b3.median("wall")
            wall_s3c = px.median("wall") / s3c.median("wall")
            cpu_b3 = px.median("cpu") / b3.median("cpu")
            ratios.append(
                {"buckets": count, "latency_ms": latency, "wall_boto3": wall_b3, "wall_s3_credentials": wall_s3c,
                 "cpu_boto3": cpu_b3}
            )
            if latency and count == 1:
                cols = (verdict(wall_b3, TARGET_WALL_BOTO3_1), verdict(wall_s3c, TARGET_WALL_S3C_1), f"{cpu_b3:.2f}")
            elif latency:
                cols = (verdict(wall_b3, TARGET_WALL_BOTO3_N), f"{wall_s3c:.2f}", f"{cpu_b3:.2f}")
            else:
                cols = (f"{wall_b3:.2f}", f"{wall_s3c:.2f}", verdict(cpu_b3, TARGET_CPU_BOTO3))
            lines.append(f"| {count} | {latency:g} ms | " + " | ".join(cols) + " |")
        peak = max(cells["pixelshift-aws", c, l].peak_rss_mib() for c, l in scenarios)
        lines += [
            "",
            f"Peak RSS of pixelshift-aws: {peak:.1f} MiB (target ≤ {TARGET_RSS_MIB:g} MiB "
            f"{'✓' if peak <= TARGET_RSS_MIB else '✗'}). Targets are in parentheses (✓ met, ✗ not yet).",
            f"s3-credentials verifies nothing, and puts one inline policy per bucket ({s3c_policy} characters "
            f"each): {args.buckets} buckets need {s3c_policy * args.buckets:,} of IAM's {IAM_INLINE_BUDGET:,}"
            + (" (AWS would refuse that; moto does not enforce the budget)." if s3c_policy * args.buckets
               > IAM_INLINE_BUDGET else "."),
        ]
        if propagation_rows:
            lines += [
                "",
                f"A new key refused for {args.propagation_s:g} s after CreateAccessKey (as AWS does while it "
                f"propagates), {args.latency_ms:g} ms per response, median of {args.runs}:",
                "",
                "| buckets | job done after the key works (s) | first request let through after (s) | checks after "
                "that (s) | refused requests | refused per second of waiting |",
                "|--:|--:|--:|--:|--:|--:|",
            ]
            for count, after, noticed, refused in propagation_rows:
                lines.append(
                    f"| {count} | {verdict(after, TARGET_AFTER_USABLE_S)} | {noticed:.2f} | {after - noticed:.2f} "
                    f"| {refused:g} | {verdict(refused / args.propagation_s, TARGET_REFUSED_PER_S)} |"
                )
        print("\n".join(lines))

        if args.json:
            report = {
                "build": args.build,
                "binary": args.binary,
                "versions": versions,
                "cpus": os.cpu_count(),
                "runs": args.runs,
                "warmup": args.warmup,
                "latency_ms": args.latency_ms,
                "cells": [cell.report() for cell in cells.values()],
                "ratios": ratios,
                "pixelshift_peak_rss_mib": peak,
                "proxy_saw": dict(proxy.seen),
                "propagation": [
                    {"buckets": c, "after_usable_s": a, "first_accepted_s": n, "refused": r,
                     "propagation_s": args.propagation_s}
                    for c, a, n, r in propagation_rows
                ],
            }
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
            log(f"wrote {args.json}")
        return 0
    finally:
        if proxy:
            proxy.stop()
        if emulator:
            emulator.stop()
        shutil.rmtree(work, ignore_errors=True)


def _s3_credentials_policy(bucket: str) -> dict:
    """The inline policy s3-credentials puts on its user for one bucket (read-write, no prefix)."""
    from s3_credentials import policies

    return policies.read_write(bucket, "*")


if __name__ == "__main__":
    sys.exit(main())
