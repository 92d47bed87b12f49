//! `coursepack preview` serves the scaffold course on 127.0.0.1, rebuilds after an edit, and shows errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::{fs, thread, time::Duration};

use crate::support::{run, text};

/// The preview process; killed when dropped so a failing test leaves no server behind.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(cwd: &std::path::Path, dir: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .args(["preview", dir, "--port", "0"])
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

/// (status code, content type, body) of a GET.
fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("http response");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let ctype = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or_default()
        .to_owned();
    (status, ctype, body.to_owned())
}

#[test]
fn serves_rebuilds_and_reports_errors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["new", "demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let server = start(tmp.path(), "demo");

    let (status, ctype, body) = get(server.port, "/");
    assert_eq!(status, 200, "{body}");
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(body.contains("<html lang=\"en\""), "the course page");
    let (status, ctype, _) = get(server.port, "/assets/player.js");
    assert_eq!(status, 200);
    assert!(ctype.contains("javascript"), "{ctype}");
    assert_eq!(
        get(server.port, "/../course.toml").0,
        404,
        "nothing outside the package"
    );

    // edit a page: the next page load shows the new text
    let page = first_page(&tmp.path().join("demo"));
    let source = fs::read_to_string(&page).expect("page");
    thread::sleep(Duration::from_millis(20));
    fs::write(&page, format!("{source}\nA sentence added while previewing.\n")).expect("edit");
    let (status, _, body) = get(server.port, "/index.html");
    assert_eq!(status, 200);
    assert!(
        body.contains("A sentence added while previewing."),
        "rebuilt after the edit"
    );

    // break it: the browser gets the diagnostics, then the course again once fixed
    fs::write(&page, format!("{source}\n![](media/missing.png)\n")).expect("break");
    let (status, _, body) = get(server.port, "/");
    assert_eq!(status, 500);
    assert!(body.contains("E0301") || body.contains("E0302"), "{body}");
    fs::write(&page, &source).expect("fix");
    assert_eq!(get(server.port, "/").0, 200);
}

fn first_page(course: &std::path::Path) -> std::path::PathBuf {
    let mut pages: Vec<_> = walkdir::WalkDir::new(course)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    pages.into_iter().next().expect("a page")
}
