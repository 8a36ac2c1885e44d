//! Errors of the command-line tool and their exit codes.

use std::fmt;

/// Exit code of a command that failed at run time (library error, process not found,
/// nothing matched). Usage errors exit with clap's code, 2.
pub const EXIT_FAILURE: u8 = 1;

/// Exit code of a bad argument that clap cannot check (e.g. an out-of-range pid).
pub const EXIT_USAGE: u8 = 2;

/// A failed subcommand: the message for stderr and the exit code.
#[derive(Debug)]
pub struct CliError {
    /// What went wrong, for stderr (without the `psutil: ` prefix).
    pub message: String,
    /// The process exit code.
    pub code: u8,
    /// What the command did print before failing (e.g. the processes `killall` did
    /// signal before one refused); written to stdout before the message.
    pub output: String,
}

impl CliError {
    /// A run-time failure (exit code 1).
    pub fn failure(message: impl Into<String>) -> Self {
        CliError { message: message.into(), code: EXIT_FAILURE, output: String::new() }
    }

    /// A bad argument (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError { message: message.into(), code: EXIT_USAGE, output: String::new() }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<psutil_rs::Error> for CliError {
    fn from(e: psutil_rs::Error) -> Self {
        match e {
            psutil_rs::Error::InvalidArgument(msg) => CliError::usage(msg),
            other => CliError::failure(other.to_string()),
        }
    }
}

/// Adds what was being done to a library error: `virtual_memory: <error>`.
pub trait Context<T> {
    /// Wraps the error with the name of the failing call.
    fn context(self, what: &str) -> Result<T, CliError>;
}

impl<T> Context<T> for Result<T, psutil_rs::Error> {
    fn context(self, what: &str) -> Result<T, CliError> {
        self.map_err(|e| {
            let code = CliError::from_ref(&e);
            // psutil's AccessDenied text is only `(pid=N, name='x')`: say what it is.
            let message = if e.is_access_denied() {
                format!("{what}: access denied {e}")
            } else {
                format!("{what}: {e}")
            };
            CliError { message, code, output: String::new() }
        })
    }
}

impl CliError {
    fn from_ref(e: &psutil_rs::Error) -> u8 {
        if matches!(e, psutil_rs::Error::InvalidArgument(_)) {
            EXIT_USAGE
        } else {
            EXIT_FAILURE
        }
    }
}

/// The result of a subcommand: its whole output, or why it failed.
pub type CmdResult = Result<String, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_map_to_exit_codes() {
        let e: CliError = psutil_rs::Error::invalid("bad pid").into();
        assert_eq!((e.code, e.message.as_str()), (EXIT_USAGE, "bad pid"));
        let e: CliError = psutil_rs::Error::no_such_process(7, None).into();
        assert_eq!(e.code, EXIT_FAILURE);
        let r: Result<(), psutil_rs::Error> = Err(psutil_rs::Error::not_supported("cpu_freq", "test"));
        let e = r.context("cpu_freq").err();
        assert_eq!(e.map(|e| e.to_string()).as_deref(), Some("cpu_freq: cpu_freq is not supported on test"));
    }
}
