//! `--format csv`: one finding a row, for spreadsheets and pandas, with the likely fix
//! (`suggestion`) where one slip explains it. A file that could not be
//! read is one row with severity `unreadable`; a file that passed has no row.

use std::io::{self, Write};

use super::{Reporter, one_line};
use crate::findings::{FileResult, Summary};

pub const HEADER: [&str; 12] = [
    "file",
    "agency",
    "year",
    "rule",
    "severity",
    "key",
    "address",
    "expected",
    "actual",
    "difference",
    "message",
    "suggestion",
];

/// A text cell as spreadsheet programs may open it safely: one that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be taken for a formula (OWASP's CSV
/// injection), so it gets a leading `'`. Numbers are written as numbers and left alone.
pub(super) fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[derive(Default)]
pub struct CsvReporter {
    started: bool,
    bom: bool,
}

/// The UTF-8 byte-order mark: without it Excel on Chinese Windows opens a double-clicked
/// CSV as GBK and garbles every Chinese character.
pub const BOM: &str = "\u{FEFF}";

impl CsvReporter {
    /// A reporter whose output starts with [`BOM`] (for a file a person will open).
    pub fn with_bom(bom: bool) -> CsvReporter {
        CsvReporter {
            started: false,
            bom,
        }
    }
}

impl Reporter for CsvReporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        let first = !self.started;
        self.started = true;
        if first && self.bom {
            out.write_all(BOM.as_bytes())?;
        }
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut *out);
        if first {
            w.write_record(HEADER)?;
        }
        let year = result.year.map(|y| y.to_string()).unwrap_or_default();
        let agency = inert(result.agency.as_deref().unwrap_or_default());
        let source = inert(&result.source);
        if result.error.is_some() {
            let line = one_line(result, None);
            let message = inert(&line);
            w.write_record([
                source.as_ref(),
                agency.as_ref(),
                &year,
                "",
                "unreadable",
                "",
                "",
                "",
                "",
                "",
                message.as_ref(),
                "",
            ])?;
        }
        for f in &result.findings {
            let cell = f.cells.first();
            let num = |n: Option<crate::model::Num>| n.map(|n| n.to_string()).unwrap_or_default();
            w.write_record([
                source.as_ref(),
                agency.as_ref(),
                &year,
                f.rule,
                f.severity.as_str(),
                cell.map_or("", |c| c.key.as_str()),
                inert(cell.and_then(|c| c.address.as_deref()).unwrap_or("")).as_ref(),
                &num(f.expected),
                &num(f.actual),
                &num(f.difference),
                inert(&one_line(result, Some(f))).as_ref(),
                inert(f.suggestion.as_ref().map_or("", |s| s.message.as_str())).as_ref(),
            ])?;
        }
        w.flush()
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if !self.started {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(HEADER)?;
            w.flush()?;
        }
        Ok(())
    }
}
