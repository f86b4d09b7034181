//! A bulk run: check many files in parallel, hand the results back in path order, and keep
//! the statistics a supervisor's summary needs.
//!
//! Files are checked a chunk at a time: within a chunk in parallel, then emitted in order,
//! so output is deterministic whatever the scheduling, results stream out as a run goes,
//! and no workbook outlives its own check.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::check::{CheckOptions, check_path_with_facts};
use crate::findings::{FileResult, ReadFailure, Severity, Status, Summary};
use crate::lang::Lang;
use crate::years::YearFacts;

/// How many files are checked between two in-order emissions.
const CHUNK: usize = 256;

/// Check `files` on `jobs` threads (0 = all cores). `progress` sees each result as it
/// finishes, from any thread; `emit` gets them in the order of `files`.
pub fn check_files<E>(
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: usize,
    progress: &(dyn Fn(&FileResult) + Sync),
    mut emit: impl FnMut(FileResult) -> Result<(), E>,
) -> Result<(), E> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .expect("thread pool starts");
    // Reports of one agency in consecutive years are compared as they are emitted.
    let mut linker = crate::years::Linker::default();
    let shared = std::sync::Arc::new(options.clone());
    for chunk in files.chunks(CHUNK) {
        let results: Vec<(FileResult, Option<YearFacts>)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|path| {
                    let result = match options.file_timeout {
                        Some(limit) => check_timed(path, &shared, limit),
                        None => check_guarded(path, options),
                    };
                    progress(&result.0);
                    result
                })
                .collect()
        });
        for (mut result, facts) in results {
            if let Some(facts) = facts.filter(|_| options.across_years) {
                let except = options.previous.as_ref().map(|p| p.source.as_str());
                crate::years::merge(&mut result, linker.link(facts, except, options.lang));
            }
            emit(result)?;
        }
    }
    Ok(())
}

/// A panic inside the check of one file becomes that file's result; the run goes on.
fn check_guarded(
    path: &std::path::Path,
    options: &CheckOptions,
) -> (FileResult, Option<YearFacts>) {
    guard(path, options.lang, || check_path_with_facts(path, options))
}

fn guard(
    path: &std::path::Path,
    lang: Lang,
    check: impl FnOnce() -> (FileResult, Option<YearFacts>),
) -> (FileResult, Option<YearFacts>) {
    crate::guard::catch(check).unwrap_or_else(|panic| internal_error(path, panic, lang))
}

/// [`check_guarded`] on a thread of its own, given up on after `limit`: a file that hangs a
/// reader becomes a `timeout` result. The thread cannot be stopped; it is left to finish
/// (or to end with the process) while the run goes on.
fn check_timed(
    path: &std::path::Path,
    options: &std::sync::Arc<CheckOptions>,
    limit: std::time::Duration,
) -> (FileResult, Option<YearFacts>) {
    let (send, receive) = std::sync::mpsc::sync_channel(1);
    let (owned_path, owned_options) = (path.to_path_buf(), options.clone());
    let started = std::thread::Builder::new()
        .name("nianbao-check".into())
        .spawn(move || {
            let _ = send.send(check_guarded(&owned_path, &owned_options));
        });
    if let Err(e) = started {
        return internal_error(path, format!("{e}"), options.lang);
    }
    match receive.recv_timeout(limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            let seconds = limit.as_secs_f64();
            let message = match options.lang {
                Lang::Zh => format!("检查超过 {seconds} 秒仍未完成,已放弃(--file-timeout)"),
                Lang::En => format!(
                    "the check did not finish within {seconds} s and was given up (--file-timeout)"
                ),
            };
            let failure = ReadFailure {
                kind: "timeout",
                message,
                location: None,
            };
            (
                FileResult::unreadable(path.display().to_string(), failure),
                None,
            )
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            internal_error(path, String::new(), options.lang)
        }
    }
}

/// The result of a file whose check failed inside nianbao: reported, never the run's end.
fn internal_error(
    path: &std::path::Path,
    detail: String,
    lang: Lang,
) -> (FileResult, Option<YearFacts>) {
    let message = match lang {
        Lang::Zh => format!("内部错误,请报告此文件:{detail}"),
        Lang::En => format!("internal error, please report this file: {detail}"),
    };
    let failure = ReadFailure {
        kind: "internal_error",
        message,
        location: None,
    };
    (
        FileResult::unreadable(path.display().to_string(), failure),
        None,
    )
}

/// A result for an input that could not even be listed (an unreadable folder).
pub fn unlisted(path: PathBuf, detail: &str, lang: Lang) -> FileResult {
    let message = match lang {
        Lang::Zh => format!("无法读取:{detail}"),
        Lang::En => format!("cannot be read: {detail}"),
    };
    let failure = ReadFailure {
        kind: "io",
        message,
        location: None,
    };
    FileResult::unreadable(path.display().to_string(), failure)
}

/// Findings of one rule over a run.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct RuleCount {
    pub files: usize,
    pub findings: usize,
}

/// One agency over a run.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct AgencyCount {
    pub files: usize,
    pub failed: usize,
    pub errors: usize,
}

/// What a supervisor's summary shows: the totals, findings per rule, errors per agency.
#[derive(Debug, Default)]
pub struct RunStats {
    pub summary: Summary,
    pub by_rule: BTreeMap<&'static str, RuleCount>,
    /// Keyed by agency name as read (`None`: no agency found).
    pub by_agency: BTreeMap<Option<String>, AgencyCount>,
}

impl RunStats {
    pub fn add(&mut self, result: &FileResult) {
        self.summary.add(result);
        let mut rules_seen: Vec<&'static str> = Vec::new();
        for f in &result.findings {
            let count = self.by_rule.entry(f.rule).or_default();
            count.findings += 1;
            if !rules_seen.contains(&f.rule) {
                rules_seen.push(f.rule);
                count.files += 1;
            }
        }
        let agency = self.by_agency.entry(result.agency.clone()).or_default();
        agency.files += 1;
        agency.failed += usize::from(result.status == Status::Fail);
        agency.errors += result.count(Severity::Error);
    }

    /// The agencies with the most errors, most first (ties by name), at most `n`, and only
    /// those with any.
    pub fn worst_agencies(&self, n: usize) -> Vec<(Option<&str>, AgencyCount)> {
        let mut all: Vec<(Option<&str>, AgencyCount)> = self
            .by_agency
            .iter()
            .filter(|(_, c)| c.errors > 0)
            .map(|(a, c)| (a.as_deref(), *c))
            .collect();
        all.sort_by(|a, b| b.1.errors.cmp(&a.1.errors).then_with(|| a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_the_file_s_internal_error() {
        let path = std::path::Path::new("report.xlsx");
        let (result, facts) = guard(path, Lang::En, || panic!("index out of bounds"));
        assert_eq!(result.status, Status::Unreadable);
        let error = result.error.expect("an error");
        assert_eq!(error.kind, "internal_error");
        assert!(
            error.message.contains("index out of bounds"),
            "{}",
            error.message
        );
        assert!(facts.is_none());
    }
}
