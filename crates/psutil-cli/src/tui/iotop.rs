//! `iotop` full-screen: total disk read/write per second, each disk, then the processes
//! by read + write rate. Keys: arrows/PgUp/PgDn/Home/End scroll, `q`/Esc/Ctrl-C quit.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

use super::scroll::Scroll;
use super::widgets::{header_style, help_line, widths};
use super::{is_quit, Flow, View};
use crate::model::live::{IoData, Refresh};
use crate::monitor::text::{disk_cells, io_cells, iotop_title, DISK_COLUMNS, IO_COLUMNS};

/// `iotop`'s state: the data and how far the process table is scrolled.
pub struct IoView {
    data: IoData,
    scroll: Scroll,
    page: usize,
}

impl IoView {
    /// A view of `data`.
    pub fn new(data: IoData) -> Self {
        IoView { data, scroll: Scroll::default(), page: 10 }
    }
}

impl View for IoView {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        self.data.refresh()
    }

    fn draw(&mut self, frame: &mut Frame) {
        let s = &self.data.sample;
        let disk_lines = (s.disks.len() as u16 + 2).min(frame.area().height / 3);
        let [title, disks, procs, help] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(disk_lines),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        frame.render_widget(Paragraph::new(Line::from(iotop_title(self.data.time, s))), title);
        let disk_rows = s.disks.iter().map(|d| Row::new(disk_cells(d)));
        let disk_table = Table::new(disk_rows, widths(&[12, 10, 10, 9]))
            .header(Row::new(DISK_COLUMNS).style(header_style()));
        frame.render_widget(disk_table, disks);
        self.page = usize::from(procs.height.saturating_sub(1)).max(1);
        let first = self.scroll.offset.min(s.processes.len().saturating_sub(1));
        let rows = s.processes.iter().skip(first).take(self.page).map(|p| Row::new(io_cells(p)));
        let table = Table::new(rows, widths(&[7, 10, 10, 10, 8, 8]))
            .header(Row::new(IO_COLUMNS).style(header_style()));
        frame.render_widget(table, procs);
        let unreadable =
            if s.unreadable > 0 { format!("  ({} not readable)", s.unreadable) } else { String::new() };
        frame.render_widget(Paragraph::new(help_line(format!(" arrows scroll  q quit{unreadable}"))), help);
    }

    fn key(&mut self, key: KeyEvent) -> Flow {
        if is_quit(&key) {
            return Flow::Quit;
        }
        self.scroll.key(&key, self.data.sample.processes.len(), self.page);
        Flow::Continue
    }
}
