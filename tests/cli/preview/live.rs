//! A save in the course folder reaches the open page: `/__events` announces every rebuild (server-sent events),
//! and the script that listens to it is part of the preview only, never of a package.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use std::{fs, thread};

use super::{first_page, get, scaffold, start};
use crate::support::{run, text, zip_entries};

/// Reads the event stream up to the next `reload` event and returns its data (the build generation).
fn next_reload(events: &mut BufReader<TcpStream>) -> String {
    let mut event = String::new();
    loop {
        let mut line = String::new();
        let n = events.read_line(&mut line).expect("the event stream stays open");
        assert!(n > 0, "the event stream ended");
        let line = line.trim_end();
        if let Some(name) = line.strip_prefix("event:") {
            event = name.trim().to_owned();
        } else if let Some(data) = line.strip_prefix("data:") {
            if event == "reload" {
                return data.trim().to_owned();
            }
        } else if line.is_empty() {
            event.clear();
        }
    }
}

#[test]
fn events_announce_a_rebuild_after_a_save() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);
    let port = server.port;

    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(15))).expect("timeout");
    write!(stream, "GET /__events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").expect("send");
    let mut events = BufReader::new(stream);
    let mut status = String::new();
    events.read_line(&mut status).expect("status line");
    assert!(status.contains(" 200 "), "{status}");
    let mut content_type = String::new();
    loop {
        let mut line = String::new();
        events.read_line(&mut line).expect("header");
        if line.trim().is_empty() {
            break;
        }
        if line.to_ascii_lowercase().starts_with("content-type:") {
            content_type = line;
        }
    }
    assert!(content_type.contains("text/event-stream"), "{content_type}");

    // on connecting, the stream says which build is current; the served page carries the same number
    let first = next_reload(&mut events);
    let page = get(port, "/index.html");
    assert!(
        page.body.contains(&format!("data-generation=\"{first}\"")),
        "{first}: {}",
        page.body
    );

    // a save, and no page load: the server notices by itself and announces the new build
    let file = first_page(&course);
    let source = fs::read_to_string(&file).expect("page");
    thread::sleep(Duration::from_millis(20));
    fs::write(&file, format!("{source}\nSaved in the editor.\n")).expect("edit");
    let saved = Instant::now();
    let second = next_reload(&mut events);
    assert_ne!(second, first, "a new build after the save");
    assert!(
        saved.elapsed() < Duration::from_secs(5),
        "announced after {:?}",
        saved.elapsed()
    );
    assert!(get(port, "/index.html").body.contains("Saved in the editor."));
}

#[test]
fn the_live_script_is_served_by_the_preview_and_never_packaged() {
    let tmp = tempfile::tempdir().expect("temp dir");
    scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);
    let page = get(server.port, "/");
    let script = get(server.port, "/__coursepack/live.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource"), "{}", script.body);
    assert!(page.body.contains("src=\"/__coursepack/live.js\""), "{}", page.body);
    drop(server);

    let o = run(tmp.path(), &["build", "demo", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for (name, bytes) in zip_entries(&tmp.path().join("dist/demo-0.1.0-scorm12.zip")) {
        let body = String::from_utf8_lossy(&bytes);
        assert!(
            !body.contains("__coursepack") && !body.contains("__events"),
            "{name} has preview code"
        );
    }
}
