//! `nianbao check`: the files a run takes, the conversions it makes, the reporter it writes
//! through, the summary, and the exit code its results deserve.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao::check::CheckOptions;
use nianbao::convert::{self, Converted};
use nianbao::findings::{Conversion, FileResult, ReadFailure, Severity, Status};
use nianbao::inputs::{self, Inputs, WalkOptions};
use nianbao::isolate::{self, Death, Request, Response, WorkerConfig};
use nianbao::lang::Lang;
use nianbao::report::{
    CsvReporter, GithubReporter, HtmlReporter, JsonReporter, JsonlReporter, JunitReporter,
    Reporter, SarifReporter, TableReporter, TableStyle, summary,
};
use nianbao::run::{self, RunStats};

use crate::cli::{CheckArgs, CheckFormat, ColorArg, FailOn};
use crate::shown;

/// A usage error: said on stderr, exit 2.
fn refuse(message: &str) -> io::Result<ExitCode> {
    eprintln!("nianbao: {message}");
    Ok(ExitCode::from(2))
}

pub fn run(
    args: CheckArgs,
    lang: Lang,
    stdout: &mut dyn Write,
    workers: WorkerConfig,
) -> io::Result<ExitCode> {
    let walk = WalkOptions {
        exclude: args.exclude.clone(),
        include: args.include.clone(),
        no_ignore: args.no_ignore,
        hidden: args.hidden,
    };
    if let Err(e) = inputs::validate(&walk) {
        return refuse(&format!(
            "--exclude/--include: {}",
            lang.pick(
                &format!("模式的写法不对,请按 .gitignore 的写法改正(原始信息:{e})"),
                &e.to_string()
            )
        ));
    }
    if args.summary_only
        && !matches!(
            args.format,
            CheckFormat::Table | CheckFormat::Json | CheckFormat::Jsonl | CheckFormat::Csv
        )
    {
        return refuse(lang.pick(
            "--summary-only 只能与 --format table、json、jsonl 或 csv 一起使用",
            "--summary-only goes with --format table, json, jsonl or csv",
        ));
    }
    let note = |text: String| {
        if !args.quiet {
            eprintln!("nianbao: {text}");
        }
    };
    let mut options = CheckOptions {
        lang,
        agency: args.meta.agency.clone(),
        year: args.meta.year,
        keep_report: args.format == CheckFormat::Html && !args.summary_only,
        across_years: !args.no_across_years,
        file_timeout: Some(std::time::Duration::from_secs_f64(args.file_timeout)),
        limits: args.limits.limits(),
        ..CheckOptions::default()
    };
    if let Some(path) = &args.previous {
        // Last year's `.doc` is converted as this year's are (and read from its copy).
        let converted = if args.convert && convert::target(path).is_some() {
            let soffice = convert::find_soffice();
            let timeout = options
                .file_timeout
                .unwrap_or(std::time::Duration::from_secs(60));
            let wanted = convert::to_convert(std::slice::from_ref(path));
            convert::convert_all(&wanted, soffice.as_deref(), timeout, lang)
        } else {
            convert::Conversions::default()
        };
        let read_from = match converted.files.get(path) {
            Some(Converted::Done { copy, .. }) => copy.clone(),
            _ => path.clone(),
        };
        let facts = match converted.files.get(path) {
            Some(Converted::Failed(failure)) => Err(failure.message.clone()),
            _ => previous_facts(&read_from, &options, &workers).map(|mut facts| {
                facts.source = path.display().to_string();
                facts
            }),
        };
        match facts {
            Ok(facts) => options.previous = Some(facts),
            // Not the end of the run: each report says it was not compared, and why.
            Err(message) => {
                note(format!("{}: {message}", shown(path)));
                options.previous_unread = Some((path.display().to_string(), message));
            }
        }
    }
    let style = if args.ascii {
        TableStyle::Ascii
    } else {
        TableStyle::Unicode
    };
    let terminal = io::stdout().is_terminal();
    let width = (!terminal).then_some(80);
    let started = std::time::Instant::now();
    let inputs = inputs::collect_with(&args.paths, &walk);
    report_walk(&inputs, &args, lang);
    // Pointing at the wrong folder must not look like a clean run.
    if inputs.files.is_empty() && inputs.unreadable.is_empty() {
        let kinds = nianbao::read::EXTENSIONS
            .iter()
            .chain(nianbao::read::CONVERTED.iter().map(|(from, _)| from))
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" ");
        let skipped =
            inputs.skipped_lock_files + inputs.skipped_excluded + inputs.skipped_unsupported;
        return refuse(&match lang {
            Lang::Zh => format!(
                "没有可检查的文件(读取 {kinds};跳过 {skipped} 个;隐藏文件与 .gitignore 忽略的文件不算在内,见 --hidden、--no-ignore)"
            ),
            Lang::En => format!(
                "no files to check ({kinds} are read; {skipped} skipped; hidden and .gitignored files are passed over: see --hidden, --no-ignore)"
            ),
        });
    }

    // The report goes to --output when given, else to stdout.
    // `-o -` is stdout, as for most tools.
    let output = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let mut file_out = match output {
        Some(path) => {
            if inputs
                .files
                .iter()
                .chain(args.previous.iter())
                .any(|f| inputs::same_file(f, path))
            {
                return refuse(&format!(
                    "{}: {}",
                    shown(path),
                    lang.pick(
                        "--output 不能是被检查的文件或 --previous 的文件(不会覆盖输入)",
                        "--output must not be a file checked or the --previous file (inputs are never written)"
                    )
                ));
            }
            match std::fs::File::create(path) {
                Ok(f) => Some(io::BufWriter::new(f)),
                Err(e) => {
                    let said = nianbao::explain::io(&e, nianbao::explain::Access::Write);
                    return refuse(&format!("{}: {}", shown(path), said.pick(lang)));
                }
            }
        }
        None => None,
    };

    let conversions = convert_inputs(&inputs, &args, &options, lang);
    let checked: Vec<PathBuf> = inputs
        .files
        .iter()
        .map(|f| match conversions.files.get(f) {
            Some(Converted::Done { copy, .. }) => copy.clone(),
            _ => f.clone(),
        })
        .collect();
    // A converted copy's result is the original's.
    let originals: HashMap<String, (&PathBuf, &Conversion)> = conversions
        .files
        .iter()
        .filter_map(|(original, c)| match c {
            Converted::Done { copy, conversion } => {
                Some((copy.display().to_string(), (original, conversion)))
            }
            Converted::Failed(_) => None,
        })
        .collect();
    let failed: HashMap<String, &ReadFailure> = conversions
        .files
        .iter()
        .filter_map(|(original, c)| match c {
            Converted::Failed(f) => Some((original.display().to_string(), f)),
            Converted::Done { .. } => None,
        })
        .collect();

    let to_terminal = file_out.is_none() && terminal;
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let fail_on_warning = args.fail_on.contains(&FailOn::Warning);
    let fail_on_not_a_report = args.fail_on.contains(&FailOn::NotAReport);
    let threshold = if fail_on_warning {
        Severity::Warning
    } else {
        Severity::Error
    };
    // A CSV a person opens (a file) starts with a byte-order mark; one piped on does not.
    let bom = args.format == CheckFormat::Csv
        && !args.no_bom
        && (file_out.is_some() || stdout_is_new_file());
    let mut reporter: Option<Box<dyn Reporter>> =
        (!args.summary_only).then(|| -> Box<dyn Reporter> {
            match args.format {
                CheckFormat::Table => Box::new(TableReporter::new(
                    lang,
                    color,
                    style,
                    if file_out.is_some() { Some(80) } else { width },
                )),
                CheckFormat::Json => Box::<JsonReporter>::default(),
                CheckFormat::Jsonl => Box::<JsonlReporter>::default(),
                CheckFormat::Csv => Box::new(CsvReporter::with_bom(bom)),
                CheckFormat::Sarif => Box::new(SarifReporter::new(lang)),
                CheckFormat::Junit => Box::new(JunitReporter::new(threshold)),
                CheckFormat::Github => Box::<GithubReporter>::default(),
                CheckFormat::Html => Box::new(HtmlReporter::new(lang)),
            }
        });

    let total = inputs.files.len() + inputs.unreadable.len();
    let bar = progress_bar(total, args.quiet);
    let failures = AtomicUsize::new(0);
    let progress = |result: &FileResult| {
        if result.status != Status::Pass {
            let n = failures.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{} {n}", lang.pick("未通过", "not passed")));
        }
        bar.inc(1);
    };
    let mut stats = RunStats::default();
    // A closed pipe (`… | head`) ends the writing, not the run: every file is still
    // checked, so the exit code is the same whoever reads the output and however early
    // they stop.
    let closed = std::cell::Cell::new(false);
    {
        let out: &mut dyn Write = match file_out.as_mut() {
            Some(f) => f,
            None => &mut *stdout,
        };
        // JSON escapes control characters itself; every other format gets them written out.
        let escaped = !matches!(
            args.format,
            CheckFormat::Json | CheckFormat::Jsonl | CheckFormat::Sarif
        );
        let mut emit = |mut result: FileResult| -> io::Result<()> {
            if let Some((original, conversion)) = originals.get(&result.source) {
                result.source = original.display().to_string();
                result.conversion = Some((*conversion).clone());
            } else if let Some(failure) = failed.get(&result.source)
                && result.status == Status::Unreadable
            {
                result.error = Some((*failure).clone());
            }
            inputs::settle_walked(&inputs, &mut result, lang);
            if escaped {
                nianbao::report::make_printable(&mut result);
            }
            stats.add(&result);
            let Some(r) = reporter.as_mut().filter(|_| !closed.get()) else {
                return Ok(());
            };
            // Printed through the bar, which is taken down and drawn again below: no stale
            // bar line is left above a file's block.
            let written = if to_terminal && !bar.is_hidden() {
                bar.suspend(|| {
                    r.report(out, &result)?;
                    out.flush()
                })
            } else {
                r.report(out, &result)
            };
            match written {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    closed.set(true);
                    Ok(())
                }
                other => other,
            }
        };
        let mut written = Ok(());
        for (path, detail) in &inputs.unreadable {
            let result = run::unlisted(path.clone(), detail, lang);
            progress(&result);
            written = written.and_then(|()| emit(result));
        }
        if written.is_ok() {
            written = run::check_files_isolated(
                &checked, &options, args.jobs, &workers, &progress, &mut emit,
            );
        }
        bar.finish_and_clear();
        written = written.and_then(|()| {
            if closed.get() {
                return Ok(());
            }
            if args.summary_only {
                write_summary(out, &args, &stats, lang, style, width, bom)?;
            } else if let Some(r) = reporter.as_mut() {
                r.finish(out, &stats.summary)?;
            }
            out.flush()
        });
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => closed.set(true),
            Err(e) => return Err(e),
        }
    }

    // The human summary: after the tables on stdout; on stdout when the report went to a
    // file; on a terminal's stderr beside a machine report on stdout. -q: none of these.
    if !closed.get() && !args.quiet {
        let human_stdout = args.format == CheckFormat::Table && file_out.is_none();
        let summary_to_stdout = if args.summary_only {
            file_out.is_some()
        } else {
            file_out.is_some() || (human_stdout && stats.summary.files > 1)
        };
        let written = if summary_to_stdout {
            if human_stdout && !args.summary_only {
                writeln!(stdout)?;
            }
            summary::write(stdout, &stats, lang, style, width)
        } else if !human_stdout && file_out.is_none() && io::stderr().is_terminal() {
            summary::write(&mut io::stderr(), &stats, lang, style, None)
        } else {
            Ok(())
        };
        match written.and_then(|()| stdout.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            other => other?,
        }
    }

    let s = stats.summary;
    if args.stats {
        let seconds = started.elapsed().as_secs_f64();
        let peak = peak_memory_mib()
            .map(|m| format!(", peak memory {m:.1} MiB"))
            .unwrap_or_default();
        eprintln!(
            "nianbao: {} files in {seconds:.2} s ({:.0} files/s){peak}",
            s.files,
            s.files as f64 / seconds.max(1e-9)
        );
    }
    let code = if s.unreadable > 0 {
        2
    } else if s.errors > 0
        || (fail_on_warning && s.warnings > 0)
        || (fail_on_not_a_report && s.not_a_report > 0)
    {
        1
    } else {
        0
    };
    Ok(ExitCode::from(code))
}

/// `--summary-only`: the summary in the format asked for.
fn write_summary(
    out: &mut dyn Write,
    args: &CheckArgs,
    stats: &RunStats,
    lang: Lang,
    style: TableStyle,
    width: Option<u16>,
    bom: bool,
) -> io::Result<()> {
    match args.format {
        CheckFormat::Json | CheckFormat::Jsonl => {
            let json = summary::json(stats);
            if args.format == CheckFormat::Json {
                serde_json::to_writer_pretty(&mut *out, &json)?;
            } else {
                serde_json::to_writer(&mut *out, &json)?;
            }
            writeln!(out)
        }
        CheckFormat::Csv => {
            if bom {
                out.write_all(nianbao::report::CSV_BOM.as_bytes())?;
            }
            summary::csv(out, stats)
        }
        _ => summary::write(out, stats, lang, style, width),
    }
}

/// `--convert`: the files LibreOffice converts, converted before the run (a spinner says
/// so on a terminal); without `--convert`, none.
fn convert_inputs(
    inputs: &Inputs,
    args: &CheckArgs,
    options: &CheckOptions,
    lang: Lang,
) -> convert::Conversions {
    if !args.convert {
        return convert::Conversions::default();
    }
    let wanted = convert::to_convert(&inputs.files);
    let count = wanted.len();
    if count == 0 {
        return convert::Conversions::default();
    }
    // Interrupted, the run kills LibreOffice and removes its scratch folder before it ends.
    let _ = ctrlc::set_handler(|| {
        convert::abandon();
        std::process::exit(130);
    });
    let soffice = convert::find_soffice();
    if soffice.is_none() && !args.quiet {
        eprintln!(
            "nianbao: {}",
            lang.pick(
                "--convert:没有找到 LibreOffice(soffice),要转换的文件记为无法读取",
                "--convert: LibreOffice (soffice) was not found; the files to convert are unreadable results"
            )
        );
    }
    let spinner = if args.quiet || !io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    spinner.set_message(match lang {
        Lang::Zh => format!("正在用 LibreOffice 转换 {count} 个文件…"),
        Lang::En => format!("converting {count} files with LibreOffice…"),
    });
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let timeout = options
        .file_timeout
        .unwrap_or(std::time::Duration::from_secs(60));
    let done = convert::convert_all(&wanted, soffice.as_deref(), timeout, lang);
    spinner.finish_and_clear();
    done
}

/// Whether stdout is a new regular file (`> 结果.csv`): not a terminal or a pipe, and not a
/// file appended to (`>>`), which would get a second mark in its middle.
fn stdout_is_new_file() -> bool {
    #[cfg(unix)]
    {
        rustix::fs::fstat(rustix::stdio::stdout()).is_ok_and(|st| {
            rustix::fs::FileType::from_raw_mode(st.st_mode).is_file() && st.st_size == 0
        })
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// `--previous FILE`: what last year's report carried forward, read once for the run, in a
/// worker of its own.
fn previous_facts(
    path: &Path,
    options: &CheckOptions,
    workers: &WorkerConfig,
) -> Result<nianbao::years::YearFacts, String> {
    let request = Request::Facts {
        path: path.to_path_buf(),
    };
    match isolate::ask_once(workers, options, &request) {
        Ok(Response::Facts(facts)) => facts.map(|f| *f),
        Ok(_) => Err(Death::Crashed("?".into())
            .failure(options.lang, options.file_timeout)
            .message),
        Err(death) => Err(death.failure(options.lang, options.file_timeout).message),
    }
}

/// `--verbose`: what the folder walk passed over. Loops are always said (unless -q): they
/// are odd.
fn report_walk(inputs: &Inputs, args: &CheckArgs, lang: Lang) {
    if args.quiet {
        return;
    }
    for path in &inputs.loops {
        eprintln!(
            "nianbao: {}: {}",
            shown(path),
            lang.pick("符号链接循环,已跳过", "symbolic-link loop, skipped")
        );
    }
    if args.verbose {
        match lang {
            Lang::Zh => eprintln!(
                "nianbao: 待检查 {} 个文件;跳过 Office 锁文件 {} 个、--exclude/--include 排除 {} 个、不是报告类型的文件 {} 个;隐藏文件与 .gitignore 忽略的文件不计",
                inputs.files.len(),
                inputs.skipped_lock_files,
                inputs.skipped_excluded,
                inputs.skipped_unsupported
            ),
            Lang::En => eprintln!(
                "nianbao: {} files to check; skipped {} Office lock files, {} by --exclude/--include, {} files of other kinds; hidden and .gitignored files not counted",
                inputs.files.len(),
                inputs.skipped_lock_files,
                inputs.skipped_excluded,
                inputs.skipped_unsupported
            ),
        }
    }
}

/// A progress bar on stderr for a terminal and more than one file; hidden otherwise, and
/// in CI, where a pseudo-terminal would fill the log with redraws.
fn progress_bar(total: usize, quiet: bool) -> ProgressBar {
    let visible =
        !quiet && total > 1 && io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} {rate} ETA {eta} {msg}")
        .expect("valid template")
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            },
        )
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// The process's peak resident memory (Linux: VmHWM), for `--stats`.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
