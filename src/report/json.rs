//! `--format json` (the check result of SPEC §7) and `--format jsonl` (one file result a
//! line): serde of the same findings the table shows, written as files finish.

use std::io::{self, Write};

use super::Reporter;
use crate::findings::{FileResult, Summary};

/// Streams `{"files": [...], "summary": {...}}`, so a run of any size holds no results.
#[derive(Default)]
pub struct JsonReporter {
    written: usize,
}

impl Reporter for JsonReporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        out.write_all(if self.written == 0 {
            b"{\n  \"files\": [\n"
        } else {
            b",\n"
        })?;
        self.written += 1;
        let text = serde_json::to_string_pretty(result)?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "    {line}")?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.written == 0 {
            out.write_all(b"{\n  \"files\": [")?;
        } else {
            out.write_all(b"\n  ")?;
        }
        let summary = serde_json::to_string_pretty(summary)?.replace('\n', "\n  ");
        writeln!(out, "],\n  \"summary\": {summary}\n}}")
    }
}

/// One compact JSON object per file, a line each, flushed as it is written.
#[derive(Default)]
pub struct JsonlReporter;

impl Reporter for JsonlReporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        serde_json::to_writer(&mut *out, result)?;
        out.write_all(b"\n")?;
        out.flush()
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
