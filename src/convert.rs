//! `check --convert`: documents nianbao does not read (Word 97 `.doc`, WPS `.wps`, `.rtf`,
//! `.odt`, `.xlsb`) converted by LibreOffice, headless, into a scratch folder, so that their
//! copies are checked. The inputs are never written: LibreOffice reads a link to each.
//!
//! Files are converted in batches, one `soffice` per target format, because each start of
//! LibreOffice costs seconds; a batch that fails or outlives its time is retried a file at
//! a time, so one file that hangs LibreOffice costs only itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::findings::{Conversion, ReadFailure};
use crate::lang::Lang;
use crate::read::CONVERTED;

/// What an interrupted run must undo: the scratch folder of the conversions under way and
/// the process group of the LibreOffice running, if one is.
static UNDER_WAY: std::sync::Mutex<(Option<PathBuf>, Option<i32>)> =
    std::sync::Mutex::new((None, None));

fn under_way() -> std::sync::MutexGuard<'static, (Option<PathBuf>, Option<i32>)> {
    UNDER_WAY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Undo what conversions are under way, for a run that is interrupted (Ctrl-C, SIGTERM):
/// kill the LibreOffice running (it is in a process group of its own, so the terminal's
/// signal does not reach it) and remove the scratch folder.
pub fn abandon() {
    let (scratch, group) = under_way().clone();
    #[cfg(unix)]
    if let Some(pid) = group.and_then(rustix::process::Pid::from_raw) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    #[cfg(not(unix))]
    let _ = group;
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// What one conversion gave: the copy to check, or why there is none.
#[derive(Debug)]
pub enum Converted {
    Done {
        copy: PathBuf,
        conversion: Conversion,
    },
    Failed(ReadFailure),
}

/// The conversions of a run, by original path; the scratch folder goes with it.
#[derive(Debug, Default)]
pub struct Conversions {
    pub files: BTreeMap<PathBuf, Converted>,
    scratch: Option<PathBuf>,
}

impl Drop for Conversions {
    fn drop(&mut self) {
        if let Some(dir) = &self.scratch {
            let _ = std::fs::remove_dir_all(dir);
            under_way().0 = None;
        }
    }
}

/// The format a file is converted to, by its extension; `None` for a file read as it is.
pub fn target(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    CONVERTED
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(ext))
        .map(|(_, to)| *to)
}

/// Whether a file named for conversion needs it: its content is Word 97 or another OLE
/// document, RTF, or a zip that is neither a Word document nor an OpenDocument spreadsheet
/// (an .odt, an .xlsb). A `.doc` that is really a page, text or a `.docx` — common from
/// government systems — is read as it is, by the readers made for it.
pub fn needs_converting(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        // Unopenable: the reader says why.
        return false;
    };
    let mut bytes = Vec::new();
    if file.take(64 << 20).read_to_end(&mut bytes).is_err() {
        return false;
    }
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return true;
    }
    if bytes.starts_with(b"{\\rtf") {
        return true;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return !has(b"word/document.xml")
            && !has(b"application/vnd.oasis.opendocument.spreadsheet")
            && !has(b"xl/workbook.xml");
    }
    false
}

/// LibreOffice's command: `$NIANBAO_SOFFICE`, else `soffice` or `libreoffice` on the PATH.
pub fn find_soffice() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NIANBAO_SOFFICE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// The files of `files` to convert: named for conversion ([`target`]) and holding what
/// nianbao cannot read ([`needs_converting`], which reads each such file once).
pub fn to_convert(files: &[PathBuf]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| target(f).is_some() && needs_converting(f))
        .cloned()
        .collect()
}

/// Convert the files of `files` named for conversion (by [`target`]; choose them with
/// [`to_convert`]), each given `timeout`.
pub fn convert_all(
    files: &[PathBuf],
    soffice: Option<&Path>,
    timeout: Duration,
    lang: Lang,
) -> Conversions {
    let wanted: Vec<(&PathBuf, &'static str)> = files
        .iter()
        .filter_map(|f| target(f).map(|t| (f, t)))
        .collect();
    let mut out = Conversions::default();
    if wanted.is_empty() {
        return out;
    }
    let Some(soffice) = soffice else {
        for (file, _) in wanted {
            out.files
                .insert(file.clone(), Converted::Failed(not_installed(lang)));
        }
        return out;
    };
    let scratch = match scratch_dir() {
        Ok(dir) => dir,
        Err(e) => {
            for (file, _) in wanted {
                let said = crate::explain::io(&e, crate::explain::Access::Write);
                let failure = failure(
                    lang,
                    &format!(
                        "{}{}",
                        lang.pick("无法建立临时文件夹:", "scratch folder: "),
                        said.pick(lang)
                    ),
                );
                out.files.insert(file.clone(), Converted::Failed(failure));
            }
            return out;
        }
    };
    out.scratch = Some(scratch.clone());
    under_way().0 = Some(scratch.clone());
    let office = Office {
        soffice,
        profile: scratch.join("profile"),
        lang,
    };
    for format in ["docx", "xlsx"] {
        let batch: Vec<(usize, &PathBuf)> = wanted
            .iter()
            .enumerate()
            .filter(|(_, (_, t))| *t == format)
            .map(|(i, (f, _))| (i, *f))
            .collect();
        if batch.is_empty() {
            continue;
        }
        let dir = scratch.join(format);
        let linked: Vec<(PathBuf, &PathBuf, PathBuf)> = batch
            .iter()
            .filter_map(|(i, file)| {
                let name = format!("{i:06}.{}", link_extension(file));
                let link = dir.join("in").join(&name);
                let copy = dir.join("out").join(format!("{i:06}.{format}"));
                match link_to(file, &link) {
                    Ok(()) => Some((link, *file, copy)),
                    Err(e) => {
                        let said = crate::explain::io(&e, crate::explain::Access::Write);
                        let failure = failure(lang, said.pick(lang));
                        out.files
                            .insert((*file).clone(), Converted::Failed(failure));
                        None
                    }
                }
            })
            .collect();
        let outdir = dir.join("out");
        let links: Vec<&Path> = linked.iter().map(|(l, _, _)| l.as_path()).collect();
        let whole = timeout.saturating_mul(links.len() as u32) + Duration::from_secs(30);
        let batch_error = office.run(&links, format, &outdir, whole).err();
        for (link, file, copy) in &linked {
            let done = |copy: &Path| Converted::Done {
                copy: copy.to_path_buf(),
                conversion: Conversion {
                    tool: "LibreOffice".into(),
                    format: format.into(),
                },
            };
            if converted(copy) {
                out.files.insert((*file).clone(), done(copy));
                continue;
            }
            // Alone, with its own time: the batch may have stopped at another file.
            let alone = if batch_error.is_some() || links.len() > 1 {
                office
                    .run(
                        &[link.as_path()],
                        format,
                        &outdir,
                        timeout + Duration::from_secs(20),
                    )
                    .err()
            } else {
                batch_error.clone()
            };
            let result = if converted(copy) {
                done(copy)
            } else {
                let why = alone.or(batch_error.clone()).unwrap_or_else(|| {
                    lang.pick(
                        "LibreOffice 没有写出转换后的文件(文件可能已损坏或不是它能打开的格式)",
                        "LibreOffice wrote no converted file (the file may be damaged, or of a kind it cannot open)",
                    )
                    .to_string()
                });
                Converted::Failed(failure(lang, &why))
            };
            out.files.insert((*file).clone(), result);
        }
    }
    out
}

/// The extension LibreOffice is shown: a WPS `.wps` is a Word 97 document, and named so
/// it is not taken for a Microsoft Works file.
fn link_extension(file: &Path) -> String {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "wps" { "doc".into() } else { ext }
}

fn converted(copy: &Path) -> bool {
    std::fs::metadata(copy).is_ok_and(|m| m.is_file() && m.len() > 0)
}

/// One LibreOffice: its command and a profile of its own, so that a LibreOffice the user
/// has open neither takes the conversion over nor is disturbed.
struct Office<'a> {
    soffice: &'a Path,
    profile: PathBuf,
    lang: Lang,
}

impl Office<'_> {
    fn run(
        &self,
        inputs: &[&Path],
        format: &str,
        outdir: &Path,
        timeout: Duration,
    ) -> Result<(), String> {
        let filter = match format {
            "xlsx" => "xlsx:Calc MS Excel 2007 XML",
            _ => "docx:MS Word 2007 XML",
        };
        let mut command = Command::new(self.soffice);
        command
            .arg(format!("-env:UserInstallation={}", file_url(&self.profile)))
            .args([
                "--headless",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
            ])
            .args(["--convert-to", filter, "--outdir"])
            .arg(outdir)
            .args(inputs)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group: LibreOffice starts a child of its own, and a kill must
            // reach both.
            command.process_group(0);
        }
        let mut child = command.spawn().map_err(|e| {
            format!(
                "{} {}: {}",
                self.lang.pick("无法启动", "cannot start"),
                self.soffice.display(),
                crate::explain::io(&e, crate::explain::Access::Read).pick(self.lang)
            )
        })?;
        under_way().1 = i32::try_from(child.id()).ok();
        let mut stderr = child.stderr.take();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(s) = stderr.as_mut() {
                use std::io::Read;
                let _ = s.take(64 * 1024).read_to_string(&mut text);
            }
            text
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() > timeout => break None,
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(_) => break None,
            }
        };
        under_way().1 = None;
        let Some(status) = status else {
            kill_group(&mut child);
            let _ = reader.join();
            return Err(match self.lang {
                Lang::Zh => format!(
                    "LibreOffice 转换超过 {:.0} 秒,已停止",
                    timeout.as_secs_f64()
                ),
                Lang::En => format!(
                    "LibreOffice took more than {:.0} s to convert; stopped",
                    timeout.as_secs_f64()
                ),
            });
        };
        let text = reader.join().unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            let tail: String = text.lines().rev().take(3).collect::<Vec<_>>().join(" / ");
            Err(format!("LibreOffice: {status} {tail}"))
        }
    }
}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    let pid = rustix::process::Pid::from_child(child);
    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// A `file://` URL of a folder, as LibreOffice's `-env:UserInstallation` wants it.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// A folder of this run's own under the system's temporary folder.
fn scratch_dir() -> std::io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("nianbao-convert-{}-{nanos}", std::process::id()));
    for sub in ["docx/in", "docx/out", "xlsx/in", "xlsx/out", "profile"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    Ok(dir)
}

/// LibreOffice reads the input through a link (a copy where links cannot be made).
fn link_to(file: &Path, link: &Path) -> std::io::Result<()> {
    let target = std::fs::canonicalize(file)?;
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(not(unix))]
    {
        std::fs::copy(target, link).map(|_| ())
    }
}

fn failure(lang: Lang, why: &str) -> ReadFailure {
    ReadFailure {
        kind: "conversion",
        message: format!(
            "{}{why}",
            lang.pick(
                "LibreOffice 转换失败:",
                "LibreOffice could not convert the file: "
            )
        ),
        location: None,
    }
}

fn not_installed(lang: Lang) -> ReadFailure {
    ReadFailure {
        kind: "unsupported",
        message: lang
            .pick(
                "要转换这个文件需要 LibreOffice,但没有找到 soffice:请安装 LibreOffice(Debian/Ubuntu:apt install libreoffice-writer libreoffice-calc),或设 NIANBAO_SOFFICE 为其路径;也可在 Office/WPS 中另存为 .docx/.xlsx 再检查",
                "converting this file needs LibreOffice, but no soffice was found: install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer libreoffice-calc) or set NIANBAO_SOFFICE to its path; or save it as .docx/.xlsx in Office or WPS and check that",
            )
            .to_string(),
        location: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_by_extension() {
        assert_eq!(target(Path::new("a/报告.DOC")), Some("docx"));
        assert_eq!(target(Path::new("报告.wps")), Some("docx"));
        assert_eq!(target(Path::new("报告.xlsb")), Some("xlsx"));
        assert_eq!(target(Path::new("报告.xlsx")), None);
        assert_eq!(link_extension(Path::new("x.WPS")), "doc");
    }

    #[test]
    fn only_what_nianbao_cannot_read_is_converted() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        assert!(needs_converting(&write(
            "a.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"
        )));
        assert!(needs_converting(&write("b.rtf", b"{\\rtf1 text}")));
        assert!(!needs_converting(&write(
            "c.doc",
            b"<html><table></table></html>"
        )));
        assert!(!needs_converting(&write(
            "d.doc",
            b"PK\x03\x04....word/document.xml"
        )));
        assert!(needs_converting(&write(
            "e.xlsb",
            b"PK\x03\x04....xl/workbook.bin"
        )));
        assert!(!needs_converting(&write("f.doc", b"plain text")));
    }

    #[test]
    fn without_libreoffice_each_file_says_how_to_convert_it() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("a.doc");
        std::fs::write(&doc, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap();
        let files = vec![doc.clone(), PathBuf::from("b.xlsx")];
        let done = convert_all(&files, None, Duration::from_secs(1), Lang::En);
        assert_eq!(done.files.len(), 1);
        match &done.files[&doc] {
            Converted::Failed(f) => {
                assert_eq!(f.kind, "unsupported");
                assert!(f.message.contains("LibreOffice"), "{}", f.message);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn urls_escape_what_a_url_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/报")),
            "file:///tmp/a%20b/%E6%8A%A5"
        );
    }
}
