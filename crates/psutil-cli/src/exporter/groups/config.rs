//! process-exporter's grouping config: a YAML `process_names:` list of matchers (`comm`,
//! `exe`, `cmdline`) with a `name` template; the first entry that matches wins.

use regex::Regex;
use serde::Deserialize;

/// What a matcher and a template see of one process.
#[derive(Debug, Clone, Default)]
pub struct ProcIdentity {
    /// The kernel's 15-byte command name (`stat`'s comm).
    pub comm: String,
    /// `argv[0]`.
    pub exe_full: String,
    /// The rest of the command line.
    pub cmdline: Vec<String>,
    /// The user name of the real uid.
    pub username: String,
    /// The pid.
    pub pid: u32,
    /// The start time (seconds since the epoch).
    pub start_time: f64,
}

impl ProcIdentity {
    /// Basename of `argv[0]`.
    pub fn exe_base(&self) -> &str {
        self.exe_full.rsplit('/').next().unwrap_or(&self.exe_full)
    }
}

#[derive(Debug, Deserialize)]
struct FileYaml {
    process_names: Vec<EntryYaml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryYaml {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    comm: Vec<String>,
    #[serde(default)]
    exe: Vec<String>,
    #[serde(default)]
    cmdline: Vec<String>,
}

/// One piece of a `name` template.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Comm,
    ExeBase,
    ExeFull,
    Username,
    Pid,
    StartTime,
    Match(String),
}

/// One `process_names` entry.
#[derive(Debug)]
pub struct Rule {
    comm: Vec<String>,
    exe: Vec<String>,
    cmdline: Vec<Regex>,
    name: Vec<Part>,
}

/// The grouping: the rules of a config file, or none (group every process by its comm).
#[derive(Debug, Default)]
pub struct GroupConfig {
    rules: Option<Vec<Rule>>,
    /// A process no rule matches joins its nearest matched ancestor's group.
    orphans_join_ancestors: bool,
}

fn parse_template(t: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push(Part::Text(rest[..open].to_owned()));
        }
        let close = rest[open..].find("}}").ok_or_else(|| format!("unclosed {{{{ in template {t:?}"))? + open;
        let field = rest[open + 2..close].trim();
        parts.push(match field {
            ".Comm" => Part::Comm,
            ".ExeBase" => Part::ExeBase,
            ".ExeFull" => Part::ExeFull,
            ".Username" => Part::Username,
            ".PID" => Part::Pid,
            ".StartTime" => Part::StartTime,
            f => match f.strip_prefix(".Matches.") {
                Some(key) if !key.is_empty() => Part::Match(key.to_owned()),
                _ => return Err(format!("unsupported template field {f:?} in {t:?}")),
            },
        });
        rest = &rest[close + 2..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_owned()));
    }
    Ok(parts)
}

impl GroupConfig {
    /// Parses a config file's text.
    pub fn from_yaml(text: &str) -> Result<GroupConfig, String> {
        let file: FileYaml = serde_yaml_ng::from_str(text).map_err(|e| format!("process config: {e}"))?;
        let mut rules = Vec::new();
        for (i, e) in file.process_names.into_iter().enumerate() {
            if e.comm.is_empty() && e.exe.is_empty() && e.cmdline.is_empty() {
                return Err(format!("process config: entry {i} has no comm, exe or cmdline selector"));
            }
            let cmdline = e
                .cmdline
                .iter()
                .map(|r| {
                    Regex::new(r).map_err(|err| format!("process config: entry {i}: cmdline {r:?}: {err}"))
                })
                .collect::<Result<_, _>>()?;
            let name = parse_template(e.name.as_deref().unwrap_or("{{.ExeBase}}"))?;
            rules.push(Rule { comm: e.comm, exe: e.exe, cmdline, name });
        }
        Ok(GroupConfig { rules: Some(rules), orphans_join_ancestors: true })
    }

    /// Sets whether a process no rule matches counts in its nearest matched ancestor's
    /// group (process-exporter's `-children`, on by default).
    pub fn with_children(mut self, on: bool) -> GroupConfig {
        self.orphans_join_ancestors = on;
        self
    }

    /// True when unmatched processes join their ancestors' groups (only with rules: without
    /// them every process has a group of its own name).
    pub fn children(&self) -> bool {
        self.rules.is_some() && self.orphans_join_ancestors
    }

    /// True when the rules need the command line (so a scan must read it).
    pub fn needs_cmdline(&self) -> bool {
        self.rules.is_some()
    }

    /// The group of a process, or `None` when no rule matches it.
    pub fn group_of(&self, p: &ProcIdentity) -> Option<String> {
        let Some(rules) = &self.rules else { return Some(p.comm.clone()) };
        for rule in rules {
            if !rule.comm.is_empty() && !rule.comm.contains(&p.comm) {
                continue;
            }
            if !rule.exe.is_empty() {
                let hit =
                    rule.exe
                        .iter()
                        .any(|e| if e.contains('/') { *e == p.exe_full } else { e == p.exe_base() });
                if !hit {
                    continue;
                }
            }
            let joined = std::iter::once(p.exe_full.as_str())
                .chain(p.cmdline.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            let mut matches: Vec<(String, String)> = Vec::new();
            let mut all = true;
            for re in &rule.cmdline {
                match re.captures(&joined) {
                    Some(caps) => {
                        for name in re.capture_names().flatten() {
                            if let Some(m) = caps.name(name) {
                                matches.push((name.to_owned(), m.as_str().to_owned()));
                            }
                        }
                    }
                    None => {
                        all = false;
                        break;
                    }
                }
            }
            if !all {
                continue;
            }
            let mut out = String::new();
            for part in &rule.name {
                match part {
                    Part::Text(t) => out.push_str(t),
                    Part::Comm => out.push_str(&p.comm),
                    Part::ExeBase => out.push_str(p.exe_base()),
                    Part::ExeFull => out.push_str(&p.exe_full),
                    Part::Username => out.push_str(&p.username),
                    Part::Pid => out.push_str(&p.pid.to_string()),
                    Part::StartTime => out.push_str(&format!("{}", p.start_time)),
                    Part::Match(k) => {
                        if let Some((_, v)) = matches.iter().find(|(n, _)| n == k) {
                            out.push_str(v);
                        }
                    }
                }
            }
            return Some(out);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ident(comm: &str, argv: &[&str]) -> ProcIdentity {
        ProcIdentity {
            comm: comm.into(),
            exe_full: argv[0].into(),
            cmdline: argv[1..].iter().map(|s| s.to_string()).collect(),
            username: "root".into(),
            pid: 42,
            start_time: 1.0,
        }
    }

    #[test]
    fn default_groups_by_comm() {
        let c = GroupConfig::default();
        assert_eq!(c.group_of(&ident("bash", &["/bin/bash"])), Some("bash".into()));
    }

    #[test]
    fn config_matchers_and_templates() {
        let yaml = r#"
process_names:
  - comm: [sshd]
  - exe: [/usr/bin/python3]
    name: "py:{{.Username}}"
  - name: "{{.Matches.app}}-{{.Comm}}"
    cmdline: ['--app=(?P<app>\w+)', 'worker']
  - name: "{{.Comm}}"
    cmdline: ['.+']
"#;
        let c = GroupConfig::from_yaml(yaml).unwrap();
        assert_eq!(c.group_of(&ident("sshd", &["/usr/sbin/sshd", "-D"])), Some("sshd".into()));
        assert_eq!(c.group_of(&ident("python3", &["/usr/bin/python3", "x.py"])), Some("py:root".into()));
        assert_eq!(c.group_of(&ident("python3", &["python3", "x.py"])), Some("python3".into()));
        assert_eq!(c.group_of(&ident("node", &["node", "--app=shop", "worker"])), Some("shop-node".into()));
        assert_eq!(c.group_of(&ident("node", &["node", "--app=shop"])), Some("node".into()));
        let only_ssh = GroupConfig::from_yaml("process_names:\n  - comm: [sshd]\n").unwrap();
        assert_eq!(only_ssh.group_of(&ident("bash", &["bash"])), None);
    }

    #[test]
    fn bad_configs_are_errors() {
        assert!(GroupConfig::from_yaml("process_names:\n  - name: x\n").is_err());
        assert!(GroupConfig::from_yaml("process_names:\n  - cmdline: ['(']\n").is_err());
        assert!(GroupConfig::from_yaml("process_names:\n  - comm: [a]\n    name: '{{.Nope}}'\n").is_err());
        assert!(GroupConfig::from_yaml("nope: 1\n").is_err());
        assert!(GroupConfig::from_yaml("process_names:\n  - comm: [a]\n    bogus: 1\n").is_err());
    }
}
