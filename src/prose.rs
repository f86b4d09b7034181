//! What a report's sentences claim (SPEC §3 PROSE-SUM, PROSE-TABLE): totals with their
//! parts (「累计公开政府信息547条。其中概况类2条,……」), and figures that tables 3 and 4 also
//! hold (「共收到政府信息公开申请15件」). Precision first: a sentence is only read as a claim
//! when its shape leaves no doubt, so a supervisor's list of warnings is worth reading.

/// Counting words a figure in prose is followed by.
const UNITS: &[char] = &[
    '条', '件', '个', '项', '次', '篇', '期', '份', '人', '户', '家', '名', '起', '宗', '例', '批',
    '场', '封', '类', '元',
];

/// Words that make a clause a total; 「共」 alone counts too, but not in 公共, 共同, 共享 ….
const TOTAL_WORDS: &[&str] = &[
    "共计", "累计", "合计", "总计", "总数", "总量", "全年", "共有",
];

/// Whether a clause states a total.
fn says_total(clause: &str) -> bool {
    if TOTAL_WORDS.iter().any(|w| clause.contains(w)) {
        return true;
    }
    let chars: Vec<char> = clause.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        *c == '共'
            && (i == 0 || chars[i - 1] != '公')
            && !chars
                .get(i + 1)
                .is_some_and(|n| "同享建产性识青用".contains(*n))
    })
}

/// Clause separators within a sentence.
const CLAUSE: [char; 4] = [',', '，', '；', ';'];

/// A figure with its counting word, as a sentence states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: char,
    /// Character offsets of the figure and its unit in the sentence.
    pub start: usize,
    pub end: usize,
}

/// Every figure followed by a counting word: 「547条」, 「一百二十三件」, 「1.2万条」.
pub fn quantities(text: &str) -> Vec<Quantity> {
    // Full-width digits read as digits; offsets stay those of `text`'s characters.
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (value, end) = match number_at(&chars, i) {
            Some(n) => n,
            None => {
                i += 1;
                continue;
            }
        };
        // 「40 件」: a converter's space between a figure and its unit.
        let unit_at = if chars.get(end) == Some(&' ') {
            end + 1
        } else {
            end
        };
        if let Some(&unit) = chars.get(unit_at)
            && UNITS.contains(&unit)
        {
            found.push(Quantity {
                value,
                unit,
                start: i,
                end: unit_at + 1,
            });
        }
        i = end.max(i + 1);
    }
    found
}

/// A number starting at `at`, arabic (「547」, 「1.2万」) or in Chinese numerals
/// (「一百二十三」, 「两千」), and where it ends. A figure inside a longer run of digits or
/// numerals is not read from its middle.
pub fn number_at(chars: &[char], at: usize) -> Option<(f64, usize)> {
    let c = *chars.get(at)?;
    let prev = at.checked_sub(1).map(|p| chars[p]);
    if c.is_ascii_digit() {
        if prev.is_some_and(|p| p.is_ascii_digit() || p == '.') {
            return None;
        }
        let mut end = at;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || chars[end] == '.'
                || (chars[end] == ',' && thousands(chars, end)))
        {
            end += 1;
        }
        let text: String = chars[at..end].iter().filter(|c| **c != ',').collect();
        let trimmed = text.trim_end_matches('.');
        end -= text.len() - trimmed.len();
        let text = trimmed;
        let mut value: f64 = text.parse().ok()?;
        match chars.get(end) {
            Some('万') => {
                value *= 1e4;
                end += 1;
            }
            Some('亿') => {
                value *= 1e8;
                end += 1;
            }
            _ => {}
        }
        return Some((value, end));
    }
    if numeral(c).is_some() || matches!(c, '十' | '百' | '千') {
        if prev.is_some_and(|p| numeral(p).is_some() || "十百千万亿".contains(p)) {
            return None;
        }
        let mut end = at;
        while end < chars.len()
            && (numeral(chars[end]).is_some() || "十百千万亿".contains(chars[end]))
        {
            end += 1;
        }
        return chinese_number(&chars[at..end]).map(|v| (v, end));
    }
    None
}

/// A comma that groups thousands (「1,200」): three digits after it, then no digit.
fn thousands(chars: &[char], at: usize) -> bool {
    at > 0
        && chars[at - 1].is_ascii_digit()
        && (1..=3).all(|k| chars.get(at + k).is_some_and(char::is_ascii_digit))
        && !chars.get(at + 4).is_some_and(char::is_ascii_digit)
}

fn numeral(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 「一百二十三」 → 123, 「十五」 → 15, 「两千零五」 → 2005, 「三万」 → 30000; a bare string of
/// digits (「二〇二三」) reads digit by digit.
fn chinese_number(chars: &[char]) -> Option<f64> {
    if chars.is_empty() {
        return None;
    }
    if chars.iter().all(|c| numeral(*c).is_some()) {
        return chars
            .iter()
            .try_fold(0u64, |v, c| v.checked_mul(10)?.checked_add(numeral(*c)?))
            .map(|v| v as f64);
    }
    let mut total = 0u64;
    let mut section = 0u64;
    let mut digit: Option<u64> = None;
    for &c in chars {
        if let Some(d) = numeral(c) {
            digit = Some(d);
            continue;
        }
        let scale = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if scale >= 10_000 {
            section += digit.take().unwrap_or(0);
            total = (total + section).checked_mul(scale)?;
            section = 0;
        } else {
            section += digit.take().unwrap_or(1) * scale;
        }
    }
    Some((total + section + digit.unwrap_or(0)) as f64)
}

/// A total with its parts, as one or two sentences state them.
#[derive(Debug, Clone, PartialEq)]
pub struct SumClaim {
    /// The sentences, as written.
    pub text: String,
    pub total: f64,
    pub unit: char,
    /// Each part's name and figure.
    pub parts: Vec<(String, f64)>,
}

impl SumClaim {
    pub fn sum(&self) -> f64 {
        self.parts.iter().map(|(_, v)| v).sum()
    }
}

/// The longest sentence read for claims, in bytes (some 650 Chinese characters): a report's
/// longest sentences are a few hundred characters; a longer run without a full stop is a
/// table flattened into text, or built to make every reading of it quadratic.
const MAX_SENTENCE: usize = 2_000;

/// Sentences end at 。！？ (a list of parts may run over ；). Runs longer than
/// [`MAX_SENTENCE`] are not sentences and are passed over.
fn sentences(paragraph: &str) -> Vec<&str> {
    paragraph
        .split_inclusive(['。', '！', '？', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.len() <= MAX_SENTENCE)
        .collect()
}

/// Every 「total, 其中 parts」 claim of a paragraph. A claim is read only when the total
/// sentence says it is one (共, 累计, 合计 …), every part is 「name + figure + unit」 in the
/// total's unit, the list runs to the end of its sentence, and there are at least two
/// parts: 「其中」 with one part, mixed units or 「……等」 are examples, not a partition.
pub fn sum_claims(paragraph: &str) -> Vec<SumClaim> {
    let sentences = sentences(paragraph);
    let mut claims = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        let Some(at) = sentence.find("其中") else {
            continue;
        };
        let (before, after) = sentence.split_at(at);
        let after = &after["其中".len()..];
        // The total: the last figure before 其中, in this sentence or, when 其中 opens the
        // sentence, the one before.
        let (total_sentence, text) = if before.trim().is_empty() {
            let Some(previous) = i.checked_sub(1).map(|p| sentences[p]) else {
                continue;
            };
            (previous, format!("{previous}{sentence}"))
        } else {
            (before, sentence.to_string())
        };
        // The total: the last figure before 其中 whose own clause says it is a total
        // (「共收到申请39件,同比增加5件,其中…」: 39, not 5).
        let Some(total) = quantities(total_sentence).into_iter().rev().find(|q| {
            let head: String = total_sentence.chars().take(q.start).collect();
            let clause = head.rsplit(CLAUSE).next().unwrap_or("");
            says_total(clause)
        }) else {
            continue;
        };
        let Some(parts) = parts(after, total.unit) else {
            continue;
        };
        if parts.len() >= 2 {
            claims.push(SumClaim {
                text,
                total: total.value,
                unit: total.unit,
                parts,
            });
        }
    }
    claims
}

/// The parts after 「其中」: every item 「name + figure + unit」, to the end of the sentence.
fn parts(list: &str, unit: char) -> Option<Vec<(String, f64)>> {
    let list = list
        .trim_start_matches([':', '：', ',', '，', ' '])
        .trim_end_matches(['。', '！', '？', '!', '?', ' ', '；', ';']);
    let mut parts = Vec::new();
    for item in list.split([',', '，', '、', '；', ';']) {
        let item = item.trim();
        let found = quantities(item);
        let [q] = found.as_slice() else {
            return None;
        };
        if q.unit != unit || q.end != item.chars().count() || q.start == 0 {
            return None;
        }
        let name: String = item.chars().take(q.start).collect();
        // Not a part of a partition: numbered points (「二是办结39件」), notes (「含…」,
        // 「包括…」), topics (「涉及…」), a list within the list.
        let aside = [
            "一是", "二是", "三是", "四是", "五是", "第", "含", "包括", "涉及", "其中",
        ]
        .iter()
        .any(|w| name.starts_with(w))
            || name.starts_with(['（', '(', '一', '二', '三', '四', '五'])
                && name.chars().nth(1).is_some_and(|c| "）)、".contains(c));
        if aside || name.chars().any(|c| c.is_ascii_digit()) || name.contains('等') {
            return None;
        }
        parts.push((name, q.value));
    }
    Some(parts)
}

/// A figure of tables 3 and 4 that prose can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// 收到/受理 … 申请 N 件: table 3 new_received total.
    Received,
    /// 上年结转 N 件: table 3 carried_over total.
    CarriedOver,
    /// 办结/答复 … N 件: table 3 results total.
    Handled,
    /// 结转下年度 N 件: table 3 carried_forward total.
    CarriedForward,
    /// 行政复议 N 件: table 4 review total.
    Review,
    /// 行政诉讼 N 件: table 4 litigation totals together.
    Litigation,
}

/// A figure a sentence states.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureClaim {
    pub figure: Figure,
    pub value: f64,
    /// The sentence, as written.
    pub text: String,
}

/// Words that make a clause a comparison or an approximation: not a figure of the table.
const COMPARED: &[&str] = &[
    "同比",
    "较上年",
    "比上年",
    "增长",
    "下降",
    "增加",
    "减少",
    "%",
    "％",
    "累计",
    "约",
    "余",
    "左右",
    "近",
    "超过",
    "多",
];

/// Words that put a whole sentence in another period (上年结转 aside).
const ANOTHER_PERIOD: &[&str] = &[
    "以来",
    "上一年",
    "上年度",
    "去年",
    "月份",
    "季度",
    "上半年",
    "下半年",
];

/// Outcomes and other roles of review and litigation cases, which table 4's totals are not.
const NOT_CASE_TOTALS: &[&str] = &[
    "败诉",
    "胜诉",
    "纠错",
    "纠正",
    "维持",
    "撤销",
    "决定书",
    "驳回",
    "确认违法",
    "办理",
    "审理",
];

/// Application, review and litigation figures a paragraph states, one clause at a time:
/// a clause names one figure (收到 … 公开申请, 上年结转, 办结, 结转下年度, 行政复议, 行政诉讼)
/// and holds exactly one count. Not read: a clause about two of them, a comparison or an
/// approximation, a breakdown after 其中, a sentence about another period (another year,
/// a month, 以来), an article number (第三十条), a lone 「一」 (「一件事」).
pub fn figure_claims(paragraph: &str, year: Option<i32>) -> Vec<FigureClaim> {
    let mut claims = Vec::new();
    for sentence in sentences(paragraph) {
        let unqualified = sentence
            .replace("上年结转", "")
            .replace("上年度结转", "")
            .replace("上一年度结转", "");
        let other_year = crate::labels::years_in(sentence).any(|(_, y)| Some(y) != year);
        let month = sentence
            .char_indices()
            .any(|(i, c)| c == '月' && sentence[..i].ends_with(|d: char| d.is_ascii_digit()));
        if other_year || month || ANOTHER_PERIOD.iter().any(|w| unqualified.contains(w)) {
            continue;
        }
        let review_sentence = sentence.contains("政府信息公开");
        for clause in sentence.split([',', '，', '；', ';', '。']) {
            // A breakdown: this clause and the rest of the sentence are parts.
            if clause.contains("其中") {
                break;
            }
            let counts: Vec<Quantity> = quantities(clause)
                .into_iter()
                .filter(|q| matches!(q.unit, '件' | '个' | '份' | '起' | '宗' | '例'))
                .collect();
            let [count] = counts.as_slice() else {
                continue;
            };
            let chars: Vec<char> = clause.chars().collect();
            let numeral: String = chars[count.start..count.end - 1].iter().collect();
            let article = count.start > 0 && chars[count.start - 1] == '第';
            let lone_numeral = matches!(numeral.trim(), "一" | "两" | "二" | "几");
            let has = |w: &str| clause.contains(w);
            let carried_over = has("上年结转") || has("上一年度结转") || has("上年度结转");
            if article || lone_numeral || COMPARED.iter().any(|w| clause.contains(w)) {
                continue;
            }
            let applications = has("申请") && has("公开");
            let cases = review_sentence && !NOT_CASE_TOTALS.iter().any(|w| has(w));
            let named: Vec<Figure> = [
                (
                    Figure::Received,
                    applications && ["收到", "受理", "接收", "新收"].iter().any(|w| has(w)),
                ),
                (Figure::CarriedOver, carried_over),
                (
                    Figure::Handled,
                    applications && ["办结", "答复", "办理完毕"].iter().any(|w| has(w)),
                ),
                (
                    Figure::CarriedForward,
                    !carried_over && has("结转") && (has("下年") || has("下一年")),
                ),
                (Figure::Review, cases && has("行政复议") && !has("诉讼")),
                (Figure::Litigation, cases && has("行政诉讼") && !has("复议")),
            ]
            .into_iter()
            .filter_map(|(f, yes)| yes.then_some(f))
            .collect();
            if let [figure] = named.as_slice() {
                claims.push(FigureClaim {
                    figure: *figure,
                    value: count.value,
                    text: sentence.to_string(),
                });
            }
        }
    }
    claims
}

/// The sentence of a paragraph that cites the 2019 format document, 国办公开办函〔2019〕60号,
/// in any of the ways it is written (〔〕, [], 【】, (), with or without spaces).
pub fn citing_2019_format(paragraph: &str) -> Option<&str> {
    let flat = |sentence: &str| -> String {
        sentence
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '〔' | '[' | '【' | '(' | '（' | '［' | '﹝' | '〖' => '[',
                '〕' | ']' | '】' | ')' | '）' | '］' | '﹞' | '〗' => ']',
                c => c,
            })
            .collect::<String>()
            .replace("第60号", "60号")
            .replace("第30号", "30号")
    };
    sentences(paragraph).into_iter().find(|sentence| {
        let flat = flat(sentence);
        // 「按〔2021〕30号(代替〔2019〕60号)」 cites the new format.
        flat.contains("国办公开办函[2019]60号") && !flat.contains("[2021]30号")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_scripts() {
        let read = |s: &str| quantities(s).first().map(|q| q.value);
        assert_eq!(read("公开547条"), Some(547.0));
        assert_eq!(read("一百二十三件"), Some(123.0));
        assert_eq!(read("1.2万条"), Some(12000.0));
        assert_eq!(read("十五件"), Some(15.0));
        assert_eq!(read("两千零五条"), Some(2005.0));
        assert_eq!(read("三万条"), Some(30000.0));
        assert_eq!(read("一是加强领导"), None);
        assert_eq!(read("2023年"), None);
    }

    #[test]
    fn seed_004_total_in_one_sentence_parts_in_the_next() {
        let claims = sum_claims(
            "2014年1月至今累计公开政府信息547条。其中概况类2条,政策法规类2条,工作动态类467条,财政类78条。2014年,出生人口105人。",
        );
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].total, 547.0);
        assert_eq!(claims[0].sum(), 549.0);
        assert_eq!(claims[0].parts.len(), 4);
    }

    #[test]
    fn the_total_is_the_figure_its_clause_calls_one() {
        let claims = sum_claims("共收到申请39件,同比增加5件,其中网上申请30件,信函申请9件。");
        assert_eq!((claims[0].total, claims[0].sum()), (39.0, 39.0));
        let claims = sum_claims("共计1,200条,其中政策文件500条,政务动态700条。");
        assert_eq!((claims[0].total, claims[0].sum()), (1200.0, 1200.0));
    }

    #[test]
    fn seed_002_total_and_parts_in_one_sentence() {
        let claims = sum_claims(
            "2023年,我镇在袁州区政府网发布信息共计80条,其中:政务动态47条,公告公示17条,总结计划2条,机构概况1条,人事信息1条,预决算公开11条,公开指南1条。",
        );
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].sum(), 80.0);
    }

    #[test]
    fn examples_are_not_a_partition() {
        // One part; mixed units; 「等」; no total word; a part that is not 「name + figure」.
        for text in [
            "共受理申请12件,其中依申请公开5件。",
            "共发布信息30条,其中图片5张,视频2条。",
            "共发布信息30条,其中政务动态20条,通知公告5条等。",
            "发布信息30条,其中政务动态20条,通知公告5条。",
            "共发布信息30条,其中政务动态20条,及时更新通知公告5条以上。",
            // Found by an outside review.
            "一是共收到申请39件,其中网上30件、信函9件;二是办结39件。",
            "共发布信息1200条,其中政策文件400条,含规范性文件50条,政务动态800条。",
            "共受理30件,其中涉及征地拆迁的20件,涉及房屋登记的10件。",
            "提供公共服务30项,其中线上20项,线下5项。",
        ] {
            assert!(sum_claims(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn figures_a_table_also_holds() {
        let claims = figure_claims(
            "全年共收到政府信息公开申请15件,上年结转2件,已全部办结,结转下年度继续办理3件。发生政府信息公开行政复议1起,行政诉讼0件。",
            Some(2023),
        );
        let got: Vec<(Figure, f64)> = claims.iter().map(|c| (c.figure, c.value)).collect();
        assert_eq!(
            got,
            [
                (Figure::Received, 15.0),
                (Figure::CarriedOver, 2.0),
                (Figure::CarriedForward, 3.0),
                (Figure::Review, 1.0),
                (Figure::Litigation, 0.0),
            ]
        );
        // Comparisons and clauses naming two figures are not read.
        let read = |text: &str| figure_claims(text, Some(2023)).len();
        assert_eq!(read("收到政府信息公开申请15件,同比增长3件。"), 1);
        // Found by an outside review: none of these is a figure of the tables.
        for text in [
            "收到政府信息公开申请数同比增长3件。",
            "政府信息公开行政复议和行政诉讼共2件。",
            "全年共受理行政许可申请1234件。",
            "在法定期限内答复申请人36件,延期答复3件。",
            "依法办理政府信息公开行政复议案件56件。",
            "政府信息公开行政诉讼案件中败诉0件。",
            "高效办成一件事,收到政府信息公开申请一件事一次办。",
            "按照《条例》第三十条规定受理政府信息公开申请。",
            "2022年收到政府信息公开申请25件。",
            "上一年度收到政府信息公开申请25件。",
            "自《条例》施行以来,共收到政府信息公开申请200件。",
            "12月份受理政府信息公开申请5件。",
            "受理政府信息公开申请约40件。",
        ] {
            assert_eq!(read(text), 0, "{text}");
        }
        // A breakdown after 其中 is parts, not the total.
        let claims = figure_claims(
            "共收到政府信息公开申请39件,其中通过网站收到公开申请30件,通过信函收到公开申请9件。",
            Some(2023),
        );
        assert_eq!(claims.iter().map(|c| c.value).collect::<Vec<_>>(), [39.0]);
        assert_eq!(
            read("共收到政府信息公开申请３９件。"),
            1,
            "full-width digits"
        );
        assert_eq!(
            read("共收到政府信息公开申请 40 件。"),
            1,
            "a space before the unit"
        );
    }

    #[test]
    fn the_2019_format_is_recognised_however_bracketed() {
        assert_eq!(
            citing_2019_format("一、总体情况。按照国办公开办函〔2019〕60号要求编制。其他。"),
            Some("按照国办公开办函〔2019〕60号要求编制。")
        );
        assert!(citing_2019_format("国办公开办函[2019] 60号").is_some());
        assert!(citing_2019_format("按国办公开办函﹝2019﹞第60号编制。").is_some());
        assert!(
            citing_2019_format(
                "按照国办公开办函〔2021〕30号(代替国办公开办函〔2019〕60号)要求编制。"
            )
            .is_none()
        );
        assert!(citing_2019_format("国办公开办函〔2021〕30号").is_none());
    }
}
