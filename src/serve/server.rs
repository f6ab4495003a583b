//! The preview's HTTP/1.1 server, bounded in everything a client controls: at most
//! [`Limits::connections`] connections at once (one more is answered 503 and closed), a
//! request head of at most [`Limits::head_bytes`] (431 past it), a request head that must
//! arrive within [`Limits::idle`] (an idle or trickling connection is closed), and writes
//! that give up after [`Limits::write`]. Each connection has a thread of its own, so the
//! threads are bounded with the connections.
//!
//! Only requests for the addresses the server is known by are answered ([`Hosts`]), so that a
//! web page the author visits cannot read the preview (drafts included) by making its own
//! name resolve to this machine (DNS rebinding).
//!
//! Requests are parsed by `httparse`; the server answers `GET` and `HEAD` only, which is all
//! a preview of static files needs, and hands each one to a handler that returns the
//! [`Response`] (or takes the connection, for a stream of events).

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The bounds of the server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections served at once; one more is answered 503.
    pub connections: usize,
    /// The largest request head (request line and headers), in bytes; a larger one is
    /// answered 431.
    pub head_bytes: usize,
    /// How long a connection may take to send a whole request head, the first one or the
    /// next on a kept-alive connection; then it is closed.
    pub idle: Duration,
    /// How long one write may wait for a client that does not read.
    pub write: Duration,
}

impl Default for Limits {
    /// 128 connections (a browser opens six per site, plus one per open tab for the reload
    /// events), 16 KiB of request head (browsers send under 2), ten seconds to send it, and
    /// thirty seconds for a write.
    fn default() -> Limits {
        Limits {
            connections: 128,
            head_bytes: 16 * 1024,
            idle: Duration::from_secs(10),
            write: Duration::from_secs(30),
        }
    }
}

/// The `Host` header values the server answers: every address it is known by on this
/// machine, with its port; `None` answers any (it listens on every interface).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hosts(Option<Vec<String>>);

impl Hosts {
    /// The hosts of a server listening at `bound`, which was asked for as `interface`: the
    /// interface as given, the bound address, and `localhost`, `127.0.0.1` and `[::1]`, each
    /// with the port (and without it on port 80). Any host when `bound` is the unspecified
    /// address (`0.0.0.0` or `::`), since the server was asked to be reachable by any name.
    pub(crate) fn for_address(interface: &str, bound: SocketAddr) -> Hosts {
        if bound.ip().is_unspecified() {
            return Hosts(None);
        }
        let port = bound.port();
        let mut names = vec![
            host_name(interface),
            host_name(&bound.ip().to_string()),
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "[::1]".to_string(),
        ];
        names.sort();
        names.dedup();
        let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        if port == 80 {
            hosts.extend(names);
        }
        Hosts(Some(hosts))
    }

    /// Whether a request with this `Host` header is answered.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        match (&self.0, host) {
            (None, _) => true,
            (Some(hosts), Some(host)) => hosts.iter().any(|h| h.eq_ignore_ascii_case(host.trim())),
            (Some(_), None) => false,
        }
    }

    /// The first allowed host, for the message to a refused request.
    fn example(&self) -> &str {
        self.0
            .as_ref()
            .and_then(|h| h.iter().find(|h| h.starts_with("127.0.0.1")))
            .map_or("127.0.0.1", String::as_str)
    }
}

/// A name as it appears in a `Host` header: an IPv6 address in brackets.
fn host_name(name: &str) -> String {
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V6(ip)) => format!("[{ip}]"),
        Ok(IpAddr::V4(ip)) => ip.to_string(),
        Err(_) => name.to_ascii_lowercase(),
    }
}

/// A request as the handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET` or `HEAD`.
    pub method: String,
    /// The request target, as sent (`/films/?page=2`).
    pub target: String,
}

/// A response to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    /// The status code.
    pub status: u16,
    /// Headers besides `Content-Length` and `Connection`, which the server adds.
    pub headers: Vec<(&'static str, String)>,
    /// The body (not sent to a `HEAD` request).
    pub body: Vec<u8>,
}

impl Response {
    /// A short plain-text answer, for errors.
    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: format!("{text}\n").into_bytes(),
        }
    }
}

/// What the handler does with a request.
pub(crate) enum Answer {
    /// Write this response; the connection may serve another request.
    Respond(Response),
    /// Take over the connection (a stream of events); it is closed when the function returns.
    Take(Box<dyn FnOnce(TcpStream) + Send>),
}

/// Serves connections from `listener` until it fails, each request answered by `handler`
/// once the checks of this module pass.
pub(crate) fn serve<H>(listener: TcpListener, hosts: Hosts, limits: Limits, handler: H)
where
    H: Fn(&Request) -> Answer + Send + Sync + 'static,
{
    let handler = Arc::new(handler);
    let hosts = Arc::new(hosts);
    let open = Arc::new(AtomicUsize::new(0));
    let busy = refuser();
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // A connection that failed before it was accepted (reset, or no file descriptor
            // left): wait a little rather than spin, and go on.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let _ = stream.set_write_timeout(Some(limits.write));
        if open.fetch_add(1, Ordering::AcqRel) >= limits.connections {
            open.fetch_sub(1, Ordering::AcqRel);
            // Answered by a thread of its own, one at a time; when even its queue is full,
            // closed unanswered.
            let _ = busy.as_ref().map(|busy| busy.try_send(stream));
            continue;
        }
        let slot = Slot(open.clone());
        let (handler, hosts) = (handler.clone(), hosts.clone());
        // Without a thread for it, the connection is closed (and its slot given back).
        let _ = std::thread::Builder::new()
            .name("marquee-http".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, &hosts, limits, handler.as_ref());
            });
    }
}

/// The thread that answers 503 to the connections past the limit, with the queue to it
/// (`None` when no thread can be made: they are then closed unanswered).
fn refuser() -> Option<std::sync::mpsc::SyncSender<TcpStream>> {
    let (queue, refused) = std::sync::mpsc::sync_channel::<TcpStream>(64);
    let busy = Response::text(503, "the preview server is busy: too many connections");
    std::thread::Builder::new()
        .name("marquee-busy".into())
        .spawn(move || {
            for mut stream in refused {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                refuse(&mut stream, &busy);
            }
        })
        .ok()
        .map(|_| queue)
}

/// Writes `response` and closes the connection without cutting the response off: the
/// client's request is read and dropped first (for at most a second and 64 KiB), since
/// closing with unread data resets the connection, and the client may lose the answer.
fn refuse(stream: &mut TcpStream, response: &Response) {
    if write_response(stream, response, false, false).is_err() {
        return;
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 4096];
    let mut left: usize = 64 * 1024;
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// One connection's place among the open ones, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Why no request was read.
#[derive(Debug, PartialEq, Eq)]
enum Failed {
    /// The client closed the connection, went quiet, or the connection failed: close it.
    Gone,
    /// The head is larger than the limit.
    TooLarge,
    /// The head is not HTTP.
    Malformed,
}

/// A request head read from a connection.
struct Head {
    request: Request,
    host: Option<String>,
    keep_alive: bool,
    has_body: bool,
}

/// Serves the requests of one connection until it closes, goes idle or asks to close.
fn connection<H>(mut stream: TcpStream, hosts: &Hosts, limits: Limits, handler: &H)
where
    H: Fn(&Request) -> Answer,
{
    let mut buffer = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buffer, limits) {
            Ok(head) => head,
            Err(Failed::Gone) => return,
            Err(Failed::TooLarge) => {
                let refused = Response::text(431, "the request's headers are too large");
                return refuse(&mut stream, &refused);
            }
            Err(Failed::Malformed) => {
                return refuse(&mut stream, &Response::text(400, "bad request"));
            }
        };
        let is_head = head.request.method == "HEAD";
        let refusal = if !hosts.allows(head.host.as_deref()) {
            Some(Response::text(
                421,
                &format!(
                    "this preview answers only requests for this machine (such as http://{}/), not for {}",
                    hosts.example(),
                    head.host
                        .as_deref()
                        .unwrap_or("a request without a Host header")
                ),
            ))
        } else if !matches!(head.request.method.as_str(), "GET" | "HEAD") {
            let mut refused = Response::text(405, "the preview answers GET and HEAD only");
            refused.headers.push(("Allow", "GET, HEAD".into()));
            Some(refused)
        } else {
            None
        };
        // A request with a body is answered and the connection closed, never its body read.
        let keep_alive = head.keep_alive && !head.has_body && refusal.is_none();
        let response = match refusal {
            Some(refused) => refused,
            None => match handler(&head.request) {
                Answer::Respond(response) => response,
                Answer::Take(take) => {
                    let _ = stream.set_write_timeout(Some(limits.write));
                    take(stream);
                    return;
                }
            },
        };
        if write_response(&mut stream, &response, is_head, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

/// Reads one request head from `stream`, with what is left of `buffer` from the last one
/// (a client may send the next request before the answer); leaves in `buffer` what follows.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>, limits: Limits) -> Result<Head, Failed> {
    let deadline = Instant::now() + limits.idle;
    let mut chunk = [0u8; 4096];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(buffer) {
            Ok(httparse::Status::Complete(length)) => {
                let head = head_of(&request);
                buffer.drain(..length);
                return head.ok_or(Failed::Malformed);
            }
            Ok(httparse::Status::Partial) if buffer.len() >= limits.head_bytes => {
                return Err(Failed::TooLarge);
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(Failed::TooLarge),
            Err(_) => return Err(Failed::Malformed),
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Failed::Gone);
        }
        let room = (limits.head_bytes + 1 - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) | Err(_) => return Err(Failed::Gone),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The parts of a parsed request the server uses; `None` if a part is missing.
fn head_of(request: &httparse::Request<'_, '_>) -> Option<Head> {
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).into_owned())
    };
    // HTTP/1.1 forbids two Host headers (a request with them is malformed: 400), and which
    // one a check read would be a guess.
    let hosts = request
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("Host"))
        .count();
    if hosts > 1 {
        return None;
    }
    let close = header("Connection").is_some_and(|c| c.to_ascii_lowercase().contains("close"));
    let has_body = header("Transfer-Encoding").is_some()
        || header("Content-Length").is_some_and(|l| l.trim() != "0");
    Some(Head {
        request: Request {
            method: request.method?.to_string(),
            target: request.path?.to_string(),
        },
        host: header("Host"),
        keep_alive: request.version? == 1 && !close,
        has_body,
    })
}

/// Writes `response` (its head alone for a `HEAD` request).
fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        response.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// The reason phrase of the status codes the preview uses.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests;
