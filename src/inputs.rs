//! Which files a run checks: the files named, and every report-like file under the folders
//! named, sorted by path so that output order never depends on the file system.
//!
//! Folder walks fit repositories as ripgrep's do (its `ignore` crate): `.gitignore`,
//! `.ignore` and git's exclude file are honoured (in a git repository or not), hidden files
//! and folders are passed over, and `--exclude`/`--include` narrow the walk. A file named
//! on the command line is always taken: its content decides what it is.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::read::{CONVERTED, EXTENSIONS};

/// How folders are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Globs (gitignore syntax, relative to each folder named) of files and folders to pass
    /// over.
    pub exclude: Vec<String>,
    /// Globs of the files to take; none: every report-like file.
    pub include: Vec<String>,
    /// Do not honour `.gitignore`, `.ignore` and git's exclude file.
    pub no_ignore: bool,
    /// Walk hidden files and folders too.
    pub hidden: bool,
}

/// The files to check, and what was passed over on the way.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Sorted, each file once (by device and inode, whatever the names it was reached by).
    pub files: Vec<PathBuf>,
    /// The files found by a folder walk rather than named: a page, JSON or text file among
    /// them that holds no report is a document of another kind, not a broken report.
    pub walked: HashSet<PathBuf>,
    /// Office lock files (`~$报告.xlsx`) left by an open workbook.
    pub skipped_lock_files: usize,
    /// Files and folders passed over by `--exclude` or `--include`.
    pub skipped_excluded: usize,
    /// Files whose extension is not one of a report (a program, an image, an archive).
    pub skipped_unsupported: usize,
    /// Folders or entries that could not be read: checked inputs that were lost, so the run
    /// must not look clean.
    pub unreadable: Vec<(PathBuf, crate::explain::Explained)>,
    /// Symbolic-link loops, passed over (their files are reached another way).
    pub loops: Vec<PathBuf>,
}

/// Whether a file name is one a folder walk takes: an extension nianbao reads, or one of a
/// document LibreOffice converts (`--convert`), case-insensitive. The latter are taken so
/// that every submission is a result, checked or saying how to convert it.
pub fn is_supported(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        EXTENSIONS
            .iter()
            .chain(CONVERTED.iter().map(|(from, _)| from))
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

/// Whether two paths name the same file: by device and inode where the system has them
/// (a hard link or a symbolic link is the file it links), else by canonical path. A path
/// that does not exist is no file of the other.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (identity(a), identity(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// What makes a file itself: device and inode on Unix, the canonical path elsewhere.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok()
}

/// A set of gitignore-syntax globs rooted at a walked folder.
fn globs(root: &Path, patterns: &[String]) -> Result<Option<Gitignore>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GitignoreBuilder::new(root);
    // `*.xlsx` takes `报告.XLSX`: the walk reads extensions whatever their case.
    builder
        .allow_unclosed_class(false)
        .case_insensitive(true)
        .map_err(|e| e.to_string())?;
    for p in patterns {
        builder.add_line(None, p).map_err(|e| format!("{p}: {e}"))?;
    }
    builder.build().map(Some).map_err(|e| e.to_string())
}

/// Check that every glob of `options` parses: a usage error, said before the walk.
pub fn validate(options: &WalkOptions) -> Result<(), String> {
    globs(Path::new("."), &options.exclude)?;
    globs(Path::new("."), &options.include)?;
    Ok(())
}

/// Expand the paths given on the command line. A file named explicitly is always taken
/// (its content decides whether it can be read); folders are walked recursively.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    collect_with(paths, &WalkOptions::default())
}

/// [`collect`] with folder walks as `options` say.
pub fn collect_with(paths: &[PathBuf], options: &WalkOptions) -> Inputs {
    let mut inputs = Inputs::default();
    let mut files = BTreeSet::new();
    for path in paths {
        if !path.is_dir() {
            files.insert(path.clone());
            continue;
        }
        walk(path, options, &mut inputs, &mut files);
    }
    // One file named twice (`a` and `./a`, a folder and a link to it, a hard link) is
    // checked once, under the first of its names.
    let mut seen = HashSet::new();
    inputs.files = files
        .into_iter()
        .filter(|f| identity(f).is_none_or(|id| seen.insert(id)))
        .collect();
    let kept: HashSet<&PathBuf> = inputs.files.iter().collect();
    inputs.walked.retain(|f| kept.contains(f));
    inputs
}

fn walk(root: &Path, options: &WalkOptions, inputs: &mut Inputs, files: &mut BTreeSet<PathBuf>) {
    // Globs were validated before the walk; a folder whose globs do not build is walked
    // without them rather than lost.
    let exclude = globs(root, &options.exclude).ok().flatten();
    let include = globs(root, &options.include).ok().flatten();
    let excluded = Arc::new(AtomicUsize::new(0));
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .follow_links(true)
        .hidden(!options.hidden)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        // A user's global gitignore is theirs, not the repository's: a run is the same on
        // every machine.
        .git_global(false)
        // A folder of submissions copied out of a repository keeps its .gitignore.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    let counter = Arc::clone(&excluded);
    builder.filter_entry(move |entry| {
        if entry.depth() == 0 {
            return true;
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        let path = entry.path();
        let out = exclude
            .as_ref()
            .is_some_and(|g| g.matched_path_or_any_parents(path, is_dir).is_ignore())
            || (!is_dir
                && include
                    .as_ref()
                    .is_some_and(|g| !g.matched_path_or_any_parents(path, false).is_ignore()));
        counter.fetch_add(usize::from(out), Ordering::Relaxed);
        !out
    });
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let (at, looped) = error_path(&err);
                let at = at.unwrap_or_else(|| root.to_path_buf());
                if looped {
                    inputs.loops.push(at);
                } else {
                    inputs.unreadable.push((at, explain_walk(&err)));
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        // Only regular files: a pipe or a device named .txt would block the run or never
        // end (links are followed, so a link to a file counts as one).
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if !kind.is_file() {
            if !kind.is_dir() {
                inputs.skipped_unsupported += 1;
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with("~$") {
            inputs.skipped_lock_files += 1;
        } else if is_supported(entry.path()) {
            let path = entry.into_path();
            inputs.walked.insert(path.clone());
            files.insert(path);
        } else {
            inputs.skipped_unsupported += 1;
        }
    }
    inputs.skipped_excluded += excluded.load(Ordering::Relaxed);
}

/// Where a walk error happened, and whether it is a symbolic-link loop.
fn error_path(err: &ignore::Error) -> (Option<PathBuf>, bool) {
    match err {
        ignore::Error::WithPath { path, err } => {
            let (inner, looped) = error_path(err);
            (inner.or_else(|| Some(path.clone())), looped)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), true),
        ignore::Error::Partial(errs) => errs.first().map(error_path).unwrap_or((None, false)),
        _ => (None, false),
    }
}

/// A walk error as a sentence: the system's error said with what to do where it is one.
fn explain_walk(err: &ignore::Error) -> crate::explain::Explained {
    match err.io_error() {
        Some(e) => crate::explain::io(e, crate::explain::Access::Read),
        None => {
            let text = error_text(err);
            crate::explain::Explained {
                zh: format!("无法读取这个文件夹({text})"),
                en: text,
            }
        }
    }
}

/// The innermost message of a walk error (its path is said beside it).
fn error_text(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_text(err),
        other => other.to_string(),
    }
}

/// The extensions of documents that hold no report when they hold nothing nianbao reads:
/// in a folder walk, an empty or binary one of these is a document of another kind.
const DOCUMENT_EXTENSIONS: &[&str] = &["json", "md", "markdown", "txt", "html", "htm"];

/// A walked page, JSON or text file that is empty or not text is not a broken report: in a
/// repository, an empty `notes.txt` or a binary `.json` is some other document. Named on
/// the command line, it stays unreadable: the user said it was a report.
pub fn settle_walked(
    inputs: &Inputs,
    result: &mut crate::findings::FileResult,
    lang: crate::lang::Lang,
) {
    use crate::findings::{Classification, Status};
    let path = Path::new(&result.source);
    let document = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        DOCUMENT_EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    });
    let Some(error) = &result.error else {
        return;
    };
    if !document || !matches!(error.kind, "empty" | "unsupported") || !inputs.walked.contains(path)
    {
        return;
    }
    let reason = format!(
        "{}{}",
        lang.pick(
            "在文件夹中找到的这个文件不是年度报告:",
            "found in a folder, this file is not an annual report: "
        ),
        error.message
    );
    result.status = Status::NotAReport;
    result.error = None;
    result.classification = Some(Classification {
        kind: "not_a_report",
        reason,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &Inputs, root: &Path) -> Vec<String> {
        inputs
            .files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        dir
    }

    #[test]
    fn gitignore_hidden_and_globs_narrow_the_walk() {
        let dir = tree(&[
            ".gitignore",
            "a.xlsx",
            "b.doc",
            "notes.rs",
            "target/t.json",
            "drafts/c.xlsx",
            ".hidden/d.xlsx",
            "~$a.xlsx",
        ]);
        std::fs::write(dir.path().join(".gitignore"), "target/\n").unwrap();
        let root = dir.path().to_path_buf();
        let all = collect(std::slice::from_ref(&root));
        assert_eq!(names(&all, &root), ["a.xlsx", "b.doc", "drafts/c.xlsx"]);
        assert_eq!(all.skipped_lock_files, 1);
        assert_eq!(all.skipped_unsupported, 1);
        assert_eq!(all.walked.len(), 3);

        let opts = WalkOptions {
            exclude: vec!["drafts/".into()],
            no_ignore: true,
            ..WalkOptions::default()
        };
        let some = collect_with(std::slice::from_ref(&root), &opts);
        assert_eq!(names(&some, &root), ["a.xlsx", "b.doc", "target/t.json"]);
        assert_eq!(some.skipped_excluded, 1);

        let opts = WalkOptions {
            include: vec!["*.xlsx".into()],
            hidden: true,
            ..WalkOptions::default()
        };
        let only = collect_with(std::slice::from_ref(&root), &opts);
        assert_eq!(
            names(&only, &root),
            [".hidden/d.xlsx", "a.xlsx", "drafts/c.xlsx"]
        );
    }

    #[test]
    fn a_named_file_is_taken_whatever_the_rules() {
        let dir = tree(&["target/t.json", ".gitignore"]);
        std::fs::write(dir.path().join(".gitignore"), "target/\n").unwrap();
        let named = dir.path().join("target/t.json");
        let inputs = collect(std::slice::from_ref(&named));
        assert_eq!(inputs.files, [named]);
        assert!(inputs.walked.is_empty());
    }

    #[test]
    fn a_bad_glob_is_a_usage_error() {
        let opts = WalkOptions {
            exclude: vec!["[".into()],
            ..WalkOptions::default()
        };
        assert!(validate(&opts).is_err());
    }
}
