//! Pieces the views share: usage bars, the key-help line, column widths.

use ratatui::layout::Constraint;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::monitor::format::bar;

/// `LABEL [|||||      ]  12.3%` filling `width` columns (the bar takes what is left).
pub fn bar_line(label: &str, percent: f64, width: u16, caption: &str) -> Line<'static> {
    let label = format!("{label:<5}");
    let pct = format!(" {percent:5.1}%");
    let caption = if caption.is_empty() { String::new() } else { format!("  {caption}") };
    let fixed = label.chars().count() + pct.len() + caption.chars().count() + 2;
    let inner = usize::from(width).saturating_sub(fixed).max(1);
    let color = match percent {
        p if p >= 90.0 => Color::Red,
        p if p >= 60.0 => Color::Yellow,
        _ => Color::Green,
    };
    Line::from(vec![
        Span::styled(label, Style::default().add_modifier(Modifier::BOLD)),
        Span::styled(bar(percent, inner), Style::default().fg(color)),
        Span::raw(pct),
        Span::raw(caption),
    ])
}

/// The bottom line: key help in reverse video.
pub fn help_line(text: String) -> Line<'static> {
    Line::from(Span::styled(text, Style::default().add_modifier(Modifier::REVERSED)))
}

/// The style of a table's header row.
pub fn header_style() -> Style {
    Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

/// Column widths: each header's fixed width, the last column taking the rest.
pub fn widths(fixed: &[u16]) -> Vec<Constraint> {
    let mut w: Vec<Constraint> = fixed.iter().map(|n| Constraint::Length(*n)).collect();
    w.push(Constraint::Fill(1));
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fit_their_width_even_when_tiny() {
        for width in [0u16, 5, 20, 80] {
            let line = bar_line("CPU0", 50.0, width, "");
            assert!(width < 20 || line.width() == usize::from(width), "{width}: {}", line.width());
        }
        assert!(bar_line("Mem", 10.0, 60, "1G of 2G").to_string().ends_with("1G of 2G"));
    }
}
