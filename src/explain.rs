//! Errors of the operating system and of the libraries that read files, said as a clerk
//! needs them: what happened and what to do, in Chinese and in English.
//!
//! The Chinese sentence never carries the library's English text for a case it knows (a
//! clerk cannot act on 「Could not find EOCD」); for a case it does not know, the original
//! text follows in parentheses. The English sentence always keeps the original text, for a
//! maintainer reading a bug report.

use std::io;

use crate::lang::Lang;

/// One error, said in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub zh: String,
    pub en: String,
}

impl Explained {
    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// Whether the file was being read or written: permission and full disks read differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// An operating-system error as a sentence with what to do. Known kinds carry no English
/// in the Chinese sentence; an unknown one keeps the system's text in parentheses.
pub fn io(e: &io::Error, access: Access) -> Explained {
    use io::ErrorKind as K;
    let writing = access == Access::Write;
    let known: Option<(&str, &str)> = match e.kind() {
        K::NotFound if writing => Some((
            "找不到要写入的文件夹:请检查路径是否正确,或先建好这个文件夹",
            "the folder to write into does not exist: check the path, or create the folder first",
        )),
        K::NotFound => Some((
            "找不到文件:请检查路径和文件名是否正确(文件可能已被移动、改名或删除)",
            "the file does not exist: check the path and the name (it may have been moved, renamed or deleted)",
        )),
        K::PermissionDenied if writing => Some((
            "没有写入权限:请换一个有权限的位置,或请管理员开放权限",
            "no permission to write here: choose a place you may write to, or ask an administrator",
        )),
        K::PermissionDenied => Some((
            "没有读取权限:请检查文件的权限,或把文件复制到自己的文件夹后再检查",
            "no permission to read the file: check its permissions, or copy it into a folder of your own and check the copy",
        )),
        K::IsADirectory => Some((
            "这是一个文件夹,不是文件:请指向文件夹里的报告文件",
            "this is a folder, not a file: name a report file in it",
        )),
        K::NotADirectory => Some((
            "路径中有一段不是文件夹:请检查路径是否正确",
            "a part of the path is not a folder: check the path",
        )),
        K::AlreadyExists => Some((
            "文件已存在:请换一个文件名",
            "the file exists already: choose another name",
        )),
        K::InvalidFilename => Some((
            "文件名无效(太长或含有不允许的字符):请改名后再试",
            "the file name is not valid (too long, or characters that are not allowed): rename it and try again",
        )),
        K::ResourceBusy | K::WouldBlock => Some((
            "文件正被其他程序占用:请关闭打开它的程序(如 Excel、WPS)后再试",
            "the file is in use by another program: close the program that has it open (Excel, WPS) and try again",
        )),
        K::StorageFull | K::QuotaExceeded => Some((
            "磁盘空间不足:请腾出空间后再试",
            "the disk is full: free some space and try again",
        )),
        K::ReadOnlyFilesystem => Some((
            "所在磁盘是只读的:请换一个可写的位置",
            "the disk is read-only: choose a place that can be written to",
        )),
        K::FileTooLarge => Some((
            "文件太大,系统无法处理:请确认这是报告文件",
            "the file is too large for the system: make sure it is a report",
        )),
        K::UnexpectedEof => Some((
            "文件在中途就结束了(可能没有下载或复制完整):请重新下载或从原程序另存",
            "the file ends early (perhaps not fully downloaded or copied): download it again or save it again from the program that made it",
        )),
        K::InvalidData => Some((
            "文件内容已损坏:请重新下载或从原程序另存",
            "the file's content is damaged: download it again or save it again from the program that made it",
        )),
        K::TimedOut => Some((
            "读取超时(网络盘或移动硬盘可能断开了):请确认文件所在的盘可以访问后再试",
            "reading timed out (a network or removable drive may be disconnected): make sure the drive can be reached and try again",
        )),
        K::OutOfMemory => Some((
            "内存不足:请关闭其他程序后再试",
            "out of memory: close other programs and try again",
        )),
        K::StaleNetworkFileHandle
        | K::NetworkDown
        | K::NetworkUnreachable
        | K::HostUnreachable
        | K::ConnectionReset
        | K::ConnectionAborted
        | K::NotConnected => Some((
            "网络盘无法访问:请检查网络连接,或把文件复制到本机后再检查",
            "the network drive cannot be reached: check the connection, or copy the file to this computer and check the copy",
        )),
        _ => None,
    };
    match known {
        Some((zh, en)) => Explained {
            zh: zh.to_string(),
            en: format!("{en} ({e})"),
        },
        None => Explained {
            zh: format!("系统报告了一个错误,请确认文件可以用其他程序正常打开(系统信息:{e})"),
            en: format!(
                "the system reported an error; make sure other programs can open the file ({e})"
            ),
        },
    }
}

/// What the libraries that read files (zip, calamine, cfb, quick-xml, lopdf) say, turned
/// into a sentence with what to do; `None` when the text is not one of the known ones.
pub fn library(detail: &str) -> Option<Explained> {
    let text = detail.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let (zh, en) = if has(&["password", "encrypt", "decryption"]) {
        (
            "文件受密码保护(已加密):请取消密码后另存一份再检查",
            "the file is password-protected (encrypted): remove the password, save it again and check that",
        )
    } else if has(&[
        "eocd",
        "central directory",
        "unexpected eof",
        "failed to fill whole buffer",
        "unexpected end",
        "end of stream",
        "found end of xml",
        "could not find",
    ]) {
        (
            "文件不完整或已损坏(可能没有下载完整):请重新下载,或用原来的程序打开后另存一份再检查",
            "the file is incomplete or damaged (perhaps not fully downloaded): download it again, or open it in the program that made it and save it again",
        )
    } else if has(&["compression method", "unsupported zip"]) {
        (
            "文件用了不支持的压缩方式:请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
            "the file uses a compression method that is not supported: open it in Excel or WPS, save it as .xlsx and check that",
        )
    } else if has(&["checksum", "crc"]) {
        (
            "文件内容已损坏(校验不符,可能在传输中出错):请重新下载或从原程序另存",
            "the file is damaged (a checksum does not match; perhaps a transfer error): download it again or save it again from the program that made it",
        )
    } else if has(&[
        "file not found",
        "not found in archive",
        "relationship not found",
        "expecting a worksheet",
        "invalid mime",
    ]) {
        (
            "文件缺少必须有的部分,不像是由 Office 或 WPS 正常保存的文件:请用原来的程序打开后另存一份再检查",
            "the file lacks a part it must have; it does not look saved by Office or WPS: open it in the program that made it, save it again and check that",
        )
    } else if has(&["invalid zip", "zip error"]) {
        (
            "文件不是完整的压缩包(可能已损坏或没有下载完整):请重新下载,或用原来的程序打开后另存一份再检查",
            "the file is not a complete zip archive (damaged or not fully downloaded?): download it again, or open it in the program that made it and save it again",
        )
    } else if has(&["xml", "syntax error", "ill-formed", "malformed", "encoding"]) {
        (
            "文件内部的数据已损坏(XML 格式不对):请用原来的程序打开后另存一份再检查",
            "the data inside the file is damaged (malformed XML): open it in the program that made it, save it again and check that",
        )
    } else if has(&["cfb", "compound", "sector"]) {
        (
            "文件的内部结构已损坏:请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
            "the file's inner structure is damaged: open it in Excel or WPS, save it as .xlsx and check that",
        )
    } else if has(&[
        "file header",
        "file trailer",
        "xref",
        "cross reference",
        "couldn't parse",
        "invalid indirect object",
        "invalid stream",
        "byte offset",
        "pdf error",
    ]) {
        (
            "PDF 文件已损坏或不完整:请重新下载,或从原程序重新导出 PDF",
            "the PDF is damaged or incomplete: download it again, or export it again from the program that made it",
        )
    } else {
        return None;
    };
    Some(Explained {
        zh: zh.to_string(),
        en: format!("{en} ({detail})"),
    })
}

/// [`library`], or for a text it does not know, a general sentence with the original text
/// in parentheses.
pub fn damaged(detail: &str) -> Explained {
    library(detail).unwrap_or_else(|| Explained {
        zh: format!(
            "文件可能已损坏或不完整:请用原来的程序打开后另存一份再检查(原始信息:{detail})"
        ),
        en: format!(
            "the file may be damaged or incomplete: open it in the program that made it, save it again and check that ({detail})"
        ),
    })
}

/// What serde_json's message says went wrong, in Chinese (the line and column are said
/// beside it); `None` for a message it does not know.
pub fn json_reason(e: &serde_json::Error) -> Option<&'static str> {
    let text = e.to_string();
    let reasons: &[(&str, &str)] = &[
        (
            "EOF while parsing",
            "文件在中途结束(可能不完整,或缺少右括号)",
        ),
        ("trailing comma", "最后一项后面多了逗号"),
        ("trailing characters", "JSON 结束后还有多余的字符"),
        ("expected `,` or `}`", "缺少逗号或右花括号 }"),
        ("expected `,` or `]`", "缺少逗号或右方括号 ]"),
        ("expected `:`", "缺少冒号 :"),
        ("key must be a string", "键名必须用英文双引号括起来"),
        ("expected value", "此处应为一个值(数字、文字或括号)"),
        ("expected ident", "此处应为 true、false 或 null"),
        ("invalid number", "数字写法不对"),
        ("number out of range", "数字超出范围"),
        ("invalid escape", "反斜杠转义写法不对"),
        ("invalid unicode code point", "\\u 转义的字符无效"),
        ("control character", "字符串中有换行等控制字符(请写成 \\n)"),
        ("lone leading surrogate", "\\u 转义的字符无效"),
        ("invalid type", "值的类型不对"),
    ];
    reasons
        .iter()
        .find(|(en, _)| text.contains(en))
        .map(|(_, zh)| *zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_says_what_to_do_without_english() {
        let e = io::Error::from_raw_os_error(2);
        let said = io(&e, Access::Read);
        assert!(said.zh.starts_with("找不到文件"), "{}", said.zh);
        assert!(!said.zh.contains("No such file"), "{}", said.zh);
        assert!(said.en.contains("No such file"), "{}", said.en);
    }

    #[test]
    fn permission_differs_for_reading_and_writing() {
        let e = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(io(&e, Access::Read).zh.starts_with("没有读取权限"));
        assert!(io(&e, Access::Write).zh.starts_with("没有写入权限"));
    }

    #[test]
    fn an_unknown_kind_keeps_the_system_text_in_parentheses() {
        let e = io::Error::other("strange");
        let said = io(&e, Access::Read);
        assert!(said.zh.ends_with("(系统信息:strange)"), "{}", said.zh);
    }

    #[test]
    fn a_truncated_zip_is_said_to_be_incomplete() {
        let said = damaged("Zip error: invalid Zip archive: Could not find EOCD");
        assert!(said.zh.starts_with("文件不完整或已损坏"), "{}", said.zh);
        assert!(!said.zh.contains("EOCD"), "{}", said.zh);
        assert!(said.en.contains("EOCD"));
    }

    #[test]
    fn an_unknown_library_text_is_kept_in_parentheses() {
        let said = damaged("something odd");
        assert!(said.zh.ends_with("(原始信息:something odd)"), "{}", said.zh);
    }
}
