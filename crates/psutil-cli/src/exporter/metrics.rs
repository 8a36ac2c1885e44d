//! One scrape's metric families, built by the collectors and encoded by
//! `prometheus-client` as Prometheus text 0.0.4 or OpenMetrics 1.0, chosen from `Accept`.

use std::collections::HashMap;
use std::sync::Arc;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;

/// A family's type, as node_exporter declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Monotonic; the name ends in `_total`.
    Counter,
    /// Goes up and down.
    Gauge,
    /// `untyped` in text 0.0.4, `unknown` in OpenMetrics (node_exporter's netstat, vmstat).
    Untyped,
}

/// Label pairs of one sample.
pub type Labels = Vec<(String, String)>;

#[derive(Debug, Clone)]
struct Family {
    name: String,
    help: String,
    kind: Kind,
    samples: Vec<(Labels, f64)>,
}

/// The families of one scrape, in the order first added; samples keep the order added.
#[derive(Debug, Default, Clone)]
pub struct Metrics {
    families: Vec<Family>,
    index: HashMap<String, usize>,
}

impl Metrics {
    /// Adds a sample to family `name` (created with `help` and `kind` on first use).
    pub fn add(&mut self, name: &str, help: &str, kind: Kind, labels: &[(&str, &str)], value: f64) {
        let labels = labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.add_owned(name, help, kind, labels, value);
    }

    /// [`Metrics::add`] with owned labels.
    pub fn add_owned(&mut self, name: &str, help: &str, kind: Kind, labels: Labels, value: f64) {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                self.families.push(Family {
                    name: name.to_owned(),
                    help: help.to_owned(),
                    kind,
                    samples: Vec::new(),
                });
                self.index.insert(name.to_owned(), self.families.len() - 1);
                self.families.len() - 1
            }
        };
        self.families[i].samples.push((labels, value));
    }

    /// A gauge sample without labels.
    pub fn gauge(&mut self, name: &str, help: &str, value: f64) {
        self.add(name, help, Kind::Gauge, &[], value);
    }

    /// A counter sample without labels.
    pub fn counter(&mut self, name: &str, help: &str, value: f64) {
        self.add(name, help, Kind::Counter, &[], value);
    }

    /// Moves every family of `other` into `self`.
    pub fn append(&mut self, other: Metrics) {
        for f in other.families {
            for (labels, value) in f.samples {
                self.add_owned(&f.name, &f.help, f.kind, labels, value);
            }
        }
    }

    /// Number of families.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.families.len()
    }
}

/// The wire formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Prometheus text exposition 0.0.4.
    Text,
    /// OpenMetrics 1.0.0 text.
    OpenMetrics,
}

impl Format {
    /// OpenMetrics when the `Accept` header lists `application/openmetrics-text` (with a
    /// q-value above 0), else text 0.0.4, as Prometheus servers negotiate.
    pub fn negotiate(accept: Option<&str>) -> Format {
        let Some(accept) = accept else { return Format::Text };
        for part in accept.split(',') {
            let mut params = part.split(';').map(str::trim);
            if params.next() != Some("application/openmetrics-text") {
                continue;
            }
            let q_zero =
                params.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f64>().ok()) == Some(0.0));
            if !q_zero {
                return Format::OpenMetrics;
            }
        }
        Format::Text
    }

    /// The `Content-Type` of a body in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Text => prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        }
    }
}

/// A finished scrape handed to the registry as one collector.
#[derive(Debug)]
struct Snapshot(Arc<Metrics>);

impl Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        for f in &self.0.families {
            let (name, metric_type) = match f.kind {
                // prometheus-client appends `_total` to counter samples (and, in 0.0.4, to
                // the HELP/TYPE lines), so the family is registered without it.
                Kind::Counter => (f.name.strip_suffix("_total").unwrap_or(&f.name), MetricType::Counter),
                Kind::Gauge => (f.name.as_str(), MetricType::Gauge),
                Kind::Untyped => (f.name.as_str(), MetricType::Unknown),
            };
            let mut family = encoder.encode_descriptor(name, &f.help, None, metric_type)?;
            for (labels, value) in &f.samples {
                let sample = family.encode_family(labels)?;
                match f.kind {
                    Kind::Counter => ConstCounter::new(*value).encode(sample)?,
                    Kind::Gauge | Kind::Untyped => ConstGauge::new(*value).encode(sample)?,
                }
            }
        }
        Ok(())
    }
}

/// Encodes `metrics` in `format`.
pub fn encode(metrics: Arc<Metrics>, format: Format) -> Result<String, std::fmt::Error> {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(Snapshot(metrics)));
    let mut out = String::with_capacity(64 * 1024);
    match format {
        Format::Text => prometheus_client::encoding::prometheus_text::encode(&mut out, &registry)?,
        Format::OpenMetrics => prometheus_client::encoding::text::encode(&mut out, &registry)?,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        assert_eq!(Format::negotiate(None), Format::Text);
        assert_eq!(Format::negotiate(Some("text/plain")), Format::Text);
        let prom = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assert_eq!(Format::negotiate(Some(prom)), Format::OpenMetrics);
        assert_eq!(Format::negotiate(Some("application/openmetrics-text;q=0")), Format::Text);
    }

    #[test]
    fn families_merge_and_encode_both_formats() {
        let mut m = Metrics::default();
        m.add("node_cpu_seconds_total", "Seconds.", Kind::Counter, &[("cpu", "0"), ("mode", "idle")], 1.5);
        m.add("node_cpu_seconds_total", "Seconds.", Kind::Counter, &[("cpu", "0"), ("mode", "user")], 2.0);
        m.add("node_vmstat_pgfault", "vmstat.", Kind::Untyped, &[], 7.0);
        m.gauge("node_load1", "Load.", 0.25);
        assert_eq!(m.len(), 3);
        let m = Arc::new(m);
        let text = encode(m.clone(), Format::Text).unwrap();
        assert!(text.contains("# TYPE node_cpu_seconds_total counter\n"), "{text}");
        assert!(text.contains("node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 2.0\n"), "{text}");
        assert!(text.contains("# TYPE node_vmstat_pgfault untyped\n"), "{text}");
        let om = encode(m, Format::OpenMetrics).unwrap();
        assert!(om.contains("# TYPE node_cpu_seconds counter\n"), "{om}");
        assert!(om.contains("# TYPE node_vmstat_pgfault unknown\n"), "{om}");
        assert!(om.ends_with("# EOF\n"), "{om}");
    }
}
