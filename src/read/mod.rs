//! Readers: one module per kind of input, each producing a [`Report`].
//!
//! The kind is taken from the content, not the name: many `.xls` files from government
//! systems are really xlsx (or HTML), so the first bytes decide.

pub mod classify;
pub mod docx;
pub mod grid;
pub mod html;
pub mod json;
pub mod limits;
pub mod pdf;
pub mod pdf_forms;
pub mod phrases;
pub mod runs;
pub mod sequence;
pub mod spreadsheet;
pub mod text;
pub mod tokens;

use std::path::Path;

use crate::findings::ReadFailure;
use crate::lang::Lang;
use crate::model::{Report, Source};
pub use limits::Limits;

/// Why an input could not be read. `kind` is stable for scripts; `message` is for people.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{en}")]
pub struct ReadError {
    pub kind: &'static str,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
    /// Sheet, Sheet!A1 or JSON pointer.
    pub location: Option<String>,
}

impl ReadError {
    pub fn new(kind: &'static str, zh: impl Into<String>, en: impl Into<String>) -> ReadError {
        ReadError {
            kind,
            zh: zh.into(),
            en: en.into(),
            location: None,
        }
    }

    pub fn at(mut self, location: impl Into<String>) -> ReadError {
        self.location = Some(location.into());
        self
    }

    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    pub fn into_failure(self, lang: Lang) -> ReadFailure {
        let message = self.message(lang).to_string();
        ReadFailure {
            kind: self.kind,
            message,
            location: self.location,
        }
    }
}

/// What an input is, decided from its first bytes (and the extension only to break ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Json,
    Spreadsheet(spreadsheet::Format),
    /// A saved web page (also an `.xls` that is really one).
    Html,
    /// A Word document (.docx).
    Docx,
    /// Scraped or converted text, Markdown included (.txt, .md).
    Text,
    /// A PDF with a text layer (.pdf).
    Pdf,
}

/// Extensions `check` reads, taken when given a folder (and the ones it expects by name).
/// WPS's `.et` is an OLE workbook in Excel 97's BIFF8 (and a `.docm` a `.docx` with macros):
/// the content decides, as for every file.
pub const EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "et", "ods", "json", "html", "htm", "docx", "docm", "txt", "md", "pdf",
];

/// Documents nianbao does not read but LibreOffice converts (`check --convert`): the
/// extension, and the format it is converted to. A folder walk takes them, so that each is
/// a result (checked after conversion, or `unsupported` saying how to convert it).
pub const CONVERTED: &[(&str, &str)] = &[
    ("doc", "docx"),
    ("wps", "docx"),
    ("rtf", "docx"),
    ("odt", "docx"),
    ("xlsb", "xlsx"),
];

/// What to say of a document that needs converting: with `--convert` (LibreOffice), or by
/// saving it again by hand.
fn needs_conversion(what_zh: &str, what_en: &str, save_as: &str) -> ReadError {
    let space = if what_zh.starts_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    };
    ReadError::new(
        "unsupported",
        format!(
            "这是{space}{what_zh},不能直接读取:加 --convert 由 LibreOffice 转换后检查,或在 Office/WPS 中另存为 {save_as} 再检查"
        ),
        format!(
            "this is {what_en}, which is not read directly: add --convert to have LibreOffice convert it, or save it as {save_as} in Office or WPS and check that"
        ),
    )
}

pub fn sniff(bytes: &[u8], path: &Path) -> Result<InputKind, ReadError> {
    let archive = zip_directory(bytes);
    sniff_with(bytes, path, archive.as_ref())
}

/// A zip's directory, read once for sniffing and the zip-bomb check (calamine reads its
/// own); `None` for anything that is not a zip whose directory can be read.
fn zip_directory(bytes: &[u8]) -> Option<zip::ZipArchive<std::io::Cursor<&[u8]>>> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()
}

/// [`sniff`] with the zip's directory already read: a zip's kind is in its entry names.
fn sniff_with(
    bytes: &[u8],
    path: &Path,
    archive: Option<&zip::ZipArchive<std::io::Cursor<&[u8]>>>,
) -> Result<InputKind, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if bytes.is_empty() {
        return Err(ReadError::new("empty", "文件为空", "the file is empty"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A zip: ODS names its mimetype first; a Word document has word/; else OOXML sheets.
        let head = &bytes[..bytes.len().min(200)];
        if head
            .windows(46)
            .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Ok(InputKind::Spreadsheet(spreadsheet::Format::Ods));
        }
        if head
            .windows(34)
            .any(|w| w == b"application/vnd.oasis.opendocument")
        {
            return Err(needs_conversion(
                "OpenDocument 文本等文档(.odt)",
                "an OpenDocument text or other document (.odt)",
                ".docx",
            ));
        }
        // The entry names stand in the zip's directory; a zip whose directory cannot be read
        // (or a file's first bytes alone) is searched for them as bytes.
        let has_entry = |name: &str| match archive {
            Some(archive) => archive.file_names().any(|n| n.is_ok_and(|n| n == name)),
            None => bytes.windows(name.len()).any(|w| w == name.as_bytes()),
        };
        if has_entry("xl/workbook.bin") {
            return Err(needs_conversion(
                "Excel 二进制工作簿(.xlsb)",
                "an Excel binary workbook (.xlsb)",
                ".xlsx",
            ));
        }
        let is_word = has_entry("word/document.xml");
        return Ok(if is_word {
            InputKind::Docx
        } else {
            InputKind::Spreadsheet(spreadsheet::Format::Xlsx)
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole(bytes);
    }
    // A PDF; one named so may have a few bytes of junk before its header (readers allow
    // 1,024).
    if bytes.starts_with(b"%PDF-")
        || (ext == "pdf"
            && bytes[..bytes.len().min(1024)]
                .windows(5)
                .any(|w| w == b"%PDF-"))
    {
        return Ok(InputKind::Pdf);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(needs_conversion("RTF 文档", "an RTF document", ".docx"));
    }
    let head = decode_text(&bytes[..bytes.len().min(4096)]);
    let first = head
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .next();
    if matches!(first, Some('{') | Some('[')) || ext == "json" {
        return Ok(InputKind::Json);
    }
    if matches!(first, Some('<')) || ext == "html" || ext == "htm" {
        return Ok(InputKind::Html);
    }
    if matches!(ext.as_str(), "txt" | "md" | "markdown" | "text") {
        // Text, not a binary file with a text name: few NULs and undecodable bytes.
        let garbled = head
            .chars()
            .filter(|c| *c == '\u{FFFD}' || *c == '\0')
            .count();
        if garbled * 10 > head.chars().count().max(1) {
            return Err(ReadError::new(
                "unsupported",
                "文件名是文本,内容却不是可读的文字",
                "the file is named as text but its content is not readable text",
            ));
        }
        return Ok(InputKind::Text);
    }
    let mismatch_zh = if ext.is_empty() {
        String::new()
    } else {
        format!(",与扩展名 .{ext} 不符")
    };
    let mismatch_en = if ext.is_empty() {
        String::new()
    } else {
        format!("; the .{ext} name does not match the content")
    };
    Err(ReadError::new(
        "unsupported",
        format!(
            "不是电子表格、网页、Word 文档或 JSON:文件内容不是 zip、OLE、HTML 或 JSON{mismatch_zh}"
        ),
        format!(
            "not a spreadsheet, page, Word document or JSON: the content is neither zip, OLE, HTML nor JSON{mismatch_en}"
        ),
    ))
}

/// What an OLE compound file holds, from its validated directory: an Excel 97 workbook,
/// an encrypted Office file (Excel and WPS encrypt an .xlsx or .docx into one holding
/// 「EncryptedPackage」), or a Word 97 document. A damaged one is refused here: calamine
/// would follow a looping sector chain until memory ran out.
fn ole(bytes: &[u8]) -> Result<InputKind, ReadError> {
    let opened = crate::guard::catch(|| {
        cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map(|file| {
            let has = |name: &str| file.exists(format!("/{name}"));
            (
                has("EncryptedPackage"),
                has("WordDocument"),
                has("Workbook") || has("Book"),
            )
        })
    });
    match opened {
        Ok(Ok((true, _, _))) => Err(ReadError::new(
            "encrypted",
            "文件受密码保护(已加密),无法读取:请取消密码后另存再检查",
            "the file is password-protected (encrypted): remove the password, save it again and check that",
        )),
        Ok(Ok((_, true, false))) => Err(needs_conversion(
            "Word 97-2003 或 WPS 文字文档(.doc、.wps)",
            "a Word 97-2003 or WPS Writer document (.doc, .wps)",
            ".docx",
        )),
        Ok(Ok(_)) => Ok(InputKind::Spreadsheet(spreadsheet::Format::Xls)),
        Ok(Err(e)) => Err(ReadError::new(
            "format",
            "文件的内部结构(OLE 复合文件)已损坏,无法读取:请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
            format!(
                "the OLE compound file is damaged and cannot be read: open it in Excel or WPS, save it as .xlsx and check that ({e})"
            ),
        )),
        Err(panic) => Err(ReadError::new(
            "format",
            "文件的内部结构(OLE 复合文件)已损坏,无法读取:请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
            format!(
                "the OLE compound file is damaged and cannot be read: open it in Excel or WPS, save it as .xlsx and check that ({panic})"
            ),
        )),
    }
}

/// Read one input file into a report. Never writes to the file.
pub fn read_path(path: &Path) -> Result<Report, ReadError> {
    read_path_with(path, &Limits::default())
}

/// [`read_path`] within `limits`: a file larger than the cap is refused before it is read
/// (and never more than the cap is read, whatever the file says its size is).
pub fn read_path_with(path: &Path, limits: &Limits) -> Result<Report, ReadError> {
    use std::io::Read;
    let io_error = |e: std::io::Error| {
        let said = crate::explain::io(&e, crate::explain::Access::Read);
        ReadError::new("io", said.zh, format!("cannot open the file: {}", said.en))
    };
    // A pipe or a device is refused before it is opened: opening a pipe blocks, and a
    // device never ends (/dev/zero says its size is 0).
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(ReadError::new(
            "io",
            "不是普通文件(是目录、管道或设备),未读取",
            "not a regular file (a directory, a pipe or a device); not read",
        ));
    }
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let size = metadata.len();
    if size > limits.file_bytes {
        return Err(limits.file_too_large(size));
    }
    // What the file is shows in its first bytes: a page or JSON too big to parse is refused
    // before the rest is read.
    let mut bytes = Vec::with_capacity(size.min(limits.file_bytes) as usize);
    (&mut file)
        .take(4096)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if size > limits.document_bytes && parsed_whole(sniff(&bytes, path)?) {
        return Err(limits.document_too_large(size));
    }
    file.take(limits.file_bytes + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(limits.file_too_large(bytes.len() as u64));
    }
    read_bytes_with(bytes, path, limits)
}

/// Read an input already in memory; `path` names it in the report and breaks ties in sniffing.
pub fn read_bytes(bytes: Vec<u8>, path: &Path) -> Result<Report, ReadError> {
    read_bytes_with(bytes, path, &Limits::default())
}

/// [`read_bytes`] within `limits`.
pub fn read_bytes_with(bytes: Vec<u8>, path: &Path, limits: &Limits) -> Result<Report, ReadError> {
    let source = Source {
        path: path.display().to_string(),
        sheets: Vec::new(),
    };
    let mut bytes = bytes;
    let (kind, unread) = {
        let mut archive = zip_directory(&bytes);
        let kind = sniff_with(&bytes, path, archive.as_ref())?;
        if let Some(archive) = &mut archive {
            limits.check_zip(archive)?;
        }
        let unread = match (kind, &mut archive) {
            (InputKind::Spreadsheet(spreadsheet::Format::Xlsx), Some(archive)) => {
                spreadsheet::unread_parts(archive)
            }
            _ => Vec::new(),
        };
        (kind, unread)
    };
    spreadsheet::hide_unread_parts(&mut bytes, &unread);
    if parsed_whole(kind) && bytes.len() as u64 > limits.document_bytes {
        return Err(limits.document_too_large(bytes.len() as u64));
    }
    match kind {
        InputKind::Json => json::read(&bytes, source),
        kind => {
            let grids = grids_in(bytes, kind, limits)?;
            if grids.iter().any(grid::Grid::overflowed) {
                return Err(limits.too_many_cells());
            }
            if grids.iter().all(grid::Grid::is_empty) {
                return Err(match kind {
                    InputKind::Spreadsheet(_) => ReadError::new(
                        "empty",
                        "工作簿中没有任何内容",
                        "the workbook has no content",
                    ),
                    _ => ReadError::new(
                        "empty",
                        "文件中没有文字或表格",
                        "the file has no text and no table",
                    ),
                });
            }
            let mut report = Report {
                source,
                ..Report::default()
            };
            grid::locate_into(&grids, &mut report);
            report.pages = grids.iter().find_map(|g| g.pages.clone());
            // Published documents are classified and their prose read; a workbook without a
            // table is not an input.
            if !matches!(kind, InputKind::Spreadsheet(_)) {
                sequence::prefer(&grids, &mut report, kind == InputKind::Text);
                report.prose = classify::prose(&grids);
                classify::classify(&grids, &mut report);
                return Ok(report);
            }
            if !report.claims_report {
                let zh: Vec<String> = grids.iter().map(|g| format!("「{}」", g.sheet)).collect();
                let en: Vec<String> = grids.iter().map(|g| format!("“{}”", g.sheet)).collect();
                return Err(ReadError::new(
                    "no_tables",
                    format!(
                        "工作表 {} 中没有年度报告的法定表格,也没有年度报告标题",
                        zh.join("、")
                    ),
                    format!(
                        "no statutory table and no report title on sheet(s) {}",
                        en.join(", ")
                    ),
                ));
            }
            Ok(report)
        }
    }
}

/// The grids of a tabular input (not JSON), as its reader lays them out.
fn grids_in(
    bytes: Vec<u8>,
    kind: InputKind,
    limits: &Limits,
) -> Result<Vec<grid::Grid>, ReadError> {
    Ok(match kind {
        InputKind::Spreadsheet(format) => spreadsheet::read(bytes, format, limits)?,
        InputKind::Html => html::read(&decode_text(&bytes), limits)?,
        InputKind::Text => text::read(&decode_text(&bytes), limits),
        InputKind::Pdf => pdf::read(&bytes, limits)?,
        InputKind::Docx => docx::read(&bytes, limits)?,
        InputKind::Json => Vec::new(),
    })
}

/// The grids of a file as its reader lays them out (none for JSON): what the locators read,
/// for a maintainer's look (`examples/stream.rs`).
pub fn grids_of(path: &Path) -> Result<Vec<grid::Grid>, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| {
        let said = crate::explain::io(&e, crate::explain::Access::Read);
        ReadError::new("io", said.zh, format!("cannot open the file: {}", said.en))
    })?;
    let kind = sniff(&bytes, path)?;
    grids_in(bytes, kind, &Limits::default())
}

/// Inputs parsed whole into a tree, which costs several times the file: the ones
/// [`Limits::document_bytes`] caps.
fn parsed_whole(kind: InputKind) -> bool {
    matches!(kind, InputKind::Json | InputKind::Html | InputKind::Text)
}

/// Text in whatever encoding government sites serve: a BOM decides; else UTF-8 when it is
/// valid; else GB18030 (a superset of GBK and GB2312, which most older sites use).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        // A prefix cut inside a character is still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}
