//! `top` full-screen: a header of bars and counts, then the process table. Keys: P M N T
//! sort by CPU, memory, pid, time; `/` types a filter (Enter keeps it, Esc clears it);
//! arrows/PgUp/PgDn/Home/End move the selection; `k` asks which signal to send to the
//! selected process and sends it on Enter; `q`, Esc or Ctrl-C quit.

use std::collections::HashSet;

use psutil_rs::{Pid, Process};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::scroll::{moved, movement};
use super::widgets::{bar_line, header_style, help_line, widths};
use super::{is_interrupt, is_quit, Flow, View};
use crate::model::live::{Refresh, TopData};
use crate::model::process::{compare_rows, matches_filter, ProcRow, SortKey};
use crate::monitor::format::{proc_cells, PROC_COLUMNS};
use crate::monitor::text::{mem_caption, tasks_line, top_title};
use crate::signals::{name_of, parse_signal};

/// Widths of the fixed columns (all but COMMAND).
const FIXED: [u16; 9] = [7, 10, 3, 7, 7, 1, 5, 5, 9];

/// What the keyboard is doing.
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    /// Keys sort, move, quit.
    Browse,
    /// Keys type the filter.
    Filter,
    /// Keys type the signal for this process (pid, start time, name).
    Signal { pid: Pid, started: Option<f64>, name: String, input: String },
}

/// `top`'s state: the data, the order, the filter, the selection, the keyboard mode.
pub struct TopView {
    data: TopData,
    sort: SortKey,
    filter: String,
    mode: Mode,
    table: TableState,
    /// The rows shown, filtered and sorted, as indices into the snapshot's processes:
    /// computed when the data, the order or the filter change, not at every draw.
    order: Vec<usize>,
    offset: usize,
    selected_pid: Option<Pid>,
    page: usize,
    message: String,
}

impl TopView {
    /// A view of `data`, sorted by `sort`, filtered by `filter`.
    pub fn new(mut data: TopData, sort: SortKey, filter: String) -> Self {
        data.names_for_all(!filter.trim().is_empty());
        let mut view = TopView {
            data,
            sort,
            filter,
            mode: Mode::Browse,
            table: TableState::default().with_selected(Some(0)),
            order: Vec::new(),
            offset: 0,
            selected_pid: None,
            page: 10,
            message: String::new(),
        };
        view.follow_selection();
        view
    }

    /// The rows shown, in order (no allocation: a view walks them at every refresh).
    fn shown(&self) -> impl Iterator<Item = &ProcRow> + '_ {
        self.order.iter().filter_map(|&i| self.data.snapshot.processes.get(i))
    }

    #[cfg(test)]
    fn rows(&self) -> Vec<&ProcRow> {
        self.shown().collect()
    }

    /// The pid of the `index`th row shown.
    fn pid_at(&self, index: usize) -> Option<Pid> {
        self.order.get(index).and_then(|&i| self.data.snapshot.processes.get(i)).map(|r| r.pid)
    }

    /// Orders the rows again (filtered, sorted), then keeps the selection on the same
    /// process when it moves in the order; on the same line when it vanished.
    fn follow_selection(&mut self) {
        let procs = &self.data.snapshot.processes;
        self.order.clear();
        self.order.extend((0..procs.len()).filter(|&i| matches_filter(&procs[i], &self.filter)));
        self.order.sort_by(|&a, &b| compare_rows(&procs[a], &procs[b], self.sort));
        let index = self
            .selected_pid
            .and_then(|pid| self.shown().position(|r| r.pid == pid))
            .unwrap_or_else(|| self.table.selected().unwrap_or(0).min(self.order.len().saturating_sub(1)));
        self.table.select(Some(index));
        self.selected_pid = self.pid_at(index);
    }

    fn select(&mut self, delta: isize) {
        let index = moved(self.table.selected().unwrap_or(0), delta, self.order.len());
        self.table.select(Some(index));
        self.selected_pid = self.pid_at(index);
    }

    fn resort(&mut self, sort: SortKey) {
        self.sort = sort;
        self.data.details_for_all = sort == SortKey::Mem;
        if sort == SortKey::Mem {
            let all: HashSet<Pid> = self.data.snapshot.processes.iter().map(|r| r.pid).collect();
            self.data.fill_details(&all);
        }
        self.message = format!("sorted by {}", sort.column());
        self.follow_selection();
    }

    fn browse_key(&mut self, key: KeyEvent) -> Flow {
        if is_quit(&key) {
            return Flow::Quit;
        }
        match key.code {
            KeyCode::Char('P') => self.resort(SortKey::Cpu),
            KeyCode::Char('M') => self.resort(SortKey::Mem),
            KeyCode::Char('N') => self.resort(SortKey::Pid),
            KeyCode::Char('T') => self.resort(SortKey::Time),
            KeyCode::Char('/') => {
                self.mode = Mode::Filter;
                self.message.clear();
            }
            KeyCode::Char('k') => self.ask_signal(),
            _ => {
                if let Some(delta) = movement(&key, self.page) {
                    self.select(delta);
                }
            }
        }
        Flow::Continue
    }

    fn filter_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => self.mode = Mode::Browse,
            KeyCode::Esc => {
                self.filter.clear();
                self.mode = Mode::Browse;
            }
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char(c) => self.filter.push(c),
            _ => {}
        }
        // A filter matches command lines too: every row needs its own.
        self.data.names_for_all(!self.filter.trim().is_empty());
        self.follow_selection();
    }

    fn ask_signal(&mut self) {
        let Some(row) = self.table.selected().and_then(|i| self.shown().nth(i)) else { return };
        self.mode = Mode::Signal {
            pid: row.pid,
            started: row.started,
            name: row.name.to_string(),
            input: "TERM".into(),
        };
    }

    fn signal_key(&mut self, key: KeyEvent) {
        let Mode::Signal { pid, started, input, .. } = &mut self.mode else { return };
        match key.code {
            KeyCode::Esc => {
                self.message = "no signal sent".into();
                self.mode = Mode::Browse;
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char(c) => input.push(c),
            KeyCode::Enter => {
                self.message = send(*pid, *started, input);
                self.mode = Mode::Browse;
            }
            _ => {}
        }
    }

    fn help(&self) -> String {
        match &self.mode {
            Mode::Browse => format!(
                " P/M/N/T sort ({})  / filter{}  k signal  arrows scroll  q quit  {}",
                self.sort.column(),
                if self.filter.is_empty() { String::new() } else { format!(" [{}]", self.filter) },
                self.message
            ),
            Mode::Filter => format!(" filter: {}_   (Enter keep, Esc clear)", self.filter),
            Mode::Signal { pid, name, input, .. } => {
                format!(" send signal {input}_ to {pid} ({name})? Enter sends, Esc cancels")
            }
        }
    }

    fn draw_header(&self, frame: &mut Frame, area: Rect) {
        let s = &self.data.snapshot;
        let mut lines = vec![Line::from(top_title(s)), Line::from(tasks_line(&s.tasks))];
        let columns: usize = if s.cpus.len() > 4 && area.width >= 60 { 2 } else { 1 };
        let col_width = area.width / columns as u16;
        for pair in s.cpus.chunks(columns) {
            let mut spans = Vec::new();
            for c in pair {
                spans.extend(bar_line(&format!("CPU{}", c.cpu), c.percent, col_width, "").spans);
            }
            lines.push(Line::from(spans));
        }
        let (m, w) = (&s.machine.memory, &s.machine.swap);
        lines.push(bar_line("Mem", m.percent, area.width, &mem_caption(m, "avail")));
        lines.push(bar_line("Swap", w.percent, area.width, &mem_caption(w, "free")));
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn header_height(&self, area: Rect) -> u16 {
        let columns = if self.data.snapshot.cpus.len() > 4 && area.width >= 60 { 2 } else { 1 };
        let lines = 4 + self.data.snapshot.cpus.len().div_ceil(columns);
        // On a short terminal the table keeps at least half of the lines.
        (lines as u16).min(area.height / 2)
    }
}

/// The first row shown: `offset` moved just enough to keep row `selected` among the
/// `page` rows on screen, and no further than the last page of `len` rows.
fn first_shown(offset: usize, selected: usize, page: usize, len: usize) -> usize {
    let offset = if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    };
    offset.min(len.saturating_sub(page))
}

/// Sends the signal named by `input` to `pid` if it is still the process that was
/// selected (same start time); the library checks again through a pidfd.
fn send(pid: Pid, started: Option<f64>, input: &str) -> String {
    let sig = match parse_signal(input) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let name = name_of(sig).unwrap_or_else(|| sig.to_string());
    let p = match Process::new(pid) {
        Ok(p) => p,
        Err(e) => return format!("{pid}: {e}"),
    };
    if started.is_none() {
        return format!("{pid}: its start time could not be read, so no signal sent");
    }
    if p.create_time_monotonic_at_open() != started {
        return format!("{pid} is another process now: no signal sent");
    }
    match p.send_signal(sig) {
        Ok(()) => format!("sent {name} to {pid}"),
        Err(e) => format!("{name} to {pid}: {e}"),
    }
}

impl View for TopView {
    fn refresh(&mut self) -> psutil_rs::Result<()> {
        self.data.refresh()?;
        self.follow_selection();
        Ok(())
    }

    fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let [header, table, help] = Layout::vertical([
            Constraint::Length(self.header_height(area)),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_header(frame, header);
        self.page = usize::from(table.height.saturating_sub(1)).max(1);
        // Only the rows on screen are formatted, and have their memory and nice read
        // if the refresh did not.
        let selected = self.table.selected().unwrap_or(0);
        self.offset = first_shown(self.offset, selected, self.page, self.order.len());
        let on_screen: HashSet<Pid> = self.shown().skip(self.offset).take(self.page).map(|r| r.pid).collect();
        self.data.fill_details(&on_screen);
        // Cells as spans: a cell holds one line (commands are made printable), so the
        // line splitting of a `String` cell is not needed.
        let shown =
            self.shown().skip(self.offset).take(self.page).map(|r| Row::new(proc_cells(r).map(Span::raw)));
        let widget = Table::new(shown, widths(&FIXED))
            .header(Row::new(PROC_COLUMNS).style(header_style()))
            .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED));
        let selected = self.table.selected().map(|i| i.saturating_sub(self.offset));
        frame.render_stateful_widget(widget, table, &mut TableState::default().with_selected(selected));
        frame.render_widget(Paragraph::new(help_line(self.help())), help);
    }

    fn key(&mut self, key: KeyEvent) -> Flow {
        if is_interrupt(&key) {
            return Flow::Quit;
        }
        match self.mode {
            Mode::Browse => return self.browse_key(key),
            Mode::Filter => self.filter_key(key),
            Mode::Signal { .. } => self.signal_key(key),
        }
        Flow::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyModifiers;
    use ratatui::Terminal;

    fn press(view: &mut TopView, code: KeyCode) -> Flow {
        view.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn screen(view: &mut TopView, w: u16, h: u16) -> String {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| view.draw(f)).unwrap();
        let buf = term.backend().buffer().clone();
        (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
    }

    #[test]
    fn keys_sort_filter_and_quit() {
        let mut view = TopView::new(TopData::start(false).unwrap(), SortKey::Cpu, String::new());
        view.refresh().unwrap();
        press(&mut view, KeyCode::Char('N'));
        let pids: Vec<Pid> = view.rows().iter().map(|r| r.pid).collect();
        assert!(pids.windows(2).all(|w| w[0] < w[1]));
        let me = std::process::id().to_string();
        press(&mut view, KeyCode::Char('/'));
        for c in me.chars() {
            press(&mut view, KeyCode::Char(c));
        }
        assert_eq!(press(&mut view, KeyCode::Char('q')), Flow::Continue, "q is typed in the filter");
        press(&mut view, KeyCode::Backspace);
        press(&mut view, KeyCode::Enter);
        assert!(view.rows().iter().any(|r| r.pid == std::process::id()));
        assert!(view
            .rows()
            .iter()
            .all(|r| r.pid == std::process::id() || r.command.as_deref().is_some_and(|c| c.contains(&me))));
        press(&mut view, KeyCode::Char('/'));
        press(&mut view, KeyCode::Esc);
        assert!(view.rows().len() > 1);
        assert_eq!(press(&mut view, KeyCode::Char('q')), Flow::Quit);
    }

    #[test]
    fn draws_on_any_size() {
        let mut view = TopView::new(TopData::start(false).unwrap(), SortKey::Cpu, String::new());
        for (w, h) in [(1, 1), (10, 3), (40, 10), (200, 60)] {
            let text = screen(&mut view, w, h);
            assert_eq!(text.lines().count(), usize::from(h));
        }
        let text = screen(&mut view, 120, 40);
        assert!(text.contains("load average") && text.contains("Tasks:") && text.contains("Mem"));
        assert!(text.contains("PID") && text.contains("COMMAND"));
    }

    #[test]
    fn the_selection_stays_on_screen() {
        assert_eq!(first_shown(0, 5, 10, 100), 0);
        assert_eq!(first_shown(0, 12, 10, 100), 3);
        assert_eq!(first_shown(20, 12, 10, 100), 12);
        assert_eq!(first_shown(95, 99, 10, 100), 90);
        assert_eq!(first_shown(50, 0, 10, 3), 0);
    }

    #[test]
    fn signal_needs_a_known_signal_and_the_same_process() {
        assert!(send(std::process::id(), None, "NOSUCH").contains("NOSUCH"));
        let me = Process::current().unwrap();
        assert!(send(me.pid(), Some(1.0), "0").contains("another process"));
        assert!(send(me.pid(), None, "0").contains("no signal sent"));
        let created = me.create_time_monotonic().ok();
        assert_eq!(send(me.pid(), created, "0"), format!("sent 0 to {}", me.pid()));
    }
}
