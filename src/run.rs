//! A bulk run: check many files in parallel, hand the results back in path order, and keep
//! the statistics a supervisor's summary needs.
//!
//! A fixed set of worker threads takes files in order; results are emitted in path order as
//! soon as every earlier file is done, so output is deterministic whatever the scheduling,
//! results stream out as a run goes, and at most [`WINDOW`] results wait in memory. The
//! coordinating thread is also the watchdog: a file whose check outlives `--file-timeout`
//! becomes a `timeout` result, its worker is left to finish (or to end with the process),
//! and a new worker takes its place.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::check::{CheckOptions, check_path_with_facts};
use crate::findings::{FileResult, ReadFailure, Severity, Status, Summary};
use crate::lang::Lang;
use crate::years::YearFacts;

/// How many files may be taken beyond the last one emitted: results waiting for an earlier
/// file are held in memory, and no more than this.
const WINDOW: usize = 256;

/// How often the watchdog looks at the files in progress when nothing finishes.
const TICK: Duration = Duration::from_millis(100);

type Checked = (FileResult, Option<YearFacts>);

/// What a worker tells the coordinator.
enum Message {
    Started {
        worker: usize,
        index: usize,
    },
    Done {
        worker: usize,
        index: usize,
        checked: Box<Checked>,
    },
}

/// Check `files` on `jobs` threads (0 = all cores). `progress` sees each result as it
/// finishes; `emit` gets them in the order of `files`.
pub fn check_files<E>(
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: usize,
    progress: &(dyn Fn(&FileResult) + Sync),
    mut emit: impl FnMut(FileResult) -> Result<(), E>,
) -> Result<(), E> {
    let jobs = match jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let files: Arc<[PathBuf]> = files.into();
    let options = Arc::new(options.clone());
    let (job_send, job_receive) = channel::<usize>();
    let job_receive = Arc::new(Mutex::new(job_receive));
    let (done_send, done_receive) = channel::<Message>();
    let spawn = |worker: usize| {
        let (files, options) = (files.clone(), options.clone());
        let (jobs, done) = (job_receive.clone(), done_send.clone());
        std::thread::Builder::new()
            .name(format!("nianbao-check-{worker}"))
            .spawn(move || work(worker, &files, &options, &jobs, &done))
            .expect("a worker thread starts");
    };
    let mut workers = 0;
    while workers < jobs.min(files.len()) {
        spawn(workers);
        workers += 1;
    }
    // Reports of one agency in consecutive years are compared as they are emitted.
    let mut linker = crate::years::Linker::default();
    let mut ready: BTreeMap<usize, Checked> = BTreeMap::new();
    let mut running: HashMap<usize, (usize, Instant)> = HashMap::new();
    let (mut sent, mut emitted) = (0, 0);
    while emitted < files.len() {
        while sent < files.len() && sent < emitted + WINDOW {
            let _ = job_send.send(sent);
            sent += 1;
        }
        match done_receive.recv_timeout(TICK) {
            Ok(Message::Started { worker, index }) => {
                running.insert(worker, (index, Instant::now()));
            }
            Ok(Message::Done {
                worker,
                index,
                checked,
            }) => {
                // A worker given up on may still finish: its file already has a result.
                if running.get(&worker).is_some_and(|(i, _)| *i == index) {
                    running.remove(&worker);
                    progress(&checked.0);
                    ready.insert(index, *checked);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if let Some(limit) = options.file_timeout {
            let late: Vec<(usize, usize)> = running
                .iter()
                .filter(|(_, (_, started))| started.elapsed() > limit)
                .map(|(worker, (index, _))| (*worker, *index))
                .collect();
            for (worker, index) in late {
                running.remove(&worker);
                let checked = timed_out(&files[index], limit, options.lang);
                progress(&checked.0);
                ready.insert(index, checked);
                spawn(workers);
                workers += 1;
            }
        }
        while let Some((mut result, facts)) = ready.remove(&emitted) {
            if let Some(facts) = facts.filter(|_| options.across_years) {
                let except = options.previous.as_ref().map(|p| p.source.as_str());
                crate::years::merge(&mut result, linker.link(facts, except, options.lang));
            }
            emit(result)?;
            emitted += 1;
        }
    }
    Ok(())
}

/// A worker: take the next file, say so, check it, hand the result back; until the run
/// ends (no more files) or the coordinator is gone.
fn work(
    worker: usize,
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: &Mutex<Receiver<usize>>,
    done: &Sender<Message>,
) {
    loop {
        let next = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(index) = next else { return };
        if done.send(Message::Started { worker, index }).is_err() {
            return;
        }
        let checked = Box::new(check_guarded(&files[index], options));
        if done
            .send(Message::Done {
                worker,
                index,
                checked,
            })
            .is_err()
        {
            return;
        }
    }
}

/// The result of a file given up on after `limit`.
fn timed_out(path: &Path, limit: Duration, lang: Lang) -> Checked {
    let seconds = limit.as_secs_f64();
    let message = match lang {
        Lang::Zh => format!("检查超过 {seconds} 秒仍未完成,已放弃(--file-timeout)"),
        Lang::En => {
            format!("the check did not finish within {seconds} s and was given up (--file-timeout)")
        }
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
