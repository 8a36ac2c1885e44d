//! [`wait_procs`]: psutil's wait for several processes.

use std::time::{Duration, Instant};

use crate::process::Process;
use crate::{Error, Result};

/// Waits for several processes to end, psutil's `wait_procs`: returns `(gone, alive)`.
///
/// Each pass waits on every alive process for at most `1 / len(alive)` seconds (so a
/// full pass takes about a second), bounded by what is left of `timeout` (`None` =
/// until all are gone). A process is gone when `wait` returns a status or it is no longer
/// running; its status is then available from [`Process::returncode`] and `callback` is
/// called with it. A timeout is never an error; one last non-blocking pass runs over the
/// survivors. `gone` is in the order the processes ended, `alive` in input order.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use std::time::Duration;
/// let child = std::process::Command::new("true").spawn()?;
/// let p = psutil_rs::Process::new(child.id())?;
/// let mut seen = Vec::new();
/// let mut cb = |p: &psutil_rs::Process| seen.push(p.pid());
/// let (gone, alive) = psutil_rs::wait_procs(vec![p], Some(Duration::from_secs(3)), Some(&mut cb))?;
/// assert_eq!((gone.len(), alive.len()), (1, 0));
/// assert_eq!(gone[0].returncode().map(|s| s.code()), Some(0));
/// # Ok(())
/// # }
/// ```
pub fn wait_procs(
    procs: Vec<Process>,
    timeout: Option<Duration>,
    mut callback: Option<&mut dyn FnMut(&Process)>,
) -> Result<(Vec<Process>, Vec<Process>)> {
    // a deadline too far to represent is no deadline (waits until the end)
    let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
    let mut gone: Vec<Process> = Vec::new();
    let mut alive: Vec<Process> = procs;

    // One `wait` with `t`: Some(true) = gone (callback called), Some(false) = alive.
    let check = |p: &Process, t: Duration, cb: &mut Option<&mut dyn FnMut(&Process)>| -> Result<bool> {
        match p.wait(Some(t)) {
            Err(Error::TimeoutExpired { .. }) => Ok(false),
            Err(e) => Err(e),
            Ok(status) => {
                if status.is_some() || !p.is_running() {
                    if let Some(cb) = cb.as_mut() {
                        cb(p);
                    }
                    Ok(true)
                } else {
                    Ok(false)
                }
            }
        }
    };

    if timeout != Some(Duration::ZERO) {
        'outer: while !alive.is_empty() {
            // psutil: every full pass over the list lasts at most about one second.
            let max = Duration::from_secs_f64(1.0 / alive.len() as f64);
            let mut still = Vec::with_capacity(alive.len());
            let mut pending = std::mem::take(&mut alive).into_iter();
            while let Some(p) = pending.next() {
                let t = match deadline {
                    Some(d) => {
                        let left = d.saturating_duration_since(Instant::now());
                        if left.is_zero() {
                            still.push(p);
                            still.extend(pending);
                            alive = still;
                            break 'outer;
                        }
                        left.min(max)
                    }
                    None => max,
                };
                if check(&p, t, &mut callback)? {
                    gone.push(p);
                } else {
                    still.push(p);
                }
            }
            alive = still;
        }
    }

    if !alive.is_empty() {
        let mut still = Vec::with_capacity(alive.len());
        for p in alive {
            if check(&p, Duration::ZERO, &mut callback)? {
                gone.push(p);
            } else {
                still.push(p);
            }
        }
        alive = still;
    }
    Ok((gone, alive))
}
