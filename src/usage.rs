//! The command line in the language of the run: which language that is (`--lang`, else
//! the locale), the help in Chinese (the texts of `cli::ZH` put into clap's command), and
//! usage errors said in Chinese. English is clap's own.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};
use nianbao::lang::Lang;

use crate::cli::{self, Cli};

/// The language of the run: `--lang zh|en` anywhere on the command line (before `--`),
/// else the locale ([`from_locale`]).
pub fn choose(args: &[OsString]) -> Lang {
    lang_arg(args).unwrap_or_else(|| from_locale(|name| std::env::var(name).ok()))
}

/// `--lang zh`, `--lang=en`: the value clap will parse, read before it parses so that its
/// help and errors come in that language.
fn lang_arg(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            args.next().map(|v| v.into_owned())
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            Some(value.to_string())
        } else {
            continue;
        };
        match value.as_deref() {
            Some("zh") => return Some(Lang::Zh),
            Some("en") => return Some(Lang::En),
            _ => {}
        }
    }
    None
}

/// The locale's language, as POSIX orders the variables: the first of LC_ALL, LC_MESSAGES
/// and LANG that is set. `en…` is English; `zh…`, C, POSIX, any other locale and none at
/// all are Chinese, the tool's default.
pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.is_empty());
    match locale {
        Some(value) if value.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Parse the command line in `lang`: help and usage errors in it (exit 0 for `--help` and
/// `--version`, 2 for an error).
pub fn parse(args: Vec<OsString>, lang: Lang) -> Cli {
    let mut cmd = command(lang);
    let parsed = cmd
        .clone()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd)));
    match parsed {
        Ok(cli) => cli,
        Err(e) => fail(e, lang, &cmd, &args),
    }
}

fn fail(e: clap::Error, lang: Lang, cmd: &Command, args: &[OsString]) -> ! {
    let own = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || own {
        e.exit();
    }
    eprint!("{}", chinese_error(&e, usage_of(cmd, args).as_deref()));
    std::process::exit(2);
}

/// The usage of the subcommand named on the command line (its first word that names one),
/// for the errors clap gives without a usage (a bad value).
fn usage_of(cmd: &Command, args: &[OsString]) -> Option<String> {
    let mut cmd = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .take_while(|a| a != "--")
        .find_map(|a| cmd.find_subcommand(a.as_ref()).cloned())
        .unwrap_or_else(|| cmd.clone());
    Some(cmd.render_usage().to_string())
}

/// The clap command in `lang`: for Chinese, every about and help from `cli::ZH`, Chinese
/// headings (用法, 命令, 参数, 选项, 限制) and the defaults and values said in Chinese.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so that the flags clap adds (--help, --version, the `help` subcommand)
    // and the global --lang copied into each subcommand are there to be translated.
    cmd.build();
    localize(cmd, false)
}

const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}";

fn localize(mut cmd: Command, under_help: bool) -> Command {
    let name = cmd.get_name().to_string();
    if let Some(text) = cli::ZH
        .iter()
        .find(|(k, _)| *k == format!("@{name}"))
        .map(|(_, t)| *t)
    {
        let (short, long) = split(text);
        cmd = cmd.about(short).long_about(long.to_string());
    }
    if under_help {
        return cmd;
    }
    if cmd.get_after_long_help().is_some()
        && let Some((_, text)) = cli::ZH.iter().find(|(k, _)| *k == format!("@{name}/after"))
    {
        cmd = cmd.after_long_help(*text);
    }
    let usage = cmd
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>");
    let is_help = name == "help";
    cmd = cmd
        .help_template(ZH_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .override_usage(usage)
        .mut_args(|arg| localize_arg(arg, &name))
        .mut_subcommands(|sub| localize(sub, is_help));
    cmd
}

/// A text of the table: before `\n\n` the short help, after it the long one (the short
/// one again when there is nothing after it).
fn split(text: &str) -> (&str, &str) {
    text.split_once("\n\n").unwrap_or((text, text))
}

fn localize_arg(arg: Arg, command: &str) -> Arg {
    // Only the limits: the arguments after the flattened LimitArgs inherit its heading.
    let heading = match arg.get_help_heading() {
        Some("Limits") if arg.get_id().as_str().starts_with("max_") => "限制",
        _ if arg.is_positional() => "参数",
        _ => "选项",
    };
    let arg = arg.help_heading(heading);
    let id = arg.get_id().as_str().to_string();
    match id.as_str() {
        "help" => {
            let more = arg
                .get_help()
                .is_some_and(|h| h.to_string().contains("see more"));
            return if more {
                arg.help("打印帮助(--help 显示更详细的说明)")
                    .long_help("打印帮助(-h 只显示摘要)")
            } else {
                arg.help("打印帮助")
            };
        }
        "version" => return arg.help("打印版本"),
        _ => {}
    }
    let Some(text) = cli::zh(command, &id) else {
        return arg;
    };
    let (short, long) = split(text);
    if !arg.get_action().takes_values() {
        return arg.help(short).long_help(long.to_string());
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut spec = Vec::new();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        spec.push(format!("[默认: {}]", defaults.join(",")));
    }
    let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
    let described = values.iter().any(|v| v.get_help().is_some());
    if !names.is_empty() && !arg.is_hide_possible_values_set() {
        spec.push(format!("[可选: {}]", names.join(", ")));
    }
    let spec = spec.join(" ");
    let help = if spec.is_empty() {
        short.to_string()
    } else {
        format!("{short} {spec}")
    };
    let mut long_help = long.to_string();
    if described && !arg.is_hide_possible_values_set() {
        long_help.push_str("\n\n可选值:");
        for value in &values {
            let text = cli::zh(command, &format!("{id}={}", value.get_name()))
                .map(str::to_string)
                .or_else(|| value.get_help().map(|h| h.to_string()));
            match text {
                Some(text) => long_help.push_str(&format!("\n- {}:{text}", value.get_name())),
                None => long_help.push_str(&format!("\n- {}", value.get_name())),
            }
        }
        if !defaults.is_empty() && !arg.is_hide_default_value_set() {
            long_help.push_str(&format!("\n\n[默认: {}]", defaults.join(",")));
        }
    } else if !spec.is_empty() {
        long_help.push_str(&format!("\n\n{spec}"));
    }
    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help(help)
        .long_help(long_help)
}

/// A usage error said in Chinese: what was wrong, a tip when clap has one, the usage and
/// where the help is.
pub fn chinese_error(e: &clap::Error, fallback_usage: Option<&str>) -> String {
    let text = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut tips: Vec<String> = Vec::new();
    let suggest = |tips: &mut Vec<String>, kind: ContextKind| {
        let found = list(kind);
        if !found.is_empty() {
            let quoted: Vec<String> = found.iter().map(|s| format!("'{s}'")).collect();
            tips.push(format!("是不是想写 {}?", quoted.join(" 或 ")));
        }
    };
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => {
            suggest(&mut tips, ContextKind::SuggestedArg);
            suggest(&mut tips, ContextKind::SuggestedSubcommand);
            if arg.starts_with('-') {
                if e.get(ContextKind::Suggested).is_some() {
                    tips.push(format!(
                        "如果 '{arg}' 是文件名而不是选项,请写在 -- 之后:-- {arg}"
                    ));
                }
                format!("不认识的选项 '{arg}'")
            } else {
                format!("多余的参数 '{arg}'")
            }
        }
        ErrorKind::InvalidSubcommand => {
            suggest(&mut tips, ContextKind::SuggestedSubcommand);
            let sub = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有子命令 '{sub}'")
        }
        ErrorKind::MissingSubcommand => "缺少子命令".to_string(),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 后面缺少值"),
        ErrorKind::InvalidValue => {
            suggest(&mut tips, ContextKind::SuggestedValue);
            let valid = list(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(format!("可用的值:{}", valid.join(", ")));
            }
            format!("'{value}' 不是 {arg} 可用的值")
        }
        ErrorKind::ValueValidation => {
            let name = arg.split([' ', '=']).next().unwrap_or_default();
            let reason = match name {
                "--year" => "须是 1990 到 2100 之间的年份(报告年度)".to_string(),
                "--file-timeout" => "须是大于 0、不超过 86400 的秒数".to_string(),
                "--jobs" | "-j" => "须是不小于 0 的整数".to_string(),
                n if n.starts_with("--max-") => "须是不小于 0 的整数".to_string(),
                _ => match std::error::Error::source(e) {
                    Some(source) => format!("(原始信息:{source})"),
                    None => String::new(),
                },
            };
            format!("'{value}' 不是 {arg} 可用的值:{reason}")
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(ContextKind::InvalidArg);
            if missing.iter().any(|m| m.starts_with("<PATH>")) {
                tips.push("请写出要检查的报告文件或文件夹,如 nianbao check 报告.xlsx".into());
            }
            format!("缺少必需的参数:{}", missing.join("、"))
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(ContextKind::PriorArg).unwrap_or_default();
            if prior == arg {
                format!("{arg} 只能写一次")
            } else {
                format!("{arg} 不能和 {prior} 一起使用")
            }
        }
        ErrorKind::NoEquals => format!("{arg} 的值须用 = 连着写,如 {arg}=值"),
        ErrorKind::TooManyValues => format!("{arg} 多给了一个值 '{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let actual = text(ContextKind::ActualNumValues).unwrap_or_default();
            let wanted = text(ContextKind::ExpectedNumValues)
                .or_else(|| text(ContextKind::MinValues))
                .unwrap_or_default();
            format!("{arg} 的值的个数不对:需要 {wanted} 个,给了 {actual} 个")
        }
        ErrorKind::InvalidUtf8 => "参数中有无效的 UTF-8 字符".to_string(),
        _ => {
            let raw = e.to_string();
            let raw = raw.trim_start_matches("error:").trim();
            format!("命令行有误(原始信息:{})", raw.lines().next().unwrap_or(raw))
        }
    };
    let usage = text(ContextKind::Usage)
        .or_else(|| fallback_usage.map(str::to_string))
        .map(|u| u.trim_start_matches("Usage:").trim().to_string())
        .unwrap_or_default();
    // The command whose help to read: the usage's words before its first argument.
    let command = usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-', '{']))
        .collect::<Vec<_>>()
        .join(" ");
    let command = if command.is_empty() {
        "nianbao".to_string()
    } else {
        command
    };
    let mut out = format!("错误:{sentence}\n");
    if !tips.is_empty() {
        out.push('\n');
        for tip in &tips {
            out.push_str(&format!("  提示:{tip}\n"));
        }
    }
    if !usage.is_empty() {
        out.push_str(&format!("\n用法: {usage}\n"));
    }
    out.push_str(&format!("\n详细说明请运行 {command} --help\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_anywhere_before_a_double_dash() {
        assert_eq!(
            lang_arg(&os(&["nianbao", "check", "x", "--lang", "en"])),
            Some(Lang::En)
        );
        assert_eq!(lang_arg(&os(&["nianbao", "--lang=zh"])), Some(Lang::Zh));
        assert_eq!(lang_arg(&os(&["nianbao", "--", "--lang", "en"])), None);
        assert_eq!(lang_arg(&os(&["nianbao", "--lang", "fr"])), None);
    }

    #[test]
    fn the_locale_picks_english_only_for_en() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            from_locale(move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(with(&[]), Lang::Zh);
        assert_eq!(with(&[("LANG", "C.UTF-8")]), Lang::Zh);
        assert_eq!(with(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        assert_eq!(with(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(
            with(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")]),
            Lang::Zh
        );
        assert_eq!(with(&[("LC_ALL", ""), ("LANG", "en_GB")]), Lang::En);
    }
}
