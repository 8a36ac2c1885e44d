//! `nettop` full-screen: bytes and packets of each interface, as totals and per second,
//! and their sum. Keys: arrows scroll, `q`/Esc/Ctrl-C quit.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

use super::scroll::Scroll;
use super::widgets::{header_style, help_line};
use super::{is_quit, Flow, View};
use crate::model::live::{NetData, Refresh};
use crate::model::nic::total_row;
use crate::monitor::format::clock;
use crate::monitor::text::{nic_cells, NIC_COLUMNS};

/// `nettop`'s state: the data and the scroll position.
pub struct NetView {
    data: NetData,
    scroll: Scroll,
    page: usize,
}

impl NetView {
    /// A view of `data`.
    pub fn new(data: NetData) -> Self {
        NetView { data, scroll: Scroll::default(), page: 10 }
    }
}

impl View for NetView {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        self.data.refresh()
    }

    fn draw(&mut self, frame: &mut Frame) {
        let [title, table, help] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)])
                .areas(frame.area());
        frame.render_widget(Paragraph::new(Line::from(format!("nettop - {}", clock(self.data.time)))), title);
        self.page = usize::from(table.height.saturating_sub(2)).max(1);
        let nics = &self.data.nics;
        let first = self.scroll.offset.min(nics.len().saturating_sub(1));
        let total = total_row(nics);
        let rows = nics
            .iter()
            .skip(first)
            .take(self.page)
            .chain(std::iter::once(&total))
            .map(|r| Row::new(nic_cells(r)));
        let widths = [16, 9, 9, 10, 10, 11, 11, 12, 12].map(Constraint::Length);
        let widget = Table::new(rows, widths).header(Row::new(NIC_COLUMNS).style(header_style()));
        frame.render_widget(widget, table);
        frame.render_widget(Paragraph::new(help_line(" arrows scroll  q quit".into())), help);
    }

    fn key(&mut self, key: KeyEvent) -> Flow {
        if is_quit(&key) {
            return Flow::Quit;
        }
        self.scroll.key(&key, self.data.nics.len(), self.page);
        Flow::Continue
    }
}
