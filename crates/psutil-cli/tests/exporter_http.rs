//! `psutil exporter` end to end: the golden scrape of the fixture trees (node_exporter's
//! method: volatile lines dropped, `UPDATE_GOLDEN=1` rewrites the file for review in the
//! diff), content negotiation, the index page, bad requests, slow clients and a second
//! instance on the same port.

#[path = "exporter/harness.rs"]
mod harness;

use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use harness::Exporter;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exporter")
}

/// Every collector that reads only `/proc` and `/sys` (so not filesystem, time, uname,
/// timex, which read the host, as node_exporter's e2e test leaves them out).
const FIXTURE_COLLECTORS: &str = "arp,conntrack,cpu,cpufreq,diskstats,entropy,filefd,hwmon,kernel_hung,loadavg,meminfo,netclass,netdev,netstat,powersupplyclass,pressure,sockstat,softnet,stat,textfile,thermal_zone,udp_queues,vmstat";

fn fixture_exporter() -> Exporter {
    let fx = fixture();
    let (proc, sys, text) = (fx.join("proc"), fx.join("sys"), fx.join("textfile"));
    Exporter::start(&[
        "--procfs",
        proc.to_str().expect("utf-8 path"),
        "--sysfs",
        sys.to_str().expect("utf-8 path"),
        "--textfile-directory",
        text.to_str().expect("utf-8 path"),
        "--collectors",
        FIXTURE_COLLECTORS,
    ])
}

/// The lines compared: volatile ones (our own process, collector durations, the
/// checkout time of the textfile fixture) dropped; HELP/TYPE kept.
fn stable(body: &str) -> String {
    let volatile = ["process_", "node_scrape_collector_duration_seconds", "node_textfile_mtime_seconds"];
    body.lines().filter(|l| !volatile.iter().any(|v| l.starts_with(v))).map(|l| format!("{l}\n")).collect()
}

#[test]
fn golden_scrape_of_the_fixture_trees() {
    let exp = fixture_exporter();
    let (status, head, body) = exp.get("/metrics", "");
    assert_eq!(status, 200, "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: text/plain; version=0.0.4"), "{head}");
    let got = stable(&body);
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/exporter/golden.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).expect("write golden");
    }
    let want = std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .filter(|l| !got.lines().any(|g| g == *l))
            .map(|l| format!("- {l}"))
            .chain(got.lines().filter(|l| !want.lines().any(|w| w == *l)).map(|l| format!("+ {l}")))
            .take(40)
            .collect();
        panic!("scrape differs from {}:\n{}", golden.display(), diff.join("\n"));
    }
    for collector in FIXTURE_COLLECTORS.split(',') {
        assert!(
            got.contains(&format!("node_scrape_collector_success{{collector=\"{collector}\"}} 1")),
            "collector {collector} failed on the fixture"
        );
    }
}

#[test]
fn openmetrics_is_negotiated_and_index_links_metrics() {
    let exp = fixture_exporter();
    let accept = "Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5\r\n";
    let (status, head, body) = exp.get("/metrics", accept);
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("content-type: application/openmetrics-text; version=1.0.0"),
        "{head}"
    );
    assert!(body.ends_with("# EOF\n"));
    assert!(body.contains("# TYPE node_vmstat_pgfault unknown\n"));
    assert!(body.contains("# TYPE node_cpu_seconds counter\n"));
    let (status, _, index) = exp.get("/", "");
    assert_eq!(status, 200);
    assert!(index.contains("<a href=\"/metrics\">"), "{index}");
}

#[test]
fn bad_requests_get_their_status_and_do_not_block() {
    let exp = fixture_exporter();
    assert_eq!(exp.get("/nope", "").0, 404);
    let (status, head, _) = split(
        exp.raw(b"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 405);
    assert!(head.to_ascii_lowercase().contains("allow: get, head"), "{head}");
    let big = format!("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024));
    assert_eq!(split(exp.raw(big.as_bytes())).0, 431);
    assert_eq!(split(exp.raw(b"GET /metrics HTTP/1.1\r\nHost x\r\n\r\n")).0, 400);
    assert_eq!(split(exp.raw(b"\x16\x03\x01garbage\r\n\r\n")).0, 400);

    // Slow clients: idle connections and a half-sent head hold nothing up, and are cut.
    let mut slow: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(exp.addr).expect("connect")).collect();
    slow[0].write_all(b"GET /metrics HTTP/1.1\r\nHo").expect("partial head");
    let start = Instant::now();
    let (status, _, body) = exp.get("/metrics", "");
    assert_eq!(status, 200);
    assert!(body.contains("node_load1"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "a scrape waited {:?} behind slow clients",
        start.elapsed()
    );
    slow[0].set_read_timeout(Some(Duration::from_secs(15))).expect("timeout");
    let cut = Instant::now();
    let mut buf = [0u8; 512];
    let n = std::io::Read::read(&mut slow[0], &mut buf).unwrap_or(0);
    assert!(cut.elapsed() < Duration::from_secs(12), "a stalled head was kept {:?}", cut.elapsed());
    let answer = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(n == 0 || answer.starts_with("HTTP/1.1 408"), "stalled head got {answer:?}");
    drop(slow);
}

fn split(resp: String) -> (u16, String, String) {
    harness::split_response(&resp)
}

#[test]
fn a_second_instance_on_the_same_port_fails_clearly() {
    let first = fixture_exporter();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_psutil"))
        .args(["exporter", "--listen", &first.addr.to_string()])
        .output()
        .expect("run the second exporter");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on") && err.contains("in use"), "{err}");
    assert_eq!(first.get("/metrics", "").0, 200, "the first instance must keep serving");
}

#[test]
fn unknown_collectors_and_bad_configs_are_usage_errors() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_psutil"))
        .args(["exporter", "--once", "--collectors", "nope"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown collector"));
    let dir = std::env::temp_dir().join(format!("psutil-exporter-cfg-{}", std::process::id()));
    std::fs::write(&dir, "process_names:\n  - name: x\n").expect("write config");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_psutil"))
        .args(["exporter", "--once", "--process-config", dir.to_str().expect("utf-8")])
        .output()
        .expect("run");
    let _ = std::fs::remove_file(&dir);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn concurrent_scrapes_each_get_a_reading_taken_after_they_asked() {
    let exp = std::sync::Arc::new(Exporter::start(&["--collectors", "time,loadavg"]));
    let workers: Vec<_> = (0..20)
        .map(|_| {
            let exp = exp.clone();
            std::thread::spawn(move || {
                let mut stale = Vec::new();
                for _ in 0..5 {
                    let asked = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .expect("clock")
                        .as_secs_f64();
                    let (status, _, body) = exp.get("/metrics", "");
                    assert_eq!(status, 200);
                    let read: f64 = body
                        .lines()
                        .find_map(|l| l.strip_prefix("node_time_seconds "))
                        .and_then(|v| v.parse().ok())
                        .expect("node_time_seconds");
                    if read < asked {
                        stale.push((asked, read));
                    }
                }
                stale
            })
        })
        .collect();
    for w in workers {
        let stale = w.join().expect("scraper thread");
        assert!(stale.is_empty(), "readings older than their request: {stale:?}");
    }
}
