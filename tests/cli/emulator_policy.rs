//! End to end: the policy `make-policy` prints, attached to a fresh IAM user in the emulator, lets that
//! user do exactly what it should in the granted bucket and nothing in any other.
//!
//! The emulator enforces IAM (see `support::emulator`), so "denied" here is a real `AccessDenied`
//! from a policy decision, and every denied write is double-checked as admin: nothing was written.

use std::error::Error as StdError;
use std::fmt::Debug;

use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use serde_json::Value;

use crate::support::emulator::{Emulator, Keys};

const GRANTED: &str = "granted-bucket";
const OTHER: &str = "other-bucket";
const USER: &str = "iam_pixelshift";
const POLICY_NAME: &str = "pixelshift_access";
/// An object admin puts in each bucket before the user acts, so a denied read is a policy decision,
/// not a missing key.
const SEEDED: &str = "seeded.txt";
const SEEDED_BODY: &[u8] = b"put there by admin\n";

/// One emulator with both buckets (each holding [`SEEDED`]) and the user carrying the policy that
/// `pixelshift-aws make-policy ARGS` printed.
struct World {
    emulator: Emulator,
    /// S3 as the policy's user.
    user: aws_sdk_s3::Client,
    /// S3 as admin, to look at what the user really did.
    admin: aws_sdk_s3::Client,
    /// The user's keys.
    keys: Keys,
    policy: Value,
}

impl World {
    async fn new(make_policy_args: &[&str]) -> World {
        let emulator = Emulator::start();
        let admin = emulator.s3(&emulator.admin).await;
        for bucket in [GRANTED, OTHER] {
            emulator.create_bucket(bucket).await;
            put(&admin, bucket, SEEDED, SEEDED_BODY).await.expect("admin seeds the bucket");
        }
        let keys = emulator.create_user_with_key(USER).await;

        let output = emulator.command().arg("make-policy").args(make_policy_args).assert().success();
        let document = String::from_utf8(output.get_output().stdout.clone()).expect("the policy is UTF-8");
        let policy: Value = serde_json::from_str(&document)
            .unwrap_or_else(|err| panic!("make-policy printed {document:?}, not one JSON document: {err}"));
        emulator.put_user_policy(USER, POLICY_NAME, &document).await;

        let user = emulator.s3(&keys).await;
        World { emulator, user, admin, keys, policy }
    }

    /// Keys in `bucket`, as admin sees them.
    async fn keys_in(&self, bucket: &str) -> Vec<String> {
        let listing = self.admin.list_objects_v2().bucket(bucket).send().await.expect("admin lists the bucket");
        listing.contents().iter().filter_map(|object| object.key().map(str::to_owned)).collect()
    }

    /// Asserts, as admin, that `bucket` holds exactly `expected`.
    async fn assert_keys(&self, bucket: &str, expected: &[&str]) {
        let mut expected: Vec<String> = expected.iter().map(|key| (*key).to_owned()).collect();
        expected.sort();
        let mut actual = self.keys_in(bucket).await;
        actual.sort();
        assert_eq!(actual, expected, "objects in {bucket}");
    }

    async fn get(&self, bucket: &str, key: &str) -> Result<Vec<u8>, String> {
        match self.user.get_object().bucket(bucket).key(key).send().await {
            Ok(object) => Ok(object.body.collect().await.expect("read the object body").to_vec()),
            Err(err) => Err(code_of(&err)),
        }
    }

    async fn list(&self, bucket: &str, prefix: Option<&str>) -> Result<Vec<String>, String> {
        match self.user.list_objects_v2().bucket(bucket).set_prefix(prefix.map(str::to_owned)).send().await {
            Ok(listing) => Ok(listing.contents().iter().filter_map(|object| object.key().map(str::to_owned)).collect()),
            Err(err) => Err(code_of(&err)),
        }
    }

    async fn put(&self, bucket: &str, key: &str, body: &[u8]) -> Result<(), String> {
        put(&self.user, bucket, key, body).await.map_err(|err| code_of(&err))
    }

    async fn delete(&self, bucket: &str, key: &str) -> Result<(), String> {
        self.user.delete_object().bucket(bucket).key(key).send().await.map(drop).map_err(|err| code_of(&err))
    }
}

async fn put(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    body: &[u8],
) -> Result<(), SdkError<aws_sdk_s3::operation::put_object::PutObjectError>> {
    client.put_object().bucket(bucket).key(key).body(ByteStream::from(body.to_vec())).send().await.map(drop)
}

/// The AWS error code of a failed call; panics on failures that are not service errors (a refused
/// connection, a timeout), which no assertion here expects.
fn code_of<E>(err: &SdkError<E>) -> String
where
    E: ProvideErrorMetadata + StdError + Debug + Send + Sync + 'static,
{
    match err {
        SdkError::ServiceError(_) => {
            err.code().map_or_else(|| format!("(no code: {})", DisplayErrorContext(err)), str::to_owned)
        }
        _ => panic!("expected an answer from the emulator, got {}", DisplayErrorContext(err)),
    }
}

/// Asserts the call was refused by policy: AWS error code `AccessDenied`.
#[track_caller]
fn denied<T: Debug>(what: &str, result: Result<T, String>, world: &World) {
    match result {
        Err(code) if code == "AccessDenied" => {}
        other => panic!(
            "{what}: expected AccessDenied, got {other:?}\npolicy: {:#}\nemulator log:\n{}",
            world.policy,
            world.emulator.log()
        ),
    }
}

/// Asserts the call succeeded and returns its output.
#[track_caller]
fn allowed<T: Debug>(what: &str, result: Result<T, String>, world: &World) -> T {
    match result {
        Ok(value) => value,
        Err(code) => panic!(
            "{what}: expected success, got {code}\npolicy: {:#}\nemulator log:\n{}",
            world.policy,
            world.emulator.log()
        ),
    }
}

#[tokio::test]
async fn read_write_policy_allows_the_granted_bucket_and_denies_others() {
    let w = World::new(&["--bucket", GRANTED]).await;

    // The granted bucket: list, write, read back, delete.
    let listed = allowed("list granted", w.list(GRANTED, None).await, &w);
    assert_eq!(listed, [SEEDED]);
    let body = b"\x00pixelshift probe \xff\n".to_vec();
    allowed("put granted", w.put(GRANTED, "probe/object.bin", &body).await, &w);
    assert_eq!(allowed("get granted", w.get(GRANTED, "probe/object.bin").await, &w), body);
    assert_eq!(allowed("get seeded", w.get(GRANTED, SEEDED).await, &w), SEEDED_BODY);
    allowed("delete granted", w.delete(GRANTED, "probe/object.bin").await, &w);
    w.assert_keys(GRANTED, &[SEEDED]).await;

    // Bucket-level reads the policy grants for multipart housekeeping and region discovery.
    allowed(
        "get bucket location",
        w.user.get_bucket_location().bucket(GRANTED).send().await.map_err(|err| code_of(&err)),
        &w,
    );
    allowed(
        "list multipart uploads",
        w.user.list_multipart_uploads().bucket(GRANTED).send().await.map_err(|err| code_of(&err)),
        &w,
    );
    // A multipart upload can be started, its parts listed, and abandoned.
    let upload = allowed(
        "create multipart upload",
        w.user.create_multipart_upload().bucket(GRANTED).key("big.bin").send().await.map_err(|err| code_of(&err)),
        &w,
    );
    let upload_id = upload.upload_id().expect("an upload id");
    // moto 5.2 answers ListParts with a `ListPartsResponse` root element (AWS: `ListPartsResult`),
    // which the SDK cannot parse; a 200 still shows the request was authorized.
    let parts = w.user.list_parts().bucket(GRANTED).key("big.bin").upload_id(upload_id).send().await;
    let status = match &parts {
        Ok(_) => 200,
        Err(err) => err.raw_response().map_or(0, |response| response.status().as_u16()),
    };
    assert_eq!(status, 200, "list parts: expected success, got {parts:?}\nemulator log:\n{}", w.emulator.log());
    allowed(
        "abort multipart upload",
        w.user
            .abort_multipart_upload()
            .bucket(GRANTED)
            .key("big.bin")
            .upload_id(upload_id)
            .send()
            .await
            .map_err(|err| code_of(&err)),
        &w,
    );

    // Any other bucket: nothing.
    denied("list other", w.list(OTHER, None).await, &w);
    denied("get other", w.get(OTHER, SEEDED).await, &w);
    denied("put other", w.put(OTHER, "intruder.txt", b"nope").await, &w);
    denied("delete other", w.delete(OTHER, SEEDED).await, &w);
    denied(
        "get other bucket location",
        w.user.get_bucket_location().bucket(OTHER).send().await.map_err(|err| code_of(&err)),
        &w,
    );
    w.assert_keys(OTHER, &[SEEDED]).await;

    // And nothing outside S3 objects: not even listing the account's buckets, or IAM.
    denied("list buckets", w.user.list_buckets().send().await.map_err(|err| code_of(&err)), &w);
    let iam = w.emulator.iam(&w.keys).await.list_users().send().await;
    assert_eq!(
        iam.as_ref().err().and_then(ProvideErrorMetadata::code),
        Some("AccessDenied"),
        "the user must not read IAM: {iam:?}"
    );
}

#[tokio::test]
async fn read_only_policy_allows_listing_and_reading_only() {
    let w = World::new(&["--bucket", GRANTED, "--access", "read-only"]).await;

    let listed = allowed("list granted", w.list(GRANTED, None).await, &w);
    assert_eq!(listed, [SEEDED]);
    assert_eq!(allowed("get granted", w.get(GRANTED, SEEDED).await, &w), SEEDED_BODY);

    denied("put granted", w.put(GRANTED, "written.txt", b"nope").await, &w);
    denied("overwrite granted", w.put(GRANTED, SEEDED, b"nope").await, &w);
    denied("delete granted", w.delete(GRANTED, SEEDED).await, &w);
    denied(
        "create multipart upload",
        w.user.create_multipart_upload().bucket(GRANTED).key("big.bin").send().await.map_err(|err| code_of(&err)),
        &w,
    );
    w.assert_keys(GRANTED, &[SEEDED]).await;
    assert_eq!(allowed("get granted again", w.get(GRANTED, SEEDED).await, &w), SEEDED_BODY, "left unchanged");

    denied("list other", w.list(OTHER, None).await, &w);
    denied("get other", w.get(OTHER, SEEDED).await, &w);
    denied("put other", w.put(OTHER, "intruder.txt", b"nope").await, &w);
    w.assert_keys(OTHER, &[SEEDED]).await;
}

#[tokio::test]
async fn prefix_policy_confines_objects_to_the_prefix() {
    let w = World::new(&["--bucket", GRANTED, "--prefix", "uploads/"]).await;

    allowed("put under prefix", w.put(GRANTED, "uploads/x", b"inside").await, &w);
    assert_eq!(allowed("get under prefix", w.get(GRANTED, "uploads/x").await, &w), b"inside");
    let listed = allowed("list with prefix", w.list(GRANTED, Some("uploads/")).await, &w);
    assert_eq!(listed, ["uploads/x"]);
    allowed("delete under prefix", w.delete(GRANTED, "uploads/x").await, &w);

    denied("put outside prefix", w.put(GRANTED, "x", b"outside").await, &w);
    denied("put at a look-alike prefix", w.put(GRANTED, "uploads-x", b"outside").await, &w);
    denied("get outside prefix", w.get(GRANTED, SEEDED).await, &w);
    denied("delete outside prefix", w.delete(GRANTED, SEEDED).await, &w);
    w.assert_keys(GRANTED, &[SEEDED]).await;

    // Listing outside the prefix. On AWS the `s3:prefix` condition makes this AccessDenied; moto 5.2
    // does not evaluate `Condition` in user policies at all (its authorizer passes no request context
    // to the check), so here the listing succeeds. Check the condition is in the document instead, and
    // keep a tripwire: when the emulator starts enforcing conditions, this assertion fails and should
    // become `denied("list without prefix", ..)`.
    let list_statement = w.policy["Statement"]
        .as_array()
        .expect("Statement is an array")
        .iter()
        .find(|statement| actions(statement).contains(&"s3:ListBucket"))
        .unwrap_or_else(|| panic!("no statement grants s3:ListBucket: {:#}", w.policy));
    let prefixes = &list_statement["Condition"]["StringLike"]["s3:prefix"];
    assert!(
        prefixes.as_array().is_some_and(|values| !values.is_empty()
            && values.iter().all(|value| value.as_str().is_some_and(|p| p.starts_with("uploads/")))),
        "ListBucket must be limited by an s3:prefix condition under uploads/: {list_statement:#}"
    );
    assert!(
        w.list(GRANTED, None).await.is_ok(),
        "the emulator now denies a listing outside the prefix: it enforces conditions; assert the denial here"
    );

    denied("list other", w.list(OTHER, Some("uploads/")).await, &w);
    denied("put other", w.put(OTHER, "uploads/x", b"nope").await, &w);
    w.assert_keys(OTHER, &[SEEDED]).await;
}

/// The statement's `Action`, whether a string or a list.
fn actions(statement: &Value) -> Vec<&str> {
    match &statement["Action"] {
        Value::String(action) => vec![action.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}
