//! The language of the command line itself: help and usage errors in Chinese by default (and
//! with a Chinese locale), English with `--lang en` or an English locale; the errors of the
//! system and of the libraries said as sentences with what to do, not in their English.
//! Review snapshot changes with `cargo insta review`.

use assert_cmd::Command;

/// Run nianbao at the crate root with the locale given (`None`: no locale variable at
/// all) and a fixed width for the help.
fn run(locale: Option<&str>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("nianbao").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env("COLUMNS", "100")
        .args(args);
    if let Some(locale) = locale {
        cmd.env("LANG", locale);
    }
    let out = cmd.output().expect("binary runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// stdout of a help request, which must exit 0 and say nothing on stderr.
fn help(locale: Option<&str>, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(locale, args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    stdout
}

/// stderr of a usage error, which must exit 2 and print nothing on stdout.
fn usage_error(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(None, args);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    stderr
}

/// The English words clap writes on its own: none may be left in the Chinese help.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "[default:",
    "possible values",
    "Possible values",
    "error: ",
    "tip: ",
];

fn assert_no_clap_english(text: &str) {
    for word in CLAP_ENGLISH {
        assert!(!text.contains(word), "{word:?} in:\n{text}");
    }
}

#[test]
fn top_level_help_zh() {
    let text = help(Some("zh_CN.UTF-8"), &["--help"]);
    assert_no_clap_english(&text);
    assert!(!text.contains("Check reports"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn top_level_help_without_a_locale_is_chinese() {
    assert_eq!(
        help(None, &["--help"]),
        help(Some("zh_CN.UTF-8"), &["--help"])
    );
}

#[test]
fn check_help_zh() {
    let text = help(Some("zh_CN.UTF-8"), &["check", "--help"]);
    assert_no_clap_english(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn check_short_help_zh_without_a_locale() {
    let text = help(None, &["check", "-h"]);
    assert_no_clap_english(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn check_help_is_the_same_with_a_chinese_locale_and_without_one() {
    assert_eq!(
        help(None, &["check", "--help"]),
        help(Some("zh_CN.UTF-8"), &["check", "--help"])
    );
}

#[test]
fn check_help_en() {
    let text = help(Some("zh_CN.UTF-8"), &["check", "--help", "--lang", "en"]);
    assert!(text.contains("Usage: nianbao check"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn top_level_help_en() {
    insta::assert_snapshot!(help(None, &["--lang", "en", "--help"]));
}

#[test]
fn an_english_locale_gives_english_help_and_lang_overrides_it() {
    let text = help(Some("en_US.UTF-8"), &["check", "-h"]);
    assert!(text.starts_with("Check reports"), "{text}");
    let text = help(Some("en_US.UTF-8"), &["check", "-h", "--lang=zh"]);
    assert!(text.starts_with("检查报告"), "{text}");
}

/// Every subcommand's help is Chinese, `help SUBCOMMAND` too.
#[test]
fn every_subcommand_help_is_chinese() {
    for sub in [
        "check",
        "extract",
        "rules",
        "template",
        "explain",
        "schema",
        "completions",
        "man",
        "help",
    ] {
        let asks = if sub == "help" {
            vec![vec!["help"], vec!["help", "help"]]
        } else {
            vec![vec![sub, "-h"], vec![sub, "--help"], vec!["help", sub]]
        };
        for args in asks {
            let text = help(None, &args);
            assert_no_clap_english(&text);
            assert!(text.contains("用法: nianbao"), "{args:?}: {text}");
        }
    }
}

#[test]
fn unknown_option_zh() {
    let text = usage_error(&["check", "--formt", "json", "x.xlsx"]);
    assert_no_clap_english(&text);
    assert!(text.contains("--formt"), "{text}");
    assert!(text.contains("--format"), "{text}");
    assert!(text.contains("nianbao check --help"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn missing_path_zh() {
    let text = usage_error(&["check"]);
    assert_no_clap_english(&text);
    assert!(text.contains("<PATH>"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn invalid_value_zh() {
    let text = usage_error(&["check", "--format", "nope", "x"]);
    assert_no_clap_english(&text);
    assert!(
        text.contains("'nope'") && text.contains("--format"),
        "{text}"
    );
    assert!(text.contains("table, json"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn more_usage_errors_zh() {
    for args in [
        &["check", "--format"][..],
        &["check", "--year", "twenty", "x.json"],
        &["check", "--file-timeout", "0", "x.json"],
        &["chek", "x.xlsx"],
        &["explain"],
        &["explain", "T3-BALANCE", "more"],
        &["--lang", "fr", "rules"],
    ] {
        let text = usage_error(args);
        assert_no_clap_english(&text);
        assert!(text.starts_with("错误:"), "{args:?}: {text}");
        assert!(text.contains("--help"), "{args:?}: {text}");
    }
}

#[test]
fn usage_errors_stay_clap_s_in_english() {
    let (code, _, stderr) = run(None, &["check", "--lang", "en", "--formt", "json", "x"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: unexpected argument '--formt'"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_said_in_chinese() {
    let (code, stdout, stderr) = run(None, &["check", "不存在.xlsx"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.contains("找不到文件:请检查路径"), "{stdout}");
    for english in ["No such file", "os error", "cannot open"] {
        assert!(!stdout.contains(english), "{stdout}");
        assert!(!stderr.contains(english), "{stderr}");
    }
    let (_, json) = check_json(&["不存在.xlsx"], "zh");
    assert_eq!(json["kind"], "io", "the kind is a contract: {json}");
    let (_, json) = check_json(&["不存在.xlsx"], "en");
    let message = json["message"].as_str().unwrap();
    assert!(
        message.starts_with("cannot open the file: the file does not exist"),
        "{message}"
    );
    assert!(message.contains("os error 2"), "{message}");
}

#[test]
fn a_truncated_xlsx_is_said_in_chinese() {
    let (code, stdout, _) = run(None, &["check", "fixtures/bad/truncated.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("不是可读的电子表格:文件不完整或已损坏(可能没有下载完整):请重新下载"),
        "{stdout}"
    );
    for english in ["EOCD", "Zip error", "invalid Zip archive"] {
        assert!(!stdout.contains(english), "{stdout}");
    }
    let (_, json) = check_json(&["fixtures/bad/truncated.xlsx"], "zh");
    assert_eq!(json["kind"], "format", "the kind is a contract: {json}");
    let (_, json) = check_json(&["fixtures/bad/truncated.xlsx"], "en");
    assert!(
        json["message"].as_str().unwrap().contains("EOCD"),
        "English keeps the library's text: {json}"
    );
}

/// The error of the one file of a `check --format json` run.
fn check_json(files: &[&str], lang: &str) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--lang", lang];
    args.extend_from_slice(files);
    let (code, stdout, stderr) = run(None, &args);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, json["files"][0]["error"].clone())
}
