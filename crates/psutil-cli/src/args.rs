//! The command tree: every subcommand and its arguments (clap derive).

use clap::{Args, Parser, Subcommand};

/// psutil's example tools (ps, free, df, netstat, ifconfig, sensors, ...) as subcommands.
///
/// Without a subcommand, prints an overview of this machine. Every subcommand prints a
/// table by default and the same data as JSON with `--json`.
#[derive(Parser, Debug)]
#[command(name = "psutil", version, about, propagate_version = true)]
pub struct Cli {
    /// Print the data as JSON (raw numbers: bytes, seconds, percents) instead of a table.
    #[arg(long, global = true)]
    pub json: bool,

    /// The tool to run; none prints an overview of the machine.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Memory and swap totals in KiB, like `free` (`-h` human sizes, `-b` bytes).
    #[command(disable_help_flag = true)]
    Free(FreeArgs),
    /// Every virtual-memory and swap field, human-readable.
    Meminfo,
    /// Disk usage of mounted filesystems, like `df`.
    Df(DfArgs),
    /// Per-disk I/O counters.
    #[command(name = "disks-io")]
    DisksIo,
    /// Network interfaces: addresses, link state and I/O counters, like `ifconfig`.
    Ifconfig,
    /// Network connections with their process, like `netstat -antp`.
    Netstat(NetstatArgs),
    /// Per-interface network I/O counters.
    #[command(name = "net-io")]
    NetIo,
    /// Temperatures, fans and battery, like `sensors`.
    Sensors(TempArgs),
    /// Temperature sensors only.
    Temperatures(TempArgs),
    /// Fan speeds.
    Fans,
    /// Battery charge, time left and power source.
    Battery,
    /// Logged-in users, like `who`.
    Who,
    /// CPU count, times, utilization per CPU, statistics and frequency.
    Cpu(CpuArgs),
    /// Every process, like `ps aux`.
    Ps,
    /// The process tree, like `pstree`.
    Pstree,
    /// Everything about one process (default: this tool's own process).
    Procinfo(ProcinfoArgs),
    /// Pids of the processes with this name, like `pidof`.
    Pidof(PidofArgs),
    /// Signals every process with this name, like `killall`.
    Killall(KillallArgs),
    /// Memory maps of a process, like `pmap -x`.
    Pmap(PmapArgs),
    /// USS, PSS, swap and RSS per process, sorted by USS, like `smem`.
    Procsmem,
    /// Live process monitor, like `top` (keys: P M N T sort, / filter, k signal, q quit).
    Top(TopArgs),
    /// Live disk I/O per disk and per process, like `iotop`.
    Iotop(MonitorArgs),
    /// Live network I/O per interface: bytes and packets, totals and per second.
    Nettop(MonitorArgs),
    /// Live usage per CPU with the processes that last ran on each CPU.
    #[command(name = "cpu-distribution")]
    CpuDistribution(MonitorArgs),
    /// Serve Prometheus metrics (node_exporter's and process-exporter's names) over HTTP.
    Exporter(ExporterArgs),
    /// Windows services: status, start type, user, pid and binary path (Windows only).
    Winservices,
}

/// Arguments every live monitor takes. Without a terminal on stdout (or with `--json`), a
/// monitor prints plain snapshots instead of drawing: one unless `-n` says more.
#[derive(Args, Debug, Clone)]
pub struct MonitorArgs {
    /// Seconds between refreshes (rates and CPU% cover that window).
    #[arg(short = 'd', long = "delay", default_value_t = 1.0, value_parser = parse_delay)]
    pub delay: f64,
    /// Print one snapshot as plain text and exit (no full screen).
    #[arg(long, conflicts_with = "count")]
    pub once: bool,
    /// Print COUNT snapshots as plain text, one every DELAY seconds, and exit.
    #[arg(short = 'n', long = "count", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
}

impl MonitorArgs {
    /// How many snapshots to print when asked for plain text (`--once`, `-n`), if any.
    pub fn snapshots(&self) -> Option<u64> {
        if self.once {
            Some(1)
        } else {
            self.count
        }
    }
}

/// Arguments of `top`.
#[derive(Args, Debug, Clone)]
pub struct TopArgs {
    #[command(flatten)]
    pub monitor: MonitorArgs,
    /// The order of the process table (keys P, M, N, T change it on screen).
    #[arg(short, long, value_enum, default_value = "cpu")]
    pub sort: crate::model::process::SortKey,
    /// Only the processes whose name or command line contains this text (or with this pid).
    #[arg(short, long)]
    pub filter: Option<String>,
}

/// Arguments of `exporter`.
#[derive(Args, Debug)]
pub struct ExporterArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9100")]
    pub listen: std::net::SocketAddr,
    /// Collectors: a list of names to run only those (`cpu,meminfo`), or `+name`/`-name`
    /// changes to the defaults (`-hwmon,+processes`). `namedprocess` adds process groups.
    #[arg(long)]
    pub collectors: Option<String>,
    /// process-exporter YAML config (`process_names:` with comm/exe/cmdline matchers and
    /// name templates); turns on the `namedprocess` collector. Without it, that collector
    /// groups processes by name.
    #[arg(long)]
    pub process_config: Option<std::path::PathBuf>,
    /// With `--process-config`: a process no entry matches counts in the group of its
    /// nearest matched ancestor (process-exporter's `-children`).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub process_children: bool,
    /// Directory of `*.prom` files whose samples the `textfile` collector passes through.
    #[arg(long)]
    pub textfile_directory: Option<std::path::PathBuf>,
    /// Read `/proc` from this directory instead (fixture trees).
    #[arg(long)]
    pub procfs: Option<std::path::PathBuf>,
    /// Read `/sys` from this directory instead (fixture trees).
    #[arg(long)]
    pub sysfs: Option<std::path::PathBuf>,
    /// Print one scrape (Prometheus text format) and exit instead of serving.
    #[arg(long)]
    pub once: bool,
}

/// Arguments of `free`.
#[derive(Args, Debug)]
pub struct FreeArgs {
    /// Human-readable sizes (1024-based: K, M, G, ...) instead of KiB.
    #[arg(short = 'h', long)]
    pub human: bool,
    /// Sizes in bytes instead of KiB.
    #[arg(short, long, conflicts_with = "human")]
    pub bytes: bool,
    /// Print help (`-h` means `--human` here, as in `free`).
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
}

/// Arguments of `df`.
#[derive(Args, Debug)]
pub struct DfArgs {
    /// Include pseudo, duplicate and inaccessible filesystems (psutil's `all=True`).
    #[arg(short, long)]
    pub all: bool,
}

/// Arguments of `netstat`.
#[derive(Args, Debug)]
pub struct NetstatArgs {
    /// Which sockets to list (psutil's `kind`): inet, inet4, inet6, tcp, tcp4, tcp6, udp,
    /// udp4, udp6, unix or all.
    #[arg(short, long, default_value = "inet", value_parser = parse_kind)]
    pub kind: psutil_rs::ConnectionKind,
}

/// Arguments of `sensors` and `temperatures`.
#[derive(Args, Debug)]
pub struct TempArgs {
    /// Temperatures in degrees Fahrenheit instead of Celsius.
    #[arg(short, long)]
    pub fahrenheit: bool,
}

/// Arguments of `cpu`.
#[derive(Args, Debug)]
pub struct CpuArgs {
    /// Seconds to measure utilization over (0 = since the previous call, i.e. since start-up).
    #[arg(short, long, default_value_t = 0.1, value_parser = parse_interval)]
    pub interval: f64,
}

/// Arguments of `procinfo`.
#[derive(Args, Debug)]
pub struct ProcinfoArgs {
    /// The process id (default: this tool's own process).
    pub pid: Option<u32>,
    /// Print every open file, thread, environment variable and memory map, not the first few.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Arguments of `pidof`.
#[derive(Args, Debug)]
pub struct PidofArgs {
    /// The process name (as `name()` reports it, or the basename of argv[0]).
    pub name: String,
}

/// Arguments of `killall`.
#[derive(Args, Debug)]
pub struct KillallArgs {
    /// The process name (as `name()` reports it, or the basename of argv[0]).
    pub name: String,
    /// The signal: a name (TERM, SIGTERM, kill) or a number (15).
    #[arg(short, long, default_value = "TERM", value_parser = crate::signals::parse_signal)]
    pub signal: i32,
}

/// Arguments of `pmap`.
#[derive(Args, Debug)]
pub struct PmapArgs {
    /// The process id.
    pub pid: u32,
    /// One row per mapped path (numbers summed), like psutil's `memory_maps(grouped=True)`.
    #[arg(short, long)]
    pub grouped: bool,
}

fn parse_kind(s: &str) -> Result<psutil_rs::ConnectionKind, String> {
    s.parse().map_err(|e: psutil_rs::Error| e.to_string())
}

fn parse_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("'{s}' is not a number of seconds"))?;
    if !v.is_finite() || !(0.0..=3600.0).contains(&v) {
        return Err(format!("interval must be between 0 and 3600 seconds, got {s}"));
    }
    Ok(v)
}

/// Refresh delays from 50 ms (tests, quick looks) to an hour.
fn parse_delay(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("'{s}' is not a number of seconds"))?;
    if !v.is_finite() || !(0.05..=3600.0).contains(&v) {
        return Err(format!("delay must be between 0.05 and 3600 seconds, got {s}"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn interval_is_validated() {
        assert_eq!(parse_interval("0.5"), Ok(0.5));
        assert!(parse_interval("-1").is_err());
        assert!(parse_interval("nan").is_err());
        assert!(parse_interval("abc").is_err());
        assert_eq!(parse_delay("1"), Ok(1.0));
        assert!(parse_delay("0").is_err());
        assert!(parse_delay("inf").is_err());
    }

    #[test]
    fn kinds_are_psutils() {
        for kind in psutil_rs::ConnectionKind::ALL_KINDS {
            assert_eq!(parse_kind(kind.as_str()), Ok(kind));
        }
        assert!(parse_kind("foo").is_err());
    }
}
