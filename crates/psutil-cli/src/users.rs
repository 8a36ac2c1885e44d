//! `who`: the users logged in (psutil's `users()`), with the name of each session's process.

use serde_json::Value;

use crate::error::{CliError, CmdResult, Context};
use crate::output::{self, cell, local_time, Align, Table};

/// The users as JSON records (psutil's `suser` fields).
pub fn users_value() -> Result<Vec<Value>, CliError> {
    let users = psutil_rs::users().context("users")?;
    match serde_json::to_value(&users) {
        Ok(Value::Array(list)) => Ok(list),
        Ok(_) => Ok(Vec::new()),
        Err(e) => Err(CliError::failure(format!("cannot render users: {e}"))),
    }
}

/// Renders users like `who`: name, terminal, login time, host and session process
/// (named with `process_name` when it returns a name).
pub fn users_table(users: &[Value], process_name: &dyn Fn(u32) -> Option<String>) -> String {
    let mut table = Table::new(&[
        ("USER", Align::Left),
        ("TTY", Align::Left),
        ("LOGIN", Align::Left),
        ("HOST", Align::Left),
        ("PROCESS", Align::Left),
    ]);
    for u in users {
        let started = u["started"]
            .as_f64()
            .and_then(local_time)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let process = match u["pid"].as_u64().and_then(|p| u32::try_from(p).ok()) {
            Some(pid) => match process_name(pid) {
                Some(name) => format!("{pid} ({name})"),
                None => pid.to_string(),
            },
            None => String::new(),
        };
        let tty = u["terminal"].as_str().unwrap_or("-").to_string();
        table.row([cell(&u["name"]), tty, started, cell(&u["host"]), process]);
    }
    table.render()
}

/// Like `who`: one line per login session, with the name of its process (looked up with
/// `process_name`).
pub fn who(json: bool, process_name: &dyn Fn(u32) -> Option<String>) -> CmdResult {
    let users = users_value()?;
    if json {
        return output::json(&users);
    }
    if users.is_empty() {
        return Ok("no users logged in (the login records list no user sessions)\n".into());
    }
    Ok(users_table(&users, process_name))
}
