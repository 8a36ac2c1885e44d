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
        for row in distribution(&s.cpus, &s.processes) {
            let caption = format!("{} procs", row.processes.len());
            lines.push(bar_line(&format!("CPU{}", row.cpu.cpu), row.cpu.percent, body.width, &caption));
            let tags: Vec<String> =
                row.processes.iter().map(|p| proc_tag(&p.name, p.pid, p.status.as_deref())).collect();
            let width = usize::from(body.width).max(8);
            lines.extend(wrap_words(&tags, width, "  ").into_iter().map(Line::from));
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
