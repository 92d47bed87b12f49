//! The preview answers only to this machine's names, only GET and HEAD, on a bounded number of threads.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{get, raw, scaffold, start};

#[test]
fn answers_only_to_loopback_host_names() {
    let tmp = tempfile::tempdir().expect("temp dir");
    scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);
    let port = server.port;

    // a DNS-rebinding page reaches 127.0.0.1 under its own name: refused, course not shown
    for host in ["evil.example", &format!("evil.example:{port}"), "127.0.0.1:1"] {
        let r = raw(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 421, "Host: {host}\n{}", r.head);
        assert!(!r.body.contains("cp-data"), "Host: {host} must not get the course");
        assert!(
            r.body.contains(&format!("127.0.0.1:{port}")),
            "the body says where to go: {}",
            r.body
        );
    }
    let r = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(r.status, 421, "no Host header\n{}", r.head);

    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let r = raw(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 200, "Host: {host}");
    }
}

#[test]
fn other_methods_get_405_and_head_works() {
    let tmp = tempfile::tempdir().expect("temp dir");
    scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);
    let port = server.port;

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = raw(
            port,
            &format!(
                "{method} /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
        );
        assert_eq!(r.status, 405, "{method}\n{}", r.head);
        assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method}\n{}", r.head);
    }

    let full = get(port, "/index.html");
    let head = raw(
        port,
        &format!("HEAD /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(head.status, 200, "{}", head.head);
    assert_eq!(head.body, "", "HEAD has no body");
    assert!(
        head.header("Content-Type").unwrap_or_default().starts_with("text/html"),
        "{}",
        head.head
    );
    assert_eq!(
        head.header("Content-Length").and_then(|n| n.parse::<usize>().ok()),
        Some(full.body.len()),
        "HEAD announces the length of the GET body\n{}",
        head.head
    );
}

#[test]
fn idle_connections_neither_block_requests_nor_add_threads() {
    let tmp = tempfile::tempdir().expect("temp dir");
    scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);
    assert_eq!(get(server.port, "/").status, 200);

    // 200 clients that connect and never send a byte (a slow-loris, or a browser's spare sockets)
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(500));

    let asked = Instant::now();
    let r = get(server.port, "/assets/player.js");
    assert_eq!(r.status, 200);
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "answered in {:?} with 200 idle connections open",
        asked.elapsed()
    );
    let threads = threads_of(server.pid());
    assert!(threads <= 24, "{threads} threads with {} idle connections", idle.len());
}

#[test]
fn connections_beyond_the_cap_get_503_until_slots_free_up() {
    let tmp = tempfile::tempdir().expect("temp dir");
    scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);
    // the preview keeps 512 connections open at most
    let idle: Vec<TcpStream> = (0..512)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let r = get(server.port, "/");
    assert_eq!(r.status, 503, "{}", r.head);
    assert_eq!(r.header("Retry-After"), Some("1"));

    drop(idle);
    let freed = Instant::now();
    while get(server.port, "/").status != 200 {
        assert!(
            freed.elapsed() < Duration::from_secs(5),
            "slots free up when clients leave"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_client_that_stops_reading_is_dropped() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = scaffold(tmp.path());
    let size = 48 << 20;
    std::fs::write(course.join("media/data.pdf"), vec![7u8; size]).expect("media");
    let page = course.join("01-getting-started/02-next-steps.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, format!("{text}\n[The data](../media/data.pdf)\n")).expect("link");
    let server = start(tmp.path(), &["demo"]);

    // asks for 48 MB and reads nothing for longer than the write timeout (10 s)
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    let port = server.port;
    write!(stream, "GET /media/data.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").expect("send");
    std::thread::sleep(Duration::from_secs(13));
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let mut received = 0;
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        received += n;
    }
    assert!(
        received < size,
        "the server gave up on the silent reader ({received} bytes arrived)"
    );
}

/// `Threads:` of /proc/<pid>/status (Linux).
fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}
