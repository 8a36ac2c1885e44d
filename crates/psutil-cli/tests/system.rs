//! The system subcommands (issue 2), run as the built binary: exit codes, both output
//! modes, and agreement with the library and with independent tools.

mod common;

use common::{fails, json, ok, tool, u64_of};

const SYSTEM: &[&[&str]] = &[
    &[],
    &["free"],
    &["free", "-h"],
    &["free", "-b"],
    &["meminfo"],
    &["df"],
    &["df", "--all"],
    &["disks-io"],
    &["ifconfig"],
    &["netstat"],
    &["netstat", "--kind", "all"],
    &["net-io"],
    &["sensors"],
    &["temperatures"],
    &["temperatures", "--fahrenheit"],
    &["fans"],
    &["battery"],
    &["who"],
    &["cpu", "--interval", "0.05"],
];

#[test]
fn every_system_subcommand_works_in_both_modes() {
    for args in SYSTEM {
        ok(args);
        json(args);
    }
}

#[test]
fn bad_arguments_fail_cleanly() {
    fails(&["nosuchcommand"], 2, "unrecognized subcommand");
    fails(&["netstat", "--kind", "foo"], 2, "invalid value 'foo'");
    fails(&["cpu", "--interval=-1"], 2, "interval");
    fails(&["cpu", "--interval", "abc"], 2, "not a number");
    fails(&["df", "--bogus"], 2, "unexpected argument");
    fails(&["free", "-h", "-b"], 2, "cannot be used with");
}

#[test]
fn help_and_version() {
    let help = ok(&["--help"]);
    for sub in ["free", "df", "netstat", "ps", "procinfo", "killall", "procsmem"] {
        assert!(help.contains(sub), "--help does not list {sub}");
    }
    assert!(ok(&["--version"]).starts_with("psutil "));
    // `free -h` means human sizes, as in free(1); help is `--help`.
    assert!(ok(&["free", "--help"]).contains("--human"));
}

#[test]
fn free_agrees_with_free_b_and_the_library() {
    let v = json(&["free"]);
    let total = u64_of(&v["virtual_memory"], "total");
    let swap_total = u64_of(&v["swap_memory"], "total");
    let lib = psutil_rs::virtual_memory().map(|m| m.total).ok();
    assert_eq!(Some(total), lib);
    if let Some(out) = tool("free", &["-b"]) {
        let field = |prefix: &str| -> Option<u64> {
            out.lines().find(|l| l.starts_with(prefix))?.split_whitespace().nth(1)?.parse().ok()
        };
        assert_eq!(field("Mem:"), Some(total), "free -b:\n{out}");
        assert_eq!(field("Swap:"), Some(swap_total), "free -b:\n{out}");
    }
    // Default units are KiB, as in free(1).
    let text = ok(&["free"]);
    let mem = text.lines().find(|l| l.starts_with("Mem:")).unwrap_or("");
    assert_eq!(mem.split_whitespace().nth(1), Some((total / 1024).to_string().as_str()), "{text}");
    let bytes = ok(&["free", "-b"]);
    assert!(bytes.contains(&total.to_string()), "{bytes}");
}

#[test]
fn meminfo_lists_every_field() {
    let v = json(&["meminfo"]);
    let text = ok(&["meminfo"]);
    for section in ["virtual_memory", "swap_memory"] {
        let obj = v[section].as_object().cloned().unwrap_or_default();
        assert!(obj.len() >= 5, "{section}: {obj:?}");
        for key in obj.keys() {
            assert!(text.contains(key.as_str()), "meminfo text lacks {key}");
        }
    }
}

#[test]
fn df_agrees_with_df_b1_and_the_library() {
    let v = json(&["df"]);
    let rows = v.as_array().cloned().unwrap_or_default();
    let lib = psutil_rs::disk_partitions(false).unwrap_or_default();
    assert_eq!(rows.len(), lib.len());
    for (row, part) in rows.iter().zip(&lib) {
        assert_eq!(row["mountpoint"].as_str(), Some(part.mountpoint.as_str()));
        assert_eq!(row["device"].as_str(), Some(part.device.as_str()));
    }
    let Some(out) = tool("df", &["-a", "-B1", "--output=target"]) else { return };
    let targets: Vec<&str> = out.lines().skip(1).map(str::trim).collect();
    for row in &rows {
        let mp = row["mountpoint"].as_str().unwrap_or("");
        assert!(targets.contains(&mp), "{mp} not listed by df -a");
        if row.get("total").is_none() {
            continue; // usage unavailable (reported in the row)
        }
        // Total size is fixed for a mounted filesystem: compare exactly.
        if let Some(size) = tool("df", &["-B1", "--output=size", mp]) {
            let size: Option<u64> = size.lines().nth(1).and_then(|l| l.trim().parse().ok());
            assert_eq!(size, Some(u64_of(row, "total")), "total of {mp}");
        }
    }
    assert!(json(&["df", "--all"]).as_array().map_or(0, Vec::len) >= rows.len());
}

#[test]
fn cpu_count_agrees_with_getconf_and_nproc() {
    let v = json(&["cpu", "--interval", "0.05"]);
    let logical = u64_of(&v["count"], "logical");
    assert_eq!(Some(logical as usize), psutil_rs::cpu_count(true).ok().flatten());
    if let Some(n) = tool("getconf", &["_NPROCESSORS_ONLN"]) {
        assert_eq!(n.trim().parse::<u64>().ok(), Some(logical));
    }
    if let Some(n) = tool("nproc", &[]) {
        // nproc honours the affinity mask, so it can only be lower.
        let n: u64 = n.trim().parse().unwrap_or(0);
        assert!(n >= 1 && n <= logical, "nproc {n} vs logical {logical}");
    }
    let percpu = v["percent"].as_array().cloned().unwrap_or_default();
    assert_eq!(percpu.len() as u64, logical);
    for p in percpu {
        let p = p.as_f64().unwrap_or(-1.0);
        assert!((0.0..=100.0).contains(&p), "{p}");
    }
    assert_eq!(v["times"].as_array().map(Vec::len), Some(logical as usize));
}

#[test]
fn network_views_agree_with_the_library() {
    let nics = psutil_rs::net_if_addrs().unwrap_or_default();
    let v = json(&["ifconfig"]);
    let text = ok(&["ifconfig"]);
    for name in nics.keys() {
        assert!(v.get(name.as_str()).is_some(), "ifconfig --json lacks {name}");
        assert!(text.contains(name.as_str()), "ifconfig lacks {name}");
    }
    // MTUs against iproute2.
    if let Some(out) = tool("ip", &["-j", "link"]) {
        let links: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        for link in links.as_array().into_iter().flatten() {
            let name = link["ifname"].as_str().unwrap_or("");
            if let Some(mtu) = v[name]["stats"]["mtu"].as_u64() {
                assert_eq!(Some(mtu), link["mtu"].as_u64(), "mtu of {name}");
            }
        }
    }
    let io = json(&["net-io"]);
    let lib = psutil_rs::net_io_counters_pernic(true).unwrap_or_default();
    for (name, c) in &lib {
        // Counters only grow: ours (read later) >= the library's earlier read.
        assert!(u64_of(&io[name.as_str()], "bytes_recv") >= c.bytes_recv, "{name}");
    }
}

#[test]
fn netstat_shows_a_listening_socket_of_ours_with_its_pid() {
    let listener = match std::net::TcpListener::bind("127.0.0.1:0") {
        Ok(l) => l,
        Err(e) => {
            eprintln!("skipping: cannot bind a socket: {e}");
            return;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    // The socket belongs to the test process, not to the psutil child: check the
    // address and that root (CI) sees our pid.
    let v = json(&["netstat", "--kind", "tcp4"]);
    let rows = v.as_array().cloned().unwrap_or_default();
    let mine = rows.iter().find(|r| r["laddr"]["port"].as_u64() == Some(u64::from(port)));
    let Some(mine) = mine else { panic!("port {port} not in netstat --json: {v}") };
    assert_eq!(mine["status"].as_str(), Some("LISTEN"));
    let text = ok(&["netstat", "--kind", "tcp4"]);
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    if mine["pid"].is_u64() {
        let me = std::process::id();
        assert_eq!(u64_of(mine, "pid"), u64::from(me));
        // The program is named through the library's Process::name().
        let name = psutil_rs::Process::current().and_then(|p| p.name()).ok();
        assert_eq!(mine["program"].as_str(), name.as_deref());
        assert!(text.contains(&format!("{me}/")), "{text}");
    }
}

#[test]
fn who_agrees_with_the_library() {
    let v = json(&["who"]);
    let lib = psutil_rs::users().unwrap_or_default();
    assert_eq!(v.as_array().map(Vec::len), Some(lib.len()));
}

#[test]
fn overview_has_every_section() {
    let v = json(&[]);
    for key in ["cpu", "memory", "swap", "disks", "network", "load_average", "boot_time", "uptime", "users"] {
        assert!(v.get(key).is_some(), "overview lacks {key}: {v}");
    }
    let text = ok(&[]);
    for word in ["CPU", "Memory", "Swap", "Disks", "Network", "Load average", "Uptime", "Users"] {
        assert!(text.contains(word), "overview text lacks {word}");
    }
    // The same boot time as the library (an integer from the kernel).
    assert_eq!(v["boot_time"].as_f64(), psutil_rs::boot_time().ok());
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = match Command::new(env!("CARGO_BIN_EXE_psutil"))
        .arg("meminfo")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("spawn: {e}"),
    };
    drop(child.stdout.take());
    let status = child.wait().ok();
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
}

#[test]
fn sensors_agree_with_the_library() {
    let temps = json(&["temperatures"]);
    let lib = psutil_rs::sensors_temperatures(false).unwrap_or_default();
    let keys: Vec<&str> =
        temps.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default();
    assert_eq!(keys, lib.keys().map(String::as_str).collect::<Vec<_>>());
    // Fahrenheit is c*9/5+32 of the Celsius reading (sensors drift: allow 3 °C).
    let fahr = json(&["temperatures", "--fahrenheit"]);
    for (chip, list) in &lib {
        for (i, t) in list.iter().enumerate() {
            if let Some(f) = fahr[chip.as_str()][i]["current"].as_f64() {
                assert!(
                    (f - (t.current * 9.0 / 5.0 + 32.0)).abs() <= 3.0 * 9.0 / 5.0,
                    "{chip}: {f} vs {}",
                    t.current
                );
            }
        }
    }
    let fans = json(&["fans"]);
    assert_eq!(fans.as_object().map(|m| m.len()), Some(psutil_rs::sensors_fans().unwrap_or_default().len()));
    let battery = json(&["battery"]);
    assert_eq!(battery.is_null(), psutil_rs::sensors_battery().ok().flatten().is_none());
    if battery.is_null() {
        assert_eq!(ok(&["battery"]), "no battery found\n");
    }
    // `sensors` shows the same chips and labels; readings drift between runs (3 °C).
    let all = json(&["sensors"]);
    let chips = |v: &serde_json::Value| -> Vec<(String, Vec<(String, f64)>)> {
        let Some(m) = v.as_object() else { return Vec::new() };
        m.iter()
            .map(|(chip, list)| {
                let list = list.as_array().cloned().unwrap_or_default();
                let readings = list
                    .iter()
                    .map(|t| (t["label"].to_string(), t["current"].as_f64().unwrap_or(f64::NAN)))
                    .collect();
                (chip.clone(), readings)
            })
            .collect()
    };
    let (shown, alone) = (chips(&all["temperatures"]), chips(&temps));
    assert_eq!(shown.len(), alone.len(), "{all} vs {temps}");
    for ((chip, a), (chip2, b)) in shown.iter().zip(&alone) {
        assert_eq!(chip, chip2);
        assert_eq!(a.len(), b.len(), "{chip}");
        for ((la, ca), (lb, cb)) in a.iter().zip(b) {
            assert_eq!(la, lb, "{chip}");
            assert!((ca - cb).abs() <= 3.0, "{chip} {la}: {ca} vs {cb}");
        }
    }
}
