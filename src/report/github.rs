//! `--format github`: GitHub Actions workflow commands, so findings show as annotations on
//! the uploaded file in a pull request.

use std::io::{self, Write};

use super::{Reporter, one_line};
use crate::findings::{FileResult, Severity, Summary};

#[derive(Default)]
pub struct GithubReporter;

/// Escape a command's message: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property: as data, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for GithubReporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        // GitHub matches `file=` against the repository's paths: no leading `./`.
        let file = escape_property(super::repository_path(&result.source));
        if result.error.is_some() {
            writeln!(
                out,
                "::error file={file},title=unreadable::{}",
                escape_data(&one_line(result, None))
            )?;
        }
        for f in &result.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let at = f
                .cells
                .first()
                .map(|c| c.address.clone().unwrap_or_else(|| c.key.clone()))
                .unwrap_or_default();
            let mut message = format!("{at}: {}", f.message);
            if let Some(s) = &f.suggestion {
                message.push_str(&format!("\n{}", s.message));
            }
            writeln!(
                out,
                "::{level} file={file},title={}::{}",
                escape_property(f.rule),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_command_text() {
        assert_eq!(escape_data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(escape_property("Sheet1!C7, a:b"), "Sheet1!C7%2C a%3Ab");
    }
}
