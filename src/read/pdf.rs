//! PDF reports with a text layer: the glyphs and lines pdf-extract draws on each page are
//! rebuilt into the rows and cells a reader sees, laid into one grid as text input is
//! (labels, then figures ending in one column), and read by the label locator.
//!
//! What a PDF does to a table, and what is done about it:
//!
//! - glyphs come in drawing order, not reading order (a title drawn last, a column drawn
//!   before its row labels): they are grouped into visual lines by baseline and the lines
//!   sorted top to bottom, page after page;
//! - a cell is a run of glyphs; a gap wider than a space ends a cell, and two figures never
//!   share one; runs drawn over each other (a label overflowing its row) stay apart;
//! - a row label wrapped over several lines stands on lines of its own, above or below its
//!   figures (LibreOffice and Word centre them vertically). Where the table draws its
//!   borders (rows of figures ruled apart), the borders say it: every label goes to the
//!   first row of figures inside its cell, so a wrapped label is whole and a merged group
//!   label (「(三)不予公开」 over eight rows) stands on its first row, as in the spreadsheet,
//!   and the lines of a header cell are joined. Elsewhere a label line joins the row the
//!   label line just above it in its column joined, else the nearest row of figures. Either
//!   way a numbered label (「2.」) never joins a row that already has one numbered alike
//!   where it stands (text overflowing from the next row);
//! - a blank cell leaves no glyph: the figure columns of each run of rows are found from
//!   the figures' x positions, and a row with nothing in a column gets an empty cell there;
//!   drawn header cells are put over the first figure column they span (as a merged cell in
//!   a spreadsheet), so headers find their columns (table 4's groups, a transposed table 4);
//! - page numbers and footers (「- 1 -」, 「第 1 页」, 「Page 1」, 「1/2」, a lone page
//!   number or LibreOffice's 「Sheet1」 in the margin, a browser's address line ending in
//!   「2/3」) are dropped, so a table that runs over a page break reads as one.
//!
//! Addresses are `PDF!C7`: the sheet is the whole document, the row is its seventh text
//! line counted over all pages (page furniture left out), the column as in text input (a
//! row's last figure in column AO). A PDF has no cell names of its own; the line number is
//! what a clerk can count, and the finding names the row and column labels beside it.

use pdf_extract::{
    ColorSpace, Document, MediaBox, OutputDev, OutputError, Path, PathOp, Transform,
};

use std::io::Read;

use super::ReadError;
use super::grid::{Content, Grid};
use super::limits::Limits;
use crate::labels;
use crate::model::Value;

/// The sheet name PDF cells are given in addresses.
pub const SHEET: &str = "PDF";

/// The most pages read: annual reports run to tens of pages.
const MAX_PAGES: usize = 500;
/// The most glyphs collected over the document (a report has some thousands).
const MAX_GLYPHS: usize = 2_000_000;
/// The most ruling lines kept from one page (a table has some hundreds of cell edges).
const MAX_RULES: usize = 20_000;

/// One glyph: left edge, baseline (from the top of the page), advance and font size, in
/// points.
#[derive(Debug, Clone, PartialEq)]
struct Glyph {
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    text: String,
}

/// A straight line drawn on a page (a table's cell border), in top-down page coordinates:
/// where it stands across its direction (`at`: y of a horizontal line, x of a vertical one)
/// and where it runs along it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rule {
    vertical: bool,
    at: f64,
    from: f64,
    to: f64,
}

impl Rule {
    fn covers(&self, along: f64) -> bool {
        self.from - 1.0 <= along && along <= self.to + 1.0
    }

    /// Whether this is a horizontal line running over `x`.
    fn runs_over(&self, x: f64) -> bool {
        !self.vertical && self.covers(x)
    }
}

/// A segment from `a` to `b` (top-down page coordinates), kept when it is horizontal or
/// vertical.
fn segment(found: &mut Vec<Rule>, a: (f64, f64), b: (f64, f64)) {
    let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
    if dy <= 0.5 && dx > 3.0 {
        found.push(Rule {
            vertical: false,
            at: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        });
    } else if dx <= 0.5 && dy > 3.0 {
        found.push(Rule {
            vertical: true,
            at: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        });
    }
}

/// A rectangle's edges; filled and a few points thick, it is one line.
fn rect(found: &mut Vec<Rule>, corners: [(f64, f64); 4], filled: bool) {
    let range = |f: fn(&(f64, f64)) -> f64| {
        corners
            .iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let ((x0, x1), (y0, y1)) = (range(|c| c.0), range(|c| c.1));
    if filled && y1 - y0 <= 3.0 {
        let y = (y0 + y1) / 2.0;
        segment(found, (x0, y), (x1, y));
    } else if filled && x1 - x0 <= 3.0 {
        let x = (x0 + x1) / 2.0;
        segment(found, (x, y0), (x, y1));
    } else {
        for i in 0..4 {
            segment(found, corners[i], corners[(i + 1) % 4]);
        }
    }
}

/// Collects the glyphs of every page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    /// The page's top edge, to measure baselines from the top.
    top: f64,
    count: usize,
    too_many: bool,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.top = media_box.ury;
        self.pages.push(Page {
            glyphs: Vec::new(),
            rules: Vec::new(),
            height: (media_box.ury - media_box.lly).abs(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // Spaces are gaps like any other: where glyphs stand decides.
        if text.trim().is_empty() {
            return Ok(());
        }
        self.count += 1;
        if self.count > MAX_GLYPHS {
            self.too_many = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs();
        let glyph = Glyph {
            x: trm.m31,
            y: self.top - trm.m32,
            w: (width * size).abs(),
            size,
            text: text.to_string(),
        };
        let finite = [glyph.x, glyph.y, glyph.w, glyph.size]
            .iter()
            .all(|v| v.is_finite());
        if finite
            && size > 0.1
            && size < 1000.0
            && let Some(page) = self.pages.last_mut()
        {
            page.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules_of(ctm, path, false);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules_of(ctm, path, true);
        Ok(())
    }
}

impl Collector {
    /// The straight lines of a drawn path: stroked segments and rectangle edges, and a
    /// filled rectangle a few points thick (how browsers and Word draw borders) as one line.
    fn rules_of(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let top = self.top;
        let at = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                top - (x * ctm.m12 + y * ctm.m22 + ctm.m32),
            )
        };
        let mut found: Vec<Rule> = Vec::new();
        let mut start = (0.0, 0.0);
        let mut current = (0.0, 0.0);
        let mut points: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    start = at(x, y);
                    current = start;
                    points = vec![start];
                }
                PathOp::LineTo(x, y) => {
                    let next = at(x, y);
                    if !filled {
                        segment(&mut found, current, next);
                    }
                    current = next;
                    points.push(next);
                    // A filled four-cornered path is a rectangle drawn with lines.
                    if filled && points.len() == 4 {
                        rect(
                            &mut found,
                            [points[0], points[1], points[2], points[3]],
                            true,
                        );
                    }
                }
                PathOp::Close => {
                    if !filled {
                        segment(&mut found, current, start);
                    }
                    current = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let corners = [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)];
                    rect(&mut found, corners, filled);
                }
                PathOp::CurveTo(.., x, y) => current = at(x, y),
            }
        }
        if let Some(page) = self.pages.last_mut() {
            let room = MAX_RULES.saturating_sub(page.rules.len());
            page.rules.extend(
                found
                    .into_iter()
                    .filter(|r| [r.at, r.from, r.to].iter().all(|v| v.is_finite()))
                    .take(room),
            );
        }
    }
}

/// A page's glyphs, its ruling lines and its height.
struct Page {
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
    height: f64,
}

/// Read a PDF into one grid (sheet [`SHEET`]), a row for each line of text rebuilt.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let mut grid = Grid::limited(SHEET, limits);
    let (laid, pages) = laid_out(bytes, limits)?;
    grid.pages = Some(pages.into());
    for (row, laid) in laid.iter().enumerate() {
        for (k, cell) in laid.cells.iter().enumerate() {
            let content = if labels::parse_number_text(cell) == Value::Text {
                Content::Text(cell.clone())
            } else {
                Content::from_text(cell.clone())
            };
            grid.push(row as u32, laid.start + k as u32, content);
        }
    }
    Ok(vec![grid])
}

/// The rows rebuilt from a PDF, a line each: the grid column of its first cell (from 0),
/// then its cells joined by ` | `. What the reader saw, for a maintainer looking into a PDF
/// that reads wrong (`cargo run --example pdf_rows -- FILE.pdf`).
pub fn text_rows(bytes: &[u8]) -> Result<String, ReadError> {
    Ok(laid_rows(bytes, &Limits::default())?
        .iter()
        .map(|l| format!("{:>2}  {}\n", l.start, l.text()))
        .collect())
}

/// A grid row's page and text line on it, both from 1.
type PageLine = (u32, u32);

/// The rows of every page, laid out for the grid.
fn laid_rows(bytes: &[u8], limits: &Limits) -> Result<Vec<Laid>, ReadError> {
    laid_out(bytes, limits).map(|(laid, _)| laid)
}

/// [`laid_rows`], with each row's page and its text line on the page (from 1): [`emit`]
/// lays out one grid row per text row, so the two lists run side by side.
fn laid_out(bytes: &[u8], limits: &Limits) -> Result<(Vec<Laid>, Vec<PageLine>), ReadError> {
    let pages = extract(bytes, limits)?;
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(ReadError::new(
            "no_text_layer",
            "PDF 无文本层(扫描件):页面只是图片,没有可读取的文字;请提供带文字的 PDF 或原始表格",
            "the PDF has no text layer (a scanned image): its pages are pictures with no text to read; provide a PDF with text or the original spreadsheet",
        ));
    }
    let mut rows = Vec::new();
    // Each page's text lines (their baselines, furniture left out): a row's line on its
    // page is counted over these, as a person counts them, not over the rows the wrapped
    // labels were joined into.
    let mut baselines: Vec<Vec<f64>> = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let (page_rows, lines) = page_rows_and_lines(&page.glyphs, &page.rules, page.height);
        baselines.push(lines);
        rows.extend(page_rows.into_iter().map(|mut r| {
            r.page = i;
            r
        }));
    }
    let rules: Vec<&[Rule]> = pages.iter().map(|p| p.rules.as_slice()).collect();
    let laid = emit(&rows, &rules);
    let places: Vec<PageLine> = rows
        .iter()
        .map(|row| {
            let above = baselines[row.page]
                .iter()
                .filter(|y| **y < row.y - 0.5)
                .count();
            (row.page as u32 + 1, above as u32 + 1)
        })
        .collect();
    debug_assert_eq!(places.len(), laid.len());
    Ok((laid, places))
}

/// The glyphs of every page. pdf-extract panics on some malformed files and on fonts it
/// cannot decode: a panic is this file's error, never the run's end.
fn extract(bytes: &[u8], limits: &Limits) -> Result<Vec<Page>, ReadError> {
    let bad = |detail: &str| {
        ReadError::new(
            "format",
            "不是可读的 PDF:文件已损坏或不完整,请重新下载,或从原程序重新导出 PDF",
            format!(
                "not a readable PDF (damaged or incomplete: download it again or export it again): {detail}"
            ),
        )
    };
    let encrypted = || {
        ReadError::new(
            "encrypted",
            "PDF 受密码保护,无法读取;请提供未加密的文件",
            "the PDF is password-protected and cannot be read; provide an unencrypted file",
        )
    };
    let undecodable = |page: u32, detail: &str| {
        ReadError::new(
            "format",
            format!(
                "PDF 第 {page} 页的文字无法解码({detail}):常见于没有 ToUnicode 映射的中文字体;请提供原始表格或重新导出的 PDF"
            ),
            format!(
                "the text of page {page} of the PDF cannot be decoded ({detail}): common with Chinese fonts without a ToUnicode map; provide the original spreadsheet or a re-exported PDF"
            ),
        )
    };
    let run = || -> Result<Vec<Page>, ReadError> {
        let mut doc = Document::load_mem(bytes).map_err(|e| match e {
            pdf_extract::Error::InvalidPassword | pdf_extract::Error::Decryption(_) => encrypted(),
            e => bad(&e.to_string()),
        })?;
        // Opened with the empty password when only the owner's is set (printing and copying
        // restricted, reading free).
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err(encrypted());
        }
        let pages = doc.get_pages().len();
        if pages > MAX_PAGES {
            return Err(ReadError::new(
                "too_large",
                format!("PDF 有 {pages} 页,超过上限 {MAX_PAGES} 页"),
                format!("the PDF has {pages} pages, more than the limit of {MAX_PAGES}"),
            ));
        }
        check_streams(&doc, limits)?;
        super::pdf_forms::check(&doc)?;
        let mut collector = Collector::default();
        for page in 1..=pages as u32 {
            let outcome =
                crate::guard::catch(|| pdf_extract::output_doc_page(&doc, &mut collector, page));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(_)) if collector.too_many => {
                    return Err(ReadError::new(
                        "too_large",
                        format!("PDF 的文字超过 {MAX_GLYPHS} 个字符"),
                        format!("the PDF holds more than {MAX_GLYPHS} characters of text"),
                    ));
                }
                Ok(Err(e)) => return Err(undecodable(page, &e.to_string())),
                Err(panic) => return Err(undecodable(page, &panic)),
            }
        }
        Ok(collector.pages)
    };
    crate::guard::catch(run).unwrap_or_else(|panic| Err(bad(&panic)))
}

/// The most one page's drawing (its content streams, or one form it draws) may inflate to.
/// A report's page holds some 10 to 200 KB; lopdf holds every operation of a page at once,
/// about 80 bytes for a 7-byte `(1) Tj`, so a 150 KB file inflating to 100 MB of them took
/// 8 GB before this cap.
const MAX_PAGE_CONTENT: u64 = 4 << 20;

/// Refuse a PDF whose streams would inflate past the caps, before pdf-extract parses any:
/// each page's content and each form within [`MAX_PAGE_CONTENT`], and every stream but the
/// pictures and fonts within `--max-unzipped-mb` together.
fn check_streams(doc: &Document, limits: &Limits) -> Result<(), ReadError> {
    let too_large = |zh: String, en: String| ReadError::new("too_large", zh, en);
    for (number, page) in doc.get_pages() {
        let size: u64 = doc
            .get_page_contents(page)
            .into_iter()
            .filter_map(|id| doc.get_object(id).ok()?.as_stream().ok())
            .map(|s| inflated_size(s, MAX_PAGE_CONTENT + 1))
            .sum();
        if size > MAX_PAGE_CONTENT {
            return Err(too_large(
                format!("PDF 第 {number} 页的内容解压后超过 4 MB,不像一份年度报告(可能是压缩炸弹)"),
                format!(
                    "page {number} of the PDF inflates to more than 4 MB of drawing, far more than a report (possibly a zip bomb)"
                ),
            ));
        }
    }
    let mut total = 0u64;
    for object in doc.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .unwrap_or_default();
        let font_program = [b"Length1".as_slice(), b"Length2", b"Length3"]
            .iter()
            .any(|k| stream.dict.has(k))
            || matches!(subtype, b"Type1C" | b"CIDFontType0C" | b"OpenType");
        if subtype == b"Image" || font_program {
            continue;
        }
        let size = inflated_size(stream, limits.unzipped_bytes.saturating_sub(total) + 1);
        if subtype == b"Form" && size > MAX_PAGE_CONTENT {
            return Err(too_large(
                "PDF 中一个表单对象解压后超过 4 MB,不像一份年度报告(可能是压缩炸弹)".into(),
                "a form drawn in the PDF inflates to more than 4 MB, far more than a report (possibly a zip bomb)".into(),
            ));
        }
        total += size;
        if total > limits.unzipped_bytes {
            return Err(too_large(
                format!(
                    "PDF 的数据流解压后超过 {} MB(--max-unzipped-mb),可能是压缩炸弹,未读取",
                    limits.unzipped_bytes >> 20
                ),
                format!(
                    "the PDF's streams inflate to more than {} MB (--max-unzipped-mb): possibly a zip bomb; not read",
                    limits.unzipped_bytes >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// What a stream inflates to, counted up to `cap` bytes and never held: Flate streams are
/// inflated into nothing; others count as stored.
fn inflated_size(stream: &pdf_extract::Stream, cap: u64) -> u64 {
    let flate = stream
        .filters()
        .is_ok_and(|f| f.iter().any(|f| *f == b"FlateDecode".as_slice()));
    if !flate {
        return stream.content.len() as u64;
    }
    let mut inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(cap);
    // Counted as it comes, so a stream damaged after a bomb still counts what came out.
    let (mut buffer, mut size) = ([0u8; 8192], 0u64);
    while let Ok(n) = inflater.read(&mut buffer) {
        if n == 0 {
            break;
        }
        size += n as u64;
    }
    size
}

/// A run of glyphs drawn one after another on one baseline: a word, a figure, a label.
#[derive(Debug, Clone)]
struct Run {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
    /// Placed by the table's borders (a cell with no row of figures): it stays a row of
    /// its own.
    settled: bool,
}

impl Run {
    fn of(g: &Glyph) -> Run {
        Run {
            x0: g.x,
            x1: g.x + g.w,
            y: g.y,
            size: g.size,
            text: g.text.clone(),
            settled: false,
        }
    }

    fn extend(&mut self, next: &Run) {
        let size = self.size.min(next.size);
        // A space between words set apart (「Page 1」); Chinese characters side by side
        // need none.
        if next.x0 > self.x1 + 0.15 * size {
            self.text.push(' ');
        }
        self.text.push_str(&next.text);
        self.x1 = self.x1.max(next.x1);
        self.size = self.size.max(next.size);
    }

    fn is_figure(&self) -> bool {
        labels::parse_number_text(self.text.trim()) != Value::Text
    }

    /// A label that begins a row: it carries a numbering (「2.」「(六)」「三、」), or is a
    /// note or a table's heading (「第二十条第(八)项」).
    fn starts_label(&self) -> bool {
        let n = labels::normalise(&self.text);
        labels::strip_numbering(&n).len() < n.len()
            || n.starts_with("注:")
            || n.starts_with("说明:")
            || (n.starts_with('第') && n.contains('条'))
    }
}

/// How far apart, in font sizes, two runs may stand and still be one cell: more than a
/// space (a quarter to a third of the size), less than a table's cell padding and border.
const CELL_GAP: f64 = 0.6;
/// Figures closer than this many font sizes to the next run are one cell with it
/// (「251000 元」); farther apart they are two columns.
const FIGURE_GAP: f64 = 0.3;
/// How far, in font sizes, a label line may stand from the row of figures it belongs to.
const LABEL_REACH: f64 = 1.6;

/// One visual line: its cells left to right.
#[derive(Debug, Clone)]
struct Line {
    y: f64,
    size: f64,
    cells: Vec<Run>,
}

impl Line {
    /// Where the figures of a row begin: the left edge of its first figure. A serial number
    /// before the row's label (a 序号 column) is not one of them.
    fn first_figure(&self) -> Option<f64> {
        let serial = |c: &Run| c.text.len() <= 3 && c.text.chars().all(|ch| ch.is_ascii_digit());
        let skip = match self.cells.as_slice() {
            [first, label, rest @ ..]
                if serial(first) && !label.is_figure() && rest.iter().any(Run::is_figure) =>
            {
                2
            }
            _ => 0,
        };
        self.cells
            .iter()
            .skip(skip)
            .find(|c| c.is_figure())
            .map(|c| c.x0)
    }
}

/// A page's glyphs as rows, top to bottom.
#[cfg(test)]
fn page_rows(glyphs: &[Glyph], rules: &[Rule], height: f64) -> Vec<Row> {
    page_rows_and_lines(glyphs, rules, height).0
}

/// [`page_rows`], and the baselines of the page's text lines (top down).
fn page_rows_and_lines(glyphs: &[Glyph], rules: &[Rule], height: f64) -> (Vec<Row>, Vec<f64>) {
    let lines = lines(&true_advances(glyphs));
    let lines: Vec<Line> = lines
        .into_iter()
        .filter(|l| !is_furniture(l, height))
        .collect();
    let baselines = lines.iter().map(|l| l.y).collect();
    (attach_labels(lines, rules), baselines)
}

/// The widest a digit, a decimal point or a sign is drawn, in font sizes: half an em in
/// every CJK and Latin font reports use, with room for bold faces.
const FIGURE_ADVANCE: f64 = 0.62;

/// Glyph widths as the page draws them, not as pdf-extract reports them.
///
/// pdf-extract 0.12 drops the `c_first c_last w` ranges of a CID font's `W` array (WPS and
/// Word write digits that way, 「19 28 500」), so every digit gets the font's default
/// width of a full em and 「21」 falls apart into 「2 1」 (hongze-2023.pdf). Two facts put
/// it right: a glyph drawn after another on its baseline, starting before that one's
/// reported end, ends where it starts (text is not drawn over itself); and a figure's
/// glyph is never wider than [`FIGURE_ADVANCE`].
fn true_advances(glyphs: &[Glyph]) -> Vec<Glyph> {
    glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut w = g.w;
            if g.text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%'))
            {
                w = w.min(FIGURE_ADVANCE * g.size);
            }
            if let Some(next) = glyphs.get(i + 1) {
                let advance = next.x - g.x;
                if (next.y - g.y).abs() <= 0.1 * g.size && advance > 0.0 && advance < w {
                    w = advance;
                }
            }
            Glyph { w, ..g.clone() }
        })
        .collect()
}

/// Glyphs into runs (in drawing order), runs into lines (by baseline), lines into cells.
fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut runs: Vec<Run> = Vec::new();
    for g in glyphs {
        let next = Run::of(g);
        match runs.last_mut() {
            Some(run) if joins(run, &next) => run.extend(&next),
            _ => runs.push(next),
        }
    }
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Line> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if run.y - line.y <= 0.35 * line.size.min(run.size) => {
                line.size = line.size.max(run.size);
                line.cells.push(run);
            }
            _ => lines.push(Line {
                y: run.y,
                size: run.size,
                cells: vec![run],
            }),
        }
    }
    for line in &mut lines {
        line.cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut cells: Vec<Run> = Vec::new();
        for run in std::mem::take(&mut line.cells) {
            match cells.last_mut() {
                Some(cell) if joins(cell, &run) => cell.extend(&run),
                _ => cells.push(run),
            }
        }
        line.cells = cells;
    }
    lines
}

/// Whether `run` continues `cell` as one cell: on its baseline, close after it (not drawn
/// back over it), and not a figure of the neighbouring column.
fn joins(cell: &Run, run: &Run) -> bool {
    let size = cell.size.min(run.size);
    let gap = run.x0 - cell.x1;
    if (run.y - cell.y).abs() > 0.35 * size || gap < -0.3 * size || gap > CELL_GAP * size {
        return false;
    }
    gap <= FIGURE_GAP * size || !(cell.is_figure() || run.is_figure())
}

/// Page numbers, footers and a spreadsheet's default header, in the top or bottom margin
/// (「- 1 -」 and 「第 1 页」 anywhere: the text reader drops those too).
fn is_furniture(line: &Line, height: f64) -> bool {
    let text: String = line
        .cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let c = labels::normalise(&text);
    let lower = c.to_ascii_lowercase();
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|ch| ch.is_ascii_digit());
    let margin = height > 0.0 && (line.y < 0.1 * height || line.y > 0.9 * height);
    let page_number =
        (c.len() >= 3 && c.starts_with('-') && c.ends_with('-') && digits(c.trim_matches('-')))
            || lower.strip_prefix("page").is_some_and(|n| {
                digits(n)
                    || n.split_once("of")
                        .is_some_and(|(a, b)| digits(a) && digits(b))
            })
            || c.strip_prefix('第')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(|n| {
                    digits(n)
                        || n.split_once("页共")
                            .is_some_and(|(a, b)| digits(a) && digits(b))
                })
            || (c.len() <= 7
                && c.split_once('/')
                    .is_some_and(|(a, b)| digits(a) && digits(b)));
    let margin_only = digits(&c)
        || lower
            .strip_prefix("sheet")
            .is_some_and(|n| n.is_empty() || digits(n))
        || c.strip_prefix("工作表").is_some_and(digits);
    // A browser's or word processor's margin line: the address or date, then 「2/5」.
    let ends_in_number = line.cells.len() > 1
        && [line.cells.first(), line.cells.last()]
            .into_iter()
            .flatten()
            .any(|c| {
                is_furniture(
                    &Line {
                        y: line.y,
                        size: line.size,
                        cells: vec![c.clone()],
                    },
                    0.0,
                )
            });
    page_number || (margin && (margin_only || ends_in_number))
}

/// A row as it will be written: its label cells and the figure cells after them.
#[derive(Debug, Clone)]
struct Row {
    y: f64,
    size: f64,
    /// Label pieces (joined per column when written).
    labels: Vec<Run>,
    /// Cells from the first figure on; empty for a line without figures.
    slots: Vec<Run>,
    /// Where the figures begin, for a row of figures.
    figures_at: Option<f64>,
    /// The page it stands on (from 0).
    page: usize,
}

/// Lines of label text with no figures are joined to the row of figures they belong to
/// (wrapped and vertically centred labels); every other line is a row of its own.
fn attach_labels(lines: Vec<Line>, rules: &[Rule]) -> Vec<Row> {
    let mut rows: Vec<Row> = lines
        .iter()
        .map(|l| match l.first_figure() {
            Some(at) => {
                let (labels, slots) = l.cells.iter().cloned().partition(|c| c.x1 <= at + 0.1);
                Row {
                    y: l.y,
                    size: l.size,
                    labels,
                    slots,
                    figures_at: Some(at),
                    page: 0,
                }
            }
            None => Row {
                y: l.y,
                size: l.size,
                labels: l.cells.clone(),
                slots: Vec::new(),
                figures_at: None,
                page: 0,
            },
        })
        .collect();
    let figures_at: Vec<Option<f64>> = rows.iter().map(|r| r.figures_at).collect();
    let figure_rows: Vec<usize> = (0..rows.len())
        .filter(|&i| figures_at[i].is_some())
        .collect();
    // Label lines already placed: the piece, the row it joined (none: kept as a row of its
    // own), whether it starts a label.
    let mut placed: Vec<(Run, Option<usize>, bool)> = Vec::new();
    if is_ruled(&rows, &figure_rows, rules) {
        place_in_cells(&mut rows, &figure_rows, rules, &mut placed);
    }
    join_in_cells(&mut rows, rules);
    for i in 0..rows.len() {
        if rows[i].figures_at.is_some() {
            continue;
        }
        let (y, size) = (rows[i].y, rows[i].size);
        // Rows of figures near enough, nearest first (the one above first on a tie).
        let mut near: Vec<usize> = figure_rows
            .iter()
            .copied()
            .filter(|&j| (rows[j].y - y).abs() <= LABEL_REACH * size.max(rows[j].size))
            .collect();
        near.sort_by(|&a, &b| {
            (rows[a].y - y)
                .abs()
                .total_cmp(&(rows[b].y - y).abs())
                .then(rows[a].y.total_cmp(&rows[b].y))
        });
        // Only a line that lies wholly left of the figures is label text (not a header).
        let fits = |j: usize, cell: &Run| figures_at[j].is_some_and(|at| cell.x1 <= at + 0.1);
        if near.is_empty()
            || !rows[i]
                .labels
                .iter()
                .all(|c| near.iter().any(|&j| fits(j, c)))
        {
            continue;
        }
        let (mut kept, pieces): (Vec<Run>, Vec<Run>) = std::mem::take(&mut rows[i].labels)
            .into_iter()
            .partition(|p| p.settled);
        // Continuations first, so a numbered label on the same line starts after them.
        let (starts, continues): (Vec<Run>, Vec<Run>) =
            pieces.into_iter().partition(Run::starts_label);
        for piece in continues.into_iter().chain(starts) {
            let starts = piece.starts_label();
            // A continuation goes where the label line just above it in its column went
            // (the second line of a wrapped group label goes with its first), the one that
            // starts a label first when two stand there (one drawn over the other).
            let above = (!starts)
                .then(|| {
                    placed
                        .iter()
                        .filter(|(p, _, _)| {
                            overlaps(p, &piece)
                                && piece.y > p.y
                                && piece.y - p.y <= LABEL_REACH * size
                        })
                        .max_by(|a, b| a.0.y.total_cmp(&b.0.y).then(a.2.cmp(&b.2)))
                        .map(|(_, target, _)| *target)
                })
                .flatten();
            let target = match above {
                Some(target) => target.filter(|&j| fits(j, &piece)),
                None => near.iter().copied().find(|&j| {
                    fits(j, &piece)
                        && (!starts || !rows[j].labels.iter().any(|l| overlaps(l, &piece)))
                }),
            };
            placed.push((piece.clone(), target, starts));
            match target {
                Some(j) => rows[j].labels.push(piece),
                None => kept.push(piece),
            }
        }
        kept.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        rows[i].labels = kept;
    }
    rows.retain(|r| !r.labels.is_empty() || !r.slots.is_empty());
    rows
}

/// Whether the page's rows of figures are ruled apart, as in a table with borders: then the
/// cell a piece of label text stands in says which row it belongs to.
fn is_ruled(rows: &[Row], figure_rows: &[usize], rules: &[Rule]) -> bool {
    let mut pairs = 0;
    let mut ruled = 0;
    for pair in figure_rows.windows(2) {
        let (a, b) = (&rows[pair[0]], &rows[pair[1]]);
        // Neighbouring rows of one table.
        if b.y - a.y > 4.0 * a.size.max(b.size) {
            continue;
        }
        pairs += 1;
        let x = b.figures_at.unwrap_or(0.0) + 0.5;
        if rules
            .iter()
            .any(|r| r.runs_over(x) && r.at > a.y && r.at < b.y - 0.5 * b.size)
        {
            ruled += 1;
        }
    }
    pairs >= 3 && ruled * 5 >= pairs * 4
}

/// The cell of a piece of text, as the lines above and below it: (top, bottom).
fn cell_of(piece: &Run, rules: &[Rule]) -> Option<(f64, f64)> {
    let x = (piece.x0 + piece.x1) / 2.0;
    let middle = piece.y - 0.35 * piece.size;
    let top = rules
        .iter()
        .filter(|r| r.runs_over(x) && r.at < middle)
        .map(|r| r.at)
        .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.max(y))))?;
    let bottom = rules
        .iter()
        .filter(|r| r.runs_over(x) && r.at > middle)
        .map(|r| r.at)
        .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.min(y))))?;
    Some((top, bottom))
}

/// In a ruled table every label piece goes to the first row of figures in its cell: the
/// lines of a wrapped label together, a merged cell's label (「(三)不予公开」 over eight rows)
/// on its first row, as a spreadsheet holds it. A numbered piece whose cell's row already
/// has a label numbered alike where it stands (text overflowing from the next row) is left
/// to the nearest-row rule.
fn place_in_cells(
    rows: &mut [Row],
    figure_rows: &[usize],
    rules: &[Rule],
    placed: &mut Vec<(Run, Option<usize>, bool)>,
) {
    let mut pieces: Vec<(usize, Run)> = Vec::new();
    for (i, row) in rows.iter_mut().enumerate() {
        for piece in std::mem::take(&mut row.labels) {
            pieces.push((i, piece));
        }
    }
    // The labels on rows of figures first (each row's own label is then known), then the
    // lines of label text; top to bottom, and on one line continuations before the labels
    // that start a row.
    let alone = |i: usize| rows[i].figures_at.is_none();
    pieces.sort_by(|a, b| {
        alone(a.0)
            .cmp(&alone(b.0))
            .then(a.1.y.total_cmp(&b.1.y))
            .then(a.1.starts_label().cmp(&b.1.starts_label()))
            .then(a.1.x0.total_cmp(&b.1.x0))
    });
    for (from, mut piece) in pieces {
        let starts = piece.starts_label();
        let cell = cell_of(&piece, rules);
        let target = cell.and_then(|(top, bottom)| {
            figure_rows.iter().copied().find(|&j| {
                let middle = rows[j].y - 0.35 * rows[j].size;
                top < middle
                    && middle < bottom
                    && rows[j].figures_at.is_some_and(|at| piece.x1 <= at + 0.1)
            })
        });
        // 「2.」 over 「1.」: the next row's label overflowing into this cell. (「1.」 under
        // 「(三)」 is a sub-row's label sharing its group's cell, as WPS writes them.)
        let clash = |j: usize| {
            starts
                && rows[j].labels.iter().any(|l| {
                    overlaps(l, &piece)
                        && numbering(&l.text).is_some_and(|k| Some(k) == numbering(&piece.text))
                })
        };
        match target {
            Some(j) if !clash(j) => {
                if rows[from].figures_at.is_none() {
                    placed.push((piece.clone(), Some(j), starts));
                }
                rows[j].labels.push(piece);
            }
            None if cell.is_some() && rows[from].figures_at.is_none() => {
                piece.settled = true;
                placed.push((piece.clone(), None, starts));
                rows[from].labels.push(piece);
            }
            _ => rows[from].labels.push(piece),
        }
    }
}

/// A drawn cell's borders: top, bottom, left, right.
type CellBox = (f64, f64, f64, f64);

/// The lines of a header cell wrapped in a narrow column (「结果维」 over 「持」) are one
/// text, on the cell's first line, when the cell is drawn: lines above and below, and on
/// both sides.
fn join_in_cells(rows: &mut [Row], rules: &[Rule]) {
    // Pieces that began a cell's text: row, index, cell, the last line joined to it.
    let mut heads: Vec<(usize, usize, CellBox, f64)> = Vec::new();
    for i in 0..rows.len() {
        if rows[i].figures_at.is_some() {
            continue;
        }
        let mut kept = Vec::new();
        for piece in std::mem::take(&mut rows[i].labels) {
            let cell = cell_of(&piece, rules)
                .zip(column_span(&piece, rules))
                .map(|((top, bottom), (left, right))| (top, bottom, left, right));
            let head = cell.and_then(|cell| {
                heads.iter_mut().rev().find(|(r, k, c, last)| {
                    (c.0 - cell.0).abs() < 0.5
                        && (c.1 - cell.1).abs() < 0.5
                        && (c.2 - cell.2).abs() < 0.5
                        && (c.3 - cell.3).abs() < 0.5
                        && piece.y - *last <= 2.0 * piece.size
                        && overlaps(&rows[*r].labels[*k], &piece)
                })
            });
            match head {
                Some((r, k, _, last)) => {
                    let head = &mut rows[*r].labels[*k];
                    head.text.push_str(&piece.text);
                    head.x0 = head.x0.min(piece.x0);
                    head.x1 = head.x1.max(piece.x1);
                    *last = piece.y;
                }
                None => kept.push((piece, cell)),
            }
        }
        for (piece, cell) in kept {
            if let Some(cell) = cell {
                heads.push((i, rows[i].labels.len(), cell, piece.y));
            }
            rows[i].labels.push(piece);
        }
    }
}

/// The left and right borders of the cell a piece of text stands in, when vertical lines
/// are drawn on both sides of it.
fn column_span(piece: &Run, rules: &[Rule]) -> Option<(f64, f64)> {
    let middle = piece.y - 0.35 * piece.size;
    let beside = |r: &&Rule| r.vertical && r.covers(middle);
    let left = rules
        .iter()
        .filter(beside)
        .filter(|r| r.at <= piece.x0 + 1.0)
        .map(|r| r.at)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))?;
    let right = rules
        .iter()
        .filter(beside)
        .filter(|r| r.at >= piece.x1 - 1.0)
        .map(|r| r.at)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))))?;
    Some((left, right))
}

/// The kind of numbering a label starts with: 「一、」, 「(一)」 or 「1.」.
fn numbering(text: &str) -> Option<u8> {
    let n = labels::normalise(text);
    if labels::strip_numbering(&n).len() == n.len() {
        return None;
    }
    Some(if n.starts_with('(') {
        1
    } else if n.starts_with(|c: char| c.is_ascii_digit()) {
        2
    } else {
        0
    })
}

/// Whether two pieces of text stand in the same column.
fn overlaps(a: &Run, b: &Run) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1
}

use super::grid::ROW_END as RIGHT;

/// A row laid out for the grid: the column of its first cell, and its cells (empty ones
/// `""`).
#[derive(Debug, Clone, PartialEq)]
struct Laid {
    start: u32,
    cells: Vec<String>,
}

impl Laid {
    /// A row outside a table of figures, placed as the text reader places one: a row of a
    /// label and figures ends at [`RIGHT`], any other starts at column 0.
    fn free(cells: Vec<String>) -> Laid {
        let value = |c: &String| !c.is_empty() && labels::parse_number_text(c) != Value::Text;
        let mixed = cells.iter().any(value) && cells.iter().any(|c| !c.is_empty() && !value(c));
        let start = if mixed {
            (RIGHT + 1).saturating_sub(cells.len() as u32)
        } else {
            0
        };
        Laid { start, cells }
    }

    /// The cells as one line, joined by ` | `: what the reader saw, for people.
    fn text(&self) -> String {
        match self.cells.as_slice() {
            [one] => one.clone(),
            [first, ..] if first.is_empty() => format!("| {} |", self.cells.join(" | ")),
            cells => cells.join(" | "),
        }
    }
}

/// The rows laid out for the grid. The figures of a run of rows are put in its columns (a
/// blank cell keeps its place, empty): the last in column [`RIGHT`] when the rows have
/// labels, which stand right before the figures; from column 0 in a table of figures only
/// (table 4). Where the table draws its borders, the header rows above are put in those
/// columns too, each header in the first column its cell spans (as a spreadsheet holds a
/// merged cell), so the locator finds the columns by their headers.
fn emit(rows: &[Row], rules: &[&[Rule]]) -> Vec<Laid> {
    let mut out: Vec<Laid> = Vec::with_capacity(rows.len());
    let mut i = 0;
    while i < rows.len() {
        if rows[i].figures_at.is_none() {
            out.push(Laid::free(label_cells(&rows[i].labels)));
            i += 1;
            continue;
        }
        // A run of rows of figures: it goes on over rows of label text left of its figures,
        // and ends at anything standing over the figures (a header, a heading, prose), and
        // with its page.
        let start = i;
        let mut left = rows[i].figures_at.unwrap_or(0.0);
        let mut end = i + 1;
        while end < rows.len() && rows[end].page == rows[start].page {
            let r = &rows[end];
            match r.figures_at {
                Some(at) => left = left.min(at),
                None if r.labels.iter().all(|c| c.x1 <= left + 0.1) => {}
                None => break,
            }
            end += 1;
        }
        let block = &rows[start..end];
        let columns = columns(block);
        let labelled = block
            .iter()
            .any(|r| r.figures_at.is_some() && !r.labels.is_empty());
        // The grid column of figure column 0.
        let base = if labelled {
            (RIGHT + 1).saturating_sub(columns.len() as u32)
        } else {
            0
        };
        // The header rows just above (on the page before, when the table is split), back to
        // the first that is not inside the table: each piece stands in a drawn cell.
        let centre = |c: &(f64, f64)| (c.0 + c.1) / 2.0;
        let column_in = |(left, right): (f64, f64)| {
            columns
                .iter()
                .position(|c| left < centre(c) && centre(c) < right)
        };
        let span = |r: &Row, p: &Run| column_span(p, rules[r.page]);
        let mut first = start;
        while first > 0
            && start - first < 8
            && rows[first - 1].figures_at.is_none()
            && rows[first - 1]
                .labels
                .iter()
                .all(|p| span(&rows[first - 1], p).is_some())
            && rows[first - 1]
                .labels
                .iter()
                .any(|p| span(&rows[first - 1], p).and_then(column_in).is_some())
        {
            first -= 1;
        }
        for (k, row) in rows[first..start].iter().enumerate() {
            // Grid column → text; a header over no figure column stands right before them.
            let mut placed: Vec<(u32, String)> = Vec::new();
            for piece in &row.labels {
                let col = span(row, piece)
                    .and_then(column_in)
                    .map_or(base.saturating_sub(1), |c| base + c as u32);
                match placed.iter_mut().find(|(c, _)| *c == col) {
                    Some((_, text)) => {
                        text.push(' ');
                        text.push_str(&piece.text);
                    }
                    None => placed.push((col, piece.text.clone())),
                }
            }
            placed.sort_by_key(|(c, _)| *c);
            let from = placed.first().map_or(0, |(c, _)| *c);
            let to = placed.last().map_or(0, |(c, _)| *c);
            let mut cells = vec![String::new(); (to - from + 1) as usize];
            for (c, text) in placed {
                cells[(c - from) as usize] = text;
            }
            let line = out.len() - (start - first) + k;
            out[line] = Laid { start: from, cells };
        }
        for row in block {
            if row.figures_at.is_none() {
                out.push(Laid::free(label_cells(&row.labels)));
                continue;
            }
            let mut cells = label_cells(&row.labels);
            let labels = cells.len() as u32;
            let mut filled: Vec<Vec<&str>> = vec![Vec::new(); columns.len()];
            for slot in &row.slots {
                filled[column_of(&columns, slot)].push(slot.text.as_str());
            }
            cells.extend(filled.into_iter().map(|texts| texts.join(" ")));
            out.push(Laid {
                start: base.saturating_sub(labels),
                cells,
            });
        }
        i = end;
    }
    out
}

/// The label pieces of a row, joined per column (a wrapped label becomes one cell), left to
/// right.
fn label_cells(pieces: &[Run]) -> Vec<String> {
    let mut columns: Vec<Vec<&Run>> = Vec::new();
    let mut sorted: Vec<&Run> = pieces.iter().collect();
    sorted.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    for piece in sorted {
        match columns
            .iter_mut()
            .find(|col| col.iter().any(|p| overlaps(p, piece)))
        {
            Some(col) => col.push(piece),
            None => columns.push(vec![piece]),
        }
    }
    columns.sort_by(|a, b| {
        let x = |c: &Vec<&Run>| c.iter().map(|p| p.x0).fold(f64::INFINITY, f64::min);
        x(a).total_cmp(&x(b))
    });
    columns
        .into_iter()
        .map(|mut col| {
            col.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
            col.iter().map(|p| p.text.as_str()).collect::<String>()
        })
        .collect()
}

/// The figure columns of a run of rows, left to right, as x ranges: the figures that stand
/// over one another make a column; text in a figure's place joins the column it overlaps.
fn columns(block: &[Row]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = block
        .iter()
        .flat_map(|r| r.slots.iter())
        .filter(|s| s.is_figure())
        .map(|s| (s.x0, s.x1))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut columns: Vec<(f64, f64)> = Vec::new();
    for (x0, x1) in spans {
        match columns.last_mut() {
            Some(col) if x0 < col.1 => col.1 = col.1.max(x1),
            _ => columns.push((x0, x1)),
        }
    }
    // Text where a figure should be (「见附件」) and no figure in its column: a column too.
    for s in block.iter().flat_map(|r| r.slots.iter()) {
        if !columns.iter().any(|c| s.x0 < c.1 && c.0 < s.x1) {
            let at = columns.partition_point(|c| c.0 < s.x0);
            columns.insert(at, (s.x0, s.x1));
        }
    }
    columns
}

/// The column a cell of a row's figures belongs to: the one it overlaps most, else the
/// nearest.
fn column_of(columns: &[(f64, f64)], cell: &Run) -> usize {
    let overlap = |c: &(f64, f64)| cell.x1.min(c.1) - cell.x0.max(c.0);
    let centre = (cell.x0 + cell.x1) / 2.0;
    let distance = |c: &(f64, f64)| ((c.0 + c.1) / 2.0 - centre).abs();
    (0..columns.len())
        .max_by(|&a, &b| {
            overlap(&columns[a])
                .total_cmp(&overlap(&columns[b]))
                .then(distance(&columns[b]).total_cmp(&distance(&columns[a])))
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` from `x` on one baseline, 10 pt wide each (figures 5 pt).
    fn word(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        let mut x = x;
        text.chars()
            .map(|c| {
                let w = if c.is_ascii() { 5.0 } else { 10.0 };
                let g = Glyph {
                    x,
                    y,
                    w,
                    size: 10.0,
                    text: c.to_string(),
                };
                x += w;
                g
            })
            .collect()
    }

    fn rows_of(words: &[(&str, f64, f64)]) -> Vec<String> {
        let glyphs: Vec<Glyph> = words.iter().flat_map(|(t, x, y)| word(t, *x, *y)).collect();
        emit(&page_rows(&glyphs, &[], 800.0), &[&[]])
            .iter()
            .map(Laid::text)
            .collect()
    }

    #[test]
    fn lines_are_sorted_top_to_bottom_whatever_the_drawing_order() {
        let rows = rows_of(&[
            ("行政处罚", 100.0, 220.0),
            ("56", 300.0, 220.0),
            ("某某局2023年政府信息公开工作年度报告", 100.0, 100.0),
            ("行政许可", 100.0, 200.0),
            ("1234", 290.0, 200.0),
        ]);
        assert_eq!(
            rows,
            [
                "某某局2023年政府信息公开工作年度报告",
                "行政许可 | 1234",
                "行政处罚 | 56",
            ]
        );
    }

    #[test]
    fn cells_split_on_gaps_and_figures_of_neighbouring_columns_stay_apart() {
        let rows = rows_of(&[
            ("行政许可", 100.0, 200.0),
            ("说明", 145.0, 200.0),
            ("见附件", 200.0, 200.0),
            ("0", 300.0, 200.0),
            ("0", 310.0, 200.0),
            ("12", 330.0, 200.0),
            ("251000", 400.0, 200.0),
            ("元", 432.0, 200.0),
        ]);
        assert_eq!(rows, ["行政许可 说明 | 见附件 | 0 | 0 | 12 | 251000 元"]);
    }

    #[test]
    fn a_row_of_figures_with_its_first_cell_blank_keeps_it() {
        let rows = rows_of(&[
            ("2", 100.0, 200.0),
            ("1", 140.0, 200.0),
            ("1", 140.0, 214.0),
        ]);
        assert_eq!(rows, ["2 | 1", "|  | 1 |"]);
    }

    #[test]
    fn a_blank_cell_keeps_its_column() {
        let rows = rows_of(&[
            ("一、本年新收政府信息公开申请数量", 100.0, 200.0),
            ("30", 500.0, 200.0),
            ("5", 540.0, 200.0),
            ("39", 580.0, 200.0),
            ("二、上年结转政府信息公开申请数量", 100.0, 214.0),
            ("2", 500.0, 214.0),
            ("3", 580.0, 214.0),
        ]);
        assert_eq!(
            rows,
            [
                "一、本年新收政府信息公开申请数量 | 30 | 5 | 39",
                "二、上年结转政府信息公开申请数量 | 2 |  | 3",
            ]
        );
    }

    #[test]
    fn wrapped_labels_join_their_row_and_a_numbered_line_starts_the_next() {
        // LibreOffice centres a two-line label on its figures; an overflowing label is drawn
        // over the next row's first line.
        let rows = rows_of(&[
            ("5.要求行政机关确认或重新出具已获取信息", 100.0, 190.0),
            ("0", 500.0, 190.0),
            ("1.申请人无正当理由逾期不补正", 100.0, 196.0),
            ("1", 500.0, 200.0),
            ("公开申请", 100.0, 204.0),
            ("2.申请人逾期未按收费通知要求缴纳费用", 100.0, 204.0),
            ("（六）其他处理", 20.0, 208.0),
            ("0", 500.0, 208.0),
            ("政府信息公开申请", 100.0, 212.0),
            ("3.其他", 100.0, 216.0),
            ("0", 500.0, 216.0),
        ]);
        assert_eq!(
            rows,
            [
                "5.要求行政机关确认或重新出具已获取信息 | 0",
                "1.申请人无正当理由逾期不补正公开申请 | 1",
                "（六）其他处理 | 2.申请人逾期未按收费通知要求缴纳费用政府信息公开申请 | 0",
                "3.其他 | 0",
            ]
        );
    }

    #[test]
    fn headings_and_headers_near_a_table_stay_rows_of_their_own() {
        let rows = rows_of(&[
            ("信息内容", 100.0, 190.0),
            ("本年制发件数", 280.0, 190.0),
            ("规章", 100.0, 200.0),
            ("0", 300.0, 200.0),
            ("三、收到和处理政府信息公开申请情况", 100.0, 210.0),
        ]);
        assert_eq!(
            rows,
            [
                "信息内容 | 本年制发件数",
                "规章 | 0",
                "三、收到和处理政府信息公开申请情况",
            ]
        );
    }

    fn hline(y: f64, x0: f64, x1: f64) -> Rule {
        Rule {
            vertical: false,
            at: y,
            from: x0,
            to: x1,
        }
    }

    fn vline(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            vertical: true,
            at: x,
            from: y0,
            to: y1,
        }
    }

    fn ruled_rows_of(words: &[(&str, f64, f64)], rules: &[Rule]) -> Vec<String> {
        let glyphs: Vec<Glyph> = words.iter().flat_map(|(t, x, y)| word(t, *x, *y)).collect();
        emit(&page_rows(&glyphs, rules, 800.0), &[rules])
            .iter()
            .map(|l| format!("{}: {}", l.start, l.text()))
            .collect()
    }

    #[test]
    fn in_a_ruled_table_a_label_joins_the_first_row_of_its_cell() {
        // Rows 20 pt high, ruled at 200, 220 … 280 over the whole table; the group label
        // column (x 0–80) is one merged cell from 200 to 260, the sub-labels (x 80–300)
        // have a cell a row. 「2.其他法律行政法规禁止公开」 wraps over three lines of its
        // cell, its figure centred; the group label stands on the second row.
        let mut rules: Vec<Rule> = [200.0, 220.0, 240.0, 260.0, 280.0]
            .iter()
            .map(|&y| hline(y, 80.0, 400.0))
            .collect();
        rules.extend([hline(200.0, 0.0, 80.0), hline(260.0, 0.0, 80.0)]);
        let rows = ruled_rows_of(
            &[
                ("1.属于国家秘密", 82.0, 214.0),
                ("1", 350.0, 214.0),
                ("（三）不予公开", 0.0, 234.0),
                ("2.其他法律", 82.0, 227.0),
                ("行政法规禁止", 82.0, 234.0),
                ("公开", 82.0, 241.0),
                ("0", 350.0, 234.0),
                ("3.危及", 82.0, 254.0),
                ("0", 350.0, 254.0),
                ("4.保护第三方合法权益", 82.0, 274.0),
                ("2", 350.0, 274.0),
            ],
            &rules,
        );
        assert_eq!(
            rows,
            [
                "38: （三）不予公开 | 1.属于国家秘密 | 1",
                "39: 2.其他法律行政法规禁止公开 | 0",
                "39: 3.危及 | 0",
                "39: 4.保护第三方合法权益 | 2",
            ]
        );
    }

    #[test]
    fn ruled_header_cells_are_joined_and_put_over_their_columns() {
        // Table 4 cut to two groups of two: 「行政复议」 over columns at x 100 and 140,
        // 「行政诉讼」 over 180 and 220; each result header wrapped a character a line.
        let mut rules = vec![
            hline(180.0, 90.0, 250.0),
            hline(200.0, 90.0, 250.0),
            hline(240.0, 90.0, 250.0),
            hline(260.0, 90.0, 250.0),
        ];
        for x in [90.0, 170.0, 250.0] {
            rules.push(vline(x, 180.0, 260.0));
        }
        for x in [130.0, 210.0] {
            rules.push(vline(x, 200.0, 260.0));
        }
        let rows = ruled_rows_of(
            &[
                ("行政复议", 110.0, 194.0),
                ("行政诉讼", 190.0, 194.0),
                ("维", 100.0, 214.0),
                ("持", 100.0, 226.0),
                ("纠", 140.0, 214.0),
                ("正", 140.0, 226.0),
                ("维持", 175.0, 220.0),
                ("纠正", 215.0, 220.0),
                ("2", 100.0, 254.0),
                ("1", 140.0, 254.0),
                ("0", 180.0, 254.0),
                ("3", 220.0, 254.0),
            ],
            &rules,
        );
        assert_eq!(
            rows,
            [
                "0: 行政复议 |  | 行政诉讼",
                "0: 维持 | 纠正",
                "2: 维持 | 纠正",
                "0: 2 | 1 | 0 | 3"
            ]
        );
    }

    /// hongze-2023.pdf: pdf-extract gave its digits a full em of width, so 「21」, drawn
    /// 0.5 em apart, read as 「2 1」 and then as text.
    #[test]
    fn digits_reported_a_full_em_wide_stay_one_figure() {
        let glyph = |text: &str, x: f64| Glyph {
            x,
            y: 100.0,
            w: 14.0,
            size: 14.0,
            text: text.into(),
        };
        let glyphs = vec![
            glyph("2", 318.7),
            glyph("1", 325.8),
            glyph("0", 352.2),
            glyph("2", 492.4),
            glyph("1", 499.4),
        ];
        let fixed = lines(&true_advances(&glyphs));
        let cells: Vec<&str> = fixed[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, ["21", "0", "21"]);
        // As reported, the figures fall apart.
        assert_ne!(lines(&glyphs)[0].cells[0].text, "21");
    }

    #[test]
    fn page_furniture_is_dropped() {
        let rows = rows_of(&[
            ("Sheet1", 380.0, 30.0),
            ("规章", 100.0, 200.0),
            ("0", 300.0, 200.0),
            ("- 1 -", 380.0, 780.0),
            ("第 1 页 共 2 页", 380.0, 770.0),
            ("Page 1 of 2", 380.0, 760.0),
            ("3", 380.0, 790.0),
        ]);
        assert_eq!(rows, ["规章 | 0"]);
        // A lone figure inside the page is a row, not a page number.
        assert_eq!(rows_of(&[("3", 380.0, 400.0)]), ["3"]);
    }

    #[test]
    fn garbage_is_a_format_error_and_never_a_panic() {
        for bytes in [
            &b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"[..],
            b"%PDF-",
            b"%PDF-1.4\n\xff\xfe",
        ] {
            let e = read(bytes, &Limits::default()).unwrap_err();
            assert_eq!(e.kind, "format", "{e:?}");
        }
    }
}
