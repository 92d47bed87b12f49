//! `coursepack preview` serves the scaffold course on 127.0.0.1, rebuilds after an edit, and shows errors.

mod guard;
mod live;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::{fs, thread, time::Duration};

use crate::support::{run, text};

/// The preview process; killed when dropped so a failing test leaves no server behind.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `coursepack preview <args> --port 0` in `cwd` and reads the port from its first line.
pub fn start(cwd: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .arg("preview")
        .args(args)
        .args(["--port", "0"])
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("preview starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout).read_line(&mut line).expect("first line");
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

/// A scaffold course at `dir/demo`.
pub fn scaffold(dir: &Path) -> PathBuf {
    let o = run(dir, &["new", "demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    dir.join("demo")
}

/// A parsed HTTP response.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The value of a response header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `request` as is and reads the whole response (the request must ask the server to close).
pub fn raw(port: u16, request: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw.split_once("\r\n\r\n").expect("http response");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// A GET as a browser sends it to `http://127.0.0.1:PORT/`.
pub fn get(port: u16, path: &str) -> Reply {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn serves_rebuilds_and_reports_errors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = scaffold(tmp.path());
    let server = start(tmp.path(), &["demo"]);

    let r = get(server.port, "/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.header("Content-Type").unwrap_or_default().starts_with("text/html"),
        "{}",
        r.head
    );
    assert!(r.body.contains("<html lang=\"en\""), "the course page");
    let r = get(server.port, "/assets/player.js");
    assert_eq!(r.status, 200);
    assert!(
        r.header("Content-Type").unwrap_or_default().contains("javascript"),
        "{}",
        r.head
    );
    assert_eq!(
        get(server.port, "/../course.toml").status,
        404,
        "nothing outside the package"
    );

    // edit a page: the next page load shows the new text
    let page = first_page(&course);
    let source = fs::read_to_string(&page).expect("page");
    thread::sleep(Duration::from_millis(20));
    fs::write(&page, format!("{source}\nA sentence added while previewing.\n")).expect("edit");
    let r = get(server.port, "/index.html");
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("A sentence added while previewing."),
        "rebuilt after the edit"
    );

    // break it: the browser gets the diagnostics, then the course again once fixed
    fs::write(&page, format!("{source}\n![](media/missing.png)\n")).expect("break");
    let r = get(server.port, "/");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("E0301") || r.body.contains("E0302"), "{}", r.body);
    fs::write(&page, &source).expect("fix");
    assert_eq!(get(server.port, "/").status, 200);
}

pub fn first_page(course: &Path) -> PathBuf {
    let mut pages: Vec<_> = walkdir::WalkDir::new(course)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    pages.into_iter().next().expect("a page")
}
