//! Reporters: one module per output format, all behind [`Reporter`], all drawing the same
//! [`FileResult`]s.

mod json;
mod table;

use std::io::{self, Write};

pub use json::JsonReporter;
pub use table::{TableReporter, TableStyle};

use crate::findings::{FileResult, Summary};

/// An output format: told about each file as it is checked, then about the run.
pub trait Reporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}
