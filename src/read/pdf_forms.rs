//! The shape of a PDF's drawing, measured before pdf-extract draws it: pdf-extract follows a
//! page's `/Parent` chain for inherited attributes and draws every form where it is used,
//! with no memory of where it has been. A page tree that is its own parent loops forever, a
//! form that draws itself overflows the stack, and 40 forms each drawing the next twice are
//! 2^40 draws. Here each is a clear error in linear time.

use std::collections::HashMap;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::ReadError;

/// How many forms one page may draw, counting a form drawn inside another each time: a
/// report's page draws a handful (a letterhead, a seal).
pub const MAX_DRAWS: u64 = 10_000;

/// How deep forms may be drawn within forms, and how long a `/Parent` chain may be: real
/// files go a few levels deep.
pub const MAX_DEPTH: usize = 64;

fn malformed(zh: &str, en: &str) -> ReadError {
    ReadError::new(
        "format",
        format!("不是可读的 PDF:{zh}"),
        format!("not a readable PDF: {en}"),
    )
}

/// Refuse a PDF whose page tree loops or whose forms draw themselves, nest too deep or
/// multiply past [`MAX_DRAWS`] draws on one page.
pub fn check(doc: &Document) -> Result<(), ReadError> {
    let mut draws: HashMap<ObjectId, u64> = HashMap::new();
    for (number, page) in doc.get_pages() {
        let chain = parents(doc, page).ok_or_else(|| {
            malformed(
                &format!("第 {number} 页的页面树循环引用自身"),
                &format!("the page tree of page {number} is its own parent"),
            )
        })?;
        let contents: Vec<u8> = doc
            .get_page_contents(page)
            .into_iter()
            .filter_map(|id| doc.get_object(id).ok()?.as_stream().ok())
            .filter_map(|s| {
                s.decompressed_content()
                    .ok()
                    .or_else(|| Some(s.content.clone()))
            })
            .flatten()
            .collect();
        let resources = chain
            .iter()
            .find_map(|id| resources(doc, doc.get_dictionary(*id).ok()?));
        let mut on_path = Vec::new();
        let total = drawn(doc, &contents, resources, &mut draws, &mut on_path)?;
        if total > MAX_DRAWS {
            return Err(ReadError::new(
                "too_large",
                format!("PDF 第 {number} 页层层嵌套地绘制表单超过 {MAX_DRAWS} 次,不像一份年度报告"),
                format!(
                    "page {number} of the PDF draws forms within forms more than {MAX_DRAWS} times, far more than a report"
                ),
            ));
        }
    }
    Ok(())
}

/// A page and its ancestors, nearest first; `None` when the chain loops or runs past
/// [`MAX_DEPTH`].
fn parents(doc: &Document, page: ObjectId) -> Option<Vec<ObjectId>> {
    let mut chain = vec![page];
    let mut at = page;
    while let Ok(parent) = doc
        .get_dictionary(at)
        .and_then(|d| d.get(b"Parent"))
        .and_then(Object::as_reference)
    {
        if chain.contains(&parent) || chain.len() > MAX_DEPTH {
            return None;
        }
        chain.push(parent);
        at = parent;
    }
    Some(chain)
}

/// The `/XObject` dictionary of a page's or form's `/Resources`.
fn resources<'a>(doc: &'a Document, owner: &'a Dictionary) -> Option<&'a Dictionary> {
    let (_, resources) = doc.dereference(owner.get(b"Resources").ok()?).ok()?;
    let (_, xobjects) = doc
        .dereference(resources.as_dict().ok()?.get(b"XObject").ok()?)
        .ok()?;
    xobjects.as_dict().ok()
}

/// How many form draws a content stream makes, forms within forms counted each time
/// (saturating at [`MAX_DRAWS`] + 1); `on_path` holds the forms being drawn around it.
fn drawn(
    doc: &Document,
    content: &[u8],
    xobjects: Option<&Dictionary>,
    known: &mut HashMap<ObjectId, u64>,
    on_path: &mut Vec<ObjectId>,
) -> Result<u64, ReadError> {
    let Some(xobjects) = xobjects else {
        return Ok(0);
    };
    let mut total = 0u64;
    for name in drawn_names(content) {
        let Ok(id) = xobjects.get(&name).and_then(Object::as_reference) else {
            continue;
        };
        total = total
            .saturating_add(1)
            .saturating_add(form(doc, id, known, on_path)?);
        if total > MAX_DRAWS {
            return Ok(MAX_DRAWS + 1);
        }
    }
    Ok(total)
}

/// The draws inside form `id` (0 for an image or a missing object).
fn form(
    doc: &Document,
    id: ObjectId,
    known: &mut HashMap<ObjectId, u64>,
    on_path: &mut Vec<ObjectId>,
) -> Result<u64, ReadError> {
    if let Some(n) = known.get(&id) {
        return Ok(*n);
    }
    if on_path.contains(&id) {
        return Err(malformed(
            "其中的表单对象绘制自身",
            "a form in it draws itself",
        ));
    }
    if on_path.len() >= MAX_DEPTH {
        return Err(malformed(
            &format!("表单嵌套超过 {MAX_DEPTH} 层"),
            &format!("its forms nest more than {MAX_DEPTH} deep"),
        ));
    }
    let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
        return Ok(0);
    };
    let is_form = stream
        .dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|s| s == b"Form");
    if !is_form {
        return Ok(0);
    }
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    on_path.push(id);
    let inner = drawn(doc, &content, resources(doc, &stream.dict), known, on_path);
    on_path.pop();
    let inner = inner?;
    known.insert(id, inner);
    Ok(inner)
}

/// The names a content stream draws (`/Name Do`), in order; strings, hex strings and
/// comments passed over, so 「(Do) Tj」 is text, not a draw.
pub fn drawn_names(content: &[u8]) -> Vec<Vec<u8>> {
    let delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    let mut names = Vec::new();
    let mut last_name: Option<&[u8]> = None;
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'%' => {
                while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut depth = 0usize;
                while i < content.len() {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                last_name = None;
            }
            b'<' if content.get(i + 1) != Some(&b'<') => {
                while i < content.len() && content[i] != b'>' {
                    i += 1;
                }
                i += 1;
                last_name = None;
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < content.len() && !delimiter(content[i]) {
                    i += 1;
                }
                last_name = Some(&content[start..i]);
            }
            b if delimiter(b) => i += 1,
            _ => {
                let start = i;
                while i < content.len() && !delimiter(content[i]) {
                    i += 1;
                }
                let token = &content[start..i];
                if token == b"Do"
                    && let Some(name) = last_name.take()
                {
                    names.push(name.to_vec());
                } else if !token.is_empty() {
                    last_name = None;
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_read_from_operators_not_from_text() {
        let content = b"BT (/X0 Do) Tj ET q /Im1 Do Q % /X2 Do\n/X3 Do <2F58 44> Tj";
        assert_eq!(drawn_names(content), vec![b"Im1".to_vec(), b"X3".to_vec()]);
    }

    #[test]
    fn a_name_not_followed_by_do_is_not_drawn() {
        assert!(drawn_names(b"/F1 12 Tf /GS0 gs").is_empty());
    }
}
