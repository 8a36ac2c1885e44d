//! Process lists: `ps`, `pstree` and `pidof`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use psutil_rs::{Pid, Process};
use serde::Serialize;

use crate::args::PidofArgs;
use crate::error::{CliError, CmdResult, Context};
use crate::model::now;
use crate::model::process::{ps_row, stat_letter, ProcRow};
use crate::output::{self, format_cpu_time, local_time, Align, Table};

/// The name of a process, or None when it is gone or not readable.
pub fn name_of_pid(pid: Pid) -> Option<String> {
    Process::new(pid).and_then(|p| p.name()).ok()
}

/// `ps`'s START: the time if started today, else month and day, else the year.
fn start_text(create_time: f64) -> String {
    let (Some(t), Some(today)) = (local_time(create_time), local_time(now())) else { return "?".into() };
    if t.date_naive() == today.date_naive() {
        t.format("%H:%M").to_string()
    } else if t.format("%Y").to_string() == today.format("%Y").to_string() {
        t.format("%b%d").to_string()
    } else {
        t.format("%Y").to_string()
    }
}

/// Like `ps aux`: USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND. VSZ and RSS in
/// KiB as `ps` prints them (bytes in JSON).
pub fn ps(json: bool) -> CmdResult {
    let procs = psutil_rs::process_iter().context("process_iter")?;
    let mem_total = psutil_rs::virtual_memory().map(|m| m.total).unwrap_or(0);
    let now = now();
    let rows: Vec<ProcRow> = procs.iter().filter_map(|p| ps_row(p, mem_total, now)).collect();
    if json {
        return output::json(&rows);
    }
    let mut table = Table::new(&[
        ("USER", Align::Left),
        ("PID", Align::Right),
        ("%CPU", Align::Right),
        ("%MEM", Align::Right),
        ("VSZ", Align::Right),
        ("RSS", Align::Right),
        ("TTY", Align::Left),
        ("STAT", Align::Left),
        ("START", Align::Left),
        ("TIME", Align::Right),
        ("COMMAND", Align::Left),
    ]);
    let opt = |v: Option<String>| v.unwrap_or_else(|| "?".into());
    for r in &rows {
        let tty = r.terminal.as_deref().map(|t| t.trim_start_matches("/dev/").to_string());
        table.row([
            r.user.as_deref().map_or_else(|| "?".into(), |u| u.chars().take(12).collect()),
            r.pid.to_string(),
            opt(r.cpu_percent.map(|v| format!("{v:.1}"))),
            opt(r.memory_percent.map(|v| format!("{v:.1}"))),
            opt(r.vms.map(|v| (v / 1024).to_string())),
            opt(r.rss.map(|v| (v / 1024).to_string())),
            tty.unwrap_or_else(|| "?".into()),
            r.status.map(stat_letter).unwrap_or("?").to_string(),
            r.create_time.map(start_text).unwrap_or_else(|| "?".into()),
            opt(r.cpu_time.map(format_cpu_time)),
            opt(r.command.as_deref().map(str::to_string)),
        ]);
    }
    Ok(table.render())
}

/// A node of the process tree.
#[derive(Serialize)]
struct TreeNode {
    pid: Pid,
    name: String,
    children: Vec<TreeNode>,
}

/// Deepest nesting rendered; deeper descendants are cut (a guard, real trees are shallow).
const MAX_DEPTH: usize = 256;

fn build_node(
    pid: Pid,
    names: &BTreeMap<Pid, String>,
    kids: &BTreeMap<Pid, Vec<Pid>>,
    seen: &mut BTreeSet<Pid>,
    depth: usize,
) -> TreeNode {
    seen.insert(pid);
    let mut children = Vec::new();
    if depth < MAX_DEPTH {
        for &c in kids.get(&pid).into_iter().flatten() {
            if !seen.contains(&c) {
                children.push(build_node(c, names, kids, seen, depth + 1));
            }
        }
    }
    TreeNode { pid, name: names.get(&pid).cloned().unwrap_or_default(), children }
}

fn render_node(node: &TreeNode, prefix: &str, last: bool, root: bool, out: &mut String) {
    let branch = if root {
        ""
    } else if last {
        "└─ "
    } else {
        "├─ "
    };
    let _ = writeln!(out, "{prefix}{branch}{} {}", node.pid, output::printable(node.name.clone()));
    let child_prefix =
        if root { prefix.to_string() } else { format!("{prefix}{}", if last { "   " } else { "│  " }) };
    for (i, c) in node.children.iter().enumerate() {
        render_node(c, &child_prefix, i + 1 == node.children.len(), false, out);
    }
}

/// Like `pstree -p`: every process under its parent (psutil's `ppid()`).
pub fn pstree(json: bool) -> CmdResult {
    let procs = psutil_rs::process_iter().context("process_iter")?;
    let mut names = BTreeMap::new();
    let mut parent = BTreeMap::new();
    for p in &procs {
        let (name, ppid) = p.oneshot(|p| (p.name(), p.ppid()));
        match (name, ppid) {
            (Err(e), _) | (_, Err(e)) if e.is_no_such_process() && !e.is_zombie() => continue,
            (name, ppid) => {
                names.insert(p.pid(), name.unwrap_or_default());
                parent.insert(p.pid(), ppid.unwrap_or(0));
            }
        }
    }
    let mut kids: BTreeMap<Pid, Vec<Pid>> = BTreeMap::new();
    let mut roots = Vec::new();
    for (&pid, &ppid) in &parent {
        if ppid != pid && names.contains_key(&ppid) {
            kids.entry(ppid).or_default().push(pid);
        } else {
            roots.push(pid);
        }
    }
    let mut seen = BTreeSet::new();
    let mut forest: Vec<TreeNode> = Vec::new();
    for pid in roots {
        forest.push(build_node(pid, &names, &kids, &mut seen, 0));
    }
    // Anything left is in a parent cycle (pid reuse mid-listing): show it at top level.
    for &pid in parent.keys() {
        if !seen.contains(&pid) {
            forest.push(build_node(pid, &names, &kids, &mut seen, 0));
        }
    }
    if json {
        return output::json(&forest);
    }
    let mut out = String::new();
    for node in &forest {
        render_node(node, "", true, true, &mut out);
    }
    Ok(out)
}

/// True when the process is called `name`: psutil's `name()`, or the basename of argv[0]
/// (as psutil's `pidof.py` and `killall.py` match).
fn matches_name(p: &Process, name: &str) -> bool {
    if p.name().is_ok_and(|n| n == name) {
        return true;
    }
    p.cmdline().ok().and_then(|argv| argv.into_iter().next()).is_some_and(|arg0| {
        std::path::Path::new(&arg0).file_name().is_some_and(|base| base.to_string_lossy() == name)
    })
}

pub fn find_by_name(name: &str) -> Result<Vec<Process>, CliError> {
    let me = std::process::id();
    let found: Vec<Process> = psutil_rs::process_iter()
        .context("process_iter")?
        .into_iter()
        .filter(|p| p.pid() != me && matches_name(p, name))
        .collect();
    if found.is_empty() {
        return Err(CliError::failure(format!("no process named '{name}'")));
    }
    Ok(found)
}

/// Like `pidof`: the pids of the processes called NAME (not counting this tool), ascending;
/// exit 1 when there is none.
pub fn pidof(args: &PidofArgs, json: bool) -> CmdResult {
    let pids: Vec<Pid> = find_by_name(&args.name)?.iter().map(Process::pid).collect();
    if json {
        return output::json(&pids);
    }
    let words: Vec<String> = pids.iter().map(Pid::to_string).collect();
    Ok(format!("{}\n", words.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tree_rendering() {
        let leaf = |pid, name: &str| TreeNode { pid, name: name.into(), children: vec![] };
        let tree = TreeNode {
            pid: 1,
            name: "init".into(),
            children: vec![TreeNode { pid: 2, name: "a".into(), children: vec![leaf(4, "c")] }, leaf(3, "b")],
        };
        let mut out = String::new();
        render_node(&tree, "", true, true, &mut out);
        assert_eq!(out, "1 init\n├─ 2 a\n│  └─ 4 c\n└─ 3 b\n");
        assert_eq!(json!(tree)["children"][0]["children"][0]["pid"], 4);
    }

    #[test]
    fn tree_building_survives_cycles() {
        let names: BTreeMap<Pid, String> = [(1, "a".to_string()), (2, "b".to_string())].into();
        let kids: BTreeMap<Pid, Vec<Pid>> = [(1, vec![2]), (2, vec![1])].into();
        let mut seen = BTreeSet::new();
        let node = build_node(1, &names, &kids, &mut seen, 0);
        assert_eq!(node.children.len(), 1);
        assert!(node.children[0].children.is_empty());
    }
}
