//! Reporters: one module per output format, all behind [`Reporter`], all drawing the same
//! [`FileResult`]s. The human summary of a run is in [`summary`].

mod csv;
mod github;
mod json;
mod junit;
mod sarif;
pub mod summary;
mod table;

use std::io::{self, Write};

pub use csv::CsvReporter;
pub use github::GithubReporter;
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
