//! `winservices`: every installed Windows service with its status, start type, account,
//! pid and binary path (psutil's `scripts/winservices.py`). Windows only: elsewhere it
//! fails with "platform not supported", as psutil's script exits.

use crate::error::CmdResult;

/// Lists the services like psutil's script (`--json`: one `as_dict()` record each).
#[cfg(windows)]
pub fn winservices(json: bool) -> CmdResult {
    use crate::error::Context;
    use crate::output;

    let mut services = Vec::new();
    for service in psutil_rs::os::windows::win_service_iter().context("win_service_iter")? {
        // psutil's script skips it: Windows 11 fails to read its description.
        if service.name() == "WaaSMedicSvc" {
            continue;
        }
        match service.as_dict() {
            Ok(info) => services.push(info),
            // Removed since it was listed.
            Err(e) if e.is_no_such_process() => {}
            Err(e) => return Err(e).context(&format!("service {}", service.name())),
        }
    }
    if json {
        return output::json(&services);
    }
    Ok(services.iter().map(render).collect())
}

/// One service as psutil's script prints it: names, then status line, binpath, blank.
#[cfg(windows)]
fn render(s: &psutil_rs::os::windows::ServiceInfo) -> String {
    let pid = s.pid.map_or_else(|| "None".to_owned(), |p| p.to_string());
    format!(
        "'{}' ('{}')\nstatus: {}, start: {}, username: {}, pid: {}\nbinpath: {}\n\n",
        s.name, s.display_name, s.status, s.start_type, s.username, pid, s.binpath
    )
}

/// Not Windows: no services to list.
#[cfg(not(windows))]
pub fn winservices(_json: bool) -> CmdResult {
    Err(crate::error::CliError::failure("winservices: platform not supported (Windows only)"))
}
