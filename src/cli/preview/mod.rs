//! `coursepack preview`: serve the course on 127.0.0.1, rebuilt after every save, on a fixed number of threads.
//! Connections are tasks, not threads: idle or slow clients cost memory only, and at most `MAX_CONNECTIONS`
//! are open at once (the next ones get 503); a client that does not send its request head in time, or stops
//! reading its response, is dropped.

mod http;
mod live;

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

use crate::preview::Preview;
use live::Live;

use super::{EXIT_FAILURE, PreviewArgs, fail};

/// Threads that serve requests; rebuilds run on the watcher thread or on one of `BLOCKING_THREADS`.
const WORKER_THREADS: usize = 2;
const BLOCKING_THREADS: usize = 2;
/// Open connections at most (each open page holds one for `/__events`).
const MAX_CONNECTIONS: usize = 512;
/// A client gets this long to send each request head, also between requests on a kept-alive connection.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A response that cannot be written for this long (the client stopped reading) ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

pub fn run(args: &PreviewArgs) -> u8 {
    let preview = match Preview::open(&args.dir) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let live = Arc::new(Live::new(preview));
    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return EXIT_FAILURE;
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .max_blocking_threads(BLOCKING_THREADS)
        .thread_name("preview-http")
        .enable_all()
        .build();
    let result = runtime.and_then(|rt| {
        live.watch()?;
        println!(
            "Previewing {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
            args.dir.display()
        );
        let _ = io::stdout().flush();
        rt.block_on(serve(listener, http::router(live, port)))
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: preview server: {e}");
            EXIT_FAILURE
        }
    }
}

async fn serve(listener: std::net::TcpListener, router: axum::Router) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // out of file descriptors, or a connection reset before it was accepted: try again shortly
                eprintln!("warning: preview could not accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tokio::spawn(busy(stream));
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        // no read timeout: an open page's /__events connection sends nothing for as long as the page is open
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(Box::pin(stream)), service);
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Every connection slot is taken: say so and close. The request is read (briefly, bounded) and dropped, so
/// the close does not reset the connection before the client has read the answer.
async fn busy(mut stream: TcpStream) {
    let reply =
        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbusy\n";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(reply).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        io::Result::Ok(())
    })
    .await;
}
