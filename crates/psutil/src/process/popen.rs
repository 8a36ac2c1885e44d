//! [`Popen`]: a spawned child that is also a [`Process`] (psutil's `Popen`).

use std::ops::Deref;
use std::process::{Child, Command};
use std::time::Duration;

use crate::paths;
use crate::process::{ExitStatus, Process};
use crate::Result;

/// A child process started from a [`Command`], usable as a [`Process`] at once
/// (psutil's `Popen`).
///
/// It derefs to [`Process`], so every getter, the pid-reuse-checked signals and `wait`
/// are there; the [`Child`] (pipes, `id`) is reached with [`Popen::child_mut`]. A child
/// that exits immediately still gives a usable `Popen` (its zombie keeps the pid until
/// waited for). The process is pinned with a pidfd right after the spawn, when the pid
/// cannot have been reused yet. Dropping a `Popen` does not wait for the child.
///
/// ```
/// # fn main() -> psutil_rs::Result<()> {
/// use std::process::Command;
/// let p = psutil_rs::Popen::spawn(Command::new("sh").args(["-c", "exit 3"]))?;
/// assert!(p.pid() > 0);
/// assert_eq!(p.wait(None)?.map(|s| s.code()), Some(3));
/// assert_eq!(p.returncode().map(|s| s.code()), Some(3));
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Popen {
    process: Process,
    child: Child,
}

impl Popen {
    /// Spawns `cmd` and wraps the child. A spawn failure is `Error::Io`.
    ///
    /// ```
    /// let p = psutil_rs::Popen::spawn(&mut std::process::Command::new("true")).unwrap();
    /// assert_eq!(p.wait(None).unwrap().map(|s| s.code()), Some(0));
    /// ```
    pub fn spawn(cmd: &mut Command) -> Result<Popen> {
        let child = cmd.spawn()?;
        Popen::from_child(child)
    }

    /// Wraps a child spawned elsewhere. It should not have been waited for yet.
    ///
    /// ```
    /// let child = std::process::Command::new("true").spawn().unwrap();
    /// let p = psutil_rs::Popen::from_child(child).unwrap();
    /// assert_eq!(p.pid(), p.child().id());
    /// # p.wait(None).unwrap();
    /// ```
    pub fn from_child(child: Child) -> Result<Popen> {
        let process = Process::with_roots(child.id(), paths::current(), true)?;
        process.pin_child();
        Ok(Popen { process, child })
    }

    /// The wrapped [`Child`].
    ///
    /// ```
    /// let p = psutil_rs::Popen::spawn(&mut std::process::Command::new("true")).unwrap();
    /// assert_eq!(p.child().id(), p.pid());
    /// # p.wait(None).unwrap();
    /// ```
    pub fn child(&self) -> &Child {
        &self.child
    }

    /// The wrapped [`Child`], e.g. to take its `stdin`/`stdout`. Wait through
    /// [`Popen::wait`] rather than `Child::wait`, so the status is recorded.
    ///
    /// ```
    /// use std::io::Read;
    /// use std::process::{Command, Stdio};
    /// let mut p = psutil_rs::Popen::spawn(Command::new("echo").arg("hi").stdout(Stdio::piped())).unwrap();
    /// let mut out = String::new();
    /// p.child_mut().stdout.take().unwrap().read_to_string(&mut out).unwrap();
    /// assert_eq!(out, "hi\n");
    /// # p.wait(None).unwrap();
    /// ```
    pub fn child_mut(&mut self) -> &mut Child {
        &mut self.child
    }

    /// The [`Process`] view of the child (also reachable through `Deref`).
    ///
    /// ```
    /// let p = psutil_rs::Popen::spawn(&mut std::process::Command::new("true")).unwrap();
    /// assert_eq!(p.process().pid(), p.pid());
    /// # p.wait(None).unwrap();
    /// ```
    pub fn process(&self) -> &Process {
        &self.process
    }

    /// Waits for the child (psutil's `Popen.wait`): the recorded return code if there is
    /// one, else [`Process::wait`], whose result is recorded (see [`Process::returncode`]).
    /// A child already reaped through `Child::wait` gives `None`.
    ///
    /// ```
    /// # fn main() -> psutil_rs::Result<()> {
    /// use std::process::Command;
    /// let p = psutil_rs::Popen::spawn(Command::new("sleep").arg("10"))?;
    /// p.terminate()?;
    /// let st = p.wait(None)?.unwrap();
    /// assert_eq!((st.code(), st.signal_name()), (-15, Some("SIGTERM")));
    /// assert_eq!(p.wait(None)?, Some(st)); // recorded
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait(&self, timeout: Option<Duration>) -> Result<Option<ExitStatus>> {
        match self.process.returncode() {
            Some(code) => Ok(Some(code)),
            None => self.process.wait(timeout),
        }
    }
}

impl Deref for Popen {
    type Target = Process;

    fn deref(&self) -> &Process {
        &self.process
    }
}
