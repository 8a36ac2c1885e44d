//! The HTTP side: hyper 1.x HTTP/1.1 on a small tokio runtime. `/metrics` scrapes afresh
//! on a blocking thread (at most [`MAX_CONCURRENT_SCRAPES`] at once, the rest wait up to
//! [`SCRAPE_WAIT`], then get 503); `/` links to it; other paths get 404, other methods 405.
//! Headers must arrive within [`HEADER_TIMEOUT`] and fit in [`MAX_HEADER_BYTES`] (hyper
//! answers 431 when they do not, 400 when they are malformed); a connection lives at most
//! [`CONNECTION_LIFETIME`]; at most [`MAX_CONNECTIONS`] are served at once (others are
//! closed on accept), so no client can stall the exporter.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ACCEPT, ALLOW, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

use super::collectors::{self, CollectorDef, Context};
use super::metrics::{self, Format};

/// Scrapes running at once; more wait.
pub const MAX_CONCURRENT_SCRAPES: usize = 4;
/// How long a scrape waits for its turn before 503.
pub const SCRAPE_WAIT: Duration = Duration::from_secs(10);
/// Time allowed for a request's headers (slow clients are cut off).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head accepted.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Longest a connection is kept.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 512;

/// What every request handler shares.
pub struct State {
    /// The enabled collectors.
    pub collectors: Vec<&'static CollectorDef>,
    /// Their shared context (process-group config).
    pub context: Context,
    scrapes: Semaphore,
}

impl State {
    /// A state serving `collectors`.
    pub fn new(collectors: Vec<&'static CollectorDef>, context: Context) -> State {
        State { collectors, context, scrapes: Semaphore::new(MAX_CONCURRENT_SCRAPES) }
    }
}

const INDEX: &str = "<!DOCTYPE html>\n<html><head><title>psutil exporter</title></head>\n<body><h1>psutil exporter</h1>\n<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text.to_owned())));
    *r.status_mut() = status;
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

fn method_not_allowed() -> Response<Full<Bytes>> {
    let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed: use GET or HEAD\n");
    r.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
    r
}

/// The body of one scrape in `format`.
pub fn scrape_text(state: &State, format: Format) -> Result<String, std::fmt::Error> {
    metrics::encode(collectors::scrape(&state.collectors, &state.context), format)
}

async fn handle(req: Request<Incoming>, state: Arc<State>) -> Result<Response<Full<Bytes>>, Infallible> {
    let readable = req.method() == Method::GET || req.method() == Method::HEAD;
    match req.uri().path() {
        "/" if readable => {
            let mut r = Response::new(Full::new(Bytes::from_static(INDEX.as_bytes())));
            r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            Ok(r)
        }
        "/metrics" if readable => {
            let format = Format::negotiate(req.headers().get(ACCEPT).and_then(|v| v.to_str().ok()));
            let permit = match tokio::time::timeout(SCRAPE_WAIT, state.scrapes.acquire()).await {
                Ok(Ok(p)) => p,
                _ => return Ok(plain(StatusCode::SERVICE_UNAVAILABLE, "503 too many scrapes at once\n")),
            };
            let worker = state.clone();
            let body = tokio::task::spawn_blocking(move || scrape_text(&worker, format)).await;
            drop(permit);
            Ok(match body {
                Ok(Ok(text)) => {
                    let mut r = Response::new(Full::new(Bytes::from(text)));
                    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
                    r
                }
                _ => plain(StatusCode::INTERNAL_SERVER_ERROR, "500 the scrape failed\n"),
            })
        }
        "/" | "/metrics" => Ok(method_not_allowed()),
        _ => Ok(plain(StatusCode::NOT_FOUND, "404 not found: see /metrics\n")),
    }
}

/// Accepts connections on `listener` forever, each served on its own task.
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) {
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors and the like: back off instead of spinning.
                eprintln!("psutil exporter: accept: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(req, state.clone()));
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEADER_BYTES);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIFETIME, conn).await;
            drop(permit);
        });
    }
}
