//! Linux sysfs device classes psutil's API does not expose in full: network interface
//! attributes, power supplies, cooling devices, hwmon chips with every sensor file, and
//! per-CPU scaling frequencies.

use crate::paths;
use crate::sys::linux::kstat::sysfs;
use crate::Result;

/// A device of a sysfs class with the attributes that could be read, as trimmed text.
///
/// ```
/// use psutil_rs::os::linux::SysfsDevice;
/// let d = SysfsDevice { name: "eth0".into(), attributes: vec![("mtu".into(), "1500".into())] };
/// assert_eq!(d.attr("mtu"), Some("1500"));
/// assert_eq!(d.attr_i64("mtu"), Some(1500));
/// assert_eq!(d.attr("speed"), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SysfsDevice {
    /// The device's directory name (`eth0`, `AC`, `cooling_device0`).
    pub name: String,
    /// (attribute file, its text); files that could not be read are left out.
    pub attributes: Vec<(String, String)>,
}

impl SysfsDevice {
    /// The text of attribute `name`, if it was read.
    ///
    /// ```
    /// let d = psutil_rs::os::linux::SysfsDevice { name: "lo".into(), attributes: vec![] };
    /// assert!(d.attr("operstate").is_none());
    /// ```
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Attribute `name` as a decimal integer (`0x` hexadecimal accepted), if it is one.
    ///
    /// ```
    /// let d = psutil_rs::os::linux::SysfsDevice { name: "lo".into(), attributes: vec![("flags".into(), "0x9".into())] };
    /// assert_eq!(d.attr_i64("flags"), Some(9));
    /// ```
    pub fn attr_i64(&self, name: &str) -> Option<i64> {
        let text = self.attr(name)?;
        match text.strip_prefix("0x") {
            Some(hex) => i64::from_str_radix(hex, 16).ok(),
            None => text.parse().ok(),
        }
    }
}

/// The attributes of `/sys/class/net/<dev>` an exporter reports.
pub const NET_CLASS_ATTRIBUTES: &[&str] = &[
    "addr_assign_type",
    "address",
    "broadcast",
    "carrier",
    "carrier_changes",
    "carrier_down_count",
    "carrier_up_count",
    "dev_id",
    "dormant",
    "duplex",
    "flags",
    "ifalias",
    "ifindex",
    "iflink",
    "link_mode",
    "mtu",
    "name_assign_type",
    "netdev_group",
    "operstate",
    "speed",
    "tx_queue_len",
    "type",
    "statistics/rx_nohandler",
];

/// Every network interface of `/sys/class/net` with the [`NET_CLASS_ATTRIBUTES`] it has.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let lo = psutil_rs::os::linux::net_class()?.into_iter().find(|d| d.name == "lo");
/// if let Some(lo) = lo {
///     assert_eq!(lo.attr("address"), Some("00:00:00:00:00:00"));
/// }
/// # Ok(())
/// # }
/// ```
pub fn net_class() -> Result<Vec<SysfsDevice>> {
    sysfs::class_devices(&paths::current(), "net", |_| true, Some(NET_CLASS_ATTRIBUTES))
}

/// Every power supply of `/sys/class/power_supply` with all its attribute files.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for s in psutil_rs::os::linux::power_supplies()? {
///     assert!(s.attr("type").is_some());
/// }
/// # Ok(())
/// # }
/// ```
pub fn power_supplies() -> Result<Vec<SysfsDevice>> {
    sysfs::class_devices(&paths::current(), "power_supply", |_| true, None)
}

/// Every `thermal_zoneN` of `/sys/class/thermal` with `type`, `temp` (millidegrees
/// Celsius) and `policy`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for z in psutil_rs::os::linux::thermal_zones()? {
///     assert!(z.name.starts_with("thermal_zone"));
/// }
/// # Ok(())
/// # }
/// ```
pub fn thermal_zones() -> Result<Vec<SysfsDevice>> {
    sysfs::class_devices(
        &paths::current(),
        "thermal",
        |n| n.starts_with("thermal_zone"),
        Some(&["type", "temp", "policy"]),
    )
}

/// Every `cooling_deviceN` of `/sys/class/thermal` with `type`, `cur_state`, `max_state`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for d in psutil_rs::os::linux::cooling_devices()? {
///     assert!(d.attr_i64("cur_state") <= d.attr_i64("max_state"));
/// }
/// # Ok(())
/// # }
/// ```
pub fn cooling_devices() -> Result<Vec<SysfsDevice>> {
    sysfs::class_devices(
        &paths::current(),
        "thermal",
        |n| n.starts_with("cooling_device"),
        Some(&["type", "cur_state", "max_state"]),
    )
}

/// One integer sensor file of a hwmon chip (`temp1_input` → `temp1`, `input`), raw:
/// millidegrees, RPM, millivolts, milliamperes or microwatts as the kernel's hwmon ABI says.
///
/// ```
/// let v = psutil_rs::os::linux::HwmonValue { sensor: "temp1".into(), item: "input".into(), value: 45000 };
/// assert_eq!(v.value as f64 / 1000.0, 45.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HwmonValue {
    /// The sensor (`temp1`, `fan2`, `in0`).
    pub sensor: String,
    /// The item (`input`, `max`, `crit`, `crit_alarm`, `min`).
    pub item: String,
    /// The integer the file holds.
    pub value: i64,
}

/// One chip of `/sys/class/hwmon`.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for chip in psutil_rs::os::linux::hwmon_chips()? {
///     assert!(chip.dir_name.starts_with("hwmon"));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HwmonChip {
    /// `hwmonN`.
    pub dir_name: String,
    /// The resolved path of its `device` link (`/sys/devices/platform/coretemp.0`), if any.
    pub device_path: Option<String>,
    /// The `name` file (`coretemp`, `nvme`), if any.
    pub name: Option<String>,
    /// Its integer sensor files, sorted by file name.
    pub values: Vec<HwmonValue>,
    /// Its `<sensor>_label` files: (sensor, label), sorted by sensor.
    pub labels: Vec<(String, String)>,
}

/// Every chip of `/sys/class/hwmon` (empty when the machine has none).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::hwmon_chips()?;
/// # Ok(())
/// # }
/// ```
pub fn hwmon_chips() -> Result<Vec<HwmonChip>> {
    sysfs::hwmon_chips(&paths::current())
}

/// One CPU's `cpufreq` scaling frequencies, in kHz.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// for f in psutil_rs::os::linux::cpu_scaling_frequencies()? {
///     assert!(f.min_khz <= f.max_khz);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CpuScalingFreq {
    /// The CPU number (N of `cpuN`).
    pub cpu: u32,
    /// `scaling_cur_freq`.
    pub current_khz: Option<u64>,
    /// `scaling_min_freq`.
    pub min_khz: Option<u64>,
    /// `scaling_max_freq`.
    pub max_khz: Option<u64>,
    /// `cpuinfo_cur_freq` (the hardware's view; often readable by root only).
    pub hardware_current_khz: Option<u64>,
    /// `cpuinfo_min_freq`.
    pub hardware_min_khz: Option<u64>,
    /// `cpuinfo_max_freq`.
    pub hardware_max_khz: Option<u64>,
}

/// The scaling frequencies of every CPU with a `cpufreq` directory (empty without cpufreq).
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// let _ = psutil_rs::os::linux::cpu_scaling_frequencies()?;
/// # Ok(())
/// # }
/// ```
pub fn cpu_scaling_frequencies() -> Result<Vec<CpuScalingFreq>> {
    sysfs::cpu_scaling_freqs(&paths::current())
}
