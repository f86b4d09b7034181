//! Which files a run checks: the files named, and every supported file under the folders
//! named, sorted by path so that output order never depends on the file system.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::read::EXTENSIONS;

/// The files to check, and what was passed over on the way.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Sorted, each file once (by device and inode, whatever the names it was reached by).
    pub files: Vec<PathBuf>,
    /// Office lock files (`~$报告.xlsx`) left by an open workbook.
    pub skipped_lock_files: usize,
    /// Hidden files and folders (names starting with `.`).
    pub skipped_hidden: usize,
    /// Files whose extension is not one nianbao reads.
    pub skipped_unsupported: usize,
    /// Folders or entries that could not be read: checked inputs that were lost, so the run
    /// must not look clean.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Symbolic-link loops, passed over (their files are reached another way).
    pub loops: Vec<PathBuf>,
}

/// Whether a file name is one a folder walk takes: a supported extension, case-insensitive.
pub fn is_supported(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
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

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
}

/// Expand the paths given on the command line. A file named explicitly is always taken
/// (its content decides whether it can be read); folders are walked recursively.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut files = BTreeSet::new();
    for path in paths {
        if !path.is_dir() {
            files.insert(path.clone());
            continue;
        }
        let mut hidden = 0;
        let mut walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let skip = e.depth() > 0 && e.file_name().to_str().is_some_and(is_hidden);
                hidden += usize::from(skip);
                !skip
            });
        loop {
            let entry = match walker.next() {
                None => break,
                Some(Ok(entry)) => entry,
                Some(Err(err)) => {
                    let at = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone());
                    if err.loop_ancestor().is_some() {
                        inputs.loops.push(at);
                    } else {
                        inputs.unreadable.push((at, err.to_string()));
                    }
                    continue;
                }
            };
            // Only regular files: a pipe or a device named .txt would block the run or
            // never end (walkdir follows links, so a link to a file counts as one).
            if !entry.file_type().is_file() {
                if !entry.file_type().is_dir() {
                    inputs.skipped_unsupported += 1;
                }
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if name.starts_with("~$") {
                inputs.skipped_lock_files += 1;
            } else if is_supported(entry.path()) {
                files.insert(entry.into_path());
            } else {
                inputs.skipped_unsupported += 1;
            }
        }
        drop(walker);
        inputs.skipped_hidden += hidden;
    }
    // One file named twice (`a` and `./a`, a folder and a link to it, a hard link) is
    // checked once, under the first of its names.
    let mut seen = std::collections::HashSet::new();
    inputs.files = files
        .into_iter()
        .filter(|f| identity(f).is_none_or(|id| seen.insert(id)))
        .collect();
    inputs
}
