//! node_exporter's textfile collector: the samples of `*.prom` files in a directory
//! (`--textfile-directory`), written by cron jobs and the like, passed through, with
//! `node_textfile_mtime_seconds{file}` and `node_textfile_scrape_error`.

use std::path::Path;

use super::{CollectResult, Context};
use crate::exporter::metrics::{Kind, Labels, Metrics};

/// One parsed sample line: name, labels, value.
type Sample = (String, Labels, f64);
/// A parsed file: `# TYPE` declarations (family, type) and samples.
type PromFile = (Vec<(String, String)>, Vec<Sample>);

fn parse_labels(mut s: &str) -> Option<Labels> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches([',', ' ']);
        if s.is_empty() {
            return Some(out);
        }
        let eq = s.find('=')?;
        let key = s[..eq].trim().to_owned();
        let rest = s[eq + 1..].trim_start().strip_prefix('"')?;
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let end = loop {
            match chars.next()? {
                (i, '"') => break i,
                (_, '\\') => match chars.next()?.1 {
                    'n' => value.push('\n'),
                    c => value.push(c),
                },
                (_, c) => value.push(c),
            }
        };
        out.push((key, value));
        s = &rest[end + 1..];
    }
}

fn parse_value(v: &str) -> Option<f64> {
    match v {
        "+Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ => v.parse().ok(),
    }
}

/// Parses a text-format file into (types by family, samples); `None` on a malformed line.
pub fn parse_prom(text: &str) -> Option<PromFile> {
    let (mut types, mut samples) = (Vec::new(), Vec::new());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut it = rest.split_whitespace();
            types.push((it.next()?.to_owned(), it.next()?.to_owned()));
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let name_end = line.find(|c: char| c == '{' || c.is_whitespace())?;
        let name = &line[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            return None;
        }
        let (labels, rest) = match line[name_end..].strip_prefix('{') {
            Some(r) => {
                let close = r.rfind('}')?;
                (parse_labels(&r[..close])?, &r[close + 1..])
            }
            None => (Vec::new(), &line[name_end..]),
        };
        let value = parse_value(rest.split_whitespace().next()?)?;
        samples.push((name.to_owned(), labels, value));
    }
    Some((types, samples))
}

fn kind_of(types: &[(String, String)], name: &str) -> Kind {
    match types
        .iter()
        .find(|(n, _)| n == name || name.strip_suffix("_total") == Some(n.as_str()))
        .map(|(_, t)| t.as_str())
    {
        Some("counter") if name.ends_with("_total") => Kind::Counter,
        Some("gauge") => Kind::Gauge,
        _ => Kind::Untyped,
    }
}

fn read_dir(dir: &Path, m: &mut Metrics) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "prom"))
        .collect();
    files.sort();
    let mut ok = true;
    for path in files {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let parsed = std::fs::read_to_string(&path).ok().and_then(|t| parse_prom(&t));
        let Some((types, samples)) = parsed else {
            eprintln!("psutil exporter: textfile {}: unreadable or malformed", path.display());
            ok = false;
            continue;
        };
        for (name, labels, value) in samples {
            let help = format!("Metric read from {file}.");
            m.add_owned(&name, &help, kind_of(&types, &name), labels, value);
        }
        if let Ok(mtime) = std::fs::metadata(&path).and_then(|md| md.modified()) {
            if let Ok(since) = mtime.duration_since(std::time::UNIX_EPOCH) {
                m.add(
                    "node_textfile_mtime_seconds",
                    "Unixtime mtime of textfiles successfully read.",
                    Kind::Gauge,
                    &[("file", &file)],
                    since.as_secs_f64(),
                );
            }
        }
    }
    ok
}

pub fn textfile(m: &mut Metrics, ctx: &Context) -> CollectResult {
    let ok = match &ctx.textfile_dir {
        Some(dir) => read_dir(dir, m),
        None => true,
    };
    m.gauge(
        "node_textfile_scrape_error",
        "1 if there was an error opening or reading a file, 0 otherwise",
        if ok { 0.0 } else { 1.0 },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prom_files_parse() {
        let (types, samples) = parse_prom("# HELP x y\n# TYPE jobs_total counter\njobs_total{kind=\"a\\\"b\",x=\"1\"} 3\nlast_run 1.5e9 1700000000\n").unwrap();
        assert_eq!(types, vec![("jobs_total".to_owned(), "counter".to_owned())]);
        assert_eq!(
            samples[0].1,
            vec![("kind".to_owned(), "a\"b".to_owned()), ("x".to_owned(), "1".to_owned())]
        );
        assert_eq!(samples[1], ("last_run".to_owned(), vec![], 1.5e9));
        assert_eq!(kind_of(&types, "jobs_total"), Kind::Counter);
        assert!(parse_prom("bad line\n").is_none());
        assert!(parse_prom("x{a=\"1} 2\n").is_none());
        assert!(parse_prom("x 1\n").is_some());
    }
}
