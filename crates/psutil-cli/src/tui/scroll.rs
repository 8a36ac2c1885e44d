//! Scrolling by keys: a first visible line that Up/Down/PgUp/PgDn/Home/End move.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The first visible line of a scrolled area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    /// Index of the first line shown.
    pub offset: usize,
}

/// How far a key moves: lines, or None for a key that does not scroll.
pub fn movement(key: &KeyEvent, page: usize) -> Option<isize> {
    let page = page.max(1) as isize;
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => Some(-1),
        KeyCode::Down | KeyCode::Char('j') => Some(1),
        KeyCode::PageUp => Some(-page),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(page),
        KeyCode::Home | KeyCode::Char('g') => Some(isize::MIN),
        KeyCode::End | KeyCode::Char('G') => Some(isize::MAX),
        _ => None,
    }
}

/// `index` moved by `delta`, kept within `0..len`.
pub fn moved(index: usize, delta: isize, len: usize) -> usize {
    let last = len.saturating_sub(1);
    if delta < 0 {
        index.saturating_sub(delta.unsigned_abs()).min(last)
    } else {
        index.saturating_add(delta.unsigned_abs()).min(last)
    }
}

impl Scroll {
    /// Applies a scrolling key over `len` lines of which `page` are visible; false when
    /// the key does not scroll.
    pub fn key(&mut self, key: &KeyEvent, len: usize, page: usize) -> bool {
        match movement(key, page) {
            Some(delta) => {
                self.offset = moved(self.offset, delta, len.saturating_sub(page.max(1)) + 1);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn stays_within_the_lines() {
        let mut s = Scroll::default();
        assert!(s.key(&key(KeyCode::Down), 10, 4));
        assert_eq!(s.offset, 1);
        s.key(&key(KeyCode::End), 10, 4);
        assert_eq!(s.offset, 6);
        s.key(&key(KeyCode::PageDown), 10, 4);
        assert_eq!(s.offset, 6);
        s.key(&key(KeyCode::PageUp), 10, 4);
        assert_eq!(s.offset, 2);
        s.key(&key(KeyCode::Home), 10, 4);
        assert_eq!(s.offset, 0);
        s.key(&key(KeyCode::Up), 0, 0);
        assert_eq!(s.offset, 0);
        assert!(!s.key(&key(KeyCode::Char('x')), 10, 4));
        assert_eq!(moved(3, 5, 0), 0);
    }
}
