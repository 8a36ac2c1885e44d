//! `cpu-distribution` full-screen: each CPU's usage bar, then the processes that last ran
//! on it (psutil's `cpu_num()`), busiest first, `*` before the running ones. Keys: arrows
//! scroll, `q`/Esc/Ctrl-C quit.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::scroll::Scroll;
use super::widgets::{bar_line, help_line};
use super::{is_quit, Flow, View};
use crate::model::cpu::distribution;
use crate::model::live::{Refresh, TopData};
use crate::monitor::format::clock;
use crate::monitor::text::{proc_tag, wrap_words};

/// `cpu-distribution`'s state: the data and the scroll position.
pub struct CpuDistView {
    data: TopData,
    scroll: Scroll,
    page: usize,
    lines: usize,
}

impl CpuDistView {
    /// A view of `data`.
    pub fn new(data: TopData) -> Self {
        CpuDistView { data, scroll: Scroll::default(), page: 10, lines: 0 }
    }
}

/// At most `max` lines; when some are cut, the last one says how many processes are left
/// out (counted by their `]`).
fn fit_lines(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() <= max {
        return lines;
    }
    let hidden: usize = lines[max - 1..].iter().map(|l| l.matches("] ").count() + 1).sum();
    lines.truncate(max - 1);
    lines.push(format!("  ... and {hidden} more"));
    lines
}

impl View for CpuDistView {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        self.data.refresh()
    }

    fn draw(&mut self, frame: &mut Frame) {
        let [title, body, help] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)])
                .areas(frame.area());
        let s = &self.data.snapshot;
        frame.render_widget(
            Paragraph::new(Line::from(format!("cpu-distribution - {}", clock(s.time)))),
            title,
        );
        let mut lines = Vec::new();
        let dist = distribution(&s.cpus, &s.processes);
        // Every CPU keeps a share of the lines, so that all of them show at a glance.
        let share = (usize::from(body.height) / dist.len().max(1)).saturating_sub(1).max(1);
        let width = usize::from(body.width).max(8);
        for row in dist {
            let caption = format!("{} procs", row.processes.len());
            lines.push(bar_line(&format!("CPU{}", row.cpu.cpu), row.cpu.percent, body.width, &caption));
            let tags: Vec<String> =
                row.processes.iter().map(|p| proc_tag(&p.name, p.pid, p.status)).collect();
            lines.extend(fit_lines(wrap_words(&tags, width, "  "), share).into_iter().map(Line::from));
        }
        self.lines = lines.len();
        self.page = usize::from(body.height).max(1);
        let offset = u16::try_from(self.scroll.offset).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(lines).scroll((offset, 0)), body);
        frame
            .render_widget(Paragraph::new(help_line(" arrows scroll  q quit  (* running now)".into())), help);
    }

    fn key(&mut self, key: KeyEvent) -> Flow {
        if is_quit(&key) {
            return Flow::Quit;
        }
        self.scroll.key(&key, self.lines, self.page);
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_lines_say_how_many_are_left_out() {
        let lines = vec!["  a[1] b[2]".to_string(), "  c[3]".into(), "  d[4] e[5] f[6]".into()];
        assert_eq!(fit_lines(lines.clone(), 3), lines);
        assert_eq!(fit_lines(lines.clone(), 2), ["  a[1] b[2]", "  ... and 4 more"]);
        assert_eq!(fit_lines(lines, 1), ["  ... and 6 more"]);
    }
}
