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

#[derive(Default)]
pub struct CsvReporter {
    started: bool,
}

impl Reporter for CsvReporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut *out);
        if !self.started {
            self.started = true;
            w.write_record(HEADER)?;
        }
        let year = result.year.map(|y| y.to_string()).unwrap_or_default();
        let agency = result.agency.clone().unwrap_or_default();
        if result.error.is_some() {
            let message = one_line(result, None);
            w.write_record([
                result.source.as_str(),
                &agency,
                &year,
                "",
                "unreadable",
                "",
                "",
                "",
                "",
                "",
                &message,
                "",
            ])?;
        }
        for f in &result.findings {
            let cell = f.cells.first();
            let num = |n: Option<crate::model::Num>| n.map(|n| n.to_string()).unwrap_or_default();
            w.write_record([
                result.source.as_str(),
                &agency,
                &year,
                f.rule,
                f.severity.as_str(),
                cell.map_or("", |c| c.key.as_str()),
                cell.and_then(|c| c.address.as_deref()).unwrap_or(""),
                &num(f.expected),
                &num(f.actual),
                &num(f.difference),
                &one_line(result, Some(f)),
                f.suggestion.as_ref().map_or("", |s| s.message.as_str()),
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
