//! What the preview answers: GET and HEAD only (405 otherwise), only to `127.0.0.1:PORT` and `localhost:PORT`
//! (421 otherwise, so a DNS-rebinding page cannot read the course), the package's files, the live script and
//! the `/__events` stream.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeFile;

use super::live::Live;
use crate::package::Content;
use crate::preview::{EVENTS_PATH, LIVE_SCRIPT, LIVE_SCRIPT_PATH, Site, error_page};

/// Everything a request needs: the site and the names this server answers to.
struct App {
    live: Arc<Live>,
    hosts: Vec<String>,
}

/// The whole site as one handler: every path and method comes through `answer`.
pub fn router(live: Arc<Live>, port: u16) -> Router {
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if port == 80 {
        hosts.extend(["127.0.0.1".to_owned(), "localhost".to_owned()]);
    }
    Router::new().fallback(answer).with_state(Arc::new(App { live, hosts }))
}

async fn answer(State(app): State<Arc<App>>, request: Request) -> Response {
    if !host_allowed(request.headers(), &app.hosts) {
        let body = format!("coursepack preview answers only at http://{}/\n", app.hosts[0]);
        return (StatusCode::MISDIRECTED_REQUEST, body).into_response();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let allow = [(header::ALLOW, "GET, HEAD")];
        return (StatusCode::METHOD_NOT_ALLOWED, allow, "only GET and HEAD\n").into_response();
    }
    let path = request_path(request.uri().path());
    match path.as_str() {
        EVENTS_PATH => events(&app.live).into_response(),
        LIVE_SCRIPT_PATH => typed(Body::from(LIVE_SCRIPT), "live.js"),
        _ => file(&app.live, &path, request).await,
    }
}

/// The Host header names this server (case-insensitively); a request without one is refused.
fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(h.trim())))
}

/// The current build's generation at once, then after every rebuild (`event: reload`).
fn events(live: &Live) -> impl IntoResponse + use<> {
    let stream = futures_util::stream::unfold((live.subscribe(), true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let generation = *rx.borrow_and_update();
        let event = Event::default().event("reload").data(generation.to_string());
        Some((Ok::<_, Infallible>(event), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(live: &Arc<Live>, path: &str, request: Request) -> Response {
    if path.ends_with(".html") {
        // a page load looks for changes too, so a reload never shows an older build than the folder
        let live = Arc::clone(live);
        match tokio::task::spawn_blocking(move || live.refresh()).await {
            Ok(Err(e)) => eprintln!("error: {e}"),
            Err(e) => eprintln!("error: {e}"),
            Ok(Ok(_)) => {}
        }
    }
    let (generation, site) = live.site();
    match &*site {
        Site::Ready(files) => match files.get(path) {
            Some(Content::Bytes(bytes)) => typed(Body::from(bytes.clone()), path),
            Some(Content::File(source)) => match ServeFile::new(source).try_call(request).await {
                Ok(response) => response.map(Body::new),
                Err(_) => missing(path),
            },
            None => missing(path),
        },
        Site::Broken { report, sources } if path.ends_with(".html") => {
            let page = error_page(report, sources, generation);
            let mut response = typed(Body::from(page), "errors.html");
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
        Site::Broken { .. } => missing(path),
    }
}

/// `/` → `index.html`; percent-escapes decoded (the query never reaches here).
fn request_path(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    if decoded.is_empty() {
        "index.html".to_owned()
    } else {
        decoded
    }
}

/// A 200 response with the content type of `path`, never cached (the next build may differ).
fn typed(body: Body, path: &str) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = if mime.type_() == mime_guess::mime::TEXT || mime.subtype() == mime_guess::mime::JAVASCRIPT {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let mut response = body.into_response();
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 404, except for the icon browsers ask for on every page: a course without one gets no console error for it.
fn missing(path: &str) -> Response {
    if path == "favicon.ico" {
        return StatusCode::NO_CONTENT.into_response();
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_package_entries() {
        assert_eq!(request_path("/"), "index.html");
        assert_eq!(request_path("/index.html"), "index.html");
        assert_eq!(request_path("/media/een%20figuur.svg"), "media/een figuur.svg");
    }

    #[test]
    fn only_this_machine_s_names_pass() {
        let hosts = vec!["127.0.0.1:8000".to_owned(), "localhost:8000".to_owned()];
        let with = |host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_str(host).expect("header value"));
            h
        };
        assert!(host_allowed(&with("localhost:8000"), &hosts));
        assert!(host_allowed(&with("LOCALHOST:8000"), &hosts));
        assert!(!host_allowed(&with("localhost:8001"), &hosts));
        assert!(!host_allowed(&with("evil.example"), &hosts));
        assert!(!host_allowed(&HeaderMap::new(), &hosts));
    }
}
