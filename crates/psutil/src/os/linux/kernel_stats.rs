//! Linux kernel tables psutil's API does not expose: all of `/proc/meminfo` and
//! `/proc/vmstat`, the SNMP counters, socket statistics, pressure stall information,
//! `/proc/stat`'s process counters, `/proc/sys` integers, softnet, UDP queues and ARP.
//! Each call reads its files fresh below [`crate::paths::current`].

use crate::sys::linux::kstat::tables;
use crate::{paths, Error, Result};

/// One line of `/proc/meminfo`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let fields = psutil_rs::os::linux::meminfo_fields()?;
/// let total = fields.iter().find(|f| f.name == "MemTotal").expect("MemTotal");
/// assert!(total.in_bytes && total.value > 0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MeminfoField {
    /// The key as the kernel writes it (`MemTotal`, `Active(anon)`, `HugePages_Total`).
    pub name: String,
    /// The value: bytes when `in_bytes` (the kernel's kB × 1024), else as written.
    pub value: u64,
    /// True when the kernel gave the value in kB (so `value` is in bytes).
    pub in_bytes: bool,
}

/// Every line of `/proc/meminfo`, in the kernel's order.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(!psutil_rs::os::linux::meminfo_fields()?.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn meminfo_fields() -> Result<Vec<MeminfoField>> {
    tables::meminfo_fields(&paths::current())
}

/// One `name value` line of `/proc/vmstat`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let v = psutil_rs::os::linux::vmstat()?;
/// assert!(v.iter().any(|e| e.name == "pgfault" && e.value > 0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VmstatValue {
    /// The counter's name (`pgfault`, `pswpin`, `oom_kill`).
    pub name: String,
    /// Its value (some `nr_*` gauges may be transiently negative).
    pub value: i64,
}

/// Every counter of `/proc/vmstat`, in the kernel's order.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::os::linux::vmstat()?.iter().any(|e| e.name == "pgpgin"));
/// # Ok(())
/// # }
/// ```
pub fn vmstat() -> Result<Vec<VmstatValue>> {
    tables::vmstat(&paths::current())
}

/// One SNMP counter: `protocol` (`Tcp`, `TcpExt`, `Ip6`) and field (`InSegs`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let v = psutil_rs::os::linux::net_snmp()?;
/// assert!(v.iter().any(|s| s.protocol == "Tcp" && s.name == "ActiveOpens"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SnmpValue {
    /// The table (`Ip`, `Icmp`, `Tcp`, `Udp`, `TcpExt`, `IpExt`, `Ip6`, `Udp6`, ...).
    pub protocol: String,
    /// The counter within it.
    pub name: String,
    /// Its value (`Tcp MaxConn` is −1 when unlimited).
    pub value: i64,
}

/// The counters of `/proc/net/snmp`, `/proc/net/netstat` and, when IPv6 is present,
/// `/proc/net/snmp6` (its names split after the `6`: `Ip6InOctets` → `Ip6`, `InOctets`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let v = psutil_rs::os::linux::net_snmp()?;
/// assert!(v.iter().any(|s| s.protocol == "IpExt" && s.name == "InOctets"));
/// # Ok(())
/// # }
/// ```
pub fn net_snmp() -> Result<Vec<SnmpValue>> {
    tables::net_snmp(&paths::current())
}

/// One value of `/proc/net/sockstat{,6}`: `TCP inuse`, `sockets used`, `FRAG6 memory`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let v = psutil_rs::os::linux::sockstat()?;
/// assert!(v.iter().any(|s| s.protocol == "sockets" && s.name == "used"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SockstatValue {
    /// `sockets`, `TCP`, `UDP`, `UDPLITE`, `RAW`, `FRAG`, `TCP6`, ...
    pub protocol: String,
    /// `inuse`, `orphan`, `tw`, `alloc`, `mem` (pages), `memory` (bytes), `used`.
    pub name: String,
    /// The value as the kernel wrote it.
    pub value: u64,
}

/// Socket statistics of `/proc/net/sockstat` and, when IPv6 is present, `sockstat6`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::os::linux::sockstat()?.iter().any(|s| s.protocol == "TCP"));
/// # Ok(())
/// # }
/// ```
pub fn sockstat() -> Result<Vec<SockstatValue>> {
    tables::sockstat(&paths::current())
}

/// One line of a pressure file.
///
/// ```
/// let line = psutil_rs::os::linux::PressureLine { avg10: 0.5, avg60: 0.2, avg300: 0.1, total_us: 7 };
/// assert_eq!(line.total_us, 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PressureLine {
    /// Percent of the last 10 s that tasks stalled.
    pub avg10: f64,
    /// Percent of the last 60 s.
    pub avg60: f64,
    /// Percent of the last 300 s.
    pub avg300: f64,
    /// Total stall time since boot, in microseconds.
    pub total_us: u64,
}

/// Pressure stall information of one resource (`/proc/pressure/<resource>`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use psutil_rs::os::linux::{pressure, PressureResource};
/// match pressure(PressureResource::Memory) {
///     Ok(p) => assert!(p.some.is_some()),
///     Err(e) => println!("no PSI on this kernel: {e}"),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Pressure {
    /// Some tasks stalled (always present).
    pub some: Option<PressureLine>,
    /// All non-idle tasks stalled (absent from `cpu` before Linux 5.13).
    pub full: Option<PressureLine>,
}

/// A resource with a pressure file.
///
/// ```
/// assert_eq!(psutil_rs::os::linux::PressureResource::Io.file_name(), "io");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PressureResource {
    /// `/proc/pressure/cpu`.
    Cpu,
    /// `/proc/pressure/io`.
    Io,
    /// `/proc/pressure/memory`.
    Memory,
    /// `/proc/pressure/irq` (Linux ≥ 6.1 with `CONFIG_IRQ_TIME_ACCOUNTING`).
    Irq,
}

impl PressureResource {
    /// The file's name below `/proc/pressure`.
    ///
    /// ```
    /// assert_eq!(psutil_rs::os::linux::PressureResource::Cpu.file_name(), "cpu");
    /// ```
    pub fn file_name(self) -> &'static str {
        match self {
            PressureResource::Cpu => "cpu",
            PressureResource::Io => "io",
            PressureResource::Memory => "memory",
            PressureResource::Irq => "irq",
        }
    }
}

/// Reads `/proc/pressure/<resource>` (Linux ≥ 4.20 with PSI enabled; an `Io` error with
/// `NotFound` otherwise).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Ok(p) = psutil_rs::os::linux::pressure(psutil_rs::os::linux::PressureResource::Cpu) {
///     assert!(p.some.is_some());
/// }
/// # Ok(())
/// # }
/// ```
pub fn pressure(resource: PressureResource) -> Result<Pressure> {
    tables::pressure(&paths::current(), resource.file_name())
}

/// The process counters of `/proc/stat`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::os::linux::stat_counters()?;
/// assert!(s.forks > 0 && s.procs_running >= 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StatCounters {
    /// Processes and threads created since boot (`processes`).
    pub forks: u64,
    /// Runnable tasks now (`procs_running`).
    pub procs_running: u64,
    /// Tasks blocked on I/O now (`procs_blocked`).
    pub procs_blocked: u64,
}

/// Reads the `processes`, `procs_running` and `procs_blocked` lines of `/proc/stat`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(psutil_rs::os::linux::stat_counters()?.forks > 0);
/// # Ok(())
/// # }
/// ```
pub fn stat_counters() -> Result<StatCounters> {
    tables::stat_counters(&paths::current())
}

/// The integers of a `/proc/sys` file named the `sysctl` way (`fs.file-nr`,
/// `kernel.pid_max`, `net.netfilter.nf_conntrack_count`). Names with empty, `.` or `..`
/// components, or with `/`, are an `InvalidArgument` error.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let pid_max = psutil_rs::os::linux::sysctl("kernel.pid_max")?;
/// assert!(pid_max[0] > 0);
/// assert!(psutil_rs::os::linux::sysctl("kernel..x").is_err());
/// # Ok(())
/// # }
/// ```
pub fn sysctl(name: &str) -> Result<Vec<i64>> {
    let parts: Vec<&str> = name.split('.').collect();
    if parts.iter().any(|p| p.is_empty() || p.contains('/') || *p == "..") {
        return Err(Error::InvalidArgument(format!("not a sysctl name: {name:?}")));
    }
    tables::sysctl(&paths::current(), &parts.join("/"))
}

/// One CPU's line of `/proc/net/softnet_stat`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for s in psutil_rs::os::linux::softnet_stat()? {
///     assert!(s.dropped <= s.processed + s.dropped);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SoftnetStat {
    /// The CPU (the file's 13th column on Linux ≥ 5.10, else the line's position).
    pub cpu: u32,
    /// Packets processed.
    pub processed: u64,
    /// Packets dropped because the backlog was full.
    pub dropped: u64,
    /// Times the softirq ran out of budget with work left.
    pub time_squeeze: u64,
    /// Inter-processor interrupts received for RPS (absent on old kernels).
    pub received_rps: Option<u64>,
    /// Times the flow limit was hit (absent on old kernels).
    pub flow_limit_count: Option<u64>,
}

/// Reads `/proc/net/softnet_stat`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// assert!(!psutil_rs::os::linux::softnet_stat()?.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn softnet_stat() -> Result<Vec<SoftnetStat>> {
    tables::softnet(&paths::current())
}

/// The summed queue sizes (bytes) of all UDP sockets of one address family.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let q = psutil_rs::os::linux::udp_queues(false)?;
/// assert!(q.rx_queue < u64::MAX && q.tx_queue < u64::MAX);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UdpQueues {
    /// Sum of the `tx_queue` column.
    pub tx_queue: u64,
    /// Sum of the `rx_queue` column.
    pub rx_queue: u64,
}

/// Sums the queues of `/proc/net/udp` (or `/proc/net/udp6` when `ipv6`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::udp_queues(false)?;
/// # Ok(())
/// # }
/// ```
pub fn udp_queues(ipv6: bool) -> Result<UdpQueues> {
    tables::socket_queues(&paths::current(), "udp", ipv6)
}

/// Sums the queues of `/proc/net/tcp` (or `/proc/net/tcp6` when `ipv6`): bytes not yet
/// acknowledged or read; for a listening socket `rx_queue` is its accept backlog.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::tcp_queues(false)?;
/// # Ok(())
/// # }
/// ```
pub fn tcp_queues(ipv6: bool) -> Result<UdpQueues> {
    tables::socket_queues(&paths::current(), "tcp", ipv6)
}

/// The number of IPv4 neighbour (ARP) entries of one device.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for e in psutil_rs::os::linux::arp_entries()? {
///     assert!(e.entries > 0);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ArpEntries {
    /// The network device.
    pub device: String,
    /// Its entries in `/proc/net/arp`.
    pub entries: u64,
}

/// Counts the entries of `/proc/net/arp` per device.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::arp_entries()?;
/// # Ok(())
/// # }
/// ```
pub fn arp_entries() -> Result<Vec<ArpEntries>> {
    tables::arp(&paths::current())
}

/// The kernel's page size in bytes (`sysconf(_SC_PAGESIZE)`), the unit of `sockstat`'s
/// `mem` values and of `statm`.
///
/// ```
/// assert!(psutil_rs::os::linux::page_size().is_power_of_two());
/// ```
pub fn page_size() -> u64 {
    crate::sys::linux::fs::page_size()
}

/// One CPU's line of `/proc/schedstat` (`CONFIG_SCHEDSTATS`).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// if let Ok(stats) = psutil_rs::os::linux::schedstat() {
///     for s in stats {
///         assert!(s.timeslices > 0 || s.running_ns == 0);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SchedStat {
    /// The CPU (N of `cpuN`).
    pub cpu: u32,
    /// Nanoseconds tasks ran on it.
    pub running_ns: u64,
    /// Nanoseconds runnable tasks waited for it.
    pub waiting_ns: u64,
    /// Timeslices run.
    pub timeslices: u64,
}

/// Reads `/proc/schedstat` (absent without `CONFIG_SCHEDSTATS`: an `Io` `NotFound` error).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::schedstat();
/// # Ok(())
/// # }
/// ```
pub fn schedstat() -> Result<Vec<SchedStat>> {
    tables::schedstat(&paths::current())
}

/// One source of `/proc/interrupts`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let (cpus, sources) = psutil_rs::os::linux::interrupts()?;
/// for s in &sources {
///     assert!(s.counts.len() <= cpus.len());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Interrupt {
    /// The IRQ number or name (`24`, `NMI`, `LOC`).
    pub name: String,
    /// Its count on each CPU of the header, in order (fewer for `ERR`, `MIS`).
    pub counts: Vec<u64>,
    /// The words after the counts (controller, trigger, devices; or a description).
    pub description: Vec<String>,
}

/// Reads `/proc/interrupts`: the CPU numbers of its header and every source.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let (cpus, sources) = psutil_rs::os::linux::interrupts()?;
/// assert!(!cpus.is_empty() && !sources.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn interrupts() -> Result<(Vec<u32>, Vec<Interrupt>)> {
    tables::interrupts(&paths::current())
}
