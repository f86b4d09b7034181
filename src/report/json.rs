//! `--format json`: the check result of SPEC §7, serde of the same findings the table shows.

use std::io::{self, Write};

use serde::Serialize;

use super::Reporter;
use crate::findings::{FileResult, Summary};

#[derive(Default)]
pub struct JsonReporter {
    files: Vec<FileResult>,
}

#[derive(Serialize)]
struct Output<'a> {
    files: &'a [FileResult],
    summary: &'a Summary,
}

impl Reporter for JsonReporter {
    fn report(&mut self, _out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        self.files.push(result.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        serde_json::to_writer_pretty(
            &mut *out,
            &Output {
                files: &self.files,
                summary,
            },
        )?;
        writeln!(out)
    }
}
