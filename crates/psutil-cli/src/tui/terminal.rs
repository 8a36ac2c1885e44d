//! The terminal the monitors draw on: raw mode and the alternate screen, with each frame
//! written in one piece and framed as a synchronized update.
//!
//! ratatui's own `init()` writes to a line-buffered `Stdout`, which sends a 40x160 frame
//! as five to seven 1 KiB writes; a terminal that paints between them shows half of the
//! new frame over half of the old one. Here the frame is gathered in a buffer larger than
//! any screen's worth of cells and sent with one write, between the "begin/end
//! synchronized update" sequences (DEC private mode 2026) that terminals use to paint a
//! frame only once it is whole. Terminals that do not know the mode ignore it.

use std::io::{self, BufWriter, Stdout, Write};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::terminal::{
    enable_raw_mode, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
};
use ratatui::crossterm::{execute, queue};
use ratatui::{Frame, Terminal};

/// Bytes gathered before a write: a full 300x100 screen of styled cells fits.
const FRAME_BUFFER: usize = 1 << 18;

/// A full-screen terminal whose frames reach the terminal whole.
pub struct FrameTerminal<W: Write = Stdout> {
    terminal: Terminal<CrosstermBackend<BufWriter<W>>>,
}

impl FrameTerminal {
    /// Enters raw mode and the alternate screen, after installing a panic hook that puts
    /// the terminal back before the panic message is printed (as ratatui's `init` does).
    pub fn open() -> io::Result<FrameTerminal> {
        restore_before_panic_messages();
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen)?;
        let backend = CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, io::stdout()));
        Ok(FrameTerminal { terminal: Terminal::new(backend)? })
    }
}

impl<W: Write> FrameTerminal<W> {
    /// Draws one frame: the begin mark and the changed cells in one write, then the end
    /// mark.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(render)?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)
    }

    /// Takes the terminal's new size after a resize (the next frame is drawn in full).
    pub fn autoresize(&mut self) -> io::Result<()> {
        self.terminal.autoresize()
    }
}

/// Chains a panic hook that restores the terminal in front of the current one.
fn restore_before_panic_messages() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::widgets::Paragraph;
    use ratatui::{TerminalOptions, Viewport};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Records each write that reaches it.
    #[derive(Clone, Default)]
    struct Writes(Rc<RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_frame_is_one_write_inside_mode_2026() {
        let writes = Writes::default();
        let backend = CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, writes.clone()));
        let viewport = Viewport::Fixed(Rect::new(0, 0, 300, 100));
        let terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        let mut frames = FrameTerminal { terminal };
        let text = "0123456789".repeat(3000);
        frames
            .draw(|f| f.render_widget(Paragraph::new(text.as_str()).wrap(Default::default()), f.area()))
            .unwrap();
        let writes = writes.0.borrow();
        assert_eq!(writes.len(), 2, "{:?}", writes.iter().map(Vec::len).collect::<Vec<_>>());
        assert!(writes[0].starts_with(b"\x1b[?2026h") && writes[0].len() > 30_000);
        assert!(String::from_utf8_lossy(&writes[0]).contains("0123456789"));
        assert_eq!(writes[1], b"\x1b[?2026l");
    }
}
