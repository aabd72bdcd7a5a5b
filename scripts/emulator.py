"""Run moto's server on loopback as an AWS emulator that enforces IAM policies.

Used by the integration tests (tests/cli/support/emulator.rs); run it with the project venv's Python
(`.venv/bin/python scripts/emulator.py`, installed by scripts/install-test-deps).

What it does, in order:

1. Sets INITIAL_NO_AUTH_ACTION_COUNT before moto is imported (moto reads it once, at import): the
   first BOOTSTRAP_REQUESTS requests are let through unsigned; every later request must be signed by a
   key moto issued and is checked against that key's IAM policies. Also sets MOTO_ACCOUNT_ID to a
   random 12-digit account id, so every emulator instance is its own AWS account: tests running in
   parallel never share keyring entries, which are named `<account-id>/<user-name>`.
2. Fixes three moto 5.2 bugs that only show with the AWS SDK for Rust (boto3 never hits them), so the
   emulator answers the tool as AWS would:
   - `keep_raw_form_bodies`: moto refused, as SignatureDoesNotMatch, any correctly signed IAM/STS call
     with a space in a parameter, such as PutUserPolicy with a pretty-printed policy document;
   - `aws_query_auth_errors`: moto's AccessDenied, SignatureDoesNotMatch and InvalidClientTokenId for
     IAM/STS had an XML shape the SDK cannot read, so their error code came out as None;
   - `s3_versioning_root`: moto answered GetBucketVersioning with the root element
     `GetBucketVersioningResponse`, where AWS sends `VersioningConfiguration`; the SDK refuses the
     former, so no versioned bucket could be recognised.
   - `user_permissions_boundary`: moto 5.2 has permissions boundaries for roles only; AWS has them for
     users too (PutUserPermissionsBoundary, DeleteUserPermissionsBoundary, and GetUser naming the
     boundary). Stored and reported, not enforced (nor are roles' in moto): the fault proxy plays
     AWS's refusal where a test needs one.
   - `user_tags_survive_a_move`: moto keeps a user's tags under its ARN, which UpdateUser with a new
     path changes, so a moved user lost its tags; on AWS they stay with the user. pixelshift-aws
     moves the users it manages under `/pixelshift-aws/`, and the tag is what says they are its own.
   - `organization_member_accounts`: the `OrganizationAccountAccessRole` moto makes in an account
     `organizations create-account` creates gets the administrator access AWS gives it (moto gave
     it no permissions); AssumeRole is refused, as on AWS, when the role does not
     exist, its trust policy does not name the caller (or its account), or its `sts:ExternalId`
     condition is not met; and credentials from AssumeRole into a member account are accepted there
     (moto put every request in the MOTO_ACCOUNT_ID account, so the member's credentials were unknown).
   And one change of cost, not of behaviour: `cached_module_list` lists moto's service packages once
   instead of on every request.
3. Starts moto's server (as moto's ThreadedMotoServer does) on 127.0.0.1, port 0: the kernel picks a
   free port while the server binds it, so there is no window in which another process can take it.
4. Spends exactly the unsigned budget bootstrapping an administrator: user `admin`, an inline policy
   allowing `*` on `*`, and an access key.
5. Checks that enforcement is on (an unsigned request, an unknown key and a wrong secret are refused;
   the admin key works), that the fixes apply (the Organization one only with
   PIXELSHIFT_EMULATOR_ORGANIZATIONS=1, for the tests that use it: it costs 0.7 s), and that STS
   reports the random account id. A launcher that silently ran an open emulator would
   make every "denied" assertion in the tests meaningless.
6. Prints one JSON line on stdout and flushes it:
   {"endpoint": "http://127.0.0.1:PORT", "access_key_id": "...", "secret_access_key": "...",
    "account_id": "..."}
7. Blocks reading stdin until end of file, then exits, which closes the server. The parent holds the
   write end of the pipe: when it exits, panics or is killed, the pipe closes and the emulator goes
   with it, so no server outlives the test that started it.

Only stdout carries the JSON line; everything else (moto's and werkzeug's request log, errors) goes to
stderr. Exit status is non-zero if bootstrap or a check fails, and 3 if moto cannot be imported.
"""

import io
import json
import os
import re
import secrets
import sys
import threading
import urllib.error
import urllib.request

# The bootstrap makes exactly these unsigned calls: CreateUser, PutUserPolicy, CreateAccessKey.
# Keep this number and the calls in step.
BOOTSTRAP_REQUESTS = 3
REGION = "us-east-1"
# Exit status when moto cannot be imported; the Rust harness turns it into "emulator not found".
EXIT_NO_MOTO = 3
ADMIN_USER = "admin"
ADMIN_POLICY_NAME = "admin"
ADMIN_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
# WSGI environ key under which a form-encoded request body is kept, as received.
RAW_FORM_BODY = "pixelshift.raw_form_body"


def isolate_environment() -> None:
    """Make this process ignore the developer's AWS setup, and make moto enforce IAM."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            del os.environ[name]
    # boto3 (the bootstrap client) must not read ~/.aws.
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    # Must be set before `import moto`: moto.settings reads it at import time.
    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(BOOTSTRAP_REQUESTS)
    # moto puts every request in this account (it overrides the x-moto-account-id header and the
    # account of the signing key). Set before `import moto` too, so nothing can cache the default
    # 123456789012. No leading zero: an account id that int() and back would change invites bugs.
    os.environ["MOTO_ACCOUNT_ID"] = str(10**11 + secrets.randbelow(9 * 10**11))
    # AWS's own managed policies (arn:aws:iam::aws:policy/...), such as AmazonS3FullAccess, exist in
    # moto only when it loads them at start (slower, so only for the tests that attach one).
    if os.environ.get("PIXELSHIFT_EMULATOR_AWS_MANAGED_POLICIES") == "1":
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"


# ----------------------------------------------------------------------------------------------------
# Fixes to moto 5.2.5 (pinned in scripts/install-test-deps). Each is checked at start-up below, so a
# moto upgrade that moves the code they patch fails loudly instead of silently losing the fix.
# ----------------------------------------------------------------------------------------------------


def keep_raw_form_bodies() -> type:
    """Check signatures of form-encoded (query protocol: IAM, STS) requests over the bytes as sent.

    moto rebuilds such a body from the parsed form with Python's urlencode (space -> "+") and hashes
    that. The AWS SDK for Rust encodes a space as "%20" (botocore uses "+"), so moto computed another
    signature and answered SignatureDoesNotMatch for any parameter containing a space. AWS checks the
    bytes it received. Returns the request handler class that keeps those bytes in the WSGI environ;
    the signature check is patched to use them.
    """
    from moto.iam.access_control import IAMRequestBase
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    class RawFormBodyHandler(MotoRequestHandler):
        def make_environ(self):  # type: ignore[no-untyped-def]
            environ = super().make_environ()
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            form = environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
            if form and length > 0:
                body = environ["wsgi.input"].read(length)
                environ["wsgi.input"] = io.BytesIO(body)
                environ[RAW_FORM_BODY] = body
            return environ

    create_aws_request = IAMRequestBase._create_aws_request

    def create_aws_request_over_raw_body(self):  # type: ignore[no-untyped-def]
        request = create_aws_request(self)
        environ = getattr(self._headers, "environ", None) or {}
        raw = environ.get(RAW_FORM_BODY)
        if raw is not None and not self._body:
            request.data = raw
        return request

    IAMRequestBase._create_aws_request = create_aws_request_over_raw_body
    return RawFormBodyHandler


def aws_query_auth_errors() -> None:
    """Give moto's authorization errors the XML shape IAM and STS use.

    AWS (query protocol): <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>...
    moto 5.2 sends <ErrorResponse><Errors><Error>... for AccessDenied, SignatureDoesNotMatch,
    InvalidClientTokenId and AuthFailure. botocore reads both; the AWS SDK for Rust finds no error code
    in moto's, so `code()` was None where AWS gives "AccessDenied". moto raises S3's own authorization
    errors separately (already in S3's shape); of the services this project emulates, only IAM and STS
    reach these classes.
    """
    from moto.core import exceptions
    from xmltodict import unparse

    for cls in (
        exceptions.AccessDeniedError,
        exceptions.SignatureDoesNotMatchError,
        exceptions.InvalidClientTokenIdError,
        exceptions.AuthFailureError,
    ):
        original_init = cls.__init__

        def __init__(self, *args, _original_init=original_init, **kwargs):  # type: ignore[no-untyped-def]
            _original_init(self, *args, **kwargs)
            error = {"Type": "Sender", "Code": self.error_type, "Message": self.message}
            response = {"ErrorResponse": {"Error": error, "RequestId": "pixelshift-emulator"}}
            self.description = unparse(response, full_document=True)

        cls.__init__ = __init__


def s3_versioning_root() -> None:
    """Answer GetBucketVersioning with AWS's root element, `VersioningConfiguration`.

    moto 5.2 serialises the output with the query protocol's `<OperationResponse>` root. botocore does
    not look at the root; the AWS SDK for Rust checks it and fails with "expected
    VersioningConfiguration", so a versioned bucket looked like an error.
    """
    from moto.s3.responses import S3Response

    original = S3Response.get_bucket_versioning

    def get_bucket_versioning(self):  # type: ignore[no-untyped-def]
        status, headers, body = original(self)
        text = body.decode() if isinstance(body, bytes) else body
        text = text.replace("<GetBucketVersioningResponse", "<VersioningConfiguration")
        text = text.replace("</GetBucketVersioningResponse>", "</VersioningConfiguration>")
        return status, headers, text

    S3Response.get_bucket_versioning = get_bucket_versioning


def user_permissions_boundary() -> None:
    """Let IAM users have a permissions boundary, as on AWS: put, delete, and shown by GetUser (not by
    ListUsers, as on AWS). verify reads it to explain a refusal."""
    from moto.core.responses import EmptyResult
    from moto.core.serialize import never_return, return_if_not_empty
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import User
    from moto.iam.responses import IamResponse

    User.permissions_boundary_arn = None

    def permissions_boundary(self):  # type: ignore[no-untyped-def]
        if self.permissions_boundary_arn:
            return {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                    "PermissionsBoundaryArn": self.permissions_boundary_arn}
        return None

    User.permissions_boundary = property(permissions_boundary)

    def put_user_permissions_boundary(self):  # type: ignore[no-untyped-def]
        arn = self._get_param("PermissionsBoundary")
        # The policy must exist, as AWS checks (moto's roles do not).
        try:
            self.backend.get_policy(arn)
        except NotFoundException:
            if not arn.startswith("arn:aws:iam::aws:policy/"):
                raise
        self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = arn
        return EmptyResult()

    def delete_user_permissions_boundary(self):  # type: ignore[no-untyped-def]
        self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = None
        return EmptyResult()

    IamResponse.put_user_permissions_boundary = put_user_permissions_boundary
    IamResponse.delete_user_permissions_boundary = delete_user_permissions_boundary
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER["GetUserResponse.User.PermissionsBoundary"] = return_if_not_empty
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER["ListUsersResponse.Users.User.PermissionsBoundary"] = never_return


def user_tags_survive_a_move() -> None:
    """Keep a user's tags when UpdateUser gives it a new path (its ARN changes; on AWS tags stay)."""
    from moto.iam.models import IAMBackend

    original = IAMBackend.update_user

    def update_user(self, user_name, new_path=None, new_user_name=None):  # type: ignore[no-untyped-def]
        user = self.users.get(user_name)
        before = user.arn if user is not None else None
        original(self, user_name, new_path, new_user_name)
        if user is not None and user.arn != before:
            tags = self.tagger.list_tags_for_resource(before)["Tags"]
            self.tagger.delete_all_tags_for_resource(before)
            if tags:
                self.tagger.tag_resource(user.arn, tags)

    IAMBackend.update_user = update_user


ORG_ROLE = "OrganizationAccountAccessRole"


def organization_member_accounts() -> None:
    """Make an AWS Organization's member accounts reachable as on AWS: the role AWS creates in an
    account the Organization creates, AssumeRole that honours a role's existence and trust policy,
    and requests signed with a member account's temporary credentials served in that account."""
    from moto.core.responses import BaseResponse
    from moto.iam.models import iam_backends
    from moto.organizations.models import OrganizationsBackend
    from moto.sts.exceptions import STSClientError
    from moto.sts.responses import TokenResponse

    home = os.environ["MOTO_ACCOUNT_ID"]

    def account_of_key(key: str) -> str | None:
        for account_id, account in list(iam_backends.items()):
            if key in account["aws"].access_keys:
                return account_id
        return None

    # Every request in the account whose key signed it; unknown keys (unsigned bootstrap, a wrong
    # key that must be refused) in this emulator's own account, as before.
    def get_current_account(self):  # type: ignore[no-untyped-def]
        return account_of_key(self.get_access_key()) or home

    BaseResponse.get_current_account = get_current_account

    create_account = OrganizationsBackend.create_account

    def create_account_with_role(self, **kwargs):  # type: ignore[no-untyped-def]
        status = create_account(self, **kwargs)
        member = status["CreateAccountStatus"]["AccountId"]
        # moto makes the role (trusting the management account) but gives it no permissions; AWS
        # gives it full administrator access.
        role = kwargs.get("RoleName") or ORG_ROLE
        iam_backends[member]["aws"].put_role_policy(role, "AdministratorAccess", json.dumps(ADMIN_POLICY))
        return status

    OrganizationsBackend.create_account = create_account_with_role

    assume_role = TokenResponse.assume_role

    def caller_arn(key: str, account_id: str) -> str:
        iam = iam_backends[account_id]["aws"]
        found = iam.access_keys.get(key)
        for user in iam.users.values():
            if any(k.access_key_id == key for k in user.access_keys):
                return user.arn
        return getattr(found, "role_arn", None) or f"arn:aws:iam::{account_id}:root"

    def checked_assume_role(self):  # type: ignore[no-untyped-def]
        role_arn = self._get_param("RoleArn") or ""
        key = self.get_access_key()
        caller_account = account_of_key(key) or home
        caller = caller_arn(key, caller_account)
        refused = STSClientError(
            "AccessDenied", f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
        )
        match = re.match(r"arn:aws:iam::([0-9]{12}):role/(?:.*/)?([^/]+)$", role_arn)
        if not match or match.group(1) not in iam_backends:
            raise refused
        try:
            role = iam_backends[match.group(1)]["aws"].get_role(match.group(2))
        except Exception:
            raise refused from None
        if not trusts(json.loads(role.assume_role_policy_document), caller, caller_account,
                      self._get_param("ExternalId")):
            raise refused
        return assume_role(self)

    TokenResponse.assume_role = checked_assume_role


def trusts(policy: dict, caller: str, account: str, external_id: str | None) -> bool:
    """Whether a role's trust policy lets `caller` (of `account`) assume it: an Allow of
    sts:AssumeRole naming the caller, its account or its account's root, with a matching
    `sts:ExternalId` when it asks for one. Deny statements and other conditions are not evaluated."""
    statements = policy.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]

    def listed(value):  # type: ignore[no-untyped-def]
        return value if isinstance(value, list) else [value]

    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        if not any(a in ("sts:AssumeRole", "sts:*", "*") for a in listed(statement.get("Action", []))):
            continue
        principal = statement.get("Principal", {})
        named = listed(principal.get("AWS", [])) if isinstance(principal, dict) else listed(principal)
        if not any(p in ("*", caller, account, f"arn:aws:iam::{account}:root") for p in named):
            continue
        wanted = statement.get("Condition", {}).get("StringEquals", {}).get("sts:ExternalId")
        if wanted is not None and external_id not in listed(wanted):
            continue
        return True
    return False


def cached_module_list() -> None:
    """List moto's service packages once, not on every request.

    moto's dispatcher calls `backends.list_of_moto_modules()` for each request's host, and that lists
    moto's package directory and stats each of its ~175 entries anew (140,000 `stat`s per 800 requests,
    about a third of the server's time per signed request here). The list cannot change while the
    server runs, so the answer is the same; only the cost goes. This changes no answer the tool sees: it
    keeps the emulator's own time per request from hiding the tool's (scripts/bench).
    """
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules


# One line per request on stderr, for tests and benchmarks that count calls (the request budgets of
# DESIGN §3): `pixelshift-request service=iam action=CreateUser key=AKIA... status=200`. werkzeug's own
# log line names only the path, and every IAM and STS call is `POST /`. After the status, what the call
# acts on: IAM's naming parameters (those of IAM_TARGET_PARAMETERS it has, `UserName=pix PolicyName=p`)
# and S3's path (`path=/bucket/key`), each value %-quoted so a line always splits on spaces. Tests
# compare them with a dry run's targets (tests/cli/plan.rs).
REQUEST_LOG_PREFIX = "pixelshift-request"
IAM_TARGET_PARAMETERS = ("UserName", "PolicyName", "PolicyArn", "AccessKeyId", "VersionId", "Path", "GroupName")


def s3_action(method: str, path: str, query: str) -> str:
    """The S3 operation a REST request performs, from its method, path and query (path-style)."""
    params = {part.split("=", 1)[0] for part in query.split("&") if part}
    parts = [p for p in path.split("/") if p]
    if not parts:
        return "ListBuckets" if method == "GET" else f"{method}Service"
    if len(parts) == 1:
        if "location" in params:
            return "GetBucketLocation"
        if "uploads" in params:
            return "ListMultipartUploads"
        if "delete" in params:
            return "DeleteObjects"
        if "policy" in params:
            return f"{method.title()}BucketPolicy"
        if "versioning" in params:
            return f"{method.title()}BucketVersioning"
        if "object-lock" in params:
            return f"{method.title()}ObjectLockConfiguration"
        if "versions" in params:
            return "ListObjectVersions"
        if "encryption" in params:
            return f"{method.title()}BucketEncryption"
        if method == "GET":
            return "ListObjectsV2" if "list-type" in params else "ListObjects"
        return {"HEAD": "HeadBucket", "PUT": "CreateBucket", "DELETE": "DeleteBucket"}.get(method, f"{method}Bucket")
    if "uploads" in params:
        return "CreateMultipartUpload"
    if "uploadId" in params:
        return {"PUT": "UploadPart", "POST": "CompleteMultipartUpload", "DELETE": "AbortMultipartUpload", "GET": "ListParts"}.get(method, method)
    return {"GET": "GetObject", "PUT": "PutObject", "DELETE": "DeleteObject", "HEAD": "HeadObject"}.get(method, f"{method}Object")


def request_logging(app):  # type: ignore[no-untyped-def]
    """Wrap the WSGI app so every request is logged with its service, action, signing key and status."""
    from urllib.parse import parse_qs, quote

    credential = re.compile(r"Credential=([^/,\s]+)/[^/]+/[^/]+/([^/]+)/")

    def logged(environ, start_response):  # type: ignore[no-untyped-def]
        found = credential.search(environ.get("HTTP_AUTHORIZATION", ""))
        key, service = (found.group(1), found.group(2)) if found else ("-", "-")
        raw = environ.get(RAW_FORM_BODY)
        targets = []
        if raw is not None:
            form = parse_qs(raw.decode("utf-8", "replace"))
            action = form.get("Action", ["-"])[0]
            targets = [(name, form[name][0]) for name in IAM_TARGET_PARAMETERS if name in form]
        elif service == "s3":
            action = s3_action(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            targets = [("path", environ.get("PATH_INFO", ""))]
        else:
            action = "-"
        target = "".join(f" {name}={quote(value, safe='/:@+=,.-_*')}" for name, value in targets)

        def start(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
            code = status.split(" ", 1)[0]
            # Led by a newline: werkzeug's own log line (another thread's) writes its text and its newline
            # separately, so without it this line could land after that text, on the same line.
            line = f"\n{REQUEST_LOG_PREFIX} service={service} action={action} key={key} status={code}{target}\n"
            # One write(2) per line: requests are served on many threads, and print() writes the text
            # and its newline separately, so concurrent lines would interleave.
            sys.stderr.flush()
            os.write(2, line.encode())
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return logged


class Server:
    """moto's server on a thread, like moto.server.ThreadedMotoServer, with our request handler."""

    def __init__(self, handler: type) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server

        app = request_logging(DomainDispatcherApplication(create_backend_app))
        # Port 0: the kernel picks a free port as the socket is bound; nothing can take it first.
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()


# ----------------------------------------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------------------------------------


def client(service: str, endpoint: str, key_id: str, secret: str, token: str | None = None):  # type: ignore[no-untyped-def]
    import boto3
    from botocore.config import Config

    config = Config(
        # One attempt only: a retried bootstrap call would spend the unsigned budget twice.
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
        # `bucket.127.0.0.1` does not resolve.
        s3={"addressing_style": "path"},
    )
    session = boto3.session.Session(
        aws_access_key_id=key_id, aws_secret_access_key=secret, aws_session_token=token, region_name=REGION
    )
    return session.client(service, endpoint_url=endpoint, config=config)


def signed_query(endpoint: str, body: bytes, key_id: str, secret: str) -> tuple[int, bytes]:
    """POST an IAM query-protocol body exactly as given (no re-encoding), SigV4-signed by botocore."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(
        method="POST",
        url=endpoint + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    SigV4Auth(Credentials(key_id, secret), "iam", REGION).add_auth(request)
    prepared = request.prepare()
    http = urllib.request.Request(prepared.url, data=body, headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(http, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


# ----------------------------------------------------------------------------------------------------
# Bootstrap and checks
# ----------------------------------------------------------------------------------------------------


def bootstrap(endpoint: str) -> dict:
    """Create the admin user, its policy and its key with the unsigned budget."""
    iam = client("iam", endpoint, "bootstrap", "bootstrap")
    user = iam.create_user(UserName=ADMIN_USER)["User"]  # 1
    iam.put_user_policy(  # 2
        UserName=ADMIN_USER,
        PolicyName=ADMIN_POLICY_NAME,
        PolicyDocument=json.dumps(ADMIN_POLICY),
    )
    key = iam.create_access_key(UserName=ADMIN_USER)["AccessKey"]  # 3
    return {
        "endpoint": endpoint,
        "access_key_id": key["AccessKeyId"],
        "secret_access_key": key["SecretAccessKey"],
        # arn:aws:iam::ACCOUNT:user/admin
        "account_id": user["Arn"].split(":")[4],
    }


def fail(message: str) -> None:
    raise SystemExit(f"emulator: {message}")


def check(info: dict) -> None:
    """Fail loudly unless IAM is enforced and every fix applies."""
    endpoint = info["endpoint"]
    key_id, secret = info["access_key_id"], info["secret_access_key"]

    # Unsigned. Without an Authorization header moto cannot tell the service and dispatches to S3
    # (here: ListBuckets), whose authorizer fails on the missing header with HTTP 500 rather than 403;
    # either way the action does not run.
    print(
        "emulator: checking that an unsigned request is refused "
        "(moto logs a KeyError traceback for it: expected)",
        file=sys.stderr,
    )
    try:
        with urllib.request.urlopen(endpoint + "/", timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    if status < 400:
        fail(f"IAM is not enforced: an unsigned request got HTTP {status}")

    # Signed wrongly: refused, with the error shape IAM uses (the aws_query_auth_errors fix).
    list_users = b"Action=ListUsers&Version=2010-05-08"
    for label, key, expected in [
        ("an unknown key", ("AKIAUNKNOWNKEY000000", "not-a-secret"), "InvalidClientTokenId"),
        ("a wrong secret", (key_id, "wrong-secret"), "SignatureDoesNotMatch"),
    ]:
        status, body = signed_query(endpoint, list_users, *key)
        if status == 200:
            fail(f"IAM is not enforced: a request signed with {label} was allowed")
        shape = f"<ErrorResponse><Error><Type>Sender</Type><Code>{expected}</Code>".encode()
        if status != 403 or shape not in body:
            fail(f"{label}: expected 403 {expected} in IAM's error shape, got {status} {body!r}")

    # Signed correctly over a body with "%20", as the AWS SDK for Rust sends it: accepted (the
    # keep_raw_form_bodies fix). ListUsers ignores a parameter it does not know.
    body = list_users + b"&PixelshiftCheck=a%20space"
    status, answer = signed_query(endpoint, body, key_id, secret)
    if status != 200:
        fail(f"a correctly signed request with %20 in its body got {status} {answer!r}")

    # And the admin key works through boto3 too.
    client("iam", endpoint, key_id, secret).list_users()

    # GetBucketVersioning's root element is AWS's (the s3_versioning_root fix). The bucket is removed
    # again: tests that list the account's buckets must not see it.
    s3 = client("s3", endpoint, key_id, secret)
    bodies: list[bytes] = []
    s3.meta.events.register("after-call.s3.GetBucketVersioning", lambda http_response, **_: bodies.append(http_response.content))
    s3.create_bucket(Bucket="pixelshift-emulator-check")
    try:
        s3.get_bucket_versioning(Bucket="pixelshift-emulator-check")
    finally:
        s3.delete_bucket(Bucket="pixelshift-emulator-check")
    if not bodies or b"<VersioningConfiguration" not in bodies[0]:
        fail(f"GetBucketVersioning does not answer with AWS's root element: {bodies!r}")

    # A user's tags survive a new path (user_tags_survive_a_move), and its permissions boundary is
    # kept and shown (user_permissions_boundary); the user and policy are removed again, so no test
    # sees them.
    iam = client("iam", endpoint, key_id, secret)
    iam.create_user(UserName="pixelshift-emulator-check", Tags=[{"Key": "check", "Value": "kept"}])
    iam.update_user(UserName="pixelshift-emulator-check", NewPath="/pixelshift-emulator-check/")
    moved = iam.list_user_tags(UserName="pixelshift-emulator-check")["Tags"]
    if moved != [{"Key": "check", "Value": "kept"}]:
        iam.delete_user(UserName="pixelshift-emulator-check")
        fail(f"a user's tags do not survive a new path, as they do on AWS: {moved!r}")
    arn = iam.create_policy(PolicyName="pixelshift-emulator-check", PolicyDocument=json.dumps(ADMIN_POLICY))["Policy"]["Arn"]
    try:
        iam.put_user_permissions_boundary(UserName="pixelshift-emulator-check", PermissionsBoundary=arn)
        shown = iam.get_user(UserName="pixelshift-emulator-check")["User"].get("PermissionsBoundary", {})
        iam.delete_user_permissions_boundary(UserName="pixelshift-emulator-check")
        gone = iam.get_user(UserName="pixelshift-emulator-check")["User"].get("PermissionsBoundary")
    finally:
        iam.delete_user(UserName="pixelshift-emulator-check")
        iam.delete_policy(PolicyArn=arn)
    if shown.get("PermissionsBoundaryArn") != arn or gone is not None:
        fail(f"a user's permissions boundary is not kept as on AWS: {shown!r}, then {gone!r}")

    # An Organization's member account is reachable through its OrganizationAccountAccessRole, and
    # a role that does not exist cannot be assumed (organization_member_accounts). Checked when asked
    # for (PIXELSHIFT_EMULATOR_ORGANIZATIONS=1, by the tests that build an Organization): it costs
    # 0.7 s of start-up that every other test would pay.
    if os.environ.get("PIXELSHIFT_EMULATOR_ORGANIZATIONS") == "1":
        check_organizations(endpoint, key_id, secret)

    # This instance is the random account isolate_environment chose, in ARNs and in STS alike.
    expected = os.environ["MOTO_ACCOUNT_ID"]
    caller = client("sts", endpoint, key_id, secret).get_caller_identity()
    if info["account_id"] != expected or caller["Account"] != expected:
        fail(
            f"expected account {expected}, got {info['account_id']} in the admin's ARN and "
            f"{caller['Account']} from GetCallerIdentity ({caller['Arn']})"
        )


def check_organizations(endpoint: str, key_id: str, secret: str) -> None:
    """A throwaway Organization: its member account answers through the role, and a missing role is
    refused. It is dissolved again: a test of --org makes its own."""
    org = client("organizations", endpoint, key_id, secret)
    org.create_organization(FeatureSet="ALL")
    try:
        member = org.create_account(AccountName="pixelshift-emulator-check", Email="check@example.invalid")
        member_id = member["CreateAccountStatus"]["AccountId"]
        sts = client("sts", endpoint, key_id, secret)
        role = f"arn:aws:iam::{member_id}:role/{ORG_ROLE}"
        creds = sts.assume_role(RoleArn=role, RoleSessionName="pixelshift-emulator-check")["Credentials"]
        member_sts = client("sts", endpoint, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        seen = member_sts.get_caller_identity()["Account"]
        try:
            sts.assume_role(RoleArn=f"arn:aws:iam::{member_id}:role/NoSuchRole", RoleSessionName="pixelshift-check")
            refused = False
        except Exception:  # noqa: BLE001 - any refusal will do; botocore raises ClientError
            refused = True
        org.remove_account_from_organization(AccountId=member_id)
    finally:
        org.delete_organization()
    if seen != member_id or not refused:
        fail(f"member accounts are not reachable as on AWS: a member's role answered as {seen} (expected "
             f"{member_id}); a missing role was {'refused' if refused else 'assumed'}")


def main() -> None:
    isolate_environment()
    # Anything a library prints must not end up on stdout, which carries exactly one JSON line.
    stdout = sys.stdout
    sys.stdout = sys.stderr

    try:
        import moto  # noqa: F401
    except ImportError as err:
        print(f"emulator: moto is not importable from {sys.executable}: {err}", file=sys.stderr)
        print("emulator: run scripts/install-test-deps", file=sys.stderr)
        sys.exit(EXIT_NO_MOTO)

    aws_query_auth_errors()
    s3_versioning_root()
    user_permissions_boundary()
    user_tags_survive_a_move()
    organization_member_accounts()
    cached_module_list()
    server = Server(keep_raw_form_bodies())
    try:
        info = bootstrap(server.endpoint)
        check(info)

        stdout.write(json.dumps(info) + "\n")
        stdout.flush()

        # Block until the parent closes our stdin (normally, or by dying).
        while sys.stdin.buffer.read(65536):
            pass
    except BaseException:
        server.stop()
        raise
    # Nothing to save: exit at once. Server.stop() would wait up to half a second for serve_forever's
    # poll loop, for every test; exiting closes the listening socket all the same.
    print("emulator: stdin closed, exiting", file=sys.stderr, flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
