//! The thin binary: parse arguments, turn them into a run, print through a reporter, and
//! map the outcome to an exit code (0 clean, 1 findings at or above --fail-on, 2 unreadable
//! input or usage error).

mod check_command;
mod cli;
mod usage;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets};

use std::path::Path;

use clap::CommandFactory;
use cli::{Cli, Command, LangArg, RulesFormat};
use nianbao::check::CheckOptions;
use nianbao::findings::Severity;
use nianbao::isolate::{self, Death, Request, Response, WorkerConfig};
use nianbao::lang::Lang;
use nianbao::model::Edition;
use nianbao::rules::RULES;
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
    // The language is chosen before clap parses, so that help and usage errors come in it.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let chosen = usage::choose(&args);
    let cli = usage::parse(args, chosen);
    // The locale picks the language of help and usage errors only: reports, findings and
    // every other message are Chinese unless --lang says otherwise, so that a CI runner's
    // or a developer's English locale never changes what a check prints.
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::Zh,
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Check(args) => {
            let workers = worker_config(&args.limits);
            check_command::run(args, lang, &mut out, workers)
        }
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
        Command::Man {
            subcommand,
            out: dir,
        } => run_man(lang, subcommand.as_deref(), dir, &mut out),
    };
    // A closed pipe (`nianbao rules | head`) is the reader's choice, not a failure: a
    // command keeps the code it earned (check: what its results so far deserve).
    let broken = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
    match result {
        Ok(code) => match out.flush() {
            Err(e) if !broken(&e) => {
                eprintln!("nianbao: {e}");
                ExitCode::from(2)
            }
            _ => code,
        },
        Err(e) if broken(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nianbao: {e}");
            ExitCode::from(2)
        }
    }
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
    // `-o -`: the workbook's bytes on stdout, for a pipe or a redirect; never a terminal.
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && io::stdout().is_terminal() {
        return refuse(lang.pick(
            "不会把 xlsx 写到终端;请重定向,例如 -o - > 模板.xlsx",
            "will not write xlsx to a terminal; redirect it, e.g. -o - > template.xlsx",
        ));
    }
    // The bytes are xlsx, so the name must say so: Excel and WPS refuse an .xls that is not
    // BIFF, and a name without the extension opens in nothing.
    let xlsx = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !to_stdout && !xlsx {
        return refuse(lang.pick(
            "模板是 xlsx 工作簿,文件名须以 .xlsx 结尾(如 模板.xlsx)",
            "the template is an xlsx workbook; name the file with .xlsx (e.g. template.xlsx)",
        ));
    }
    if !to_stdout
        && args
            .from
            .as_deref()
            .is_some_and(|from| inputs::same_file(from, &args.output))
    {
        return refuse(lang.pick(
            "-o 不能是 --from 的文件(不会覆盖输入)",
            "-o must not be the --from file (inputs are never written)",
        ));
    }
    // `symlink_metadata`: a dangling link counts as there (writing would create its target).
    if !to_stdout && !args.force && std::fs::symlink_metadata(&args.output).is_ok() {
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
    let asked = args.edition.as_deref().and_then(Edition::parse);
    let edition = asked
        .or(report.as_ref().and_then(|r| r.effective_edition()))
        .or(year.and_then(Edition::for_year))
        .unwrap_or(Edition::E2021);
    // An edition the year does not take writes a template that fails its own check
    // (EDITION-MISMATCH). Refused when the flags chose it; --force is about overwriting a
    // file and does not override this. A --from report that is itself mismatched is
    // written as it is (its findings and all), with a note.
    if let (Some(y), Some(needed)) = (year, year.and_then(Edition::for_year))
        && needed != edition
    {
        if asked.is_some() || args.meta.year.is_some() {
            let (zh_span, en_span) = match needed {
                Edition::E2019 => ("2019–2020年度", "2019–2020"),
                Edition::E2021 => ("2021年度起", "2021 on"),
            };
            let (zh, en) = if asked.is_some() {
                (
                    format!("请改用 --edition {needed} 或去掉 --edition"),
                    format!("use --edition {needed} or leave --edition out"),
                )
            } else {
                (
                    format!("--from 的报告为{edition}版表格,请加 --edition {needed} 或去掉 --year"),
                    format!(
                        "the --from report has {edition} edition tables; add --edition {needed} or leave --year out"
                    ),
                )
            };
            match lang {
                Lang::Zh => eprintln!(
                    "nianbao: {y}年度报告须用{needed}版表格({},适用于{zh_span}),不能写{edition}版模板;{zh}",
                    needed.document()
                ),
                Lang::En => eprintln!(
                    "nianbao: a report for {y} needs the {needed} edition tables ({}, for report years {en_span}), not {edition}; {en}",
                    needed.document()
                ),
            }
            return Ok(ExitCode::from(2));
        }
        match lang {
            Lang::Zh => eprintln!(
                "nianbao: 注意:该报告为{y}年度,应使用{needed}版表格,但其表格为{edition}版;模板照原样写出,检查将报告 EDITION-MISMATCH"
            ),
            Lang::En => eprintln!(
                "nianbao: note: the report is for {y}, which needs the {needed} edition, but its tables are {edition}; written as it is, and its check reports EDITION-MISMATCH"
            ),
        }
    }
    let bytes = match nianbao::template::template(edition, agency.as_deref(), year, report.as_ref())
    {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if to_stdout {
        let mut out = io::stdout().lock();
        if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
            eprintln!("nianbao: stdout: {e}");
            return Ok(ExitCode::from(2));
        }
        match lang {
            Lang::Zh => eprintln!("nianbao: 已将{edition}版模板写到标准输出"),
            Lang::En => eprintln!("nianbao: wrote the {edition} edition template to stdout"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Without --force the file is created only if absent, so one appearing since the check
    // above (or a link to elsewhere) is not written over either.
    let written = if args.force {
        std::fs::write(&args.output, &bytes)
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&args.output)
            .and_then(|mut f| f.write_all(&bytes))
    };
    if let Err(e) = written {
        if e.kind() == io::ErrorKind::AlreadyExists {
            return refuse(lang.pick(
                "文件已存在;要覆盖请加 --force",
                "the file exists; add --force to overwrite it",
            ));
        }
        let said = nianbao::explain::io(&e, nianbao::explain::Access::Write);
        eprintln!("nianbao: {}: {}", shown(&args.output), said.pick(lang));
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

/// `nianbao man`: nianbao's page, one subcommand's, or every page into a folder.
fn run_man(
    lang: Lang,
    subcommand: Option<&str>,
    dir: Option<std::path::PathBuf>,
    out: &mut dyn Write,
) -> io::Result<ExitCode> {
    let cli = Cli::command();
    // A subcommand's page is titled `nianbao-check`, as git's are.
    let page = |name: &str| -> Option<clap::Command> {
        let sub = cli.find_subcommand(name)?.clone();
        // clap names are &'static str; the process prints a page or two and ends.
        let title: &'static str = format!("nianbao-{}", sub.get_name()).leak();
        let bin: &'static str = format!("nianbao {}", sub.get_name()).leak();
        Some(sub.name(title).bin_name(bin))
    };
    if let Some(dir) = dir {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            let said = nianbao::explain::io(&e, nianbao::explain::Access::Write);
            eprintln!("nianbao: {}: {}", shown(&dir), said.pick(lang));
            return Ok(ExitCode::from(2));
        }
        let mut pages = vec![cli.clone()];
        pages.extend(
            cli.get_subcommands()
                .filter(|s| s.get_name() != "help")
                .filter_map(|s| page(s.get_name())),
        );
        for cmd in pages {
            let path = dir.join(format!("{}.1", cmd.get_name()));
            let mut bytes = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut bytes)?;
            if let Err(e) = std::fs::write(&path, bytes) {
                let said = nianbao::explain::io(&e, nianbao::explain::Access::Write);
                eprintln!("nianbao: {}: {}", shown(&path), said.pick(lang));
                return Ok(ExitCode::from(2));
            }
            writeln!(out, "{}", path.display())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let cmd = match subcommand {
        None => cli.clone(),
        Some(name) => match page(name) {
            Some(cmd) => cmd,
            None => {
                eprintln!("nianbao: man: no such subcommand: {name}");
                return Ok(ExitCode::from(2));
            }
        },
    };
    clap_mangen::Man::new(cmd).render(out)?;
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
