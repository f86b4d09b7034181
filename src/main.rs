//! The thin binary: parse arguments, turn them into a run, print through a reporter, and
//! map the outcome to an exit code (0 clean, 1 findings at or above --fail-on, 2 unreadable
//! input or usage error).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use comfy_table::{Cell, ContentArrangement, Table, presets};

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::CommandFactory;
use cli::{CheckFormat, Cli, ColorArg, Command, FailOn, LangArg, RulesFormat};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao::check::CheckOptions;
use nianbao::findings::{FileResult, Severity, Status};
use nianbao::isolate::{self, Death, Request, Response, WorkerConfig};
use nianbao::lang::Lang;
use nianbao::model::Edition;
use nianbao::report::{
    CsvReporter, GithubReporter, HtmlReporter, JsonReporter, JsonlReporter, JunitReporter,
    Reporter, SarifReporter, TableReporter, TableStyle, summary,
};
use nianbao::rules::RULES;
use nianbao::run::{self, RunStats};
use nianbao::{inputs, read};

fn main() -> ExitCode {
    // A worker process of a run (src/isolate.rs): requests on stdin, responses on stdout.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == nianbao::isolate::WORKER_ARG)
    {
        return match nianbao::isolate::serve(io::stdin().lock(), io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("nianbao worker: {e}");
                ExitCode::from(3)
            }
        };
    }
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check(args) => run_check(args, lang, &mut out),
        Command::Extract(args) => run_extract(args, lang, &mut out),
        Command::Rules(args) => run_rules(args, lang, &mut out),
        Command::Schema => out
            .write_all(nianbao::schema::report_schema_text().as_bytes())
            .map(|_| ExitCode::SUCCESS),
        Command::Explain { rule } => run_explain(&rule, lang, &mut out),
        Command::Template(args) => run_template(args, lang),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "nianbao", &mut out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => clap_mangen::Man::new(Cli::command())
            .render(&mut out)
            .map(|_| ExitCode::SUCCESS),
    };
    match result.and_then(|code| out.flush().map(|_| code)) {
        Ok(code) => code,
        // A closed pipe (`nianbao check … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nianbao: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_check(args: cli::CheckArgs, lang: Lang, stdout: &mut dyn Write) -> io::Result<ExitCode> {
    let workers = worker_config(&args.limits);
    let mut options = CheckOptions {
        lang,
        agency: args.meta.agency.clone(),
        year: args.meta.year,
        previous: None,
        keep_report: args.format == CheckFormat::Html,
        across_years: !args.no_across_years,
        file_timeout: Some(std::time::Duration::from_secs_f64(args.file_timeout)),
        limits: args.limits.limits(),
    };
    options.previous = match &args.previous {
        None => None,
        Some(path) => match previous_facts(path, &options, &workers) {
            Ok(facts) => Some(facts),
            Err(message) => {
                eprintln!("nianbao: {}: {message}", shown(path));
                return Ok(ExitCode::from(2));
            }
        },
    };
    let style = if args.ascii {
        TableStyle::Ascii
    } else {
        TableStyle::Unicode
    };
    let terminal = io::stdout().is_terminal();
    let width = (!terminal).then_some(80);
    let started = std::time::Instant::now();
    let inputs = inputs::collect(&args.paths);
    report_walk(&inputs, &args, lang);
    // Pointing at the wrong folder must not look like a clean run.
    if inputs.files.is_empty() && inputs.unreadable.is_empty() {
        let skipped =
            inputs.skipped_lock_files + inputs.skipped_hidden + inputs.skipped_unsupported;
        match lang {
            Lang::Zh => eprintln!(
                "nianbao: 没有可检查的文件(支持 .xlsx .xlsm .xls .ods .json;跳过 {skipped} 个)"
            ),
            Lang::En => eprintln!(
                "nianbao: no files to check (.xlsx .xlsm .xls .ods .json are read; {skipped} skipped)"
            ),
        }
        return Ok(ExitCode::from(2));
    }

    // The report goes to --output when given, else to stdout.
    let mut file_out = match &args.output {
        Some(path) => {
            let previous = args.previous.iter();
            if inputs
                .files
                .iter()
                .chain(previous)
                .any(|f| same_file(f, path))
            {
                eprintln!(
                    "nianbao: {}: {}",
                    shown(path),
                    lang.pick(
                        "--output 不能是被检查的文件或 --previous 的文件(不会覆盖输入)",
                        "--output must not be a file checked or the --previous file (inputs are never written)"
                    )
                );
                return Ok(ExitCode::from(2));
            }
            match std::fs::File::create(path) {
                Ok(f) => Some(io::BufWriter::new(f)),
                Err(e) => {
                    eprintln!("nianbao: {}: {e}", shown(path));
                    return Ok(ExitCode::from(2));
                }
            }
        }
        None => None,
    };
    let to_terminal = file_out.is_none() && terminal;
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::NotAReport => Severity::Error,
    };
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
                CheckFormat::Csv => Box::<CsvReporter>::default(),
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
            if escaped {
                nianbao::report::make_printable(&mut result);
            }
            stats.add(&result);
            match reporter.as_mut() {
                Some(r) => r.report(out, &result),
                None => Ok(()),
            }
        };
        for (path, detail) in &inputs.unreadable {
            let result = run::unlisted(path.clone(), detail, lang);
            progress(&result);
            emit(result)?;
        }
        run::check_files_isolated(
            &inputs.files,
            &options,
            args.jobs,
            &workers,
            &progress,
            emit,
        )?;
        bar.finish_and_clear();
        if let Some(r) = reporter.as_mut() {
            r.finish(out, &stats.summary)?;
        }
        out.flush()?;
    }

    // The summary: on stdout when the report went elsewhere or is a human one; on a
    // terminal's stderr beside a machine report on stdout.
    let human_stdout = args.format == CheckFormat::Table && file_out.is_none();
    if args.summary_only || file_out.is_some() {
        summary::write(stdout, &stats, lang, style, width)?;
    } else if human_stdout {
        if stats.summary.files > 1 {
            writeln!(stdout)?;
            summary::write(stdout, &stats, lang, style, width)?;
        }
    } else if !args.quiet && io::stderr().is_terminal() {
        summary::write(&mut io::stderr(), &stats, lang, style, None)?;
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
        || (threshold == Severity::Warning && s.warnings > 0)
        || (args.fail_on == FailOn::NotAReport && s.not_a_report > 0)
    {
        1
    } else {
        0
    };
    Ok(ExitCode::from(code))
}

/// A path as a message shows it: control characters in a file name written out, never
/// sent to the terminal.
fn shown(path: &Path) -> String {
    nianbao::report::printable(&path.display().to_string(), false).into_owned()
}

/// How the run starts its worker processes: this binary, with the memory limit asked for.
fn worker_config(limits: &cli::LimitArgs) -> WorkerConfig {
    WorkerConfig {
        exe: std::env::current_exe().unwrap_or_else(|_| "nianbao".into()),
        memory_bytes: (limits.max_memory_mb > 0)
            .then(|| limits.max_memory_mb.saturating_mul(1 << 20)),
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

/// `--verbose`: what the folder walk passed over. Loops are always said: they are odd.
fn report_walk(inputs: &inputs::Inputs, args: &cli::CheckArgs, lang: Lang) {
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
                "nianbao: 待检查 {} 个文件;跳过 Office 锁文件 {} 个、隐藏文件或文件夹 {} 个、不支持的文件 {} 个",
                inputs.files.len(),
                inputs.skipped_lock_files,
                inputs.skipped_hidden,
                inputs.skipped_unsupported
            ),
            Lang::En => eprintln!(
                "nianbao: {} files to check; skipped {} Office lock files, {} hidden files or folders, {} unsupported files",
                inputs.files.len(),
                inputs.skipped_lock_files,
                inputs.skipped_hidden,
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

/// Whether two paths name the same file: by device and inode, so a hard link, a symbolic
/// link or another spelling of the path is caught (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    inputs::same_file(a, b)
}

/// A report read in a worker of its own (`template --from`): its canonical JSON, read back.
fn read_isolated(path: &Path, lang: Lang) -> Result<nianbao::model::Report, String> {
    let options = CheckOptions {
        lang,
        file_timeout: Some(std::time::Duration::from_secs(60)),
        ..CheckOptions::default()
    };
    let workers = WorkerConfig {
        exe: std::env::current_exe().unwrap_or_else(|_| "nianbao".into()),
        memory_bytes: Some(1536 << 20),
    };
    let request = Request::Extract {
        path: path.to_path_buf(),
        locations: false,
    };
    let json = match isolate::ask_once(&workers, &options, &request) {
        Ok(Response::Extracted(Ok(json))) => json,
        Ok(Response::Extracted(Err(failure))) => return Err(failure.message),
        Ok(_) => return Err(Death::Crashed("?".into()).failure(lang, None).message),
        Err(death) => return Err(death.failure(lang, options.file_timeout).message),
    };
    let source = nianbao::model::Source {
        path: path.display().to_string(),
        sheets: Vec::new(),
    };
    read::json::read(json.to_string().as_bytes(), source).map_err(|e| e.message(lang).to_string())
}

fn run_extract(args: cli::ExtractArgs, lang: Lang, out: &mut dyn Write) -> io::Result<ExitCode> {
    let options = CheckOptions {
        lang,
        agency: args.meta.agency,
        year: args.meta.year,
        file_timeout: Some(std::time::Duration::from_secs_f64(args.file_timeout)),
        limits: args.limits.limits(),
        ..CheckOptions::default()
    };
    let request = Request::Extract {
        path: args.file.clone(),
        locations: args.locations,
    };
    let answer = match isolate::ask_once(&worker_config(&args.limits), &options, &request) {
        Ok(Response::Extracted(answer)) => answer,
        Ok(_) => Err(Death::Crashed("?".into()).failure(lang, options.file_timeout)),
        Err(death) => Err(death.failure(lang, options.file_timeout)),
    };
    match answer {
        Ok(json) => {
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let at = e
                .location
                .as_ref()
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default();
            eprintln!("nianbao: {}: {}{}", shown(&args.file), e.message, at);
            Ok(ExitCode::from(2))
        }
    }
}

fn run_template(args: cli::TemplateArgs, lang: Lang) -> io::Result<ExitCode> {
    let refuse = |why: &str| {
        eprintln!("nianbao: {}: {why}", shown(&args.output));
        Ok(ExitCode::from(2))
    };
    if args
        .from
        .as_deref()
        .is_some_and(|from| same_file(from, &args.output))
    {
        return refuse(lang.pick(
            "-o 不能是 --from 的文件(不会覆盖输入)",
            "-o must not be the --from file (inputs are never written)",
        ));
    }
    if args.output.exists() && !args.force {
        return refuse(lang.pick(
            "文件已存在;要覆盖请加 --force",
            "the file exists; add --force to overwrite it",
        ));
    }
    let report = match &args.from {
        None => None,
        Some(path) => match read_isolated(path, lang) {
            Ok(report) => Some(report),
            Err(message) => {
                eprintln!("nianbao: {}: {message}", shown(path));
                return Ok(ExitCode::from(2));
            }
        },
    };
    let agency = args
        .meta
        .agency
        .clone()
        .or_else(|| report.as_ref().and_then(|r| r.agency.clone()));
    let year = args.meta.year.or(report.as_ref().and_then(|r| r.year));
    let edition = args
        .edition
        .as_deref()
        .and_then(Edition::parse)
        .or(report.as_ref().and_then(|r| r.effective_edition()))
        .or(year.and_then(Edition::for_year))
        .unwrap_or(Edition::E2021);
    let bytes = match nianbao::template::template(edition, agency.as_deref(), year, report.as_ref())
    {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if let Err(e) = std::fs::write(&args.output, bytes) {
        eprintln!("nianbao: {}: {e}", shown(&args.output));
        return Ok(ExitCode::from(2));
    }
    match lang {
        Lang::Zh => eprintln!("nianbao: 已写入{}版模板 {}", edition, shown(&args.output)),
        Lang::En => eprintln!(
            "nianbao: wrote the {} edition template to {}",
            edition,
            shown(&args.output)
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_explain(id: &str, lang: Lang, out: &mut dyn Write) -> io::Result<ExitCode> {
    let Some(rule) = nianbao::rules::rule(id) else {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        eprintln!(
            "nianbao: {} {id}; {}: {}",
            lang.pick("没有这条规则:", "no such rule:"),
            lang.pick("规则有", "the rules are"),
            ids.join(", ")
        );
        return Ok(ExitCode::from(2));
    };
    let severity = match (rule.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (s, Lang::En) => s.as_str(),
    };
    let example = lang.pick(rule.example_zh, rule.example_en);
    let indent = |text: &str| {
        text.lines()
            .flat_map(|l| nianbao::report::wrap(l, 76))
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match lang {
        Lang::Zh => writeln!(
            out,
            "{}({severity})\n\n检查什么:\n{}\n\n依据:\n{}\n\n示例与改正:\n{}",
            rule.id,
            indent(rule.summary_zh),
            indent(rule.basis_zh),
            indent(example)
        )?,
        Lang::En => writeln!(
            out,
            "{} ({severity})\n\nWhat it checks:\n{}\n\nWhy:\n{}\n\nExample and fix:\n{}",
            rule.id,
            indent(rule.summary_en),
            indent(rule.basis_en),
            indent(example)
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn run_rules(args: cli::RulesArgs, lang: Lang, out: &mut dyn Write) -> io::Result<ExitCode> {
    match args.format {
        RulesFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, RULES)?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => {
            writeln!(out, "| id | severity | 检查内容 | what it checks |")?;
            writeln!(out, "|---|---|---|---|")?;
            for rule in RULES {
                let severity = rule.severity.as_str();
                writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    rule.id, severity, rule.summary_zh, rule.summary_en
                )?;
            }
        }
        RulesFormat::Table => {
            let mut table = Table::new();
            table.load_style(if args.ascii {
                presets::ASCII_FULL_CONDENSED
            } else {
                presets::UTF8_FULL_CONDENSED
            });
            table.set_content_arrangement(ContentArrangement::Dynamic);
            if !io::stdout().is_terminal() {
                table.set_width(80);
            }
            table.set_header(vec![
                lang.pick("规则", "Rule"),
                lang.pick("级别", "Severity"),
                lang.pick("检查内容", "What it checks"),
            ]);
            for rule in RULES {
                let severity = match (rule.severity, lang) {
                    (Severity::Error, Lang::Zh) => "错误",
                    (Severity::Warning, Lang::Zh) => "警告",
                    (s, Lang::En) => s.as_str(),
                };
                table.add_row(vec![
                    Cell::new(rule.id),
                    Cell::new(severity),
                    Cell::new(rule.summary(lang)),
                ]);
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
