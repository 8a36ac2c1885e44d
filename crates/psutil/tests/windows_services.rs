//! Windows services (`os::windows::win_service_iter`, `win_service_get` and the
//! `WindowsService` getters) against the system's own tools, run as child processes:
//! `sc.exe query NAME` (whether the service exists, and its state) and `reg.exe query`
//! of `HKLM\SYSTEM\CurrentControlSet\Services` (each service's DisplayName, ImagePath,
//! ObjectName, Start, Type and Description: the configuration the Service Control
//! Manager loads), and the process table for the pid of each running service. Under
//! Wine these are Wine's own `sc.exe` and `reg.exe`.
#![cfg(windows)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use psutil_rs::os::windows::{
    win_service_get, win_service_iter, ServiceInfo, ServiceStartType, ServiceStatus,
};

const SERVICES_KEY: &str = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services";

/// A tool of the system directory.
fn system_tool(exe: &str) -> PathBuf {
    let root = std::env::var("SystemRoot").unwrap_or_else(|_| r"C:\windows".to_owned());
    PathBuf::from(root).join("system32").join(exe)
}

/// The tool's exit code and stdout (`sc query` of a missing service fails).
fn run(exe: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(system_tool(exe)).args(args).output().unwrap_or_else(|e| panic!("{exe}: {e}"));
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// One value of a registry key as `reg query` prints it: (type, data).
type RegValues = BTreeMap<String, (String, String)>;

/// `reg query SERVICES_KEY /s`: the values of each service key (direct subkeys only,
/// by lower-cased name; subkeys such as `Parameters` are left out).
fn registry_services() -> BTreeMap<String, RegValues> {
    let (code, text) = run("reg.exe", &["query", SERVICES_KEY, "/s"]);
    assert_eq!(code, Some(0), "reg query {SERVICES_KEY} /s");
    let mut keys: BTreeMap<String, RegValues> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("HKEY_") {
            current = line
                .trim()
                .strip_prefix(SERVICES_KEY)
                .and_then(|rest| rest.strip_prefix('\\'))
                .filter(|name| !name.contains('\\'))
                .map(str::to_lowercase);
            continue;
        }
        let (Some(key), Some(fields)) = (&current, line.strip_prefix("    ")) else { continue };
        let mut parts = fields.splitn(3, "    ");
        let (Some(name), Some(kind)) = (parts.next(), parts.next()) else { continue };
        let data = parts.next().unwrap_or("").trim_end().to_owned();
        keys.entry(key.clone()).or_default().insert(name.to_owned(), (kind.to_owned(), data));
    }
    keys
}

fn reg_string(values: &RegValues, name: &str) -> Option<String> {
    values.get(name).map(|(_, data)| data.clone())
}

fn reg_dword(values: &RegValues, name: &str) -> Option<u32> {
    let (_, data) = values.get(name)?;
    u32::from_str_radix(data.strip_prefix("0x")?, 16).ok()
}

/// The STATE word `sc query NAME` prints (RUNNING, STOPPED, ...), `None` when sc says
/// the service cannot be opened.
fn sc_state(name: &str) -> Option<String> {
    run("sc.exe", &["query", name])
        .1
        .lines()
        .find(|l| l.trim_start().starts_with("STATE"))
        .and_then(|l| l.split(':').nth(1)?.split_whitespace().nth(1).map(str::to_owned))
}

fn file_name(path: &str) -> String {
    let exe = path.trim_start_matches('"');
    let exe = exe.split(".exe").next().unwrap_or(exe);
    exe.rsplit(['\\', '/']).next().unwrap_or(exe).to_lowercase() + ".exe"
}

/// The configuration part of `as_dict` against the service's registry values.
fn check_config(name: &str, info: &ServiceInfo, reg: &RegValues) {
    if let Some(display) = reg_string(reg, "DisplayName") {
        assert_eq!(info.display_name, display, "{name}: display name");
    }
    assert_eq!(Some(info.binpath.clone()), reg_string(reg, "ImagePath"), "{name}: binpath");
    if let Some(account) = reg_string(reg, "ObjectName") {
        assert_eq!(info.username, account, "{name}: username");
    }
    let start = match reg_dword(reg, "Start") {
        Some(2) => ServiceStartType::Automatic,
        Some(3) => ServiceStartType::Manual,
        Some(4) => ServiceStartType::Disabled,
        _ => ServiceStartType::Unknown,
    };
    assert_eq!(info.start_type, start, "{name}: start type");
    let description = reg_string(reg, "Description").unwrap_or_default();
    assert_eq!(info.description, description, "{name}: description");
}

#[test]
fn services_match_the_registry_sc_and_the_process_table() {
    let services = win_service_iter().expect("win_service_iter");
    assert!(!services.is_empty(), "no services listed");
    let registry = registry_services();
    // SERVICE_WIN32 = own process (0x10) | share process (0x20): every Win32 service of
    // the registry is listed. A listed service the registry lacks was created at run time
    // (Wine's Winedevice1/2, which its ntoskrnl registers for driver hosts): sc must know it.
    let listed: Vec<String> = services.iter().map(|s| s.name().to_lowercase()).collect();
    let win32 = registry.iter().filter(|(_, v)| reg_dword(v, "Type").is_some_and(|t| t & 0x30 != 0));
    for (name, _) in win32 {
        assert!(listed.contains(name), "{name}: a Win32 service of the registry, not listed in {listed:?}");
    }

    let (mut running, mut configured) = (0, 0);
    for s in &services {
        let name = s.name();
        let info = s.as_dict().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.name, name);
        assert_eq!(info.display_name, s.display_name());
        match registry.get(&name.to_lowercase()) {
            Some(reg) => {
                configured += 1;
                check_config(name, &info, reg);
            }
            None => eprintln!("{name}: not in the registry (made at run time): state and pid checked only"),
        }

        let state = sc_state(name).unwrap_or_else(|| panic!("sc query {name} printed no state"));
        // The state may change between the two reads only if the service is starting or
        // stopping: read ours again after sc's and accept either.
        let again = s.status().expect("status");
        assert!(
            info.status.as_str() == state.to_lowercase() || again.as_str() == state.to_lowercase(),
            "{name}: {} / {again} vs sc {state}",
            info.status
        );
        match info.pid {
            Some(pid) => {
                running += 1;
                assert_eq!(info.status, ServiceStatus::Running, "{name}: a pid but {}", info.status);
                let exe = psutil_rs::Process::new(pid).and_then(|p| p.exe()).expect("the service's process");
                assert_eq!(file_name(&exe), file_name(&info.binpath), "{name}: pid {pid}");
            }
            None => assert_ne!(info.status, ServiceStatus::Running, "{name}: running without a pid"),
        }
        // The getters one by one give the same answers.
        assert_eq!(s.binpath().expect("binpath"), info.binpath);
        assert_eq!(s.username().expect("username"), info.username);
        assert_eq!(s.start_type().expect("start_type"), info.start_type);
        assert_eq!(s.description().expect("description"), info.description);
        let got = win_service_get(name).expect("win_service_get");
        assert_eq!(got, *s);
        assert_eq!(got.display_name(), s.display_name());
        assert_eq!(
            got.to_string(),
            format!("WindowsService(name='{name}', display_name='{}')", s.display_name())
        );
    }
    assert!(running > 0, "no running service: the pid check never ran");
    assert!(configured * 2 > services.len(), "{configured} of {} compared with the registry", services.len());
}

#[test]
fn an_unknown_service_is_no_such_process_as_sc_says() {
    let name = "psutil-rs no such service";
    let err = win_service_get(name).expect_err("an unknown service");
    assert!(err.is_no_such_process(), "{err:?}");
    assert_eq!(err.to_string(), format!("service '{name}' does not exist (name='{name}')"));
    // sc.exe cannot open it either: it fails (Windows: with 1060, ERROR_SERVICE_DOES_NOT_EXIST;
    // Wine 8: with 1, the 1060 only in its debug trace) and prints no state.
    let (code, _) = run("sc.exe", &["query", name]);
    assert!(matches!(code, Some(c) if c != 0), "sc query {name}: {code:?}");
    assert_eq!(sc_state(name), None, "sc.exe finds it");
    // A known service: sc prints its state, and so does win_service_get.
    assert!(sc_state("PlugPlay").is_some() == win_service_get("PlugPlay").is_ok());
}

#[test]
fn wine_runs_the_services_windows_md_lists() {
    if !common::under_wine() {
        return;
    }
    // windows.md section 7: Wine 8.0's default prefix has these Win32 services.
    let names: Vec<String> =
        win_service_iter().expect("services").iter().map(|s| s.name().to_owned()).collect();
    for expected in ["PlugPlay", "RpcSs", "BITS", "Eventlog"] {
        assert!(names.iter().any(|n| n.eq_ignore_ascii_case(expected)), "{expected} not in {names:?}");
    }
}
