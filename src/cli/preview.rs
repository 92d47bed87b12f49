//! `coursepack preview`: serve the course on 127.0.0.1, rebuilt on every page load after a change.

use std::fs::File;
use std::io::{self, Write};

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::package::Content;
use crate::preview::{Preview, Refreshed, Site, error_page};

use super::{EXIT_FAILURE, PreviewArgs, fail};

pub fn run(args: &PreviewArgs) -> u8 {
    let mut preview = Preview::new(&args.dir);
    if let Err(e) = refresh(&mut preview) {
        return fail(&e);
    }
    let server = match Server::http(("127.0.0.1", args.port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return EXIT_FAILURE;
        }
    };
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    println!(
        "Previewing {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        args.dir.display()
    );
    let _ = io::stdout().flush();
    for request in server.incoming_requests() {
        let path = request_path(request.url());
        // a page load is the moment to look for changes; assets follow from the same build
        if path.ends_with(".html")
            && let Err(e) = refresh(&mut preview)
        {
            eprintln!("error: {e}");
        }
        if let Err(e) = respond(request, &preview, &path) {
            eprintln!("warning: could not answer {path}: {e}");
        }
    }
    0
}

fn refresh(preview: &mut Preview) -> Result<(), crate::build::BuildError> {
    if preview.refresh()? == Refreshed::Rebuilt {
        match preview.site() {
            Some(Site::Broken { report, sources }) => {
                eprint!("{}", report.render_human(sources, false));
                eprintln!("preview: the course has errors; the browser shows them until they are fixed");
            }
            _ => eprintln!("preview: built"),
        }
    }
    Ok(())
}

/// `/` → `index.html`; percent-escapes decoded; query and fragment dropped.
fn request_path(url: &str) -> String {
    let raw = url.split(['?', '#']).next().unwrap_or_default().trim_start_matches('/');
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned();
    if decoded.is_empty() {
        "index.html".to_owned()
    } else {
        decoded
    }
}

fn respond(request: Request, preview: &Preview, path: &str) -> io::Result<()> {
    match preview.site() {
        Some(Site::Ready(files)) => match files.get(path) {
            Some(Content::Bytes(bytes)) => request.respond(with_type(Response::from_data(bytes.clone()), path)),
            Some(Content::File(source)) => match File::open(source) {
                Ok(f) => request.respond(with_type(Response::from_file(f), path)),
                Err(_) => request.respond(not_found()),
            },
            None => request.respond(not_found()),
        },
        Some(Site::Broken { report, sources }) if path.ends_with(".html") => {
            let page = Response::from_string(error_page(report, sources));
            request.respond(with_type(page, "errors.html").with_status_code(StatusCode(500)))
        }
        _ => request.respond(not_found()),
    }
}

fn with_type<R: io::Read>(response: Response<R>, path: &str) -> Response<R> {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = if mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::JAVASCRIPT {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    match Header::from_bytes("Content-Type", value) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

fn not_found() -> Response<io::Cursor<Vec<u8>>> {
    Response::from_string("not found").with_status_code(StatusCode(404))
}

#[cfg(test)]
mod tests {
    use super::request_path;

    #[test]
    fn paths_map_to_package_entries() {
        assert_eq!(request_path("/"), "index.html");
        assert_eq!(request_path("/index.html?x=1#p-a"), "index.html");
        assert_eq!(request_path("/media/een%20figuur.svg"), "media/een figuur.svg");
    }
}
