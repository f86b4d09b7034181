//! A bulk run: check many files in parallel, hand the results back in path order, and keep
//! the statistics a supervisor's summary needs.
//!
//! Files are taken in order by a fixed set of workers; results are emitted in path order as
//! soon as every earlier file is done, so output is deterministic whatever the scheduling,
//! results stream out as a run goes, and at most [`WINDOW`] results wait in memory. The
//! coordinating thread is also the watchdog of `--file-timeout`.
//!
//! Two engines: [`check_files_isolated`] (the CLI's) drives worker processes
//! ([`crate::isolate`]), killing one that is late; [`check_files`] checks on threads of
//! this process, for library users and the bench, and can only give up on a late thread.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::check::{CheckOptions, check_path_with_facts};
use crate::findings::{FileResult, ReadFailure, Severity, Status, Summary};
use crate::isolate::{Death, Killer, Process, Request, Response, WorkerConfig};
use crate::lang::Lang;
use crate::years::YearFacts;

/// How many files may be taken beyond the last one emitted: results waiting for an earlier
/// file are held in memory, and no more than this.
const WINDOW: usize = 256;

/// How often the watchdog looks at the files in progress when nothing finishes.
const TICK: Duration = Duration::from_millis(100);

/// How long the coordinator lets results gather while they flow. A worker hands a result
/// over without waking anyone when the coordinator is not waiting on the channel: one wake
/// per file was 3% of a worker's time on one thread.
const GATHER: Duration = Duration::from_millis(2);

/// The results channel as the coordinator reads it: while results flow it pauses
/// [`GATHER`] and takes every result that came in; after a pause that brought none it
/// waits, up to [`TICK`], for the next.
struct Inbox<T> {
    receive: Receiver<T>,
    flowing: bool,
}

impl<T> Inbox<T> {
    fn new(receive: Receiver<T>) -> Inbox<T> {
        Inbox {
            receive,
            flowing: false,
        }
    }

    /// Move the results that arrived into `out`; `false` once every sender is gone and no
    /// result is left.
    fn take(&mut self, out: &mut Vec<T>) -> bool {
        if self.flowing {
            std::thread::sleep(GATHER);
        }
        let mut closed = false;
        loop {
            match self.receive.try_recv() {
                Ok(result) => out.push(result),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        if out.is_empty() && !closed {
            match self.receive.recv_timeout(TICK) {
                Ok(result) => out.push(result),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => closed = true,
            }
        }
        self.flowing = !out.is_empty();
        !(closed && out.is_empty())
    }
}

type Checked = (FileResult, Option<YearFacts>);

/// Results put back in the order of the files, with the reports of one agency in
/// consecutive years compared as they are emitted.
struct Ordered<'a> {
    options: &'a CheckOptions,
    linker: crate::years::Linker,
    ready: BTreeMap<usize, Checked>,
    emitted: usize,
}

impl<'a> Ordered<'a> {
    fn new(options: &'a CheckOptions) -> Ordered<'a> {
        Ordered {
            options,
            linker: crate::years::Linker::default(),
            ready: BTreeMap::new(),
            emitted: 0,
        }
    }

    /// Keep a result; the first one that arrives for a file is its result.
    fn put(&mut self, index: usize, checked: Checked, progress: &(dyn Fn(&FileResult) + Sync)) {
        if index >= self.emitted && !self.ready.contains_key(&index) {
            progress(&checked.0);
            self.ready.insert(index, checked);
        }
    }

    fn drain<E>(&mut self, emit: &mut impl FnMut(FileResult) -> Result<(), E>) -> Result<(), E> {
        while let Some((mut result, facts)) = self.ready.remove(&self.emitted) {
            if let Some(facts) = facts.filter(|_| self.options.across_years) {
                let except = self.options.previous.as_ref().map(|p| p.source.as_str());
                let found = self.linker.link(facts, except, self.options.lang);
                crate::years::merge(&mut result, found);
            }
            emit(result)?;
            self.emitted += 1;
        }
        Ok(())
    }
}

fn threads(jobs: usize) -> usize {
    match jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The file each worker thread is on and since when, for the watchdog: kept where the
/// coordinator looks on its rounds rather than sent to it, so a file costs it one message.
type OnFile = Mutex<HashMap<usize, (usize, Instant)>>;

/// Check `files` on `jobs` threads of this process (0 = all cores). `progress` sees each
/// result as it finishes; `emit` gets them in the order of `files`. A late file becomes a
/// `timeout` result and its thread is left to finish.
pub fn check_files<E>(
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: usize,
    progress: &(dyn Fn(&FileResult) + Sync),
    mut emit: impl FnMut(FileResult) -> Result<(), E>,
) -> Result<(), E> {
    let jobs = threads(jobs);
    let files: Arc<[PathBuf]> = files.into();
    let options = Arc::new(options.clone());
    let (job_send, job_receive) = channel::<usize>();
    let job_receive = Arc::new(Mutex::new(job_receive));
    let (done_send, done_receive) = channel::<(usize, Box<Checked>)>();
    let on_file: Arc<OnFile> = Arc::default();
    let spawn = |worker: usize| {
        let (files, options) = (files.clone(), options.clone());
        let (jobs, done, on_file) = (job_receive.clone(), done_send.clone(), on_file.clone());
        std::thread::Builder::new()
            .name(format!("nianbao-check-{worker}"))
            .spawn(move || work(worker, &files, &options, &jobs, &on_file, &done))
            .expect("a worker thread starts");
    };
    let mut workers = 0;
    while workers < jobs.min(files.len()) {
        spawn(workers);
        workers += 1;
    }
    let mut ordered = Ordered::new(&options);
    // Files given up on as late: a worker that finishes one after all is not listened to.
    let mut given_up: HashSet<usize> = HashSet::new();
    let mut sent = 0;
    let mut inbox = Inbox::new(done_receive);
    let mut arrived = Vec::new();
    while ordered.emitted < files.len() {
        while sent < files.len() && sent < ordered.emitted + WINDOW {
            let _ = job_send.send(sent);
            sent += 1;
        }
        if !inbox.take(&mut arrived) {
            break;
        }
        for (index, checked) in arrived.drain(..) {
            if !given_up.contains(&index) {
                ordered.put(index, *checked, progress);
            }
        }
        if let Some(limit) = options.file_timeout {
            let late: Vec<usize> = on_file
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .values()
                .filter(|(index, started)| started.elapsed() > limit && !given_up.contains(index))
                .map(|(index, _)| *index)
                .collect();
            for index in late {
                given_up.insert(index);
                ordered.put(
                    index,
                    timed_out(&files[index], limit, options.lang),
                    progress,
                );
                spawn(workers);
                workers += 1;
            }
        }
        ordered.drain(&mut emit)?;
    }
    Ok(())
}

/// A worker thread: take the next file, note it in `on_file`, check it, hand the result
/// back; until the run ends (no more files) or the coordinator is gone.
fn work(
    worker: usize,
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: &Mutex<Receiver<usize>>,
    on_file: &OnFile,
    done: &Sender<(usize, Box<Checked>)>,
) {
    let note = |file: Option<usize>| {
        let mut on_file = on_file.lock().unwrap_or_else(|e| e.into_inner());
        match file {
            Some(index) => on_file.insert(worker, (index, Instant::now())),
            None => on_file.remove(&worker),
        };
    };
    loop {
        let next = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(index) = next else { return };
        note(Some(index));
        let checked = Box::new(check_guarded(&files[index], options));
        note(None);
        if done.send((index, checked)).is_err() {
            return;
        }
    }
}

/// The file a worker process is on, for the watchdog.
struct Busy {
    index: usize,
    started: Instant,
    killer: Killer,
}

/// Check `files` in `jobs` worker processes (0 = one per core), each started from
/// `config.exe`; as [`check_files`] otherwise. A worker that dies or is late is replaced,
/// and its file gets a result that says why (`crashed`, `out_of_memory`, `timeout`).
pub fn check_files_isolated<E>(
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: usize,
    config: &WorkerConfig,
    progress: &(dyn Fn(&FileResult) + Sync),
    mut emit: impl FnMut(FileResult) -> Result<(), E>,
) -> Result<(), E> {
    let jobs = threads(jobs).min(files.len()).max(1);
    let (job_send, job_receive) = channel::<usize>();
    let job_receive = Mutex::new(job_receive);
    let (done_send, done_receive) = channel::<(usize, Box<Checked>)>();
    let slots: Vec<Mutex<Option<Busy>>> = (0..jobs).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for slot in &slots {
            let (jobs, done) = (&job_receive, done_send.clone());
            std::thread::Builder::new()
                .name("nianbao-worker".into())
                .spawn_scoped(scope, move || {
                    drive(files, options, config, jobs, slot, &done)
                })
                .expect("a thread starts");
        }
        drop(done_send);
        let mut ordered = Ordered::new(options);
        let mut sent = 0;
        let mut inbox = Inbox::new(done_receive);
        let mut arrived = Vec::new();
        let outcome = loop {
            if ordered.emitted >= files.len() {
                break Ok(());
            }
            while sent < files.len() && sent < ordered.emitted + WINDOW {
                let _ = job_send.send(sent);
                sent += 1;
            }
            if !inbox.take(&mut arrived) {
                break Ok(());
            }
            for (index, checked) in arrived.drain(..) {
                ordered.put(index, *checked, progress);
            }
            if let Some(limit) = options.file_timeout {
                for slot in &slots {
                    let mut busy = slot.lock().unwrap_or_else(|e| e.into_inner());
                    if busy.as_ref().is_some_and(|b| b.started.elapsed() > limit)
                        && let Some(late) = busy.take()
                    {
                        late.killer.kill();
                        let failure = Death::Timeout.failure(options.lang, Some(limit));
                        let result = FileResult::unreadable(display(&files[late.index]), failure);
                        ordered.put(late.index, (result, None), progress);
                    }
                }
            }
            if let Err(e) = ordered.drain(&mut emit) {
                break Err(e);
            }
        };
        // The run is over (or its output is gone): no file in progress is waited for.
        drop(job_send);
        for slot in &slots {
            if let Some(busy) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
                busy.killer.kill();
            }
        }
        outcome
    })
}

/// How many files a worker process is sent at once: the one it is checking and the next,
/// so that it never waits for its driver between two files (one worker: 30–55% of a run
/// was that wait with one file at a time, 14–31% with the next sent on each answer).
const IN_FLIGHT: usize = 2;

/// One worker process's driver: keep the worker sent [`IN_FLIGHT`] files, hand each answer
/// back; start a fresh worker after one died or was killed, and send it again the files the
/// dead one was sent and had not begun. The worker answers in the order it was sent, so the
/// first file not answered is the one it is on, and the one the watchdog times.
fn drive(
    files: &[PathBuf],
    options: &CheckOptions,
    config: &WorkerConfig,
    jobs: &Mutex<Receiver<usize>>,
    slot: &Mutex<Option<Busy>>,
    done: &Sender<(usize, Box<Checked>)>,
) {
    let take = |slot: &Mutex<Option<Busy>>| slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    let busy = |index: usize, worker: &Process| {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Busy {
            index,
            started: Instant::now(),
            killer: worker.killer(),
        });
    };
    let check = |index: usize| Request::Check {
        path: files[index].clone(),
    };
    let mut process: Option<Process> = None;
    // Files sent to the worker and not answered, in the order sent.
    let mut sent: VecDeque<usize> = VecDeque::with_capacity(IN_FLIGHT);
    // Files to send to a fresh worker: the one before them ended the worker they were sent to.
    let mut again: VecDeque<usize> = VecDeque::new();
    loop {
        if sent.is_empty() {
            // Nothing in flight: wait for a file.
            let next = match again.pop_front() {
                Some(index) => Ok(index),
                None => match jobs.lock() {
                    Ok(receiver) => receiver.recv(),
                    Err(_) => break,
                },
            };
            let Ok(index) = next else { break };
            let worker = match process.as_mut() {
                Some(worker) => worker,
                None => match Process::start(config, options) {
                    Ok(started) => process.insert(started),
                    Err(death) => {
                        let failure = death.failure(options.lang, options.file_timeout);
                        let result = FileResult::unreadable(display(&files[index]), failure);
                        if done.send((index, Box::new((result, None)))).is_err() {
                            break;
                        }
                        continue;
                    }
                },
            };
            busy(index, worker);
            // A worker that cannot take the request is found dead by the answer.
            let _ = worker.send(&check(index));
            sent.push_back(index);
        }
        if let Some(worker) = process.as_mut() {
            while sent.len() < IN_FLIGHT {
                // Never wait here: another driver may hold the queue, waiting for a file.
                let next = again.pop_front().or_else(|| {
                    jobs.try_lock()
                        .ok()
                        .and_then(|receiver| receiver.try_recv().ok())
                });
                let Some(next) = next else { break };
                if worker.send(&check(next)).is_none() {
                    // The worker is gone: the answer about the file it is on says so, and
                    // this file goes to the next worker.
                    again.push_back(next);
                    break;
                }
                sent.push_back(next);
            }
        }
        let Some(index) = sent.pop_front() else {
            continue;
        };
        let answer = process.as_mut().and_then(Process::receive_text);
        // Taken by the watchdog: the worker was killed and the file has its result.
        if take(slot).is_none() {
            if let Some(killed) = process.take() {
                killed.death();
            }
            again.extend(sent.drain(..));
            continue;
        }
        let response = answer.and_then(|text| serde_json::from_str::<Response>(&text).ok());
        // The worker is on the next file it was sent from its answer on: the watchdog's clock
        // for that file starts now.
        if let (Some(Response::Checked { .. }), Some(&next), Some(worker)) =
            (&response, sent.front(), process.as_ref())
        {
            busy(next, worker);
        }
        let checked = match response {
            Some(Response::Checked {
                result,
                tables,
                facts,
                drawing,
            }) => {
                let mut result = *result;
                for (finding, table) in result.findings.iter_mut().zip(tables) {
                    finding.table = table;
                }
                result.drawing = drawing;
                let facts = facts.map(|f| *f);
                crate::check::compare_previous(&mut result, facts.as_ref(), options);
                (result, facts)
            }
            _ => {
                // A worker that died, or gave an answer that does not parse, is not trusted
                // with the files sent after it: they go to a fresh one.
                let death = process
                    .take()
                    .map_or(Death::Crashed("?".into()), Process::death);
                again.extend(sent.drain(..));
                let failure = death.failure(options.lang, options.file_timeout);
                (
                    FileResult::unreadable(display(&files[index]), failure),
                    None,
                )
            }
        };
        if done.send((index, Box::new(checked))).is_err() {
            break;
        }
    }
    if let Some(process) = process {
        process.finish();
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
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
    (FileResult::unreadable(display(path), failure), None)
}

/// A panic inside the check of one file becomes that file's result; the run goes on.
pub fn check_guarded(path: &Path, options: &CheckOptions) -> (FileResult, Option<YearFacts>) {
    guard(path, options.lang, || check_path_with_facts(path, options))
}

fn guard(
    path: &Path,
    lang: Lang,
    check: impl FnOnce() -> (FileResult, Option<YearFacts>),
) -> (FileResult, Option<YearFacts>) {
    crate::guard::catch(check).unwrap_or_else(|panic| {
        (
            FileResult::unreadable(display(path), internal_failure(panic, lang)),
            None,
        )
    })
}

/// A failure inside nianbao: reported as the file's, never the run's end.
pub fn internal_failure(detail: String, lang: Lang) -> ReadFailure {
    let message = match lang {
        Lang::Zh => format!("内部错误,请报告此文件:{detail}"),
        Lang::En => format!("internal error, please report this file: {detail}"),
    };
    ReadFailure {
        kind: "internal_error",
        message,
        location: None,
    }
}

/// A result for an input that could not even be listed (an unreadable folder).
pub fn unlisted(path: PathBuf, detail: &crate::explain::Explained, lang: Lang) -> FileResult {
    let message = match lang {
        Lang::Zh => format!("无法读取:{}", detail.zh),
        Lang::En => format!("cannot be read: {}", detail.en),
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
    /// The files that could not be read, in run order: the summary names them (the first
    /// [`UNREADABLE_LISTED`] in a table, all in JSON), so that no submission is lost in a
    /// count.
    pub unreadable: Vec<Unread>,
}

/// How many unreadable files the human summary names; the rest are counted.
pub const UNREADABLE_LISTED: usize = 10;

/// A file that could not be read, as the summary names it.
#[derive(Debug, Clone, Serialize)]
pub struct Unread {
    pub source: String,
    pub kind: &'static str,
    pub message: String,
}

impl RunStats {
    pub fn add(&mut self, result: &FileResult) {
        self.summary.add(result);
        if let Some(error) = result
            .error
            .as_ref()
            .filter(|_| self.unreadable.len() < UNREADABLE_LISTED)
        {
            self.unreadable.push(Unread {
                source: crate::report::printable(&result.source, false).into_owned(),
                kind: error.kind,
                message: crate::report::printable(&error.message, false).into_owned(),
            });
        }
        let mut rules_seen: Vec<&'static str> = Vec::new();
        for f in &result.findings {
            let count = self.by_rule.entry(f.rule).or_default();
            count.findings += 1;
            if !rules_seen.contains(&f.rule) {
                rules_seen.push(f.rule);
                count.files += 1;
            }
        }
        // The summary is printed on a terminal whatever the format.
        let agency = result
            .agency
            .as_deref()
            .map(|a| crate::report::printable(a, false).into_owned());
        let agency = self.by_agency.entry(agency).or_default();
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
    #[test]
    fn the_inbox_gathers_results_that_flow_and_reports_a_closed_channel_once_empty() {
        let (send, receive) = std::sync::mpsc::channel::<u32>();
        let mut inbox = super::Inbox::new(receive);
        let mut out = Vec::new();
        send.send(1).unwrap();
        assert!(inbox.take(&mut out));
        assert_eq!(out, [1]);
        // While results flow, the ones sent during the pause come in together.
        let sender = std::thread::spawn(move || {
            for i in 2..6 {
                send.send(i).unwrap();
            }
            send
        });
        let send = sender.join().unwrap();
        out.clear();
        assert!(inbox.take(&mut out));
        assert_eq!(out, [2, 3, 4, 5]);
        // Results sent before the last sender went are still taken; then the end is said.
        send.send(6).unwrap();
        drop(send);
        out.clear();
        assert!(inbox.take(&mut out));
        assert_eq!(out, [6]);
        out.clear();
        assert!(!inbox.take(&mut out));
        assert!(out.is_empty());
    }

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

    /// In-process checking: a late file is given up at the limit while the worker goes on
    /// with it; the files on either side keep their results, in order, each once.
    #[test]
    fn a_late_file_in_process_is_given_up_and_the_rest_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let clean =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/xlsx/clean_2021.xlsx");
        let line = "一、本年新收政府信息公开申请数量 30 5 1 0 2 1 39\n";
        let slow = dir.path().join("slow.txt");
        // 0.7 s in a release build; a clean workbook takes 0.1 s in a debug one.
        std::fs::write(&slow, line.repeat(600_000)).unwrap();
        let files = vec![clean.clone(), slow, clean.clone(), clean];
        let options = CheckOptions {
            file_timeout: Some(Duration::from_millis(300)),
            limits: crate::read::Limits {
                document_bytes: 100 << 20,
                ..crate::read::Limits::default()
            },
            ..CheckOptions::default()
        };
        let mut seen = Vec::new();
        check_files(&files, &options, 1, &|_| {}, |r| -> Result<(), ()> {
            seen.push((r.status, r.error.map(|e| e.kind)));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                (Status::Pass, None),
                (Status::Unreadable, Some("timeout")),
                (Status::Pass, None),
                (Status::Pass, None),
            ]
        );
    }
}
