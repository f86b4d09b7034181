//! Each file read and checked in a worker process, the way document servers do it.
//!
//! A panic is caught where it happens ([`crate::guard`]), but an abort is not: a stack
//! overflow inside a PDF parser, an allocation of 137 GB inside a spreadsheet reader, or an
//! endless loop in either would end (or stall) a run over thousands of files. So the run
//! starts the same binary in a hidden worker mode ([`WORKER_ARG`]), feeds it one request a
//! line and reads one response a line. Each worker limits itself (address space and CPU
//! time through `setrlimit`); the run kills one that outlives `--file-timeout`. A worker
//! that dies makes its file an `unreadable` result with a stable kind (`crashed`,
//! `out_of_memory`, `timeout`) and a fresh worker takes the next file.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::check::CheckOptions;
use crate::findings::{FileResult, ReadFailure};
use crate::lang::Lang;
use crate::read::Limits;
use crate::report::Drawing;
use crate::years::YearFacts;

/// The first argument that starts the binary as a worker (not a subcommand: never in help).
pub const WORKER_ARG: &str = "__nianbao_worker";

/// Starts every response line, so that anything a library prints on stdout is passed over.
const MARK: &str = "\u{1e}nianbao-response\u{1f}";

/// How much of a dead worker's stderr is kept to tell why it died.
const STDERR_TAIL: usize = 8 << 10;

/// How a run starts its workers: the binary, and what each may cost.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// This binary (`std::env::current_exe`); a test or the bench names it.
    pub exe: PathBuf,
    /// Address space of one worker, in bytes (`--max-memory-mb`); `None`: unlimited.
    pub memory_bytes: Option<u64>,
}

/// What a worker is told once, when it starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Setup {
    english: bool,
    agency: Option<String>,
    year: Option<i32>,
    keep_drawing: bool,
    limits: Limits,
    memory_bytes: Option<u64>,
    /// CPU seconds one request may use before the system ends the worker (`SIGXCPU`).
    cpu_seconds: Option<u64>,
}

impl Setup {
    fn of(options: &CheckOptions, config: &WorkerConfig) -> Setup {
        Setup {
            english: options.lang == Lang::En,
            agency: options.agency.clone(),
            year: options.year,
            keep_drawing: options.keep_report,
            limits: options.limits,
            memory_bytes: config.memory_bytes,
            // The wall clock is the run's to watch; the CPU limit is the backstop for a worker
            // whose run has gone (killed, or stopped by a terminal) and left it spinning.
            cpu_seconds: options
                .file_timeout
                .map(|t| t.as_secs().saturating_mul(2).saturating_add(5)),
        }
    }

    fn options(&self) -> CheckOptions {
        CheckOptions {
            lang: if self.english { Lang::En } else { Lang::Zh },
            agency: self.agency.clone(),
            year: self.year,
            previous: None,
            previous_unread: None,
            keep_report: self.keep_drawing,
            across_years: false,
            file_timeout: None,
            limits: self.limits,
        }
    }
}

/// One job for a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Request {
    /// Read and check a file.
    Check {
        #[serde(with = "wire_path")]
        path: PathBuf,
    },
    /// What last year's report carried forward (`--previous`).
    Facts {
        #[serde(with = "wire_path")]
        path: PathBuf,
    },
    /// The canonical JSON of a file (`extract`).
    Extract {
        #[serde(with = "wire_path")]
        path: PathBuf,
        locations: bool,
    },
}

/// A path on the wire as what the system holds: a file name need not be Unicode (Linux
/// takes any byte but `/` and NUL; Windows, unpaired UTF-16 surrogates), and a JSON string
/// must be. Such a name once made a request unsendable: the file was never checked and,
/// with the next file already sent, answers were paired with the wrong files.
mod wire_path {
    use std::path::{Path, PathBuf};

    use serde::{Deserialize, Deserializer, Serializer};

    #[cfg(unix)]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        use std::os::unix::ffi::OsStrExt;
        s.collect_seq(path.as_os_str().as_bytes())
    }

    #[cfg(unix)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        use std::os::unix::ffi::OsStringExt;
        let bytes = Vec::<u8>::deserialize(d)?;
        Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }

    #[cfg(windows)]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        use std::os::windows::ffi::OsStrExt;
        s.collect_seq(path.as_os_str().encode_wide())
    }

    #[cfg(windows)]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        use std::os::windows::ffi::OsStringExt;
        let wide = Vec::<u16>::deserialize(d)?;
        Ok(PathBuf::from(std::ffi::OsString::from_wide(&wide)))
    }

    #[cfg(not(any(unix, windows)))]
    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&path.to_string_lossy())
    }

    #[cfg(not(any(unix, windows)))]
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        Ok(PathBuf::from(String::deserialize(d)?))
    }
}

/// A worker's answer to a [`Request`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Checked {
        result: Box<FileResult>,
        /// Each finding's table (not part of the result's JSON).
        tables: Vec<u8>,
        facts: Option<Box<YearFacts>>,
        drawing: Option<Box<Drawing>>,
    },
    Facts(Result<Box<YearFacts>, String>),
    Extracted(Result<serde_json::Value, ReadFailure>),
}

/// The worker side: read the setup, then answer requests until stdin ends.
pub fn serve(input: impl BufRead, output: impl Write) -> io::Result<()> {
    let mut lines = input.lines();
    let Some(first) = lines.next() else {
        return Ok(());
    };
    let setup: Setup = serde_json::from_str(&first?).map_err(io::Error::other)?;
    limit_memory(setup.memory_bytes);
    let options = setup.options();
    let mut output = io::BufWriter::new(output);
    for line in lines {
        let request: Request = serde_json::from_str(&line?).map_err(io::Error::other)?;
        limit_cpu(setup.cpu_seconds);
        let response = answer(&request, &options);
        output.write_all(MARK.as_bytes())?;
        serde_json::to_writer(&mut output, &response).map_err(io::Error::other)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(())
}

fn answer(request: &Request, options: &CheckOptions) -> Response {
    let lang = options.lang;
    match request {
        Request::Check { path } => {
            let (mut result, facts) = crate::run::check_guarded(path, options);
            let tables = result.findings.iter().map(|f| f.table).collect();
            let drawing = result.drawing.take();
            Response::Checked {
                result: Box::new(result),
                tables,
                facts: facts.map(Box::new),
                drawing,
            }
        }
        Request::Facts { path } => Response::Facts(
            crate::guard::catch(|| crate::check::previous_facts(path, options))
                .unwrap_or_else(Err)
                .map(Box::new),
        ),
        Request::Extract { path, locations } => Response::Extracted(
            crate::guard::catch(|| crate::check::extract(path, options, *locations))
                .unwrap_or_else(|panic| Err(crate::run::internal_failure(panic, lang))),
        ),
    }
}

#[cfg(unix)]
fn limit_memory(bytes: Option<u64>) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    if let Some(bytes) = bytes {
        let limit = Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        };
        // Refused only when the limit is already lower: then that one holds.
        let _ = setrlimit(Resource::As, limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_: Option<u64>) {}

/// Let this request use `seconds` of CPU beyond what the worker has used so far.
#[cfg(unix)]
fn limit_cpu(seconds: Option<u64>) {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    use rustix::time::{ClockId, clock_gettime};
    let Some(seconds) = seconds else { return };
    let used = clock_gettime(ClockId::ProcessCPUTime);
    let soft = u64::try_from(used.tv_sec).unwrap_or(0) + 1 + seconds;
    let maximum = getrlimit(Resource::Cpu).maximum;
    let current = Some(maximum.map_or(soft, |m| soft.min(m)));
    let _ = setrlimit(Resource::Cpu, Rlimit { current, maximum });
}

#[cfg(not(unix))]
fn limit_cpu(_: Option<u64>) {}

/// Why a worker ended before it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Death {
    /// Killed by the run after `--file-timeout`, or by the system at its CPU limit.
    Timeout,
    /// An allocation failed at the worker's address-space limit.
    OutOfMemory,
    /// The stack overflowed (deeply nested content).
    StackOverflow,
    /// Any other end: a signal or an exit code.
    Crashed(String),
    /// No worker could be started at all.
    NotStarted(String),
}

impl Death {
    /// The file's result for a worker that died on it.
    pub fn failure(&self, lang: Lang, timeout: Option<Duration>) -> ReadFailure {
        let (kind, zh, en) = match self {
            Death::Timeout => {
                let seconds = timeout.map_or(0.0, |t| t.as_secs_f64());
                (
                    "timeout",
                    format!(
                        "检查超过 {seconds} 秒仍未完成,已中止(--file-timeout);文件可能构造异常,可另存为新文件后再查"
                    ),
                    format!(
                        "the check did not finish within {seconds} s and was stopped (--file-timeout); the file may be built abnormally: save it anew and check again"
                    ),
                )
            }
            Death::OutOfMemory => (
                "out_of_memory",
                "读取此文件所需内存超过上限(--max-memory-mb),已中止;文件可能构造异常,可另存为新文件后再查".to_string(),
                "reading the file needed more memory than allowed (--max-memory-mb) and was stopped; the file may be built abnormally: save it anew and check again".to_string(),
            ),
            Death::StackOverflow => (
                "crashed",
                "读取此文件时嵌套过深(栈溢出),已中止;文件可能构造异常,可另存为新文件后再查".to_string(),
                "the file is nested too deeply to read (stack overflow) and was stopped; the file may be built abnormally: save it anew and check again".to_string(),
            ),
            Death::Crashed(how) => (
                "crashed",
                format!("读取此文件的进程异常退出({how}),已跳过;请报告此文件"),
                format!("the process reading the file ended abnormally ({how}) and was skipped; please report this file"),
            ),
            Death::NotStarted(why) => (
                "internal_error",
                format!("无法启动检查进程:请确认 nianbao 程序完整、可以运行,必要时重新安装({why})"),
                format!("cannot start a worker process: {why}"),
            ),
        };
        ReadFailure {
            kind,
            message: match lang {
                Lang::Zh => zh,
                Lang::En => en,
            },
            location: None,
        }
    }
}

/// One worker process.
pub struct Process {
    child: Arc<Mutex<Child>>,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    stderr: Option<JoinHandle<Vec<u8>>>,
}

impl Process {
    pub fn start(config: &WorkerConfig, options: &CheckOptions) -> Result<Process, Death> {
        let mut child = Command::new(&config.exe)
            .arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Death::NotStarted(format!("{}: {e}", config.exe.display())))?;
        let (Some(mut stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Death::NotStarted("no pipes".into()));
        };
        let stderr = std::thread::Builder::new()
            .name("nianbao-worker-stderr".into())
            .spawn(move || tail(stderr))
            .ok();
        let setup = serde_json::to_string(&Setup::of(options, config))
            .map_err(|e| Death::NotStarted(e.to_string()))?;
        let mut process = Process {
            child: Arc::new(Mutex::new(child)),
            stdin: {
                writeln!(stdin, "{setup}").map_err(|e| Death::NotStarted(e.to_string()))?;
                stdin
            },
            stdout: BufReader::new(stdout),
            stderr,
        };
        // A worker that cannot even take its setup says so now, not at the first file.
        if process.stdin.flush().is_err() {
            return Err(process.death());
        }
        Ok(process)
    }

    /// A handle that kills this worker from another thread (the run's watchdog).
    pub fn killer(&self) -> Killer {
        Killer(self.child.clone())
    }

    /// Send a request and wait for its response; `None` when the worker is gone.
    pub fn ask(&mut self, request: &Request) -> Option<Response> {
        self.send(request)?;
        self.receive()
    }

    /// Send a request without waiting: a bulk run sends the next file before it reads the
    /// answer about the last, so the worker is never idle while its answer is parsed.
    pub fn send(&mut self, request: &Request) -> Option<()> {
        let line = serde_json::to_string(request).ok()?;
        writeln!(self.stdin, "{line}").ok()?;
        self.stdin.flush().ok()
    }

    /// The next response, as raw text; `None` when the worker is gone.
    pub fn receive_text(&mut self) -> Option<String> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if self.stdout.read_until(b'\n', &mut buf).ok()? == 0 {
                return None;
            }
            let text = String::from_utf8_lossy(&buf);
            if let Some(at) = text.rfind(MARK) {
                return Some(text[at + MARK.len()..].to_string());
            }
        }
    }

    /// The next response; `None` when the worker is gone or said nothing readable.
    pub fn receive(&mut self) -> Option<Response> {
        serde_json::from_str(&self.receive_text()?).ok()
    }

    /// End a worker that is done: it sees its input close and exits.
    pub fn finish(mut self) {
        let child = self.child.clone();
        drop(self.stdin);
        let _ = child.lock().map(|mut c| c.wait());
        if let Some(t) = self.stderr.take() {
            let _ = t.join();
        }
    }

    /// Wait for a worker that has gone (or kill one that is in a state not to be trusted)
    /// and say why it ended.
    pub fn death(mut self) -> Death {
        let status = {
            let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
            let _ = child.kill();
            child.wait()
        };
        let stderr = self
            .stderr
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or_default();
        let stderr = String::from_utf8_lossy(&stderr);
        match status {
            Err(e) => Death::Crashed(e.to_string()),
            Ok(status) => classify(status, &stderr),
        }
    }
}

fn classify(status: std::process::ExitStatus, stderr: &str) -> Death {
    if stderr.contains("memory allocation of") || stderr.contains("capacity overflow") {
        return Death::OutOfMemory;
    }
    if stderr.contains("has overflowed its stack") {
        return Death::StackOverflow;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        match status.signal() {
            // SIGXCPU: the CPU limit of the worker.
            Some(24) => return Death::Timeout,
            // SIGKILL not sent by the run: the system's out-of-memory killer.
            Some(9) => return Death::OutOfMemory,
            Some(signal) => return Death::Crashed(format!("signal {signal}")),
            None => {}
        }
    }
    Death::Crashed(format!("exit code {}", status.code().unwrap_or(-1)))
}

/// The last [`STDERR_TAIL`] bytes a worker writes on stderr.
fn tail(mut stderr: impl Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stderr.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > STDERR_TAIL {
            kept.drain(..kept.len() - STDERR_TAIL);
        }
    }
    kept
}

/// Kills a worker from another thread.
#[derive(Clone)]
pub struct Killer(Arc<Mutex<Child>>);

impl Killer {
    pub fn kill(&self) {
        let _ = self.0.lock().unwrap_or_else(|e| e.into_inner()).kill();
    }
}

/// One request in a worker of its own, with the run's limits: for `extract` and
/// `--previous`, which read one file outside a bulk run.
pub fn ask_once(
    config: &WorkerConfig,
    options: &CheckOptions,
    request: &Request,
) -> Result<Response, Death> {
    let mut process = Process::start(config, options)?;
    let (done, stop) = std::sync::mpsc::channel::<()>();
    let watchdog = options.file_timeout.map(|limit| {
        let killer = process.killer();
        std::thread::spawn(move || {
            if stop.recv_timeout(limit).is_err() {
                killer.kill();
                true
            } else {
                false
            }
        })
    });
    let response = process.ask(request);
    let _ = done.send(());
    let timed_out = watchdog.is_some_and(|w| w.join().unwrap_or(false));
    match response {
        Some(response) if !timed_out => {
            process.finish();
            Ok(response)
        }
        _ if timed_out => {
            let _ = process.death();
            Err(Death::Timeout)
        }
        _ => Err(process.death()),
    }
}

/// The path of a request, for its result.
pub fn path_of(request: &Request) -> &Path {
    match request {
        Request::Check { path } | Request::Facts { path } | Request::Extract { path, .. } => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_request_carries_a_file_name_that_is_not_unicode() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"/tmp/b\xff_clean.xlsx");
        let request = Request::Check { path: name.into() };
        let line = serde_json::to_string(&request).unwrap();
        let back: Request = serde_json::from_str(&line).unwrap();
        assert_eq!(path_of(&back).as_os_str(), name);
    }

    #[test]
    fn a_response_is_found_after_anything_a_library_printed() {
        let response = Response::Facts(Err("no year".into()));
        let line = format!(
            "debug output{MARK}{}\n",
            serde_json::to_string(&response).unwrap()
        );
        let at = line.rfind(MARK).unwrap();
        let back: Response = serde_json::from_str(&line[at + MARK.len()..]).unwrap();
        assert!(matches!(back, Response::Facts(Err(m)) if m == "no year"));
    }

    #[test]
    fn an_abort_is_told_by_what_the_worker_said() {
        use std::os::unix::process::ExitStatusExt;
        let abort = std::process::ExitStatus::from_raw(6);
        assert_eq!(
            classify(abort, "memory allocation of 137438953472 bytes failed\n"),
            Death::OutOfMemory
        );
        assert_eq!(
            classify(abort, "thread 'main' has overflowed its stack\n"),
            Death::StackOverflow
        );
        assert_eq!(classify(abort, ""), Death::Crashed("signal 6".into()));
        let xcpu = std::process::ExitStatus::from_raw(24);
        assert_eq!(classify(xcpu, ""), Death::Timeout);
    }
}
