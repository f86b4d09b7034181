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

pub use csv::{BOM as CSV_BOM, CsvReporter};
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

/// A source path as code-scanning tools match it against the repository: `./a/b.xlsx` (a
/// walk of `.`) is `a/b.xlsx`.
pub fn repository_path(source: &str) -> &str {
    let mut path = source;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.trim_start_matches('/');
    }
    path
}

/// Text safe to print on a terminal or put in a line-based file: control characters (an
/// escape sequence that clears the screen or sets the window title, a newline in a file
/// name) and the bidirectional overrides that reorder what is shown, written as `\u{1b}`.
/// A line break is kept where `keep_lines`.
pub fn printable(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && !(keep_lines && c == '\n'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A result with every text it carries from its file made [`printable`]: for the human
/// and line-based formats (JSON escapes control characters itself).
pub fn make_printable(result: &mut FileResult) {
    fn fix(text: &mut String, keep_lines: bool) {
        if let std::borrow::Cow::Owned(safe) = printable(text, keep_lines) {
            *text = safe;
        }
    }
    fn fix_value(value: &mut serde_json::Value) {
        if let serde_json::Value::String(text) = value {
            fix(text, false);
        }
    }
    fix(&mut result.source, false);
    if let Some(agency) = &mut result.agency {
        fix(agency, false);
    }
    if let Some(error) = &mut result.error {
        fix(&mut error.message, true);
        if let Some(at) = &mut error.location {
            fix(at, false);
        }
    }
    if let Some(c) = &mut result.classification {
        fix(&mut c.reason, true);
    }
    for f in &mut result.findings {
        fix(&mut f.message, true);
        for cell in &mut f.cells {
            cell.address.iter_mut().for_each(|a| fix(a, false));
            cell.file.iter_mut().for_each(|a| fix(a, false));
            fix_value(&mut cell.value);
        }
        if let Some(s) = &mut f.suggestion {
            fix(&mut s.message, true);
            for cell in &mut s.cells {
                cell.address.iter_mut().for_each(|a| fix(a, false));
                fix_value(&mut cell.value);
            }
        }
    }
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

#[cfg(test)]
mod printable_tests {
    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(super::printable("a\u{1b}[2Jb", false), "a\\u{1b}[2Jb");
        assert_eq!(super::printable("x\u{202E}y", false), "x\\u{202e}y");
        assert_eq!(super::printable("行一\n行二", true), "行一\n行二");
        assert_eq!(super::printable("行一\n行二", false), "行一\\u{a}行二");
    }
}
