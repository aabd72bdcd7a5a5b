//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1, for what the emulator cannot do: a brand-new access
//! key that AWS does not accept yet.
//!
//! On AWS a new key is not usable at once (IAM is eventually consistent; people observe 8–15 s). First
//! every call signed with it fails as if the key did not exist — S3 answers `403 InvalidAccessKeyId`,
//! STS and IAM `403 InvalidClientTokenId` — then, once the key is known but its policy is not, S3 answers
//! `403 AccessDenied`. moto has no such delay. [`FaultProxy`] sits between a client and the emulator and,
//! while its windows are open, answers requests signed by one access key id itself, with the error
//! AWS would send (same status, same XML shape, so the SDK's real deserializers run); everything else,
//! and everything after the windows, is forwarded unchanged.
//!
//! Design, kept small on purpose (std threads, no dependencies):
//! - one request per connection: the proxy forwards with `Connection: close` and answers with
//!   `Connection: close`, so the client never reuses a connection and nothing needs keep-alive state;
//! - request and response bodies are read whole, framed by `Content-Length` or `Transfer-Encoding:
//!   chunked` (kept as received: the bytes forwarded are the bytes signed), or to end of file for a
//!   response without either;
//! - `Expect: 100-continue` is answered by the proxy (`100 Continue`, then it reads the body); the
//!   header is dropped upstream unless it is signed, and interim 1xx responses from upstream are
//!   skipped;
//! - the signing key comes from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/
//!   aws4_request` (or a presigned URL's `X-Amz-Credential`); the credential scope's service chooses
//!   the error shape: `s3` gets S3's REST XML `<Error>`, anything else (STS, IAM: the query protocol)
//!   gets `<ErrorResponse>`. `HEAD` answers carry no body, as on AWS.
//! - the windows start at [`FaultProxy::start`]: `[0, invalid_key_for)` answers every call by the key
//!   with the invalid-key error, `[invalid_key_for, invalid_key_for + access_denied_for)` answers its S3
//!   calls with `AccessDenied` (STS and IAM calls go through: a valid key can always ask who it is).
//!   [`FaultProxy::start_s3_lagging`] plays a variant also seen on AWS: STS and IAM accept the key
//!   while S3 still answers `InvalidAccessKeyId`.
//!
//! Dropping the proxy stops it from accepting connections; a request in flight is finished.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a connection may sit idle, either side, before the proxy gives up on it.
const IO_TIMEOUT: Duration = Duration::from_mins(1);
/// Largest request or response head (start line and headers) the proxy accepts.
const MAX_HEAD: usize = 64 * 1024;

/// What the proxy did with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Sent to the emulator; its answer went back to the client.
    Forwarded,
    /// Answered by the proxy: `InvalidAccessKeyId` (S3) or `InvalidClientTokenId` (query protocol).
    InvalidKey,
    /// Answered by the proxy: S3 `AccessDenied`.
    AccessDenied,
    /// The emulator could not be reached or answered garbage: the client got a 502.
    UpstreamFailed,
}

/// One request as the proxy saw it (no secrets: the signature is not kept).
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The request target, path and query: `/bucket/key?x-id=PutObject`.
    pub target: String,
    /// The access key id that signed it, if any.
    pub key_id: Option<String>,
    /// The credential scope's service: `s3`, `sts`, `iam`.
    pub service: Option<String>,
    pub content_length: Option<String>,
    pub transfer_encoding: Option<String>,
    /// The size of the body as received (chunked framing included).
    pub body_len: usize,
    pub outcome: Outcome,
}

/// A running proxy; see the module docs. Stops accepting connections when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    /// `http://127.0.0.1:PORT`: point the client's endpoint here.
    pub url: String,
    addr: SocketAddr,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
}

#[derive(Debug)]
struct State {
    upstream: String,
    key_id: String,
    started: Instant,
    invalid_key_for: Duration,
    access_denied_for: Duration,
    /// Only S3 refuses the key; STS and IAM accept it from the start.
    s3_only: bool,
    /// `key_id` is the one key *spared*: every other key is refused (a new key whose id is not
    /// known when the proxy starts).
    spare: bool,
    faulted: AtomicUsize,
    forwarded: AtomicUsize,
    next_id: AtomicUsize,
    stop: AtomicBool,
    seen: Mutex<Vec<Seen>>,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (`http://127.0.0.1:PORT`, the emulator) that answers
    /// requests signed by `key_id` with `InvalidAccessKeyId`/`InvalidClientTokenId` for
    /// `invalid_key_for` from now, then S3 requests with `AccessDenied` for `access_denied_for`.
    #[must_use]
    pub fn start(upstream: &str, key_id: &str, invalid_key_for: Duration, access_denied_for: Duration) -> FaultProxy {
        FaultProxy::spawn(upstream, key_id, invalid_key_for, access_denied_for, false, false)
    }

    /// Like [`FaultProxy::start`] for every key *but* `spared` (the admin's): a key made while the
    /// proxy runs is refused from its first request.
    #[must_use]
    pub fn start_sparing(
        upstream: &str,
        spared: &str,
        invalid_key_for: Duration,
        access_denied_for: Duration,
    ) -> FaultProxy {
        FaultProxy::spawn(upstream, spared, invalid_key_for, access_denied_for, false, true)
    }

    /// Like [`FaultProxy::start`], but STS and IAM accept the key at once: only S3 answers
    /// `InvalidAccessKeyId` during `invalid_key_for` (different AWS services learn of a new key at
    /// different times), then `AccessDenied` during `access_denied_for`.
    #[must_use]
    pub fn start_s3_lagging(
        upstream: &str,
        key_id: &str,
        invalid_key_for: Duration,
        access_denied_for: Duration,
    ) -> FaultProxy {
        FaultProxy::spawn(upstream, key_id, invalid_key_for, access_denied_for, true, false)
    }

    fn spawn(
        upstream: &str,
        key_id: &str,
        invalid_key_for: Duration,
        access_denied_for: Duration,
        s3_only: bool,
        spare: bool,
    ) -> FaultProxy {
        let host = upstream.strip_prefix("http://").unwrap_or_else(|| panic!("upstream {upstream:?} is not http://"));
        let host = host.trim_end_matches('/');
        assert!(host.starts_with("127.0.0.1:"), "the proxy forwards to loopback only, not {upstream}");

        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy on loopback");
        let addr = listener.local_addr().expect("the proxy's address");
        let state = Arc::new(State {
            upstream: host.to_owned(),
            key_id: key_id.to_owned(),
            started: Instant::now(),
            invalid_key_for,
            access_denied_for,
            s3_only,
            spare,
            faulted: AtomicUsize::new(0),
            forwarded: AtomicUsize::new(0),
            next_id: AtomicUsize::new(1),
            stop: AtomicBool::new(false),
            seen: Mutex::new(Vec::new()),
        });
        let shared = Arc::clone(&state);
        let accept = thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&shared);
                thread::spawn(move || {
                    if let Err(err) = serve(&state, stream) {
                        eprintln!("fault proxy: connection failed: {err}");
                    }
                });
            }
        });
        FaultProxy { url: format!("http://{addr}"), addr, state, accept: Some(accept) }
    }

    /// How many requests the proxy answered itself with an injected error.
    #[must_use]
    pub fn faulted(&self) -> usize {
        self.state.faulted.load(Ordering::SeqCst)
    }

    /// How many requests the proxy sent on to the emulator (tried to: an unreachable emulator's are
    /// counted too, and [`Seen::outcome`] says [`Outcome::UpstreamFailed`]).
    #[must_use]
    pub fn forwarded(&self) -> usize {
        self.state.forwarded.load(Ordering::SeqCst)
    }

    /// Every request answered so far, in the order the proxy answered them.
    #[must_use]
    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Time since [`FaultProxy::start`], the clock the windows run on.
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        self.state.started.elapsed()
    }

    /// The emulator's configuration for `keys`, with this proxy as the endpoint.
    pub async fn sdk_config(
        &self,
        emulator: &super::emulator::Emulator,
        keys: &super::emulator::Keys,
    ) -> aws_config::SdkConfig {
        emulator.sdk_config(keys).await.to_builder().endpoint_url(&self.url).build()
    }

    /// An S3 client (path-style) signing with `keys`, through this proxy.
    pub async fn s3(&self, emulator: &super::emulator::Emulator, keys: &super::emulator::Keys) -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::config::Builder::from(&self.sdk_config(emulator, keys).await).force_path_style(true);
        aws_sdk_s3::Client::from_conf(config.build())
    }

    /// An STS client signing with `keys`, through this proxy.
    pub async fn sts(&self, emulator: &super::emulator::Emulator, keys: &super::emulator::Keys) -> aws_sdk_sts::Client {
        aws_sdk_sts::Client::new(&self.sdk_config(emulator, keys).await)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// Which error, if any, the proxy answers with instead of forwarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    InvalidKey,
    AccessDenied,
}

impl State {
    fn fault_for(&self, key_id: Option<&str>, service: Option<&str>) -> Option<Fault> {
        let named = key_id == Some(self.key_id.as_str());
        if named == self.spare || key_id.is_none() {
            return None;
        }
        let elapsed = self.started.elapsed();
        let s3 = service == Some("s3");
        if elapsed < self.invalid_key_for && (s3 || !self.s3_only) {
            Some(Fault::InvalidKey)
        } else if elapsed < self.invalid_key_for + self.access_denied_for && s3 {
            Some(Fault::AccessDenied)
        } else {
            None
        }
    }

    fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::SeqCst);
        format!("FAULT{:08X}{n:06X}", std::process::id())
    }

    fn record(&self, seen: Seen) {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).push(seen);
    }
}

/// An HTTP/1.1 message head: the start line and the headers, in order, as received.
#[derive(Debug)]
struct Head {
    start_line: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.start_line.as_bytes());
        out.extend_from_slice(b"\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
    }

    /// The same head with hop-by-hop connection headers replaced by `Connection: close`.
    fn closing(&self, also_drop: &[&str]) -> Head {
        let hop = ["connection", "keep-alive", "proxy-connection"];
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(name, _)| {
                !hop.iter().any(|h| name.eq_ignore_ascii_case(h))
                    && !also_drop.iter().any(|h| name.eq_ignore_ascii_case(h))
            })
            .cloned()
            .collect();
        headers.push(("Connection".to_owned(), "close".to_owned()));
        Head { start_line: self.start_line.clone(), headers }
    }
}

/// How a message's body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(usize),
    Chunked,
    UntilEof,
}

fn request_framing(head: &Head) -> io::Result<Framing> {
    if head.header("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        return Ok(Framing::Chunked);
    }
    match head.header("content-length") {
        Some(len) => len.trim().parse().map(Framing::Length).map_err(|_| invalid(&format!("Content-Length {len:?}"))),
        None => Ok(Framing::Empty),
    }
}

fn response_framing(head: &Head, request_method: &str) -> io::Result<Framing> {
    let status = status_of(head)?;
    if request_method.eq_ignore_ascii_case("HEAD") || status / 100 == 1 || status == 204 || status == 304 {
        return Ok(Framing::Empty);
    }
    if head.header("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        return Ok(Framing::Chunked);
    }
    match head.header("content-length") {
        Some(len) => len.trim().parse().map(Framing::Length).map_err(|_| invalid(&format!("Content-Length {len:?}"))),
        None => Ok(Framing::UntilEof),
    }
}

fn status_of(head: &Head) -> io::Result<u16> {
    head.start_line
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| invalid(&format!("status line {:?}", head.start_line)))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("bad HTTP message: {what}"))
}

/// Reads one line ending in CRLF (or LF), without the line ending. `None` at end of file.
fn read_line(reader: &mut impl BufRead, budget: &mut usize) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(u64::try_from(*budget).unwrap_or(u64::MAX) + 1).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if n > *budget {
        return Err(invalid("head too large"));
    }
    *budget -= n;
    if line.last() != Some(&b'\n') {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed inside a line"));
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map(Some).map_err(|_| invalid("a line that is not UTF-8"))
}

/// Reads a message head. `None` when the peer closed the connection before sending anything.
fn read_head(reader: &mut impl BufRead) -> io::Result<Option<Head>> {
    let mut budget = MAX_HEAD;
    let Some(start_line) = read_line(reader, &mut budget)? else { return Ok(None) };
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut budget)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed inside the head"))?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| invalid(&format!("header line {line:?}")))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(Some(Head { start_line, headers }))
}

/// Reads a body as it is on the wire: a chunked body keeps its framing and trailers, so forwarding
/// these bytes forwards exactly what the client sent (and signed).
fn read_body(reader: &mut impl BufRead, framing: Framing) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    match framing {
        Framing::Empty => {}
        Framing::Length(len) => {
            body.resize(len, 0);
            reader.read_exact(&mut body)?;
        }
        Framing::UntilEof => {
            reader.read_to_end(&mut body)?;
        }
        Framing::Chunked => loop {
            let mut budget = MAX_HEAD;
            let line = read_line(reader, &mut budget)?.ok_or_else(|| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed inside a chunked body")
            })?;
            let size_text = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid(&format!("chunk size {line:?}")))?;
            body.extend_from_slice(line.as_bytes());
            body.extend_from_slice(b"\r\n");
            if size == 0 {
                // Trailers, then the empty line that ends the body.
                loop {
                    let trailer = read_line(reader, &mut budget)?.ok_or_else(|| {
                        io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed inside chunked trailers")
                    })?;
                    body.extend_from_slice(trailer.as_bytes());
                    body.extend_from_slice(b"\r\n");
                    if trailer.is_empty() {
                        break;
                    }
                }
                break;
            }
            let start = body.len();
            body.resize(start + size + 2, 0);
            reader.read_exact(&mut body[start..])?;
            if &body[body.len() - 2..] != b"\r\n" {
                return Err(invalid("a chunk not followed by CRLF"));
            }
        },
    }
    Ok(body)
}

/// The access key id and the credential scope's service of a SigV4-signed request, from its
/// `Authorization` header or, for a presigned URL, its `X-Amz-Credential` query parameter.
fn credential(head: &Head) -> (Option<String>, Option<String>) {
    let from_header = head.header("authorization").and_then(|auth| {
        let start = auth.find("Credential=")? + "Credential=".len();
        Some(auth[start..].split([',', ' ']).next().unwrap_or_default().to_owned())
    });
    let from_query = || {
        let target = head.start_line.split_whitespace().nth(1)?;
        let query = target.split_once('?')?.1;
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("X-Amz-Credential="))
            .map(|value| value.replace("%2F", "/").replace("%2f", "/"))
    };
    let Some(scope) = from_header.or_else(from_query) else { return (None, None) };
    // AKID/DATE/REGION/SERVICE/aws4_request
    let mut parts = scope.split('/');
    let key_id = parts.next().filter(|id| !id.is_empty()).map(str::to_owned);
    let service = parts.nth(2).map(str::to_owned);
    (key_id, service)
}

/// Serves the one request of a connection.
fn serve(state: &State, client: TcpStream) -> io::Result<()> {
    client.set_read_timeout(Some(IO_TIMEOUT))?;
    client.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut writer = client.try_clone()?;
    let mut reader = BufReader::new(client);
    let Some(head) = read_head(&mut reader)? else { return Ok(()) };
    let method = head.start_line.split_whitespace().next().unwrap_or_default().to_owned();
    let target = head.start_line.split_whitespace().nth(1).unwrap_or_default().to_owned();

    // The client waits for `100 Continue` before sending the body; give it, then read the body (also
    // when the answer is a fault: closing on an unread body would reset the connection under it).
    if head.header("expect").is_some_and(|expect| expect.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        writer.flush()?;
    }
    let body = read_body(&mut reader, request_framing(&head)?)?;

    let (key_id, service) = credential(&head);
    let fault = state.fault_for(key_id.as_deref(), service.as_deref());
    let outcome = match fault {
        Some(Fault::InvalidKey) => Outcome::InvalidKey,
        Some(Fault::AccessDenied) => Outcome::AccessDenied,
        None => Outcome::Forwarded,
    };
    let mut seen = Seen {
        method: method.clone(),
        target,
        key_id: key_id.clone(),
        service: service.clone(),
        content_length: head.header("content-length").map(str::to_owned),
        transfer_encoding: head.header("transfer-encoding").map(str::to_owned),
        body_len: body.len(),
        outcome,
    };

    let response = if let Some(fault) = fault {
        state.faulted.fetch_add(1, Ordering::SeqCst);
        state.record(seen);
        fault_response(state, fault, &method, key_id.as_deref().unwrap_or_default(), service.as_deref())
    } else {
        state.forwarded.fetch_add(1, Ordering::SeqCst);
        match forward(state, &head, &body, &method) {
            Ok(response) => {
                state.record(seen);
                response
            }
            Err(err) => {
                seen.outcome = Outcome::UpstreamFailed;
                state.record(seen);
                let text = format!("fault proxy: forwarding to {} failed: {err}\n", state.upstream);
                plain_response("502 Bad Gateway", &[("Content-Type", "text/plain")], text.as_bytes(), &method)
            }
        }
    };
    writer.write_all(&response)?;
    writer.flush()?;
    let _ = writer.shutdown(Shutdown::Write);
    Ok(())
}

/// Sends the request to the emulator on a fresh connection and returns its answer, re-framed for a
/// connection that closes after it.
fn forward(state: &State, head: &Head, body: &[u8], method: &str) -> io::Result<Vec<u8>> {
    let upstream = TcpStream::connect(&state.upstream)?;
    upstream.set_read_timeout(Some(IO_TIMEOUT))?;
    upstream.set_write_timeout(Some(IO_TIMEOUT))?;

    // The proxy already answered `Expect`; drop it unless the signature covers it.
    let signed = head
        .header("authorization")
        .and_then(|auth| auth.split("SignedHeaders=").nth(1))
        .map(|rest| rest.split([',', ' ']).next().unwrap_or_default().to_ascii_lowercase())
        .unwrap_or_default();
    let also_drop: &[&str] = if signed.split(';').any(|h| h == "expect") { &[] } else { &["expect"] };

    let mut request = Vec::with_capacity(body.len() + 1024);
    head.closing(also_drop).write_to(&mut request);
    request.extend_from_slice(body);
    (&upstream).write_all(&request)?;
    (&upstream).flush()?;

    let mut reader = BufReader::new(upstream);
    let response_head = loop {
        let head = read_head(&mut reader)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "upstream closed before answering"))?;
        // Interim responses (100 Continue to a signed `Expect`) are for the proxy, not the client.
        if status_of(&head)? / 100 != 1 {
            break head;
        }
    };
    let framing = response_framing(&response_head, method)?;
    let response_body = read_body(&mut reader, framing)?;
    let mut response = Vec::with_capacity(response_body.len() + 1024);
    if framing == Framing::UntilEof {
        // Tell the client where the body ends; it was delimited by the upstream closing.
        let mut closing = response_head.closing(&["content-length"]);
        closing.headers.push(("Content-Length".to_owned(), response_body.len().to_string()));
        closing.write_to(&mut response);
    } else {
        response_head.closing(&[]).write_to(&mut response);
    }
    response.extend_from_slice(&response_body);
    Ok(response)
}

/// The error AWS sends for `fault`, shaped for the request's service.
fn fault_response(state: &State, fault: Fault, method: &str, key_id: &str, service: Option<&str>) -> Vec<u8> {
    let request_id = state.request_id();
    if service == Some("s3") {
        let (code, message, key_element) = match fault {
            Fault::InvalidKey => (
                "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.",
                format!("<AWSAccessKeyId>{key_id}</AWSAccessKeyId>"),
            ),
            Fault::AccessDenied => ("AccessDenied", "Access Denied", String::new()),
        };
        let host_id = format!("pixelshift-fault-proxy/{request_id}");
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>\
             {key_element}<RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>"
        );
        plain_response(
            "403 Forbidden",
            &[("Content-Type", "application/xml"), ("x-amz-request-id", &request_id), ("x-amz-id-2", &host_id)],
            body.as_bytes(),
            method,
        )
    } else {
        // Query protocol (STS, IAM). Only the invalid-key fault reaches here.
        let namespace = match service {
            Some("iam") => "https://iam.amazonaws.com/doc/2010-05-08/".to_owned(),
            Some("sts") | None => "https://sts.amazonaws.com/doc/2011-06-15/".to_owned(),
            Some(other) => format!("https://{other}.amazonaws.com/doc/"),
        };
        let mut body = String::new();
        let _ = write!(
            body,
            "<ErrorResponse xmlns=\"{namespace}\"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>\
             <Message>The security token included in the request is invalid.</Message></Error>\
             <RequestId>{request_id}</RequestId></ErrorResponse>"
        );
        plain_response(
            "403 Forbidden",
            &[("Content-Type", "text/xml"), ("x-amzn-RequestId", &request_id)],
            body.as_bytes(),
            method,
        )
    }
}

/// A complete response that closes the connection; a HEAD answer carries no body.
fn plain_response(status: &str, headers: &[(&str, &str)], body: &[u8], method: &str) -> Vec<u8> {
    let head_only = method.eq_ignore_ascii_case("HEAD");
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    let _ = write!(out, "Content-Length: {}\r\nConnection: close\r\n\r\n", if head_only { 0 } else { body.len() });
    let mut out = out.into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    out
}

#[cfg(test)]
mod tests {
    //! The proxy itself: framing without a network, then the faults against the emulator with the SDK.

    use std::io::{Cursor, Read as _, Write as _};
    use std::net::{TcpListener, TcpStream};
    use std::time::Duration;

    use aws_sdk_s3::error::ProvideErrorMetadata;
    use aws_sdk_s3::primitives::ByteStream;

    use super::{FaultProxy, Framing, Outcome, credential, read_body, read_head, request_framing};
    use crate::support::emulator::{Emulator, Keys};

    const USER: &str = "pix-proxied";
    const BUCKET: &str = "proxy-probe";

    #[test]
    fn reads_a_chunked_body_with_trailers_exactly_as_sent() {
        let wire = b"PUT /b/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
                     5;chunk-signature=abc\r\nhello\r\n0\r\nx-amz-checksum-crc32: AAAA\r\n\r\nNEXT";
        let mut reader = Cursor::new(&wire[..]);
        let head = read_head(&mut reader).unwrap().unwrap();
        assert_eq!(head.start_line, "PUT /b/k HTTP/1.1");
        assert_eq!(request_framing(&head).unwrap(), Framing::Chunked);
        let body = read_body(&mut reader, Framing::Chunked).unwrap();
        assert_eq!(body, b"5;chunk-signature=abc\r\nhello\r\n0\r\nx-amz-checksum-crc32: AAAA\r\n\r\n");
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
        assert_eq!(rest, "NEXT", "nothing past the body is consumed");
    }

    #[test]
    fn reads_a_content_length_body_and_finds_the_signing_key() {
        let wire = b"POST / HTTP/1.1\r\nauthorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\nContent-Length: 43\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15";
        let mut reader = Cursor::new(&wire[..]);
        let head = read_head(&mut reader).unwrap().unwrap();
        assert_eq!(request_framing(&head).unwrap(), Framing::Length(43));
        assert_eq!(
            read_body(&mut reader, Framing::Length(43)).unwrap(),
            b"Action=GetCallerIdentity&Version=2011-06-15"
        );
        assert_eq!(credential(&head), (Some("AKIAEXAMPLE".to_owned()), Some("sts".to_owned())));

        let presigned = b"GET /b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAP%2F20260101%2Fus-east-1%2Fs3%2Faws4_request HTTP/1.1\r\n\r\n";
        let head = read_head(&mut Cursor::new(&presigned[..])).unwrap().unwrap();
        assert_eq!(credential(&head), (Some("AKIAP".to_owned()), Some("s3".to_owned())));
    }

    /// A port nothing listens on (bound, then closed).
    fn closed_port() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    }

    /// Sends `request` to the proxy as raw bytes and returns everything it answered.
    fn raw(proxy: &FaultProxy, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(proxy.url.trim_start_matches("http://")).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    // AWS's documented example key id: obviously fake.
    const FAULTED_KEY: &str = "AKIAIOSFODNN7EXAMPLE";

    #[test]
    fn answers_a_chunked_put_that_expects_100_continue_without_reaching_upstream() {
        // Upstream is down: a faulted request must not need it.
        let proxy = FaultProxy::start(&closed_port(), FAULTED_KEY, Duration::from_mins(1), Duration::ZERO);
        let mut stream = TcpStream::connect(proxy.url.trim_start_matches("http://")).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let head = format!(
            "PUT /bucket/key HTTP/1.1\r\nHost: {}\r\nAuthorization: AWS4-HMAC-SHA256 \
             Credential={FAULTED_KEY}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00\r\n\
             Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n",
            proxy.url.trim_start_matches("http://")
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut interim = [0; 25];
        stream.read_exact(&mut interim).unwrap();
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
        stream.write_all(b"4\r\nbody\r\n0\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();

        assert!(answer.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{answer}");
        assert!(answer.contains("\r\nConnection: close\r\n"), "{answer}");
        assert!(answer.contains("<Code>InvalidAccessKeyId</Code>"), "{answer}");
        assert!(answer.contains(&format!("<AWSAccessKeyId>{FAULTED_KEY}</AWSAccessKeyId>")), "{answer}");
        assert_eq!((proxy.faulted(), proxy.forwarded()), (1, 0));
        assert_eq!(proxy.seen()[0].body_len, b"4\r\nbody\r\n0\r\n\r\n".len());
    }

    #[test]
    fn a_faulted_head_gets_a_status_and_no_body_and_other_keys_get_a_502_when_upstream_is_down() {
        let proxy = FaultProxy::start(&closed_port(), FAULTED_KEY, Duration::from_mins(1), Duration::ZERO);
        let auth = |key: &str| {
            format!("Authorization: AWS4-HMAC-SHA256 Credential={key}/20260101/us-east-1/s3/aws4_request, Signature=00")
        };
        let answer = raw(&proxy, format!("HEAD /bucket HTTP/1.1\r\n{}\r\n\r\n", auth(FAULTED_KEY)).as_bytes());
        assert!(answer.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{answer}");
        assert!(answer.ends_with("Content-Length: 0\r\nConnection: close\r\n\r\n"), "no body: {answer}");

        let answer = raw(&proxy, format!("GET /bucket HTTP/1.1\r\n{}\r\n\r\n", auth("AKIAOTHER")).as_bytes());
        assert!(answer.starts_with("HTTP/1.1 502 Bad Gateway\r\n"), "{answer}");
        assert_eq!(proxy.seen()[1].outcome, Outcome::UpstreamFailed);
        assert_eq!((proxy.faulted(), proxy.forwarded()), (1, 1));
    }

    #[test]
    fn stops_listening_when_dropped() {
        let proxy = FaultProxy::start(&closed_port(), FAULTED_KEY, Duration::ZERO, Duration::ZERO);
        let address = proxy.url.trim_start_matches("http://").to_owned();
        drop(proxy);
        assert!(TcpStream::connect(&address).is_err(), "nothing listens on {address} any more");
    }

    /// An emulator with bucket [`BUCKET`] and user [`USER`] allowed everything on it.
    async fn emulator_with_user() -> (Emulator, Keys) {
        let emulator = Emulator::start();
        emulator.create_bucket(BUCKET).await;
        let keys = emulator.create_user_with_key(USER).await;
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::{BUCKET}","arn:aws:s3:::{BUCKET}/*"]}}]}}"#
        );
        emulator.put_user_policy(USER, "all-of-one-bucket", &policy).await;
        (emulator, keys)
    }

    /// Object keys in [`BUCKET`], listed by the admin straight from the emulator (not through a proxy).
    async fn objects(emulator: &Emulator) -> Vec<String> {
        let out = emulator.s3(&emulator.admin).await.list_objects_v2().bucket(BUCKET).send().await.unwrap();
        out.contents().iter().filter_map(|object| object.key().map(str::to_owned)).collect()
    }

    /// The HTTP status of a failed call's raw response.
    macro_rules! status {
        ($err:expr) => {
            $err.raw_response().map(|response| response.status().as_u16())
        };
    }

    #[tokio::test]
    async fn inside_the_window_the_key_is_unknown_to_s3_and_sts_and_nothing_reaches_the_emulator() {
        let (emulator, user) = emulator_with_user().await;
        let proxy = FaultProxy::start(&emulator.endpoint, &user.access_key_id, Duration::from_mins(2), Duration::ZERO);
        let s3 = proxy.s3(&emulator, &user).await;

        let err = s3.list_objects_v2().bucket(BUCKET).max_keys(1).send().await.unwrap_err();
        assert_eq!(err.code(), Some("InvalidAccessKeyId"), "{err:?}");
        assert_eq!(status!(err), Some(403));
        assert_eq!(
            err.message(),
            Some("The AWS Access Key Id you provided does not exist in our records."),
            "the SDK reads S3's XML error body"
        );

        let err = s3.put_object().bucket(BUCKET).key("written-while-faulted").body(ByteStream::from_static(b"probe"));
        let err = err.send().await.unwrap_err();
        assert_eq!(err.code(), Some("InvalidAccessKeyId"), "{err:?}");

        let err = s3.get_bucket_location().bucket(BUCKET).send().await.unwrap_err();
        assert_eq!(err.code(), Some("InvalidAccessKeyId"), "{err:?}");

        // HEAD: status only, no body (so no code, as from AWS).
        let err = s3.head_bucket().bucket(BUCKET).send().await.unwrap_err();
        assert_eq!(status!(err), Some(403), "{err:?}");

        let sts = proxy.sts(&emulator, &user).await;
        let err = sts.get_caller_identity().send().await.unwrap_err();
        assert_eq!(aws_sdk_sts::error::ProvideErrorMetadata::code(&err), Some("InvalidClientTokenId"), "{err:?}");
        assert_eq!(
            aws_sdk_sts::error::ProvideErrorMetadata::message(&err),
            Some("The security token included in the request is invalid.")
        );

        let faulted = proxy.faulted();
        assert_eq!(faulted, 5, "one answer per call (a 403 is not retried): {:#?}", proxy.seen());
        assert_eq!(proxy.forwarded(), 0, "{:#?}", proxy.seen());
        assert!(objects(&emulator).await.is_empty(), "a faulted PutObject must not reach the emulator");

        // The admin key is never faulted: its calls, bodies included, reach the emulator.
        let admin = proxy.s3(&emulator, &emulator.admin).await;
        let body = vec![b'x'; 256 * 1024];
        admin.put_object().bucket(BUCKET).key("by-admin").body(ByteStream::from(body.clone())).send().await.unwrap();
        let got = admin.get_object().bucket(BUCKET).key("by-admin").send().await.unwrap();
        assert_eq!(got.body.collect().await.unwrap().into_bytes().as_ref(), body.as_slice());
        let me = proxy.sts(&emulator, &emulator.admin).await.get_caller_identity().send().await.unwrap();
        assert!(me.arn().unwrap().ends_with(":user/admin"));
        assert_eq!(proxy.faulted(), faulted);
        assert_eq!(proxy.forwarded(), 3);
        assert_eq!(objects(&emulator).await, ["by-admin"]);
        assert!(proxy.elapsed() < Duration::from_mins(2), "the calls above ran inside the window");

        // Both PutObjects' bodies were read whole, however the SDK framed them (`--nocapture` shows how:
        // aws-sdk-s3 1.157 sends an in-memory body with Content-Length, not chunked, and no `Expect`).
        let puts: Vec<_> = proxy.seen().into_iter().filter(|seen| seen.method == "PUT").collect();
        eprintln!("PutObject as the SDK sent it: {puts:#?}");
        assert_eq!(puts.len(), 2);
        assert_eq!((puts[0].outcome, puts[1].outcome), (Outcome::InvalidKey, Outcome::Forwarded));
        assert!(puts[1].target.starts_with(&format!("/{BUCKET}/by-admin")), "path-style: {}", puts[1].target);
        for (put, size) in puts.iter().zip([5, body.len()]) {
            assert_eq!(put.service.as_deref(), Some("s3"));
            if put.transfer_encoding.is_none() {
                assert_eq!(put.content_length, Some(size.to_string()));
                assert_eq!(put.body_len, size);
            } else {
                assert!(put.body_len > size, "chunked framing is kept: {put:?}");
            }
        }
    }

    #[tokio::test]
    async fn after_the_window_the_same_key_works() {
        let (emulator, user) = emulator_with_user().await;
        let window = Duration::from_millis(1500);
        let proxy = FaultProxy::start(&emulator.endpoint, &user.access_key_id, window, Duration::ZERO);
        let s3 = proxy.s3(&emulator, &user).await;
        let sts = proxy.sts(&emulator, &user).await;

        let err = s3.list_objects_v2().bucket(BUCKET).max_keys(1).send().await.unwrap_err();
        assert_eq!(err.code(), Some("InvalidAccessKeyId"));
        assert!(proxy.elapsed() < window, "the first call ran inside the window");

        tokio::time::sleep(window.saturating_sub(proxy.elapsed()) + Duration::from_millis(100)).await;
        s3.list_objects_v2().bucket(BUCKET).max_keys(1).send().await.expect("the key works after the window");
        s3.put_object().bucket(BUCKET).key("probe").body(ByteStream::from_static(b"after")).send().await.unwrap();
        let got = s3.get_object().bucket(BUCKET).key("probe").send().await.unwrap();
        assert_eq!(got.body.collect().await.unwrap().into_bytes().as_ref(), b"after");
        s3.delete_object().bucket(BUCKET).key("probe").send().await.unwrap();
        let me = sts.get_caller_identity().send().await.expect("STS accepts the key after the window");
        assert!(me.arn().unwrap().ends_with(&format!(":user/{USER}")));

        assert_eq!(proxy.faulted(), 1);
        assert_eq!(proxy.forwarded(), 5);
        assert!(objects(&emulator).await.is_empty());
    }

    #[tokio::test]
    async fn then_s3_denies_access_for_a_while_but_sts_knows_the_key() {
        let (emulator, user) = emulator_with_user().await;
        let (invalid, denied) = (Duration::from_secs(2), Duration::from_secs(2));
        let proxy = FaultProxy::start(&emulator.endpoint, &user.access_key_id, invalid, denied);
        let s3 = proxy.s3(&emulator, &user).await;
        let sts = proxy.sts(&emulator, &user).await;

        let err = s3.list_objects_v2().bucket(BUCKET).max_keys(1).send().await.unwrap_err();
        assert_eq!(err.code(), Some("InvalidAccessKeyId"));
        assert!(proxy.elapsed() < invalid);

        tokio::time::sleep(invalid.saturating_sub(proxy.elapsed()) + Duration::from_millis(300)).await;
        let err = s3.list_objects_v2().bucket(BUCKET).max_keys(1).send().await.unwrap_err();
        assert_eq!(err.code(), Some("AccessDenied"), "{err:?}");
        assert_eq!(err.message(), Some("Access Denied"));
        let err = s3.put_object().bucket(BUCKET).key("denied").body(ByteStream::from_static(b"no")).send().await;
        assert_eq!(err.unwrap_err().code(), Some("AccessDenied"));
        sts.get_caller_identity().send().await.expect("STS accepts a key whose policy has not propagated");
        assert!(proxy.elapsed() < invalid + denied, "the calls above ran inside the access-denied window");
        assert!(objects(&emulator).await.is_empty(), "a denied PutObject must not reach the emulator");

        tokio::time::sleep((invalid + denied).saturating_sub(proxy.elapsed()) + Duration::from_millis(100)).await;
        s3.list_objects_v2().bucket(BUCKET).max_keys(1).send().await.expect("allowed after both windows");
        assert_eq!(proxy.faulted(), 3);
        assert_eq!(proxy.forwarded(), 2);
    }
}
