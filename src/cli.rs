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
    /// Check reports (.xlsx .xlsm .xls .ods .json) and report every rule they break.
    ///
    /// Exit codes: 0 no error findings; 1 at least one error (or warning with
    /// --fail-on warning); 2 a file could not be read, or a usage error.
    Check(CheckArgs),
    /// Print the canonical JSON of what was read from one report.
    Extract(ExtractArgs),
    /// List the rules: id, severity, what they check and why.
    Rules(RulesArgs),
    /// Print the JSON Schema of the canonical report JSON.
    Schema,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,

    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    #[command(flatten)]
    pub meta: MetaArgs,

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

    #[command(flatten)]
    pub meta: MetaArgs,
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
    /// The check result of SPEC §7.
    Json,
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
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}
