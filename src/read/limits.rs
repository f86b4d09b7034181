//! What one input may cost (issue 7): a folder from e-mail or a scraper can hold anything,
//! and one file must never exhaust the memory of a run over thousands. Every cap is a flag
//! of `check` and `extract`; the defaults are far above any real report.

use std::io::Cursor;

use super::ReadError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Bytes of the file itself (`--max-file-mb`): a report is rarely above 20 MB, a PDF with
    /// scanned pages perhaps 100.
    pub file_bytes: u64,
    /// Bytes of a page, JSON or text file (`--max-document-mb`): these are parsed whole
    /// into a tree, which costs up to 30 times the file (a 30 MB page of table cells held
    /// 880 MB); a report's page is some tens of KB.
    pub document_bytes: u64,
    /// Bytes the parts of a zip (xlsx, ods, docx; pictures aside) may inflate to, all together
    /// (`--max-unzipped-mb`): a zip bomb is refused from the zip's directory, before any
    /// part is inflated; a directory that lies is caught by the unzipper as it reads.
    pub unzipped_bytes: u64,
    /// Non-empty cells of one workbook or document (`--max-cells`); a report has about 300,
    /// and each cell held costs some 300 bytes while the input is read.
    pub cells: usize,
    /// Characters kept of one cell or line (`--max-cell-chars`; Excel's own limit is
    /// 32,767): the rest is cut, so one huge cell costs no more than a normal one.
    pub cell_chars: usize,
    /// Bytes of text all the cells of one input may hold together (`--max-text-mb`),
    /// counted before a reader copies them: one 32,767-character shared string referenced
    /// by 10,000 cells of a 22 KB xlsx is 1 GB of cells. A report holds some tens of KB.
    pub text_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_bytes: 200 << 20,
            document_bytes: 8 << 20,
            unzipped_bytes: 100 << 20,
            cells: 250_000,
            cell_chars: 32_767,
            text_bytes: 64 << 20,
        }
    }
}

/// Extensions of the pictures a workbook or Word document carries, which no reader inflates.
const PICTURES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "emf", "wmf", "wdp", "svg", "webp",
];

/// Megabytes as the messages say them.
fn mb(bytes: u64) -> String {
    format!("{} MB", bytes >> 20)
}

impl Limits {
    pub fn file_too_large(&self, size: u64) -> ReadError {
        ReadError::new(
            "too_large",
            format!(
                "文件大于 {}(--max-file-mb),不像一份年度报告,未读取",
                mb(self.file_bytes)
            ),
            format!(
                "the file is larger than {} (--max-file-mb), far more than a report; not read ({} bytes)",
                mb(self.file_bytes),
                size
            ),
        )
    }

    pub fn document_too_large(&self, size: u64) -> ReadError {
        ReadError::new(
            "too_large",
            format!(
                "网页、JSON 或文本文件大于 {}(--max-document-mb),不像一份年度报告,未读取",
                mb(self.document_bytes)
            ),
            format!(
                "the page, JSON or text is larger than {} (--max-document-mb), far more than a report; not read ({} bytes)",
                mb(self.document_bytes),
                size
            ),
        )
    }

    /// Refuse a zip whose XML parts would inflate past [`Limits::unzipped_bytes`], from the
    /// sizes its directory declares.
    pub fn check_zip(&self, archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadError> {
        // Pictures are never inflated by a reader: a picture's name, in a pictures folder,
        // and no relationship that reads it as something else. The relationships are read
        // only when the pictures make the difference (almost never: reading every `.rels`
        // part of every workbook was a tenth of a bulk run's time).
        let sizes: Vec<(String, u64)> = (0..archive.len())
            .filter_map(|i| {
                let entry = archive.by_index_raw(i).ok()?;
                let name = entry
                    .name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                Some((name, entry.size()))
            })
            .collect();
        let in_picture_folder = |name: &str| {
            name.rsplit_once('.')
                .is_some_and(|(_, ext)| PICTURES.contains(&ext))
                && ["media/", "pictures/", "thumbnails/"]
                    .iter()
                    .any(|folder| name.contains(folder))
        };
        let everything = sizes
            .iter()
            .fold(0u64, |total, (_, size)| total.saturating_add(*size));
        let mut total = everything;
        if everything > self.unzipped_bytes {
            let read_parts = non_picture_targets(archive);
            total = sizes
                .iter()
                .filter(|(name, _)| {
                    let file_name = name.rsplit('/').next().unwrap_or(name);
                    !in_picture_folder(name) || read_parts.iter().any(|t| t == file_name)
                })
                .fold(0u64, |total, (_, size)| total.saturating_add(*size));
        }
        if total > self.unzipped_bytes {
            return Err(ReadError::new(
                "too_large",
                format!(
                    "压缩包内容解压后达 {},超过 {}(--max-unzipped-mb):可能是压缩炸弹,未读取",
                    mb(total),
                    mb(self.unzipped_bytes)
                ),
                format!(
                    "the zip's content inflates to {}, more than {} (--max-unzipped-mb): possibly a zip bomb; not read",
                    mb(total),
                    mb(self.unzipped_bytes)
                ),
            ));
        }
        Ok(())
    }

    pub fn too_much_text(&self) -> ReadError {
        ReadError::new(
            "too_large",
            format!(
                "单元格文字合计超过 {}(--max-text-mb),不像一份年度报告(可能是同一长文本被大量单元格引用)",
                mb(self.text_bytes)
            ),
            format!(
                "the cells hold more than {} of text together (--max-text-mb), far more than a report (perhaps one long text referenced by many cells)",
                mb(self.text_bytes)
            ),
        )
    }

    pub fn too_many_cells(&self) -> ReadError {
        ReadError::new(
            "too_large",
            format!(
                "超过 {} 个非空单元格或文本行(--max-cells),不像一份年度报告",
                self.cells
            ),
            format!(
                "more than {} non-empty cells or lines of text (--max-cells), far more than a report",
                self.cells
            ),
        )
    }
}

/// The file names (lower case) that the archive's relationship parts point at with a type
/// other than a picture. Each `.rels` part is read up to 1 MB.
fn non_picture_targets(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<String> {
    use std::io::Read;
    let rels: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.to_ascii_lowercase().ends_with(".rels"))
        .collect();
    let mut targets = Vec::new();
    for name in rels {
        let Ok(part) = archive.by_name(&name) else {
            continue;
        };
        let mut text = String::new();
        if part.take(1 << 20).read_to_string(&mut text).is_err() {
            continue;
        }
        for relationship in text.split("<Relationship ").skip(1) {
            let attribute = |key: &str| {
                let start = relationship.find(&format!("{key}=\""))? + key.len() + 2;
                let end = relationship[start..].find('"')?;
                Some(relationship[start..start + end].to_string())
            };
            let picture = attribute("Type").is_some_and(|t| t.ends_with("/image"));
            if let Some(target) = attribute("Target").filter(|_| !picture) {
                let file = target.rsplit('/').next().unwrap_or(&target);
                targets.push(file.to_ascii_lowercase());
            }
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_leave_room_for_any_real_report() {
        let limits = Limits::default();
        assert!(limits.file_bytes >= 100 << 20);
        assert!(limits.cells >= 100_000);
        assert_eq!(limits.cell_chars, 32_767);
    }
}
