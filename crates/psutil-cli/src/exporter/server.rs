//! The HTTP side: hyper 1.x HTTP/1.1 on a small tokio runtime. `/metrics` answers with a
//! reading of the system that started after the request arrived: one reading runs at a
//! time on a blocking thread, and the requests that queued behind it share the next one
//! (so 50 concurrent scrapers cost two readings, not fifty, and none gets data older than
//! its request). A request that cannot get a reading within [`SCRAPE_WAIT`] gets 503.
//! `/` links to `/metrics`; other paths get 404, other methods 405.
//! Headers must arrive within [`HEADER_TIMEOUT`] and fit in [`MAX_HEADER_BYTES`] (hyper
//! answers 431 when they do not, 400 when they are malformed); a connection lives at most
//! [`CONNECTION_LIFETIME`]; at most [`MAX_CONNECTIONS`] are served at once (others are
//! closed on accept), so no client can stall the exporter.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ACCEPT, ALLOW, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

use super::collectors::{self, CollectorDef, Context};
use super::metrics::{self, Format, Metrics};

/// Blocking threads for readings (one runs at a time; the pool may keep a spare).
pub const BLOCKING_THREADS: usize = 2;
/// How long a request waits for a fresh reading before 503.
pub const SCRAPE_WAIT: Duration = Duration::from_secs(30);
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
    /// The latest reading and when it started; its lock is held while a reading runs.
    latest: tokio::sync::Mutex<Option<(Instant, Arc<Metrics>)>>,
}

impl State {
    /// A state serving `collectors`.
    pub fn new(collectors: Vec<&'static CollectorDef>, context: Context) -> State {
        State { collectors, context, latest: tokio::sync::Mutex::new(None) }
    }

    fn read(&self) -> Metrics {
        collectors::scrape(&self.collectors, &self.context)
    }
}

/// A reading that started at or after `arrived`: the latest one if so, else a new one.
async fn fresh_reading(state: &Arc<State>, arrived: Instant) -> Option<Arc<Metrics>> {
    let mut latest = tokio::time::timeout(SCRAPE_WAIT, state.latest.lock()).await.ok()?;
    if let Some((started, metrics)) = latest.as_ref() {
        if *started >= arrived {
            return Some(metrics.clone());
        }
    }
    let started = Instant::now();
    let worker = state.clone();
    let metrics = Arc::new(tokio::task::spawn_blocking(move || worker.read()).await.ok()?);
    *latest = Some((started, metrics.clone()));
    Some(metrics)
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
    metrics::encode(Arc::new(state.read()), format)
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
            let arrived = Instant::now();
            let format = Format::negotiate(req.headers().get(ACCEPT).and_then(|v| v.to_str().ok()));
            let Some(reading) = fresh_reading(&state, arrived).await else {
                return Ok(plain(StatusCode::SERVICE_UNAVAILABLE, "503 no reading of the system in time\n"));
            };
            Ok(match metrics::encode(reading, format) {
                Ok(text) => {
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
