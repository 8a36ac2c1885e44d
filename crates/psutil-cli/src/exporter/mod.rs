//! `psutil exporter`: serves the system's metrics under node_exporter's names (and, with
//! the `namedprocess` collector, process groups under process-exporter's) for Prometheus.
//! It only converts and presents what the library reads; every scrape reads afresh.

mod collectors;
mod groups;
mod metrics;
mod server;

use std::sync::Arc;

use crate::args::ExporterArgs;
use crate::error::{CliError, CmdResult};

/// Runs the exporter until it is killed (or prints one scrape with `--once`).
pub fn exporter(a: &ExporterArgs) -> CmdResult {
    if let Some(p) = &a.procfs {
        psutil_rs::paths::set_procfs_path(p);
    }
    if let Some(s) = &a.sysfs {
        psutil_rs::paths::set_sysfs_path(s);
    }
    let mut chosen = collectors::select(a.collectors.as_deref()).map_err(CliError::usage)?;
    let mut context =
        collectors::Context { textfile_dir: a.textfile_directory.clone(), ..Default::default() };
    if let Some(path) = &a.process_config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("--process-config {}: {e}", path.display())))?;
        context.groups =
            groups::GroupConfig::from_yaml(&text).map_err(CliError::usage)?.with_children(a.process_children);
        if !chosen.iter().any(|c| c.name == "namedprocess") {
            chosen.extend(collectors::ALL.iter().filter(|c| c.name == "namedprocess"));
        }
    }
    let state = Arc::new(server::State::new(chosen, context));
    if a.once {
        return server::scrape_text(&state, metrics::Format::Text)
            .map_err(|_| CliError::failure("exporter: the scrape could not be encoded"));
    }
    let std_listener = std::net::TcpListener::bind(a.listen).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            " (another exporter, or another program, already listens there; pick another --listen)"
        } else {
            ""
        };
        CliError {
            message: format!("exporter: cannot listen on {}: {e}{hint}", a.listen),
            code: EXIT_LISTEN,
            output: String::new(),
        }
    })?;
    let bound = std_listener.local_addr().map_err(|e| CliError::failure(format!("exporter: {e}")))?;
    std_listener.set_nonblocking(true).map_err(|e| CliError::failure(format!("exporter: {e}")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(server::BLOCKING_THREADS)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("exporter: cannot start the runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(std_listener)
            .map_err(|e| CliError::failure(format!("exporter: {e}")))?;
        eprintln!("psutil exporter: listening on http://{bound}/metrics");
        server::serve(listener, state).await;
        Ok(String::new())
    })
}

/// Exit code when the listen address cannot be bound (e.g. already in use).
pub const EXIT_LISTEN: u8 = 3;
