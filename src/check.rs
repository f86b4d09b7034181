//! Checking one input: read it, apply the run's overrides, run the rules, and turn the
//! outcome — findings or a read failure — into a [`FileResult`].

use std::path::Path;

use crate::findings::{FileResult, Severity, Status};
use crate::lang::Lang;
use crate::model::Report;
use crate::read;

/// What a check run needs to know beyond the files, already validated by the CLI layer.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub lang: Lang,
    /// `--agency`: replaces what the document says.
    pub agency: Option<String>,
    /// `--year`: replaces what the document says.
    pub year: Option<i32>,
}

impl CheckOptions {
    /// Apply the overrides to a report as read.
    pub fn apply(&self, report: &mut Report) {
        if let Some(agency) = &self.agency {
            report.agency = Some(agency.clone());
        }
        if let Some(year) = self.year {
            report.year = Some(year);
        }
    }
}

/// Read and check one file. A file that cannot be read is a result, not an error.
pub fn check_path(path: &Path, options: &CheckOptions) -> FileResult {
    match read::read_path(path) {
        Ok(mut report) => {
            options.apply(&mut report);
            check_report(&report, options.lang)
        }
        Err(e) => {
            let mut result =
                FileResult::unreadable(path.display().to_string(), e.into_failure(options.lang));
            result.agency = options.agency.clone();
            result.year = options.year;
            result
        }
    }
}

/// Check a report already read.
pub fn check_report(report: &Report, lang: Lang) -> FileResult {
    let mut findings = crate::rules::check(report, lang);
    crate::suggest::annotate(report, &mut findings, lang);
    let status = if findings.iter().any(|f| f.severity == Severity::Error) {
        Status::Fail
    } else {
        Status::Pass
    };
    FileResult {
        source: report.source.path.clone(),
        agency: report.agency.clone(),
        year: report.year,
        edition: report.effective_edition(),
        status,
        findings,
        error: None,
    }
}
