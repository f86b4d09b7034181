//! The command line as clap sees it: definitions only. Turning it into a run is `main.rs`'s.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// 政府信息公开工作年度报告校验工具:检查法定表格的数字是否自洽。
/// Validator for Chinese government information-disclosure annual reports.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages: zh (Chinese) or en (English).
    #[arg(long, value_enum, global = true, default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports (.xlsx .xlsm .xls .et .ods .json .html .htm .docx .docm .txt .md .pdf;
    /// .doc .wps .rtf .odt .xlsb with --convert), or every report under folders, and report
    /// every rule they break.
    ///
    /// Exit codes: 0 no error findings; 1 at least one error (or a warning with --fail-on
    /// warning, or a document that is not an annual report with --fail-on not-a-report); 2 a
    /// file could not be read, or a usage error.
    #[command(after_long_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// Print the canonical JSON of what was read from one report.
    Extract(ExtractArgs),
    /// List the rules: id, severity, what they check and why.
    Rules(RulesArgs),
    /// Write the official template (statutory tables, merged headers, zeros, totals that
    /// turn red while they do not add up) as an .xlsx file.
    Template(TemplateArgs),
    /// Explain a rule: what it checks, why, and a worked example of a failure and its fix.
    Explain {
        /// The rule id, e.g. T3-BALANCE (case does not matter).
        rule: String,
    },
    /// Print the JSON Schema of the canonical report JSON.
    Schema,
    /// Print a shell completion script (e.g. `nianbao completions bash > /etc/bash_completion.d/nianbao`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `nianbao man > nianbao.1`, `nianbao man check`;
    /// or write a page for nianbao and each subcommand into a folder (`--out man/`).
    Man {
        /// The subcommand whose page to print (check, extract, …); default: nianbao's own.
        subcommand: Option<String>,
        /// Write nianbao.1 and nianbao-SUBCOMMAND.1 for every subcommand into DIR.
        #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
        out: Option<PathBuf>,
    },
}

/// The end of `check --help` and of its man page: what the exit codes mean and where the
/// contracts are written down.
const CHECK_AFTER_HELP: &str = "\
Exit codes:
  0  no error finding (and nothing else --fail-on names)
  1  an error finding; or a warning with --fail-on warning; or a document that is not an
     annual report with --fail-on not-a-report
  2  a file could not be read (a result with status unreadable), or a usage error

Formats: table (people), json (the check result; schemas/check-result.schema.json in the
source repository), jsonl (a file result a line), csv (a finding a row), sarif (SARIF
2.1.0), junit (JUnit XML for GitLab and Jenkins), github (Actions annotations), html (one
page: an index of the files, each file's tables on demand).

The rules: `nianbao rules`, `nianbao explain RULE` (what each checks, why, an example and
its fix). The report's JSON shape: `nianbao schema`. The statutory tables, how each kind of
file is read, and every choice made: README.md of the source repository.";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files, or folders to search recursively (honouring .gitignore and .ignore,
    /// passing over hidden files) for the extensions above.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// In folders, pass over files and folders matching GLOB (gitignore syntax, relative to
    /// the folder named: `drafts/`, `*_old.xlsx`); may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// In folders, take only files matching GLOB (e.g. `*.xlsx`); may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// In folders, do not honour .gitignore, .ignore and .git/info/exclude.
    #[arg(long)]
    pub no_ignore: bool,

    /// In folders, walk hidden files and folders too (names starting with `.`).
    #[arg(long)]
    pub hidden: bool,

    /// Convert .doc .wps .rtf .odt .xlsb with LibreOffice (`soffice`, headless, into a
    /// scratch folder; the inputs are not touched) and check the result. Without it they
    /// are `unsupported` results saying how to convert them.
    #[arg(long)]
    pub convert: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,

    /// Write the report to FILE; the terminal still gets the summary.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// CSV in a file (-o, or stdout redirected to a file) starts with a UTF-8 byte-order
    /// mark, so that Excel on Chinese Windows opens it as UTF-8; leave it out.
    #[arg(long)]
    pub no_bom: bool,

    /// Print only the summary of the run (totals, findings per rule, agencies, unreadable
    /// files), in the --format asked for: table, json (or jsonl) or csv.
    #[arg(long)]
    pub summary_only: bool,

    /// Files checked at once (default: all cores).
    #[arg(long, short, value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    /// Nothing but the report: no progress bar, no summary, no notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,

    /// Say what was skipped while searching folders.
    #[arg(long, short)]
    pub verbose: bool,

    /// Print on stderr how long the run took, files per second and peak memory.
    #[arg(long)]
    pub stats: bool,

    /// Stop reading a file after SECONDS: its worker is killed, the file becomes an
    /// unreadable result (`timeout`) and the run goes on.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub file_timeout: f64,

    /// Do not pair reports of one agency in consecutive years within the run (saves about
    /// 6 KB of memory per report on very large runs).
    #[arg(long)]
    pub no_across_years: bool,

    /// Last year's report of the same agency: its carried-forward figures must be this
    /// year's carried-over ones (T3-CARRY-CONTINUITY, T2-IN-FORCE-CONTINUITY).
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,

    /// What makes the run fail (exit 1), a comma-separated list: `error` (always),
    /// `warning`, `not-a-report`; e.g. `--fail-on warning,not-a-report`.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "error")]
    pub fail_on: Vec<FailOn>,

    #[command(flatten)]
    pub meta: MetaArgs,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Draw tables with ASCII characters (for terminals that show box lines too wide).
    #[arg(long)]
    pub ascii: bool,
}

/// Metadata that replaces what the document says.
#[derive(Debug, Args)]
pub struct MetaArgs {
    /// Agency name (机关名称), instead of the one in the title.
    #[arg(long)]
    pub agency: Option<String>,

    /// Report year (报告年度: the year reported on), instead of the one in the title.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1990..=2100))]
    pub year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The report to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Add `locations`: the sheet and cell each value was read from.
    #[arg(long)]
    pub locations: bool,

    /// Stop reading the file after SECONDS (its worker is killed).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub file_timeout: f64,

    #[command(flatten)]
    pub meta: MetaArgs,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Format edition: 2021 (report years 2021 on) or 2019 (2019–2020); default: the one
    /// --year needs, else 2021.
    #[arg(long, value_parser = ["2019", "2021"])]
    pub edition: Option<String>,

    #[command(flatten)]
    pub meta: MetaArgs,

    /// Fill the template with the figures of this report (any input `check` reads: a
    /// JSON report, a page, a Word document, text): the official workbook of a report
    /// found in another form.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// The .xlsx file to write.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,

    /// Overwrite FILE if it exists (a filled report is never overwritten by accident).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,

    /// Draw tables with ASCII characters.
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// A table per file, for people.
    Table,
    /// The check result (schemas/check-result.schema.json).
    Json,
    /// One JSON file result a line, written as files finish.
    Jsonl,
    /// One finding a row: file, agency, year, rule, severity, key, address, expected, actual,
    /// difference, message, suggestion.
    Csv,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, for GitLab and Jenkins test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page: the tables drawn with the failing cells marked.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    /// A Markdown table, as in README.md.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Error findings fail the run.
    Error,
    /// Warnings fail it too.
    Warning,
    /// Errors, and documents that are not annual reports.
    NotAReport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// A time limit in seconds: more than 0 (a file may never hold a run forever) and at most a
/// day; fractions allowed.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        Ok(_) => Err(format!(
            "{text}: a time limit is more than 0 and at most 86400 seconds (a file may not hold a run forever)"
        )),
        _ => Err(format!("not a number of seconds: {text}")),
    }
}

/// What one input may cost; a file beyond a cap is an unreadable result (`too_large`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Largest file read, in MB.
    #[arg(long, value_name = "MB", default_value_t = nianbao::read::Limits::default().file_bytes >> 20)]
    pub max_file_mb: u64,

    /// Largest page, JSON or text file read, in MB (parsed whole, they cost several times
    /// their size).
    #[arg(long, value_name = "MB", default_value_t = nianbao::read::Limits::default().document_bytes >> 20)]
    pub max_document_mb: u64,

    /// Most a zip (xlsx, ods, docx) may inflate to, in MB (a zip bomb is refused unread).
    #[arg(long, value_name = "MB", default_value_t = nianbao::read::Limits::default().unzipped_bytes >> 20)]
    pub max_unzipped_mb: u64,

    /// Most non-empty cells (or lines of text) of one input.
    #[arg(long, value_name = "N", default_value_t = nianbao::read::Limits::default().cells)]
    pub max_cells: usize,

    /// Memory (address space) of the process that reads one file, in MB; a file that needs
    /// more is an unreadable result (`out_of_memory`). 0: no limit.
    #[arg(long, value_name = "MB", default_value_t = 1536)]
    pub max_memory_mb: u64,

    /// Most text all cells of one input may hold together, in MB (counted before it is
    /// copied: one long text referenced by many cells is refused).
    #[arg(long, value_name = "MB", default_value_t = nianbao::read::Limits::default().text_bytes >> 20)]
    pub max_text_mb: u64,

    /// Characters kept of one cell or line; the rest is cut.
    #[arg(long, value_name = "N", default_value_t = nianbao::read::Limits::default().cell_chars)]
    pub max_cell_chars: usize,
}

impl LimitArgs {
    pub fn limits(&self) -> nianbao::read::Limits {
        nianbao::read::Limits {
            file_bytes: self.max_file_mb.saturating_mul(1 << 20),
            document_bytes: self.max_document_mb.saturating_mul(1 << 20),
            unzipped_bytes: self.max_unzipped_mb.saturating_mul(1 << 20),
            cells: self.max_cells,
            cell_chars: self.max_cell_chars.max(1),
            text_bytes: self.max_text_mb.saturating_mul(1 << 20),
        }
    }
}
