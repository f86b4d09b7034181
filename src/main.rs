//! The thin binary: parse arguments, turn them into a run, print through a reporter, and
//! map the outcome to an exit code (0 clean, 1 findings at or above --fail-on, 2 unreadable
//! input or usage error).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use comfy_table::{Cell, ContentArrangement, Table, presets};

use cli::{CheckFormat, Cli, ColorArg, Command, FailOn, LangArg, RulesFormat};
use nianbao::check::{CheckOptions, check_path};
use nianbao::findings::{Severity, Status, Summary};
use nianbao::lang::Lang;
use nianbao::read;
use nianbao::report::{JsonReporter, Reporter, TableReporter, TableStyle};
use nianbao::rules::RULES;

fn main() -> ExitCode {
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

fn run_check(args: cli::CheckArgs, lang: Lang, out: &mut dyn Write) -> io::Result<ExitCode> {
    let options = CheckOptions {
        lang,
        agency: args.meta.agency,
        year: args.meta.year,
    };
    let terminal = io::stdout().is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let mut reporter: Box<dyn Reporter> = match args.format {
        CheckFormat::Table => {
            let style = if args.ascii {
                TableStyle::Ascii
            } else {
                TableStyle::Unicode
            };
            Box::new(TableReporter::new(
                lang,
                color,
                style,
                (!terminal).then_some(80),
            ))
        }
        CheckFormat::Json => Box::<JsonReporter>::default(),
    };
    let mut files = args.files.clone();
    files.sort();
    files.dedup();
    let mut summary = Summary::default();
    for path in &files {
        let result = check_path(path, &options);
        summary.add(&result);
        reporter.report(out, &result)?;
    }
    reporter.finish(out, &summary)?;
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let code = if summary.unreadable > 0 {
        2
    } else if summary.errors > 0 || (threshold == Severity::Warning && summary.warnings > 0) {
        1
    } else {
        0
    };
    debug_assert!(
        code != 0 || summary.failed == 0 || summary.files == summary.passed + summary.failed
    );
    let _ = Status::Pass;
    Ok(ExitCode::from(code))
}

fn run_extract(args: cli::ExtractArgs, lang: Lang, out: &mut dyn Write) -> io::Result<ExitCode> {
    let options = CheckOptions {
        lang,
        agency: args.meta.agency,
        year: args.meta.year,
    };
    match read::read_path(&args.file) {
        Ok(mut report) => {
            options.apply(&mut report);
            let mut json = report.to_json();
            if args.locations {
                json["locations"] = report.locations_json();
            }
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
            eprintln!(
                "nianbao: {}: {}{}",
                args.file.display(),
                e.message(lang),
                at
            );
            Ok(ExitCode::from(2))
        }
    }
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
