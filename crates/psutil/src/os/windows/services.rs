//! Windows services: psutil's `win_service_iter()`, `win_service_get()` and its
//! `WindowsService` class. Like psutil's, these exist on Windows only. Every query opens
//! the Service Control Manager and the service for that call and closes them before it
//! returns: a [`WindowsService`] holds only the names.

use std::fmt;

use crate::sys::windows::services as imp;
use crate::{Pid, Result};

/// A service's state (psutil's `WindowsService.status()` strings, from
/// `SERVICE_STATUS_PROCESS.dwCurrentState`).
///
/// ```
/// use psutil_rs::os::windows::ServiceStatus;
/// assert_eq!(ServiceStatus::StartPending.as_str(), "start_pending");
/// assert_eq!(ServiceStatus::Running.to_string(), "running");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum ServiceStatus {
    /// `"running"` (SERVICE_RUNNING, 4).
    Running,
    /// `"paused"` (SERVICE_PAUSED, 7).
    Paused,
    /// `"start_pending"` (SERVICE_START_PENDING, 2).
    StartPending,
    /// `"pause_pending"` (SERVICE_PAUSE_PENDING, 6).
    PausePending,
    /// `"continue_pending"` (SERVICE_CONTINUE_PENDING, 5).
    ContinuePending,
    /// `"stop_pending"` (SERVICE_STOP_PENDING, 3).
    StopPending,
    /// `"stopped"` (SERVICE_STOPPED, 1).
    Stopped,
    /// `"unknown"`: a state psutil does not name.
    Unknown,
}

impl ServiceStatus {
    /// The status of a `dwCurrentState` value.
    pub(crate) fn from_state(state: u32) -> Self {
        match state {
            1 => ServiceStatus::Stopped,
            2 => ServiceStatus::StartPending,
            3 => ServiceStatus::StopPending,
            4 => ServiceStatus::Running,
            5 => ServiceStatus::ContinuePending,
            6 => ServiceStatus::PausePending,
            7 => ServiceStatus::Paused,
            _ => ServiceStatus::Unknown,
        }
    }

    /// psutil's string for this status.
    ///
    /// ```
    /// assert_eq!(psutil_rs::os::windows::ServiceStatus::Stopped.as_str(), "stopped");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Running => "running",
            ServiceStatus::Paused => "paused",
            ServiceStatus::StartPending => "start_pending",
            ServiceStatus::PausePending => "pause_pending",
            ServiceStatus::ContinuePending => "continue_pending",
            ServiceStatus::StopPending => "stop_pending",
            ServiceStatus::Stopped => "stopped",
            ServiceStatus::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ServiceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a service starts (psutil's `WindowsService.start_type()` strings, from
/// `QUERY_SERVICE_CONFIGW.dwStartType`; delayed automatic start is not told apart, as in
/// psutil).
///
/// ```
/// use psutil_rs::os::windows::ServiceStartType;
/// assert_eq!(ServiceStartType::Manual.as_str(), "manual");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum ServiceStartType {
    /// `"automatic"` (SERVICE_AUTO_START, 2).
    Automatic,
    /// `"manual"` (SERVICE_DEMAND_START, 3).
    Manual,
    /// `"disabled"` (SERVICE_DISABLED, 4).
    Disabled,
    /// `"unknown"`: any other value (the boot and system start types are for drivers).
    Unknown,
}

impl ServiceStartType {
    /// The start type of a `dwStartType` value.
    pub(crate) fn from_start_type(start: u32) -> Self {
        match start {
            2 => ServiceStartType::Automatic,
            3 => ServiceStartType::Manual,
            4 => ServiceStartType::Disabled,
            _ => ServiceStartType::Unknown,
        }
    }

    /// psutil's string for this start type.
    ///
    /// ```
    /// assert_eq!(psutil_rs::os::windows::ServiceStartType::Automatic.as_str(), "automatic");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStartType::Automatic => "automatic",
            ServiceStartType::Manual => "manual",
            ServiceStartType::Disabled => "disabled",
            ServiceStartType::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ServiceStartType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything psutil's `WindowsService.as_dict()` returns, with its keys in its order.
///
/// ```no_run
/// # fn main() -> psutil_rs::Result<()> {
/// let info = psutil_rs::os::windows::win_service_get("RpcSs")?.as_dict()?;
/// println!("{} ({}): {} {:?}", info.name, info.display_name, info.status, info.pid);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ServiceInfo {
    /// The display name, as cached in the [`WindowsService`].
    pub display_name: String,
    /// The binary's path with its arguments.
    pub binpath: String,
    /// The account the service runs as.
    pub username: String,
    /// When it starts.
    pub start_type: ServiceStartType,
    /// Its state.
    pub status: ServiceStatus,
    /// Its process, `None` when it has none (pid 0).
    pub pid: Option<Pid>,
    /// The service name.
    pub name: String,
    /// The long description, "" when it has none.
    pub description: String,
}

/// An installed Windows service (psutil's `WindowsService`): its name and display name;
/// every other getter queries the Service Control Manager afresh. Two services are equal
/// when their names are.
///
/// ```no_run
/// # fn main() -> psutil_rs::Result<()> {
/// for s in psutil_rs::os::windows::win_service_iter()? {
///     println!("{s}: {} {}", s.status()?, s.start_type()?);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Eq)]
pub struct WindowsService {
    name: String,
    display_name: String,
}

impl PartialEq for WindowsService {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl fmt::Display for WindowsService {
    /// psutil's `str()`: `WindowsService(name='…', display_name='…')`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WindowsService(name='{}', display_name='{}')", self.name, self.display_name)
    }
}

impl WindowsService {
    /// A service named `name` with the given display name, querying nothing (psutil's
    /// `WindowsService(name, display_name)` constructor): the other getters ask the
    /// Service Control Manager when called.
    ///
    /// ```
    /// let s = psutil_rs::os::windows::WindowsService::new("RpcSs", "Remote Procedure Call (RPC)");
    /// assert_eq!((s.name(), s.display_name()), ("RpcSs", "Remote Procedure Call (RPC)"));
    /// ```
    pub fn new(name: &str, display_name: &str) -> WindowsService {
        WindowsService { name: name.to_owned(), display_name: display_name.to_owned() }
    }

    /// The service name, the key [`win_service_get`] takes.
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// assert_eq!(psutil_rs::os::windows::win_service_get("RpcSs")?.name(), "RpcSs");
    /// # Ok(())
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The display name, read when this value was made (cached, as psutil's).
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// let s = psutil_rs::os::windows::win_service_get("RpcSs")?;
    /// assert!(!s.display_name().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// The binary's path with its arguments (`QueryServiceConfigW`'s `lpBinaryPathName`).
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// let s = psutil_rs::os::windows::win_service_get("RpcSs")?;
    /// assert!(s.binpath()?.to_lowercase().contains(".exe"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn binpath(&self) -> Result<String> {
        Ok(imp::query_config(&self.name)?.binpath)
    }

    /// The account the service runs as (`lpServiceStartName`, e.g. `LocalSystem`).
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// println!("{}", psutil_rs::os::windows::win_service_get("RpcSs")?.username()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn username(&self) -> Result<String> {
        Ok(imp::query_config(&self.name)?.username)
    }

    /// When the service starts (`dwStartType`).
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// use psutil_rs::os::windows::ServiceStartType;
    /// let t = psutil_rs::os::windows::win_service_get("RpcSs")?.start_type()?;
    /// assert_ne!(t, ServiceStartType::Unknown);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start_type(&self) -> Result<ServiceStartType> {
        Ok(ServiceStartType::from_start_type(imp::query_config(&self.name)?.start_type))
    }

    /// The service's process, `None` when it runs none (`dwProcessId` 0).
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// if let Some(pid) = psutil_rs::os::windows::win_service_get("RpcSs")?.pid()? {
    ///     println!("{}", psutil_rs::Process::new(pid)?.name()?);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pid(&self) -> Result<Option<Pid>> {
        Ok(Some(imp::query_status(&self.name)?.1).filter(|&p| p != 0))
    }

    /// The service's state (`dwCurrentState`).
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// println!("{}", psutil_rs::os::windows::win_service_get("RpcSs")?.status()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn status(&self) -> Result<ServiceStatus> {
        Ok(ServiceStatus::from_state(imp::query_status(&self.name)?.0))
    }

    /// The long description, "" when the service has none.
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// println!("{}", psutil_rs::os::windows::win_service_get("RpcSs")?.description()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn description(&self) -> Result<String> {
        imp::query_description(&self.name)
    }

    /// All of the above in one value (psutil's `as_dict()`): one config query, one status
    /// query and one description query.
    ///
    /// ```no_run
    /// # fn main() -> psutil_rs::Result<()> {
    /// let s = psutil_rs::os::windows::win_service_get("RpcSs")?;
    /// assert_eq!(s.as_dict()?.name, "RpcSs");
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_dict(&self) -> Result<ServiceInfo> {
        let config = imp::query_config(&self.name)?;
        let (state, pid) = imp::query_status(&self.name)?;
        Ok(ServiceInfo {
            display_name: self.display_name.clone(),
            binpath: config.binpath,
            username: config.username,
            start_type: ServiceStartType::from_start_type(config.start_type),
            status: ServiceStatus::from_state(state),
            pid: Some(pid).filter(|&p| p != 0),
            name: self.name.clone(),
            description: imp::query_description(&self.name)?,
        })
    }
}

/// psutil's `win_service_iter()`: every installed Win32 service (drivers are not
/// listed), from `EnumServicesStatusExW`.
///
/// ```no_run
/// # fn main() -> psutil_rs::Result<()> {
/// let names: Vec<String> =
///     psutil_rs::os::windows::win_service_iter()?.iter().map(|s| s.name().to_owned()).collect();
/// assert!(!names.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn win_service_iter() -> Result<Vec<WindowsService>> {
    Ok(imp::enumerate()?
        .into_iter()
        .map(|(name, display_name)| WindowsService { name, display_name })
        .collect())
}

/// psutil's `win_service_get(name)`: the service called `name`, its display name read
/// from its configuration. An unknown name is [`crate::Error::NoSuchService`] (psutil's
/// NoSuchProcess), a service the caller may not query is AccessDenied.
///
/// ```no_run
/// # fn main() -> psutil_rs::Result<()> {
/// let s = psutil_rs::os::windows::win_service_get("RpcSs")?;
/// assert!(psutil_rs::os::windows::win_service_get("no such service").unwrap_err().is_no_such_process());
/// println!("{s}");
/// # Ok(())
/// # }
/// ```
pub fn win_service_get(name: &str) -> Result<WindowsService> {
    let config = imp::query_config(name)?;
    Ok(WindowsService { name: name.to_owned(), display_name: config.display_name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_start_types_have_psutils_strings() {
        let states: Vec<&str> = (0..=8).map(|s| ServiceStatus::from_state(s).as_str()).collect();
        assert_eq!(
            states,
            [
                "unknown",
                "stopped",
                "start_pending",
                "stop_pending",
                "running",
                "continue_pending",
                "pause_pending",
                "paused",
                "unknown"
            ]
        );
        let starts: Vec<&str> = (0..=5).map(|s| ServiceStartType::from_start_type(s).as_str()).collect();
        assert_eq!(starts, ["unknown", "unknown", "automatic", "manual", "disabled", "unknown"]);
    }

    #[test]
    fn equality_is_by_name_and_str_is_psutils() {
        let a = WindowsService { name: "BITS".into(), display_name: "one".into() };
        let b = WindowsService { name: "BITS".into(), display_name: "two".into() };
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "WindowsService(name='BITS', display_name='one')");
    }
}
