//! The command line as clap sees it: definitions only. Turning it into a run is `main.rs`'s.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// 政府信息公开工作年度报告校验工具:检查法定表格的数字是否自洽。
/// Validator for Chinese government information-disclosure annual reports.
#[derive(Debug, Parser)]
#[command(
    name = "nianbao",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("NIANBAO_BUILD"), ")"),
    about,
    long_about = None
)]
pub struct Cli {
    /// Language of messages and help: zh (Chinese) or en (English); default zh (help and
    /// usage errors follow an English locale: LC_ALL, LC_MESSAGES, LANG en…).
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,

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

    // Before the flattened groups: an argument after LimitArgs would be shown under its
    // heading (Limits).
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Draw tables with ASCII characters (for terminals that show box lines too wide).
    #[arg(long)]
    pub ascii: bool,

    #[command(flatten)]
    pub meta: MetaArgs,

    #[command(flatten)]
    pub limits: LimitArgs,
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
    /// --year needs, else 2021. An edition the --year does not take is refused.
    #[arg(long, value_parser = ["2019", "2021"])]
    pub edition: Option<String>,

    #[command(flatten)]
    pub meta: MetaArgs,

    /// Fill the template with the figures of this report (any input `check` reads: a
    /// JSON report, a page, a Word document, text): the official workbook of a report
    /// found in another form.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// The .xlsx file to write (the name must end in .xlsx); `-` writes the workbook to
    /// standard output (a pipe or a redirect, not a terminal).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,

    /// Overwrite FILE if it exists (a filled report is never overwritten by accident; the
    /// --from file never is).
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

/// The Chinese of the command line: every command's about (`@check`), the end of its long
/// help (`@check/after`), every argument's help (`check.format`, or `format` for every
/// command that has one) and every value's (`check.format=json`). Before `\n\n`: the short
/// help (`-h`); the whole: the long help (`--help`). `src/usage.rs` puts them in place; the
/// test below keeps the table complete.
pub const ZH: &[(&str, &str)] = &[
    (
        "@nianbao",
        "政府信息公开工作年度报告校验工具:检查法定表格的数字是否自洽。",
    ),
    (
        "lang",
        "消息和帮助的语言:zh(中文)或 en(英文)\n\n消息和帮助的语言:zh(中文)或 en(英文)。不写时为中文;帮助和用法错误随环境变量 LC_ALL、LC_MESSAGES、LANG(以 en 开头为英文)。",
    ),
    ("lang=zh", "中文"),
    ("lang=en", "英文"),
    (
        "@check",
        "检查报告,列出违反的每一条规则\n\n检查报告文件(.xlsx .xlsm .xls .et .ods .json .html .htm .docx .docm .txt .md .pdf;加 --convert 还有 .doc .wps .rtf .odt .xlsb),或文件夹下的所有报告,列出违反的每一条规则。\n\n退出码:0 没有错误;1 至少有一个错误(加 --fail-on warning 时警告也算,加 --fail-on not-a-report 时不是年度报告的文件也算);2 有文件无法读取,或用法错误。",
    ),
    (
        "@check/after",
        "退出码:\n  0  没有错误(也没有 --fail-on 指定的其他情况)\n  1  有错误;或加 --fail-on warning 时有警告;或加 --fail-on not-a-report 时有不是年度报告的文件\n  2  有文件无法读取(结果状态为 unreadable),或用法错误\n\n格式:table(给人看)、json(检查结果,见源码仓库的 schemas/check-result.schema.json)、jsonl(每行一个文件的结果)、csv(每行一条问题)、sarif(SARIF 2.1.0)、junit(供 GitLab、Jenkins 使用的 JUnit XML)、github(Actions 注解)、html(一个页面:文件索引,各文件的表格按需展开)。\n\n规则:`nianbao rules`、`nianbao explain 规则编号`(每条规则检查什么、为什么、示例与改法)。报告的 JSON 结构:`nianbao schema`。法定表格、各类文件的读法和所有取舍:源码仓库的 README.md。",
    ),
    (
        "check.paths",
        "报告文件,或要递归查找的文件夹\n\n报告文件,或要递归查找上述扩展名文件的文件夹(遵守 .gitignore 和 .ignore,跳过隐藏文件)。",
    ),
    (
        "exclude",
        "在文件夹中跳过与 GLOB 匹配的文件和文件夹;可重复\n\n在文件夹中跳过与 GLOB 匹配的文件和文件夹(.gitignore 写法,相对于所给的文件夹:`drafts/`、`*_old.xlsx`);可重复。",
    ),
    (
        "include",
        "在文件夹中只取与 GLOB 匹配的文件(如 `*.xlsx`);可重复",
    ),
    (
        "no_ignore",
        "在文件夹中不遵守 .gitignore、.ignore 和 .git/info/exclude",
    ),
    (
        "hidden",
        "在文件夹中也查找隐藏的文件和文件夹(名字以 `.` 开头)",
    ),
    (
        "convert",
        "用 LibreOffice 转换 .doc .wps .rtf .odt .xlsb 后检查\n\n用 LibreOffice(`soffice`,无界面,在临时文件夹中转换,不改动原文件)转换 .doc .wps .rtf .odt .xlsb 后检查。不加此项时,这些文件的结果为 `unsupported`,并说明如何转换。",
    ),
    ("check.format", "输出格式"),
    ("check.format=table", "每个文件一张表,给人看"),
    (
        "check.format=json",
        "检查结果(schemas/check-result.schema.json)",
    ),
    (
        "check.format=jsonl",
        "每行一个文件的 JSON 结果,每查完一个文件就写出",
    ),
    (
        "check.format=csv",
        "每行一条问题:文件、机关、年度、规则、级别、键、位置、应为、实为、差额、说明、建议",
    ),
    ("check.format=sarif", "SARIF 2.1.0,供代码扫描平台使用"),
    (
        "check.format=junit",
        "JUnit XML,供 GitLab、Jenkins 的测试报告使用",
    ),
    ("check.format=github", "GitHub Actions 工作流命令(注解)"),
    (
        "check.format=html",
        "一个独立的 HTML 页面:画出各表,标出有问题的单元格",
    ),
    ("check.output", "把报告写入 FILE;终端仍显示汇总"),
    (
        "no_bom",
        "写入文件的 CSV 不加 UTF-8 字节顺序标记(BOM)\n\n写入文件(-o,或把标准输出重定向到文件)的 CSV 默认以 UTF-8 字节顺序标记(BOM)开头,以便中文 Windows 上的 Excel 按 UTF-8 打开;加此项则不加。",
    ),
    (
        "summary_only",
        "只输出本次运行的汇总\n\n只输出本次运行的汇总(总数、各规则的问题数、机关、无法读取的文件),格式按 --format:table、json(或 jsonl)或 csv。",
    ),
    ("jobs", "同时检查的文件数(0:全部 CPU 核心)"),
    ("quiet", "只输出报告:不显示进度条、汇总和提示"),
    ("verbose", "说明查找文件夹时跳过了什么"),
    ("stats", "在标准错误上显示用时、每秒文件数和内存峰值"),
    (
        "check.file_timeout",
        "读取一个文件超过 SECONDS 秒就停止\n\n读取一个文件超过 SECONDS 秒就停止:结束其工作进程,该文件记为无法读取(`timeout`),其余文件照常检查。",
    ),
    (
        "extract.file_timeout",
        "读取文件超过 SECONDS 秒就停止(结束其工作进程)",
    ),
    (
        "no_across_years",
        "不在本次运行中配对同一机关相邻年度的报告\n\n不在本次运行中配对同一机关相邻年度的报告(报告极多时每份约省 6 KB 内存)。",
    ),
    (
        "previous",
        "同一机关上一年度的报告\n\n同一机关上一年度的报告:其结转下年的数字须等于本年的上年结转数(T3-CARRY-CONTINUITY、T2-IN-FORCE-CONTINUITY)。",
    ),
    (
        "fail_on",
        "什么情况使运行失败(退出码 1),逗号分隔\n\n什么情况使运行失败(退出码 1),逗号分隔:`error`(总是)、`warning`、`not-a-report`;例如 `--fail-on warning,not-a-report`。",
    ),
    ("fail_on=error", "有错误即失败"),
    ("fail_on=warning", "有警告也失败"),
    (
        "fail_on=not-a-report",
        "有错误,或有不是年度报告的文件,即失败",
    ),
    ("agency", "机关名称,代替标题中的名称"),
    ("year", "报告年度(所报告的年份),代替标题中的年度"),
    ("color", "何时使用颜色"),
    ("color=auto", "输出到终端时使用"),
    ("color=always", "总是使用"),
    ("color=never", "从不使用"),
    (
        "check.ascii",
        "用 ASCII 字符画表格(用于把框线显示得过宽的终端)",
    ),
    ("rules.ascii", "用 ASCII 字符画表格"),
    ("max_file_mb", "读取的文件最大多少 MB"),
    (
        "max_document_mb",
        "网页、JSON 或文本文件最大多少 MB\n\n网页、JSON 或文本文件最大多少 MB(要整体解析,占用的内存是文件大小的数倍)。",
    ),
    (
        "max_unzipped_mb",
        "压缩格式(xlsx、ods、docx)解压后最多多少 MB\n\n压缩格式(xlsx、ods、docx)解压后最多多少 MB(“压缩炸弹”不予读取)。",
    ),
    ("max_cells", "一个输入最多多少个非空单元格(或文本行)"),
    (
        "max_memory_mb",
        "读取一个文件的进程最多用多少 MB 内存;0:不限\n\n读取一个文件的进程最多使用多少 MB 内存(地址空间);需要更多的文件记为无法读取(`out_of_memory`)。0:不限。",
    ),
    (
        "max_text_mb",
        "一个输入所有单元格的文字合计最多多少 MB\n\n一个输入所有单元格的文字合计最多多少 MB(在复制前计算:被许多单元格引用的一段长文字也会被拒绝)。",
    ),
    (
        "max_cell_chars",
        "一个单元格或一行最多保留多少个字符,其余截去",
    ),
    ("@extract", "输出从一份报告读到的内容(规范 JSON)"),
    ("extract.file", "要读取的报告"),
    (
        "locations",
        "加上 `locations`:每个数值读自哪个工作表、哪个单元格",
    ),
    ("@rules", "列出规则:编号、级别、检查什么、为什么"),
    ("rules.format", "输出格式"),
    ("rules.format=table", "表格"),
    ("rules.format=json", "JSON"),
    ("rules.format=markdown", "Markdown 表格,同 README.md"),
    (
        "@template",
        "把官方模板写成 .xlsx 文件\n\n把官方模板(法定表格、合并的表头、填好的零、不平衡时变红的合计)写成 .xlsx 文件。",
    ),
    (
        "edition",
        "格式版本:2021(2021 年度起)或 2019(2019–2020 年度)\n\n格式版本:2021(2021 年度起)或 2019(2019–2020 年度);默认按 --year 所需,否则 2021。",
    ),
    (
        "from",
        "用这份报告的数字填写模板\n\n用这份报告的数字填写模板(check 能读的任何输入:JSON 报告、网页、Word 文档、文本):把其他形式的报告做成官方工作簿。",
    ),
    ("template.output", "要写入的 .xlsx 文件"),
    ("force", "FILE 已存在时覆盖(已填写的报告不会被意外覆盖)"),
    (
        "@explain",
        "解释一条规则:检查什么、为什么,以及一个出错的例子和改法",
    ),
    ("explain.rule", "规则编号,如 T3-BALANCE(不分大小写)"),
    ("@schema", "输出规范报告 JSON 的 JSON Schema"),
    (
        "@completions",
        "输出 shell 补全脚本(如 `nianbao completions bash > /etc/bash_completion.d/nianbao`)",
    ),
    ("completions.shell", "shell 的种类"),
    (
        "@man",
        "输出手册页(roff 格式;手册页只有英文)\n\n输出手册页(roff 格式),如 `nianbao man > nianbao.1`、`nianbao man check`;或用 `--out man/` 把 nianbao 和每个子命令的手册页写入文件夹。手册页只有英文。",
    ),
    (
        "man.subcommand",
        "要输出哪个子命令的手册页(check、extract 等);默认:nianbao 本身的",
    ),
    (
        "man.out",
        "把 nianbao.1 和每个子命令的 nianbao-子命令.1 写入 DIR",
    ),
    ("@help", "显示本说明,或所给子命令的帮助"),
    ("help.subcommand", "要显示帮助的子命令"),
];

/// The Chinese text of `key`, or of the key without its command (`check.format=json`, then
/// `format=json`).
pub fn zh(command: &str, key: &str) -> Option<&'static str> {
    let specific = format!("{command}.{key}");
    ZH.iter()
        .find(|(k, _)| *k == specific)
        .or_else(|| ZH.iter().find(|(k, _)| *k == key))
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command, argument and described value has its Chinese text.
    #[test]
    fn every_command_argument_and_value_has_chinese() {
        let mut cmd = super::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        let mut walk = vec![cmd];
        while let Some(cmd) = walk.pop() {
            let name = cmd.get_name().to_string();
            if super::ZH.iter().all(|(k, _)| *k != format!("@{name}")) {
                missing.push(format!("@{name}"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if super::zh(&name, id).is_none() {
                    missing.push(format!("{name}.{id}"));
                }
                for value in arg.get_possible_values() {
                    let key = format!("{id}={}", value.get_name());
                    if value.get_help().is_some() && super::zh(&name, &key).is_none() {
                        missing.push(format!("{name}.{key}"));
                    }
                }
            }
            if name != "help" {
                walk.extend(cmd.get_subcommands().cloned());
            }
        }
        assert!(missing.is_empty(), "no Chinese text for {missing:?}");
    }
}
