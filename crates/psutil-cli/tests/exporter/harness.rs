//! Starts `psutil exporter` on a random loopback port and speaks raw HTTP/1.1 to it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running exporter, killed (by its pid) when dropped.
pub struct Exporter {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Exporter {
    /// Starts `psutil exporter --listen 127.0.0.1:0 ARGS` and waits for its address line.
    pub fn start(args: &[&str]) -> Exporter {
        let mut child = Command::new(env!("CARGO_BIN_EXE_psutil"))
            .arg("exporter")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn psutil exporter");
        let stderr = child.stderr.take().expect("stderr");
        let mut reader = BufReader::new(stderr);
        let mut line = String::new();
        reader.read_line(&mut line).expect("read the listening line");
        // Keep draining: a full pipe would block the exporter's next write to stderr.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let url = line.trim().rsplit("http://").next().expect("address").trim_end_matches("/metrics");
        let addr = url.parse().unwrap_or_else(|e| panic!("no address in {line:?}: {e}"));
        Exporter { child, addr }
    }

    /// Sends `raw` and returns the whole response (the server closes or the read times out).
    pub fn raw(&self, raw: &[u8]) -> String {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        s.write_all(raw).expect("write");
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// `GET path` with `Connection: close` and extra header lines; (status, headers, body).
    pub fn get(&self, path: &str, headers: &str) -> (u16, String, String) {
        let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n");
        split_response(&self.raw(req.as_bytes()))
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (status, head, body) of an HTTP/1.1 response without chunking.
pub fn split_response(resp: &str) -> (u16, String, String) {
    let status = resp.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    match resp.split_once("\r\n\r\n") {
        Some((head, body)) => (status, head.to_owned(), body.to_owned()),
        None => (status, resp.to_owned(), String::new()),
    }
}
