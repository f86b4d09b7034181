//! The CI recipes (docs/ci-recipes.md): the pre-commit hook covers every extension nianbao
//! reads, and the GitHub Action's script picks the changed reports of a push or pull request
//! and fails with annotations. No build and no network: the script runs with the binary
//! cargo built for the tests, in scratch git repositories cloned over `file://`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nianbao::read::{CONVERTED, EXTENSIONS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------- pre-commit hook

/// The value of `key:` in the hook `id` of a `.pre-commit-hooks.yaml` (a list of flat maps
/// of plain scalars, which is all that file needs).
fn hook_value(manifest: &str, id: &str, key: &str) -> Option<String> {
    let mut in_hook = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            in_hook = rest.trim() == format!("id: {id}");
            continue;
        }
        if in_hook && let Some(value) = trimmed.strip_prefix(&format!("{key}:")) {
            let value = value.trim();
            let unquoted = value
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''))
                .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
                .unwrap_or(value);
            return Some(unquoted.to_string());
        }
    }
    None
}

/// Every name end a regex of the form `(?i)\.(alt|alt|…)$` matches, each alternative being
/// letters and digits, any of them optional (`html?`). Lowercased when `(?i)` is there; the
/// bool says whether it is.
fn extension_alternatives(regex: &str) -> (Vec<String>, bool) {
    let (body, case_insensitive) = match regex.strip_prefix("(?i)") {
        Some(rest) => (rest, true),
        None => (regex, false),
    };
    let group = body
        .strip_prefix(r"\.(")
        .and_then(|b| b.strip_suffix(")$"))
        .unwrap_or_else(|| {
            panic!(r"tests/recipes.rs reads only `(?i)\.(ext|ext|…)$`, not {regex:?}")
        });
    let mut out = Vec::new();
    for alt in group.split('|') {
        let mut variants = vec![String::new()];
        let chars: Vec<char> = alt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            assert!(
                c.is_ascii_alphanumeric(),
                "unexpected {c:?} in alternative {alt:?} of {regex:?}"
            );
            let optional = chars.get(i + 1) == Some(&'?');
            let mut next = Vec::new();
            for v in &variants {
                next.push(format!("{v}{c}"));
                if optional {
                    next.push(v.clone());
                }
            }
            variants = next;
            i += if optional { 2 } else { 1 };
        }
        out.extend(variants.into_iter().map(|v| {
            if case_insensitive {
                v.to_ascii_lowercase()
            } else {
                v
            }
        }));
    }
    (out, case_insensitive)
}

/// What a folder walk of nianbao takes: what it reads, and what it converts (--convert).
fn walked_extensions() -> Vec<&'static str> {
    EXTENSIONS
        .iter()
        .copied()
        .chain(CONVERTED.iter().map(|(ext, _)| *ext))
        .collect()
}

#[test]
fn pre_commit_hook_covers_every_extension_nianbao_reads() {
    let manifest = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let get = |key: &str| {
        hook_value(&manifest, "nianbao", key)
            .unwrap_or_else(|| panic!("hook nianbao has no `{key}:`"))
    };
    assert_eq!(get("entry"), "nianbao check");
    assert_eq!(get("language"), "rust");
    // nianbao runs its own worker processes and pairs consecutive years within one run.
    assert_eq!(get("require_serial"), "true");
    assert_eq!(get("pass_filenames"), "true");

    let (alternatives, case_insensitive) = extension_alternatives(&get("files"));
    assert!(
        case_insensitive,
        "the files regex must be case-insensitive: (?i)"
    );
    for ext in walked_extensions() {
        assert!(
            alternatives.iter().any(|a| a.eq_ignore_ascii_case(ext)),
            ".pre-commit-hooks.yaml `files` misses .{ext} (nianbao::read::EXTENSIONS or CONVERTED)"
        );
    }
}

#[test]
fn action_script_covers_every_extension_nianbao_reads() {
    let script = std::fs::read_to_string(root().join(".github/nianbao-action.sh")).unwrap();
    let list = script
        .lines()
        .find_map(|l| l.strip_prefix("REPORT_EXTENSIONS="))
        .expect("REPORT_EXTENSIONS= in the action's script")
        .trim_matches('\'');
    let (alternatives, _) = extension_alternatives(&format!(r"(?i)\.({list})$"));
    for ext in walked_extensions() {
        assert!(
            alternatives.iter().any(|a| a.eq_ignore_ascii_case(ext)),
            "the action's REPORT_EXTENSIONS misses .{ext} (nianbao::read::EXTENSIONS or CONVERTED)"
        );
    }
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(action.contains(r#"bash "$GITHUB_ACTION_PATH/.github/nianbao-action.sh""#));
    assert!(action.contains(r#"cargo install --locked --path "$GITHUB_ACTION_PATH""#));
}

#[test]
fn the_regex_reader_expands_optional_letters() {
    let (alts, ci) = extension_alternatives(r"(?i)\.(html?|XLSX)$");
    assert!(ci);
    assert_eq!(alts, ["html", "htm", "xlsx"]);
}

// ---------------------------------------------------------------- the action's script

const CLEAN: &str = "fixtures/xlsx/clean_2021.xlsx";
const FAILING: &str = "fixtures/xlsx/rule_t3_column_sum.xlsx";
const FAILING_OTHER: &str = "fixtures/xlsx/rule_t3_balance.xlsx";
/// A changed failing report, named as clerks name files: a space, Chinese, upper case.
const CHANGED: &str = "报告 目录/某某局 2024年.XLSX";
/// The failing report a pull request adds.
const PR_FAILING: &str = "申请/表三 2024.xlsx";
/// A failing report that no commit under test touches.
const UNCHANGED: &str = "old fail.xlsx";

/// git with no user or system configuration, so the machine's cannot change the result.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn put(repo: &Path, name: &str, fixture: &str) {
    let dest = repo.join(name);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::copy(root().join(fixture), dest).unwrap();
}

fn commit(repo: &Path, message: &str) -> String {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
    git(repo, &["rev-parse", "HEAD"])
}

struct Run {
    code: i32,
    stdout: String,
    outputs: String,
}

/// The action's script in `work`, with the environment GitHub would give it and nothing of
/// this process's GitHub or nianbao variables (the tests may run in GitHub Actions).
fn run_action(work: &Path, env: &[(&str, &str)]) -> Run {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_nianbao"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let github_output = work.parent().unwrap().join("github_output");
    std::fs::write(&github_output, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(root().join(".github/nianbao-action.sh"))
        .current_dir(work)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1");
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("GITHUB_") || k.starts_with("NIANBAO_") || k.starts_with("RUNNER_") {
            cmd.env_remove(&*k);
        }
    }
    cmd.env("GITHUB_OUTPUT", &github_output);
    cmd.envs(env.iter().copied());
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("bash runs");
    let stdout = String::from_utf8(stdout).unwrap();
    let code = status.code().expect("exit code");
    eprintln!(
        "--- action script, exit {code}\n{stdout}{}",
        String::from_utf8_lossy(&stderr)
    );
    Run {
        code,
        stdout,
        outputs: std::fs::read_to_string(&github_output).unwrap(),
    }
}

/// An upstream repository (which serves fetches by commit id, as GitHub does) and its
/// history: `first` holds a clean report, an unchanged failing one, a package.json and a
/// build script; `second` adds a failing report in a folder named with a space and Chinese.
struct Upstream {
    dir: tempfile::TempDir,
    first: String,
    second: String,
}

impl Upstream {
    fn new() -> Upstream {
        let dir = tempfile::tempdir().unwrap();
        let up = dir.path().join("upstream");
        std::fs::create_dir(&up).unwrap();
        git(&up, &["init", "-q"]);
        git(
            &up,
            &["config", "uploadpack.allowReachableSHA1InWant", "true"],
        );
        put(&up, "年报 2023.xlsx", CLEAN);
        put(&up, UNCHANGED, FAILING);
        std::fs::write(up.join("package.json"), "{\"name\": \"site\"}\n").unwrap();
        std::fs::write(up.join("build.sh"), "echo build\n").unwrap();
        let first = commit(&up, "first");
        put(&up, CHANGED, FAILING);
        let second = commit(&up, "second");
        Upstream { dir, first, second }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("upstream")
    }

    fn url(&self) -> String {
        format!("file://{}", self.path().display())
    }

    /// A checkout of `refspec` as actions/checkout makes it by default: depth 1.
    fn shallow_checkout(&self, name: &str, refspec: &str) -> PathBuf {
        let work = self.dir.path().join(name);
        std::fs::create_dir(&work).unwrap();
        git(&work, &["init", "-q"]);
        git(&work, &["remote", "add", "origin", &self.url()]);
        git(
            &work,
            &["fetch", "-q", "--no-tags", "--depth=1", "origin", refspec],
        );
        git(&work, &["checkout", "-q", "--detach", "FETCH_HEAD"]);
        assert_eq!(
            git(&work, &["rev-parse", "--is-shallow-repository"]),
            "true"
        );
        work
    }
}

#[cfg(unix)]
#[test]
fn push_of_a_failing_report_fails_with_annotations_and_skips_unchanged_ones() {
    let up = Upstream::new();
    let work = up.shallow_checkout("push", &up.second);
    let sarif = "out dir/nianbao.sarif";
    let run = run_action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("NIANBAO_BASE_SHA", &up.first),
            ("NIANBAO_SARIF_FILE", sarif),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains(&format!("::error file={CHANGED},title=T3-COLUMN-SUM::")),
        "an annotation on the changed report"
    );
    assert!(run.stdout.contains("fetching"), "the base was fetched");
    assert!(
        !run.stdout.contains(UNCHANGED),
        "the unchanged report is not checked"
    );
    assert!(!run.stdout.contains("年报 2023"));
    assert!(run.outputs.contains("files=1\n") && run.outputs.contains("exit-code=1\n"));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join(sarif)).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn push_without_report_changes_passes_without_running_nianbao() {
    let up = Upstream::new();
    let build = up.path().join("build.sh");
    std::fs::write(&build, "echo build all\n").unwrap();
    let third = commit(&up.path(), "third: no report");
    let work = up.shallow_checkout("none", &third);
    let run = run_action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("NIANBAO_BASE_SHA", &up.second),
            ("NIANBAO_SARIF_FILE", "nianbao.sarif"),
        ],
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("nothing to check"), "says why");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("nianbao.sarif")).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["results"],
        serde_json::json!([]),
        "an empty run to upload"
    );
    assert!(!run.stdout.contains("::error"));
    assert!(run.outputs.contains("files=0\n"));
}

#[cfg(unix)]
#[test]
fn pull_request_checks_its_own_changes_not_the_base_branch_s() {
    let up = Upstream::new();
    let upstream = up.path();
    // The pull request branches off `first` and adds a failing report and a clean one ...
    git(&upstream, &["checkout", "-q", "-b", "feature", &up.first]);
    put(&upstream, PR_FAILING, FAILING);
    put(&upstream, "新 报告/年报 2024.xlsx", CLEAN);
    commit(&upstream, "feature");
    // ... while main (at `second`) changes the unchanged report, which the PR must not check.
    git(&upstream, &["checkout", "-q", "main"]);
    put(&upstream, UNCHANGED, FAILING_OTHER);
    let base = commit(&upstream, "main moves on");
    // GitHub's refs/pull/N/merge: the pull request merged into its base.
    git(&upstream, &["checkout", "-q", "--detach", &base]);
    git(
        &upstream,
        &["merge", "-q", "--no-ff", "-m", "merge", "feature"],
    );
    let merge = git(&upstream, &["rev-parse", "HEAD"]);
    git(&upstream, &["update-ref", "refs/pull/1/merge", &merge]);
    git(&upstream, &["checkout", "-q", "main"]);

    let work = up.shallow_checkout("pr", "refs/pull/1/merge");
    let run = run_action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_BASE_REF", "main"),
            ("NIANBAO_BASE_SHA", &base),
            ("NIANBAO_ARGS", "--lang en --color 'never'"),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("checking 2 report file(s)"));
    assert!(
        run.stdout
            .contains(&format!("::error file={PR_FAILING},title=T3-COLUMN-SUM::")),
        "the pull request's failing report"
    );
    assert!(run.stdout.contains("Table 3"), "--lang en from args");
    assert!(!run.stdout.contains(UNCHANGED), "the base branch's change");
    assert!(
        !run.stdout.contains(CHANGED),
        "what main added is no change of the PR"
    );

    // Without the base commit id, the base branch's name is enough.
    let work = up.shallow_checkout("pr-ref", "refs/pull/1/merge");
    let run = run_action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_BASE_REF", "main"),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(UNCHANGED));
}

#[cfg(unix)]
#[test]
fn a_new_branch_has_no_base_and_checks_everything_under_paths() {
    let up = Upstream::new();
    let work = up.shallow_checkout("new", &up.second);
    let run = run_action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            (
                "NIANBAO_BASE_SHA",
                "0000000000000000000000000000000000000000",
            ),
            ("NIANBAO_PATHS", "年报 2023.xlsx\n报告 目录\n"),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("no earlier commit"));
    assert!(run.stdout.contains(&format!("::error file={CHANGED},")));

    let run = run_action(
        &work,
        &[
            ("NIANBAO_CHANGED_ONLY", "false"),
            ("NIANBAO_PATHS", "年报 2023.xlsx"),
        ],
    );
    assert_eq!(run.code, 0);
    let run = run_action(&work, &[("NIANBAO_CHANGED_ONLY", "maybe")]);
    assert_eq!(run.code, 2, "a wrong input is a usage error");
}

/// A changed package.json and README.md are no reports: nianbao says `not_a_report`, and
/// the action passes.
#[cfg(unix)]
#[test]
fn a_changed_package_json_or_readme_passes() {
    let up = Upstream::new();
    std::fs::write(
        up.path().join("package.json"),
        "{\"name\": \"site\", \"version\": \"1.0.1\"}\n",
    )
    .unwrap();
    std::fs::write(
        up.path().join("README.md"),
        "# 政务公开网站\n\n年报在 报告 目录 下。\n",
    )
    .unwrap();
    let third = commit(&up.path(), "bump package.json, README");
    let work = up.shallow_checkout("pkg", &third);
    let run = run_action(
        &work,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("NIANBAO_BASE_SHA", &up.second),
            ("NIANBAO_FORMAT", "json"),
        ],
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("checking 2 report file(s)"));
    assert_eq!(
        run.stdout.matches("\"status\": \"not_a_report\"").count(),
        2
    );
}

#[cfg(unix)]
#[test]
fn exclude_passes_over_changed_files_and_walked_ones() {
    let up = Upstream::new();
    let work = up.shallow_checkout("exclude", &up.second);
    let push = [
        ("GITHUB_EVENT_NAME", "push"),
        ("NIANBAO_BASE_SHA", up.first.as_str()),
    ];
    let run = run_action(
        &work,
        &[&push[..], &[("NIANBAO_EXCLUDE", "报告 目录/\n")]].concat(),
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("nothing to check"));
    let run = run_action(
        &work,
        &[&push[..], &[("NIANBAO_EXCLUDE", "*.docx\n")]].concat(),
    );
    assert_eq!(run.code, 1, "another pattern leaves the changed report");
    // A folder walk (changed-only false): nianbao's --exclude.
    let run = run_action(&work, &[("NIANBAO_CHANGED_ONLY", "false")]);
    assert_eq!(run.code, 1, "the walk finds both failing reports");
    let run = run_action(
        &work,
        &[
            ("NIANBAO_CHANGED_ONLY", "false"),
            ("NIANBAO_EXCLUDE", "报告 目录/\nold fail.xlsx"),
        ],
    );
    assert_eq!(
        run.code, 0,
        "only the clean report and package.json are left"
    );
}
