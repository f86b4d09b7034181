//! Reporters: one module per output format, all behind [`Reporter`], all drawing the same
//! [`FileResult`]s. The human summary of a run is in [`summary`].

mod csv;
mod github;
mod html;
mod json;
mod junit;
mod sarif;
pub mod summary;
mod table;

use std::io::{self, Write};

pub use csv::CsvReporter;
pub use github::GithubReporter;
pub use html::{Drawing, HtmlReporter};
pub use json::{JsonReporter, JsonlReporter};
pub use junit::JunitReporter;
pub use sarif::SarifReporter;
pub use table::{TableReporter, TableStyle};

use crate::findings::{FileResult, Summary};

/// An output format: told about each file in path order as the run goes, then about the run.
pub trait Reporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The text of a finding or failure as one line, with the cell address when there is one.
fn one_line(result: &FileResult, finding: Option<&crate::findings::Finding>) -> String {
    match finding {
        Some(f) => f.message.replace(['\r', '\n'], " "),
        None => result
            .error
            .as_ref()
            .map(|e| e.message.replace(['\r', '\n'], " "))
            .unwrap_or_default(),
    }
}

/// Break text into lines of at most `width` terminal columns (CJK characters count two),
/// after punctuation or a space where one is near, so addresses stay whole.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let cols = |s: &str| {
        s.chars()
            .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
            .sum::<usize>()
    };
    let mut lines: Vec<String> = vec![String::new()];
    for ch in text.chars() {
        let line = lines.last_mut().expect("one line");
        line.push(ch);
        if cols(line) <= width {
            continue;
        }
        let breaks = |c: char| {
            matches!(
                c,
                '、' | ',' | ';' | ' ' | ')' | ':' | '\u{FF0C}' | '\u{FF1B}' | '\u{FF09}'
            )
        };
        let cut = line
            .char_indices()
            .filter(|(_, c)| breaks(*c))
            .map(|(i, c)| i + c.len_utf8())
            .next_back();
        let rest = match cut {
            Some(at) if cols(&line[..at]) * 2 >= width => line.split_off(at),
            _ => {
                let last = line.pop().expect("just pushed");
                last.to_string()
            }
        };
        lines.push(rest);
    }
    lines
}
