use super::*;

/// A server on a free port of 127.0.0.1 with `limits`, answering every request with its
/// target; returns its port.
fn start(limits: Limits) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let bound = listener.local_addr().unwrap();
    let hosts = Hosts::for_address("127.0.0.1", bound);
    std::thread::spawn(move || {
        serve(listener, hosts, limits, |request: &Request| {
            Answer::Respond(Response::text(200, &request.target))
        })
    });
    bound.port()
}

/// Sends `request` on a new connection and reads the answer until the server closes it.
fn exchange(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn only_the_servers_own_addresses_are_answered() {
    let port = start(Limits::default());
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = exchange(
            port,
            format!("GET /a HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_eq!(status(&answer), 200, "{host}: {answer}");
    }
    for host in [
        "evil.example:{port}".replace("{port}", &port.to_string()),
        "evil.example".into(),
        "127.0.0.1".into(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let answer = exchange(
            port,
            format!("GET /a HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status(&answer), 421, "{host}: {answer}");
        assert!(answer.contains("text/plain") && answer.contains("only requests for this machine"));
    }
    let answer = exchange(port, b"GET /a HTTP/1.0\r\n\r\n");
    assert_eq!(status(&answer), 421, "no Host header: {answer}");
}

#[test]
fn any_host_is_answered_on_every_interface() {
    let any = Hosts::for_address("0.0.0.0", "0.0.0.0:1111".parse().unwrap());
    assert!(any.allows(Some("my-laptop.local:1111")));
    assert!(Hosts::for_address("::", "[::]:1111".parse().unwrap()).allows(None));
    let one = Hosts::for_address("192.168.1.5", "192.168.1.5:1111".parse().unwrap());
    assert!(one.allows(Some("192.168.1.5:1111")));
    assert!(one.allows(Some("localhost:1111")));
    assert!(!one.allows(Some("192.168.1.5")));
    let v6 = Hosts::for_address("::1", "[::1]:80".parse().unwrap());
    assert!(v6.allows(Some("[::1]")) && v6.allows(Some("[::1]:80")));
}

#[test]
fn a_head_past_the_limit_is_431_and_never_read_whole() {
    let port = start(Limits::default());
    let mut request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
    request.extend(std::iter::repeat_n(b'a', 64 * 1024));
    let answer = exchange(port, &request);
    assert_eq!(status(&answer), 431, "{answer}");
    let mut request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").into_bytes();
    for i in 0..100 {
        request.extend(format!("X-{i}: a\r\n").as_bytes());
    }
    request.extend(b"\r\n");
    assert_eq!(status(&exchange(port, &request)), 431, "too many headers");
}

#[test]
fn connections_past_the_limit_are_503_and_idle_ones_are_closed() {
    let limits = Limits {
        connections: 3,
        idle: Duration::from_millis(600),
        ..Limits::default()
    };
    let port = start(limits);
    let idle: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let request = format!("GET /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let answer = exchange(port, request.as_bytes());
    assert_eq!(status(&answer), 503, "{answer}");
    // The idle connections are closed once their time is up, and their places freed.
    for mut stream in idle {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let started = Instant::now();
        assert_eq!(stream.read(&mut [0u8; 16]).unwrap_or(0), 0);
        assert!(started.elapsed() < Duration::from_secs(3));
    }
    std::thread::sleep(Duration::from_millis(100));
    let close = format!("GET /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&exchange(port, close.as_bytes())), 200);
}

#[test]
fn a_kept_alive_connection_serves_one_request_after_another() {
    let port = start(Limits::default());
    let host = format!("Host: 127.0.0.1:{port}");
    let answer = exchange(
        port,
        format!(
            "GET /one HTTP/1.1\r\n{host}\r\n\r\nHEAD /two HTTP/1.1\r\n{host}\r\n\r\nGET /three HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(answer.matches("HTTP/1.1 200 OK").count(), 3, "{answer}");
    assert!(
        answer.contains("/one\n") && !answer.contains("/two\n") && answer.ends_with("/three\n")
    );
    let post = format!("POST / HTTP/1.1\r\n{host}\r\nContent-Length: 3\r\n\r\nabc");
    assert_eq!(status(&exchange(port, post.as_bytes())), 405);
    assert_eq!(status(&exchange(port, b"NOT HTTP AT ALL\r\n\r\n")), 400);
}
