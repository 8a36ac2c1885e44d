//! Full-screen drawing of the monitors (ratatui on crossterm). The views only draw the
//! rows of `crate::model` and react to keys; this module owns the terminal: it enters
//! raw mode and the alternate screen, and puts the terminal back on every way out
//! (quit key, error, SIGTERM/SIGHUP/SIGINT, panic).

pub mod cpudist;
pub mod iotop;
pub mod nettop;
pub mod scroll;
pub mod terminal;
pub mod top;
pub mod widgets;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;

use crate::error::{CliError, CmdResult};
use terminal::FrameTerminal;

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep running (and redraw).
    Continue,
    /// Leave the monitor.
    Quit,
}

/// One full-screen monitor.
pub trait View {
    /// Reads the next sample from the library.
    fn refresh(&mut self) -> psutil_rs::Result<()>;
    /// Draws the latest sample into the frame (any size, even tiny).
    fn draw(&mut self, frame: &mut Frame);
    /// Reacts to a key press.
    fn key(&mut self, key: KeyEvent) -> Flow;
}

/// True for Ctrl-C, which quits from any mode (raw mode turns it into a key).
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c' | 'C'))
}

/// True for the keys that quit a view in its normal mode: `q`, Esc, Ctrl-C.
pub fn is_quit(key: &KeyEvent) -> bool {
    is_interrupt(key) || matches!(key.code, KeyCode::Char('q' | 'Q') | KeyCode::Esc)
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    STOP.store(true, Ordering::Relaxed);
}

/// The signals that end a monitor like `q`: SIGTERM, SIGHUP (not on Windows) and SIGINT.
#[cfg(unix)]
const STOP_SIGNALS: [libc::c_int; 3] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT];
#[cfg(not(unix))]
const STOP_SIGNALS: [libc::c_int; 2] = [libc::SIGTERM, libc::SIGINT];

/// The stop signals set a flag the loop checks, so that they end the monitor through the
/// same path as `q` (which restores the terminal) instead of killing it.
fn catch_stop_signals() {
    for sig in STOP_SIGNALS {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(sig, on_stop_signal as extern "C" fn(libc::c_int) as libc::sighandler_t);
        }
    }
}

/// Leaves raw mode and the alternate screen when dropped (also while unwinding).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Debug builds only: panics after drawing when `PSUTIL_TUI_TEST_PANIC` is set, so that
/// the tests can check that a panic puts the terminal back.
fn panic_if_asked() {
    #[cfg(debug_assertions)]
    if std::env::var_os("PSUTIL_TUI_TEST_PANIC").is_some() {
        panic!("PSUTIL_TUI_TEST_PANIC is set");
    }
}

/// The longest the loop sleeps before looking at the stop flag again.
const STOP_CHECK: Duration = Duration::from_millis(250);

/// Runs `view` full-screen, refreshing every `delay` seconds, until a quit key or a stop
/// signal. The first refresh comes after a short window so CPU% and rates start real.
pub fn run<V: View>(mut view: V, delay: f64) -> CmdResult {
    catch_stop_signals();
    let delay = Duration::from_secs_f64(delay);
    // `open` installs a panic hook that restores the terminal before the message is
    // printed; `Restore` covers every other way out.
    let _restore = Restore;
    let mut terminal =
        FrameTerminal::open().map_err(|e| CliError::failure(format!("cannot use the terminal: {e}")))?;
    let io_err = |e: std::io::Error| CliError::failure(format!("terminal: {e}"));
    let mut next_refresh = Instant::now() + delay.min(Duration::from_millis(300));
    let mut dirty = true;
    loop {
        if STOP.load(Ordering::Relaxed) {
            break;
        }
        let now = Instant::now();
        if now >= next_refresh {
            view.refresh().map_err(|e| CliError::failure(format!("refresh: {e}")))?;
            next_refresh = now + delay;
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| view.draw(f)).map_err(io_err)?;
            dirty = false;
            panic_if_asked();
        }
        let wait = next_refresh.saturating_duration_since(Instant::now()).min(STOP_CHECK);
        if !event::poll(wait).map_err(io_err)? {
            continue;
        }
        match event::read().map_err(io_err)? {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if view.key(k) == Flow::Quit {
                    break;
                }
                dirty = true;
            }
            Event::Resize(..) => {
                terminal.autoresize().map_err(io_err)?;
                dirty = true;
            }
            _ => {}
        }
    }
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::live::{IoData, NetData, TopData};
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyEvent;
    use ratatui::Terminal;

    /// Draws the view at sizes from 1x1 up (no panic, nothing outside the frame), scrolls
    /// it, and returns the text of a 120x40 screen.
    fn draw_everywhere(view: &mut impl View) -> String {
        for (w, h) in [(1, 1), (10, 3), (40, 10), (200, 60), (120, 40)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            for code in [KeyCode::End, KeyCode::PageUp, KeyCode::Down, KeyCode::Home] {
                assert_eq!(view.key(KeyEvent::new(code, KeyModifiers::NONE)), Flow::Continue);
                term.draw(|f| view.draw(f)).unwrap();
            }
            if (w, h) == (120, 40) {
                let buf = term.backend().buffer().clone();
                return (0..h)
                    .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n")
                    .collect();
            }
        }
        unreachable!()
    }

    #[test]
    fn every_view_draws_on_any_size_and_quits() {
        let mut io = iotop::IoView::new(IoData::start().unwrap());
        io.refresh().unwrap();
        let text = draw_everywhere(&mut io);
        assert!(
            text.contains("Total DISK READ") && text.contains("WRITE/s") && text.contains("COMMAND"),
            "{text}"
        );
        assert_eq!(io.key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)), Flow::Quit);

        let mut net = nettop::NetView::new(NetData::start().unwrap());
        net.refresh().unwrap();
        let text = draw_everywhere(&mut net);
        assert!(text.contains("NIC") && text.contains("lo") && text.contains("total"), "{text}");
        assert_eq!(net.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)), Flow::Quit);

        let mut dist = cpudist::CpuDistView::new(TopData::start(false).unwrap());
        dist.refresh().unwrap();
        let text = draw_everywhere(&mut dist);
        assert!(text.contains("CPU0") && text.contains("procs"), "{text}");
        assert_eq!(dist.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Flow::Quit);
    }
}
