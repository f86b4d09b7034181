//! The rule registry: every rule as data — id, severity, what it checks, its statutory basis
//! and its message in Chinese and English — beside the function that checks it.
//!
//! `nianbao rules`, the README table and every reporter read this one list.

pub mod arithmetic;
mod cells;
pub mod formulas;
mod prose;
mod structure;

use serde::Serialize;

use crate::findings::{CellRef, Finding, Severity};
use crate::lang::{Lang, fill};
use crate::layout::{self, TableId};
use crate::model::{Cell, Num, Report};

/// One rule of SPEC §3.
#[derive(Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// What the rule checks, one sentence.
    pub summary_zh: &'static str,
    pub summary_en: &'static str,
    /// Where the requirement comes from.
    pub basis_zh: &'static str,
    pub basis_en: &'static str,
    /// The message template of a finding; `{name}` placeholders are filled by the check.
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// A worked example of a failure and its fix, for `nianbao explain`.
    pub example_zh: &'static str,
    pub example_en: &'static str,
    #[serde(skip)]
    pub check: fn(&Rule, &Subject, &mut Vec<Finding>),
    #[serde(skip)]
    pub scope: Scope,
}

/// What a rule reads: the tables, or the document's sentences (which a report from before
/// the tables existed also has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Tables,
    Prose,
}

impl Rule {
    pub fn summary(&self, lang: Lang) -> &'static str {
        lang.pick(self.summary_zh, self.summary_en)
    }

    pub fn basis(&self, lang: Lang) -> &'static str {
        lang.pick(self.basis_zh, self.basis_en)
    }

    pub fn message(&self, lang: Lang, args: &[(&str, String)]) -> String {
        fill(lang.pick(self.message_zh, self.message_en), args)
    }

    /// A finding of this rule with its message filled in.
    fn finding(
        &self,
        table: TableId,
        cells: Vec<CellRef>,
        lang: Lang,
        args: &[(&str, String)],
    ) -> Finding {
        Finding {
            rule: self.id,
            severity: self.severity,
            cells,
            expected: None,
            actual: None,
            difference: None,
            message: self.message(lang, args),
            suggestion: None,
            table: table.number(),
        }
    }
}

const BASIS_TABLES_ZH: &str = "《中华人民共和国政府信息公开条例》第五十条;国办公开办函〔2021〕30号(2019、2020年度为国办公开办函〔2019〕60号)规定的年度报告格式";
const BASIS_TABLES_EN: &str = "Regulations on Open Government Information, art. 50; report format of 国办公开办函〔2021〕30号 (〔2019〕60号 for 2019–2020)";

/// Every rule, in the order `nianbao rules` lists them.
pub static RULES: &[Rule] = &[
    Rule {
        id: "T3-BALANCE",
        severity: Severity::Error,
        summary_zh: "表三每一列:本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理",
        summary_en: "Table 3, each column: new + carried over = results total + carried forward",
        basis_zh: "表三注:「本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和」",
        basis_en: "Table 3 note: item 1 plus item 2 equals item 3 plus item 4, in every column",
        message_zh: "表三「{col}」列:本年新收 {new_received} + 上年结转 {carried_over} = {expected},但办理结果总计 {results_total} + 结转下年度 {carried_forward} = {actual},相差 {difference}",
        message_en: "Table 3, column “{col}”: new {new_received} + carried over {carried_over} = {expected}, but results total {results_total} + carried forward {carried_forward} = {actual} (difference {difference})",
        example_zh: "表三「自然人」列:本年新收 30、上年结转 2,应办理 32 件;办理结果(七)总计 29、结转下年度 5,共 34 件,多出 2 件。\n常见原因:结转下年度把已办结的申请也计入了,或新收、上年结转漏填。核对申请登记台账后,改正结转下年度(此例应为 3)或相应一项。",
        example_en: "Table 3, column “natural persons”: 30 new + 2 carried over = 32 to account for; results total 29 + 5 carried forward = 34, two too many.\nUsual cause: applications already answered were also counted as carried forward, or new/carried-over is short. Check the register and correct carried forward (3 here) or the item at fault.",
        check: arithmetic::check,
        scope: Scope::Tables,
    },
    Rule {
        id: "T3-RESULTS-SUM",
        severity: Severity::Error,
        summary_zh: "表三每一列:(七)总计 = (一)至(六)各项办理结果之和",
        summary_en: "Table 3, each column: (7) total = sum of every result row (1)–(6)",
        basis_zh: BASIS_TABLES_ZH,
        basis_en: BASIS_TABLES_EN,
        message_zh: "表三「{col}」列:(七)总计应为各项办理结果之和 {expected},实为 {actual},相差 {difference}",
        message_en: "Table 3, column “{col}”: results total should be the sum of the result rows, {expected}, but is {actual} (difference {difference})",
        example_zh: "表三「科研机构」列:(一)至(六)各项办理结果之和为 1,(七)总计填了 2。\n总计应由各项相加得出:改正总计为 1,或补上漏填的办理结果。",
        example_en: "Table 3, column “research institutions”: the result rows (1)–(6) add up to 1, but (7) total says 2.\nThe total is the sum of the rows: correct it to 1, or fill in the result row that was left out.",
        check: arithmetic::check,
        scope: Scope::Tables,
    },
    Rule {
        id: "T3-COLUMN-SUM",
        severity: Severity::Error,
        summary_zh: "表三每一行:总计 = 自然人 + 五类法人或其他组织之和",
        summary_en: "Table 3, each row: total = natural persons + the five kinds of organisation",
        basis_zh: BASIS_TABLES_ZH,
        basis_en: BASIS_TABLES_EN,
        message_zh: "表三「{row}」行:总计应为各类申请人之和 {expected},实为 {actual},相差 {difference}",
        message_en: "Table 3, row “{row}”: total should be the sum over applicants, {expected}, but is {actual} (difference {difference})",
        example_zh: "表三「一、本年新收政府信息公开申请数量」行:自然人 30、商业企业 5、科研机构 1、社会公益组织 0、法律服务机构 2、其他 1,合计 39,总计却填了 38。\n改正总计为 39,或找出少算的一类申请人。",
        example_en: "Table 3, row “new applications”: 30 + 5 + 1 + 0 + 2 + 1 = 39 over the applicant columns, but the total says 38.\nCorrect the total to 39, or find the applicant column that is over-counted.",
        check: arithmetic::check,
        scope: Scope::Tables,
    },
    Rule {
        id: "T4-GROUP-SUM",
        severity: Severity::Error,
        summary_zh: "表四每一组:总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        summary_en: "Table 4, each group: total = upheld + corrected + other + pending",
        basis_zh: BASIS_TABLES_ZH,
        basis_en: BASIS_TABLES_EN,
        message_zh: "表四「{row}」:总计应为结果维持、结果纠正、其他结果、尚未审结之和 {expected},实为 {actual},相差 {difference}",
        message_en: "Table 4, “{row}”: total should be upheld + corrected + other + pending, {expected}, but is {actual} (difference {difference})",
        example_zh: "表四「行政复议」:结果维持 2、结果纠正 1、其他结果 0、尚未审结 1,合计 4,总计却填了 5。\n改正总计为 4;若确有 5 件,找出漏填的结果一栏。",
        example_en: "Table 4, “administrative review”: upheld 2 + corrected 1 + other 0 + pending 1 = 4, but the total says 5.\nCorrect the total to 4; if there really were 5 cases, fill in the outcome that is missing.",
        check: arithmetic::check,
        scope: Scope::Tables,
    },
    Rule {
        id: "FORMULA-RANGE",
        severity: Severity::Warning,
        summary_zh: "表三、表四的合计单元格是公式,但公式求和的范围与勾稽关系不符(漏了某行某列,或多算了一格)",
        summary_en: "A total of table 3 or 4 is a formula that does not add up exactly the cells its equation names (a row or column left out, or one too many)",
        basis_zh: "表三、表四的合计由规定的各项相加得出;用公式计算的合计,公式的求和范围必须正好是这些项",
        basis_en: "The totals of tables 3 and 4 are the sums of the items the format names; a total computed by a formula must add up exactly those items",
        message_zh: "{cell}的公式「{formula}」{what};按勾稽关系应为 {should} 之和",
        message_en: "{cell} is computed by “{formula}”, which {what}; its equation makes it the sum of {should}",
        example_zh: "表三「(七)总计/自然人」(D30)的公式为「=SUM(D13:D28)」,漏了第 29 行「(六)其他处理/3.其他」。\n这一行填了数时,总计就少算了:把公式改为 =SUM(D13:D29),再核对表三各项勾稽关系。",
        example_en: "Table 3 “(7) total / natural persons” (D30) holds =SUM(D13:D28), leaving out row 29 (“(6) other / 3. other”).\nOnce that row holds a figure the total is short: make the formula =SUM(D13:D29), then check table 3's sums again.",
        check: formulas::formula_range,
        scope: Scope::Tables,
    },
    Rule {
        id: "CELL-COUNT",
        severity: Severity::Error,
        summary_zh: "件数类单元格应为非负整数(金额与2019版「本年增/减」除外)",
        summary_en: "A count cell holds a non-negative whole number (money and the 2019 “change” column excepted)",
        basis_zh: "件数按件统计,不能为负数或小数",
        basis_en: "Counts are numbers of items: never negative, never fractional",
        message_zh: "{cell}应为{what},实为 {value}",
        message_en: "{cell} should be {what}, but is {value}",
        example_zh: "表二「行政处罚/本年处理决定数量」填了 -3;表四「尚未审结」填了 1.5。\n件数不能为负数或小数:按实际件数填写非负整数。",
        example_en: "Table 2 “administrative penalties / decisions” holds -3; table 4 “pending” holds 1.5.\nCounts are never negative or fractional: enter the whole number of items.",
        check: cells::cell_count,
        scope: Scope::Tables,
    },
    Rule {
        id: "CELL-BLANK",
        severity: Severity::Warning,
        summary_zh: "应填单元格为空或为「-」「—」「/」「无」;其他规则按 0 计算",
        summary_en: "A required cell is blank, “-”, “—”, “/” or “无”; the other rules count it as 0",
        basis_zh: "年度报告格式要求表格各项如实填写,没有的填 0",
        basis_en: "The statutory format asks for every cell to be filled, with 0 where there is nothing",
        message_zh: "{cell}{what},按 0 计算",
        message_en: "{cell} {what}; counted as 0",
        example_zh: "表三「一、本年新收政府信息公开申请数量/社会公益组织」为空,「8.属于行政查询事项/自然人」填了「—」。\n其他规则按 0 计算;没有的请填 0,使表格完整。",
        example_en: "Table 3 “new applications / public-welfare organisations” is empty, and “inquiry matter / natural persons” holds “—”.\nThe other rules count them as 0; enter 0 where there is nothing, so the table is complete.",
        check: cells::cell_blank,
        scope: Scope::Tables,
    },
    Rule {
        id: "CELL-TEXT",
        severity: Severity::Error,
        summary_zh: "数字单元格含有不能识别为数字的文字",
        summary_en: "A number cell holds text that is not a number",
        basis_zh: "年度报告格式要求表格填写数字",
        basis_en: "The statutory tables hold numbers",
        message_zh: "{cell}应为数字,实为文字「{value}」;涉及此格的求和未检查",
        message_en: "{cell} should be a number, but holds the text “{value}”; sums over it were not checked",
        example_zh: "表三「(一)予以公开/商业企业」填了「三」,表二「行政许可/本年处理决定数量」填了「见附件」。\n涉及这些格的求和无法检查:改为阿拉伯数字(3),说明文字写在表外。",
        example_en: "Table 3 “disclosed / commercial enterprises” holds 「三」, table 2 “licensing / decisions” holds 「见附件」 (see attachment).\nSums through these cells cannot be checked: enter figures (3) and put remarks outside the table.",
        check: cells::cell_text,
        scope: Scope::Tables,
    },
    Rule {
        id: "EDITION-MISMATCH",
        severity: Severity::Error,
        summary_zh: "表格版本与报告年度不符(2021年度起用2021版,2019、2020年度用2019版),或各表版本不一",
        summary_en: "The tables' edition does not fit the report year (2021 edition from 2021 on, 2019 edition for 2019–2020), or the tables disagree",
        basis_zh: "国办公开办函〔2021〕30号自2021年度报告起施行,替代国办公开办函〔2019〕60号",
        basis_en: "国办公开办函〔2021〕30号 applies from the 2021 report on and replaces 〔2019〕60号",
        message_zh: "{what}",
        message_en: "{what}",
        example_zh: "2023年度报告使用了2019版表格:表二有「本年新制作数量」「政府集中采购」,表三「(六)其他处理」没有分项。\n2021年度起应使用国办公开办函〔2021〕30号的表格:表二改为本年制发件数/本年废止件数/现行有效件数,表三(六)分为三项。",
        example_en: "A 2023 report uses the 2019 tables: table 2 has “newly made” and “central procurement”, table 3's (6) has no sub-rows.\nFrom 2021 on, use the tables of 国办公开办函〔2021〕30号: table 2 with issued/repealed/in force, table 3's (6) in three sub-rows.",
        check: structure::edition_mismatch,
        scope: Scope::Tables,
    },
    Rule {
        id: "TABLE-MISSING",
        severity: Severity::Error,
        summary_zh: "年度报告缺少法定表格(表二、表三或表四)",
        summary_en: "An annual report lacks a statutory table (2, 3 or 4)",
        basis_zh: "《中华人民共和国政府信息公开条例》第五十条规定年度报告应当包括的内容",
        basis_en: "Regulations on Open Government Information, art. 50: what the report must contain",
        message_zh: "未找到表格「{table}」",
        message_en: "Table “{table}” was not found",
        example_zh: "标题为「XX县人民政府2023年政府信息公开工作年度报告」,但找不到表四「政府信息公开行政复议、行政诉讼情况」。\n三张法定表格都必须有;没有复议诉讼的,表四填 0。若表格是图片或附件,请以可编辑表格提交。",
        example_en: "The title says it is a 2023 annual report, but table 4 (review and litigation) is not there.\nAll three statutory tables are required; with no cases, table 4 is all zeros. If the table is an image or an attachment, submit it as an editable table.",
        check: structure::table_missing,
        scope: Scope::Tables,
    },
    Rule {
        id: "LABEL-AMBIGUOUS",
        severity: Severity::Warning,
        summary_zh: "行标签有错字,且与两个以上法定栏目同样接近:该行未采用",
        summary_en: "A row label with a slip is as close to two statutory rows: the row was not used",
        basis_zh: "表格按法定栏目名称识别;无法确定的行宁可不用,也不猜测",
        basis_en: "Rows are recognised by their statutory labels; a row that cannot be told is left out rather than guessed",
        message_zh: "{at}的行标签「{found}」与{candidates}同样接近,无法确定是哪一行,未采用",
        message_en: "the row label “{found}” at {at} is as close to {candidates}; which row it is cannot be told, so it was not used",
        example_zh: "表三中一行的标签被识别为「其他法律行政事项」,它与「2.其他法律行政法规禁止公开」和「8.属于行政查询事项」同样接近。\n请核对该行,改正为法定栏目名称。",
        example_en: "A table-3 row is labelled 「其他法律行政事项」, as close to 「2.其他法律行政法规禁止公开」 as to 「8.属于行政查询事项」.\nCheck that row and give it its statutory label.",
        check: structure::label_ambiguous,
        scope: Scope::Tables,
    },
    Rule {
        id: "TEXT-DIGITS-SPLIT",
        severity: Severity::Warning,
        summary_zh: "文本中一行的数字连在一起,只有一种拆分符合本行的合计关系,已按此读取",
        summary_en: "A row's figures ran together in the text; the only split that fits the row's totals was taken",
        basis_zh: "表格每格填一个数;网页或转换文本把数字连在一起时,只有唯一符合本行合计关系的拆分才能确定各格的数",
        basis_en: "One figure a cell; where a page or a conversion ran a row's figures together, only a split that alone fits the row's totals tells the cells",
        message_zh: "{row}的数字连在一起(「{text}」),只有一种拆法符合{basis},按 {reading} 读取;请对照原件核对",
        message_en: "{row}: the figures ran together (“{text}”); only one split fits {basis}, read as {reading}; check it against the original",
        example_zh: "网页文本「(七)总计23 0 00 0 023」:七格数字连在一起。按「总计 = 六类申请人之和」,只有 23、0、0、0、0、0、23 一种拆法成立,按此读取并提示核对。\n发布时各格之间应有分隔;改正网页或附件中的表格。",
        example_en: "Page text “(7) total 23 0 00 0 023”: seven figures ran together. Only 23, 0, 0, 0, 0, 0, 23 makes the total the sum of the six applicant columns, so that is the reading, flagged for checking.\nPublish the table with its cells apart.",
        check: cells::digits_split,
        scope: Scope::Tables,
    },
    Rule {
        id: "TEXT-DIGITS-AMBIGUOUS",
        severity: Severity::Warning,
        summary_zh: "文本中一行的数字连在一起,有多种拆分(或没有一种)符合本行的合计关系:该行未读取",
        summary_en: "A row's figures ran together in the text and several splits (or none) fit the row's totals: the row was not read",
        basis_zh: "表格每格填一个数;无法唯一确定时不猜测,含该行的求和不检查",
        basis_en: "One figure a cell; where the split is not unique nothing is guessed, and sums over the row are not checked",
        message_zh: "{row}的数字连在一起(「{text}」),{why};本行未读取,涉及本行的求和未检查",
        message_en: "{row}: the figures ran together (“{text}”); {why}; the row was not read and sums over it were not checked",
        example_zh: "网页文本「行政规范性文件8855698」:三格数字连在一起,8、8、55698 与 88、55、698 等都可能,表二此行又没有合计可以核对。\n本行不读取,以免猜错引出错误的求和结论;改正网页或附件中的表格。",
        example_en: "Page text “normative documents 8855698”: three cells ran together; 8, 8, 55698 and 88, 55, 698 are both possible and table 2 has no total to tell.\nThe row is not read, so no wrong guess leads to a wrong sum; publish the table with its cells apart.",
        check: cells::digits_ambiguous,
        scope: Scope::Tables,
    },
    Rule {
        id: "TEXT-ROWS-UNREAD",
        severity: Severity::Warning,
        summary_zh: "表格中有若干行无法可靠读取(文档在表内中断,或数字与行标签无法一一对应):这些行未读取,涉及的求和未检查",
        summary_en: "Rows of a table could not be read with confidence (the document ends inside the table, or figures cannot be matched to their labels): they were not read and sums over them were not checked",
        basis_zh: "只有确定的读取才能得出结论;读不准的行不猜测,并说明需要什么",
        basis_en: "Only a sure reading supports a finding; rows that cannot be read surely are not guessed, and what is needed is said",
        message_zh: "表{table}:{what}。{need}",
        message_en: "Table {table}: {what}. {need}",
        example_zh: "搜索引擎保存的网页只有前 2000 个字符,表三在「7.属于行政执法案卷」一行中断,表四不在其中。\n已读到的行照常检查;其后各行与表四未读取,也不报表格缺失。请提供完整的原件。",
        example_en: "A search engine kept the first 2,000 characters of a page; table 3 breaks off in row “7. enforcement file” and table 4 is not there.\nThe rows read are checked as usual; the rest and table 4 are not read, and not reported missing. Provide the complete original.",
        check: cells::rows_unread,
        scope: Scope::Tables,
    },
    Rule {
        id: "PROSE-SUM",
        severity: Severity::Warning,
        summary_zh: "正文说明了总数及其分项(「共计80条,其中:……」),但分项之和不等于总数",
        summary_en: "The text states a total and its parts (“80 in all, of which …”) and the parts do not add up",
        basis_zh: "年度报告正文与数据应当一致、准确(《政府信息公开条例》第五十条)",
        basis_en: "A report's text and figures must be accurate and agree (Regulations, art. 50)",
        message_zh: "正文「{sentence}」:总数 {total},分项 {parts} = {sum},相差 {difference}",
        message_en: "The text “{sentence}”: total {total}, but the parts {parts} = {sum} (difference {difference})",
        example_zh: "「累计公开政府信息547条。其中概况类2条,政策法规类2条,工作动态类467条,财政类78条。」分项之和为 549 条,比总数多 2 条。\n核对信息发布台账,改正总数或有误的分项。",
        example_en: "“547 items published in all. Of which overview 2, policy 2, news 467, finance 78.” The parts add up to 549, two more than the total.\nCheck the publication register and correct the total or the part at fault.",
        check: prose::prose_sum,
        scope: Scope::Prose,
    },
    Rule {
        id: "PROSE-TABLE",
        severity: Severity::Warning,
        summary_zh: "正文所述申请数、办结数、结转数或复议、诉讼数与表三、表四不一致",
        summary_en: "A figure the text states (applications received, handled, carried forward, review or litigation cases) differs from table 3 or 4",
        basis_zh: "年度报告正文与表格应当一致(《政府信息公开条例》第五十条)",
        basis_en: "A report's text and its tables must agree (Regulations, art. 50)",
        message_zh: "正文「{sentence}」说 {stated},但{figure}为 {held}",
        message_en: "The text “{sentence}” says {stated}, but {figure} is {held}",
        example_zh: "正文「全年共收到政府信息公开申请16件」,表三「本年新收政府信息公开申请数量」总计为 15。\n核对申请登记台账,使正文与表格一致。",
        example_en: "The text says “16 applications received this year”, but table 3's new applications total is 15.\nCheck the register and make the text and the table agree.",
        check: prose::prose_table,
        scope: Scope::Prose,
    },
    Rule {
        id: "T2-TOWN-REGULATIONS",
        severity: Severity::Warning,
        summary_zh: "乡、镇、街道一级机关在表二「规章」行填报了大于 0 的数:乡镇无权制定规章",
        summary_en: "A township-level agency (乡/镇/街道) reports 规章 counts above 0: townships have no power to make 规章",
        basis_zh: "《中华人民共和国立法法》第九十三条:规章由国务院部门和省、设区的市、自治州人民政府制定",
        basis_en: "Legislation Law, art. 93: 规章 are made by State Council departments and by provincial and districted-city governments",
        message_zh: "{agency}是乡镇(街道)一级机关,无权制定规章,但表二「规章」行填报了 {figures};是否应填在「行政规范性文件」行?",
        message_en: "{agency} is a township-level agency, which cannot make 规章, but table 2's 规章 row reports {figures}; do they belong on the normative documents row?",
        example_zh: "慈化镇人民政府的表二「规章/本年制发件数」填了 2。乡镇只能制发行政规范性文件。\n把这 2 件移到「行政规范性文件」行,规章行填 0。",
        example_en: "慈化镇人民政府 reports 2 规章 issued. A township can only issue normative documents.\nMove the 2 to the normative documents row and put 0 on the 规章 row.",
        check: prose::town_regulations,
        scope: Scope::Tables,
    },
    Rule {
        id: "CITES-SUPERSEDED-FORMAT",
        severity: Severity::Warning,
        summary_zh: "2021年度及以后的报告称按国办公开办函〔2019〕60号编制(已由〔2021〕30号取代)",
        summary_en: "A report for 2021 or later says it was compiled under 国办公开办函〔2019〕60号 (superseded by 〔2021〕30号)",
        basis_zh: "国办公开办函〔2021〕30号自2021年度报告起适用",
        basis_en: "国办公开办函〔2021〕30号 applies from the reports for 2021",
        message_zh: "{year}年度报告应按国办公开办函〔2021〕30号编制,但正文引用了〔2019〕60号:「{sentence}」",
        message_en: "A report for {year} follows 国办公开办函〔2021〕30号, but the text cites 〔2019〕60号: “{sentence}”",
        example_zh: "2023年度报告写「根据国办公开办函〔2019〕60号要求编制」。\n改为国办公开办函〔2021〕30号,并核对表格是否为2021版。",
        example_en: "A report for 2023 says it was compiled “under 国办公开办函〔2019〕60号”.\nCite 〔2021〕30号 instead, and check that the tables are the 2021 edition.",
        check: prose::superseded_format,
        scope: Scope::Prose,
    },
    Rule {
        id: "T3-CARRY-CONTINUITY",
        severity: Severity::Error,
        summary_zh: "跨年度,同一机关:本年「上年结转」每一列 = 上一年报告「结转下年度继续办理」",
        summary_en: "Across years, same agency: this year's carried over = last year's carried forward, per column",
        basis_zh: "表三第二项「上年结转」即上一年度第四项「结转下年度继续办理」",
        basis_en: "Table 3 item 2 (carried over) is the previous year's item 4 (carried forward)",
        message_zh: "{year}年度表三「{col}」列上年结转 {carried_over}({at}),但{previous_year}年度报告({previous_file})结转下年度为 {carried_forward}({previous_at})",
        message_en: "Table 3, column “{col}”: {year} carries over {carried_over} ({at}), but the {previous_year} report ({previous_file}) carried forward {carried_forward} ({previous_at})",
        example_zh: "2024年度报告表三「自然人」上年结转填 2,而2023年度报告「结转下年度继续办理」为 3。\n两者应相等:核对两年的申请登记,改正本年上年结转(此例应为 3)或上一年的结转数。",
        example_en: "The 2024 report carries over 2 natural-person applications, but the 2023 report carried forward 3.\nThey must be equal: check both years' registers and correct this year's carried over (3 here) or last year's figure.",
        check: years_only,
        scope: Scope::Tables,
    },
    Rule {
        id: "T2-IN-FORCE-CONTINUITY",
        severity: Severity::Warning,
        summary_zh: "跨年度,2021版:本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数",
        summary_en: "Across years, 2021 edition: in force = last year's in force + issued − repealed",
        basis_zh: "国办公开办函〔2021〕30号表二:现行有效件数随制发、废止增减",
        basis_en: "Table 2 of 国办公开办函〔2021〕30号: documents in force change by those issued and repealed",
        message_zh: "{year}年度表二「{row}」现行有效件数应为上年 {previous_in_force}({previous_file}) + 制发 {issued} − 废止 {repealed} = {expected},实为 {actual}",
        message_en: "Table 2 “{row}”: in force in {year} should be {previous_in_force} ({previous_file}) + {issued} issued − {repealed} repealed = {expected}, but is {actual}",
        example_zh: "2023年度行政规范性文件现行有效 45 件;2024年度制发 8 件、废止 2 件,现行有效应为 51 件,报告填了 49 件。\n核对文件清理结果;若有未列入的废止或失效文件,在本年废止件数中补上。",
        example_en: "45 normative documents were in force in 2023; 2024 issued 8 and repealed 2, so 51 should be in force, but the report says 49.\nCheck the document review; documents repealed or expired but not counted belong in this year's repealed figure.",
        check: years_only,
        scope: Scope::Tables,
    },
    Rule {
        id: "PREVIOUS-NOT-COMPARED",
        severity: Severity::Warning,
        summary_zh: "给了 --previous,却无法与之比较:上一年报告无法读取、机关不同或年度不相邻",
        summary_en: "--previous was given but could not be compared: unreadable, another agency, or not the year before",
        basis_zh: "跨年度核对只在同一机关相邻两年的报告之间进行;没有做的核对要说出来,不能当作通过",
        basis_en: "Cross-year checks pair one agency's reports of consecutive years; a check not done is said, never passed off as clean",
        message_zh: "未与上一年报告 {previous_file} 比较:{why}",
        message_en: "Not compared with last year's report {previous_file}: {why}",
        example_zh: "检查2024年度报告时 --previous 给的是另一个机关的2023年度报告。\n换成本机关2023年度的报告;跨年度规则(T3-CARRY-CONTINUITY 等)才会核对。",
        example_en: "A 2024 report is checked with --previous naming another agency's 2023 report.\nName this agency's 2023 report instead, so the cross-year rules (T3-CARRY-CONTINUITY and others) are checked.",
        check: years_only,
        scope: Scope::Tables,
    },
];

/// The cross-year rules compare two reports ([`crate::years`]); one report alone has
/// nothing for them to check.
fn years_only(_: &Rule, _: &Subject, _: &mut Vec<Finding>) {}

/// What the rules check: the report, the language of the messages, and its statutory
/// equations, built once for every arithmetic rule.
pub struct Subject<'a> {
    pub report: &'a Report,
    pub lang: Lang,
    pub equations: Vec<&'static arithmetic::Equation>,
}

/// Look a rule up by id, case-insensitively.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id))
}

/// Run every rule on one report; findings in the order SPEC §7 promises.
pub fn check(report: &Report, lang: Lang) -> Vec<Finding> {
    let mut findings = Vec::new();
    // A work plan has nothing to check; a report from before the tables existed, only its
    // sentences.
    let scopes: &[Scope] = match report.kind {
        crate::model::DocumentKind::NotAReport { .. } => return findings,
        crate::model::DocumentKind::PreRegulation { .. } => &[Scope::Prose],
        _ => &[Scope::Tables, Scope::Prose],
    };
    let subject = Subject {
        report,
        lang,
        equations: arithmetic::statutory(report),
    };
    for rule in RULES.iter().filter(|r| scopes.contains(&r.scope)) {
        (rule.check)(rule, &subject, &mut findings);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// A reference to a cell of a report for a finding; an absent cell (its row was not found)
/// is reported with a null value and no address.
pub(crate) fn cell_ref(table: TableId, row: &str, col: &str, cell: Option<&Cell>) -> CellRef {
    CellRef {
        key: layout::cell_key(table, row, col),
        address: cell
            .and_then(|c| c.location.as_ref())
            .and_then(|l| l.address()),
        value: cell.map_or(serde_json::Value::Null, Cell::to_json),
        file: None,
        page: None,
        line: None,
    }
}

/// How a cell is named in a message: 「表三 (一)予以公开 / 自然人」, with its address when known.
fn cell_name(
    table: TableId,
    row: &layout::Row,
    col: &layout::Column,
    cell: Option<&Cell>,
    lang: Lang,
) -> String {
    let address = cell
        .and_then(|c| c.location.as_ref())
        .and_then(|l| l.address());
    let at = address.map(|a| format!(" ({a})")).unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "表{}「{}/{}」{}",
            table.numeral_zh(),
            row.label_zh,
            col.label_zh,
            at
        ),
        Lang::En => format!(
            "Table {} “{} / {}”{}",
            table.number(),
            row.label_en,
            col.label_en,
            at
        ),
    }
}

/// A table's number as a message names it: 「三」 in Chinese, 3 in English.
fn cn_or_number(table: TableId, lang: Lang) -> String {
    match lang {
        Lang::Zh => table.numeral_zh().to_string(),
        Lang::En => table.number().to_string(),
    }
}

pub(crate) fn num(v: f64) -> String {
    Num(v).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edition, Source, Value};

    fn clean(text: &str) -> Report {
        crate::read::json::read(text.as_bytes(), Source::default()).expect("fixture reads")
    }

    fn ids(report: &Report) -> Vec<&'static str> {
        check(report, Lang::Zh).iter().map(|f| f.rule).collect()
    }

    #[test]
    fn clean_reports_have_no_findings() {
        assert!(ids(&clean(include_str!("../../fixtures/json/clean_2021.json"))).is_empty());
        assert!(ids(&clean(include_str!("../../fixtures/json/clean_2019.json"))).is_empty());
    }

    /// Every count of tables 3 and 4 takes part in a sum, so changing any one of them by any
    /// amount breaks at least one error rule: the rules are complete for single-cell slips.
    #[test]
    fn any_single_changed_count_in_tables_3_and_4_is_caught() {
        for text in [
            include_str!("../../fixtures/json/clean_2021.json"),
            include_str!("../../fixtures/json/clean_2019.json"),
        ] {
            let base = clean(text);
            for id in [TableId::T3, TableId::T4] {
                let keys: Vec<(&str, &str)> = base
                    .table(id)
                    .unwrap()
                    .cells()
                    .map(|(r, c, _)| (r.key, c.key))
                    .collect();
                for key in keys {
                    for delta in [1.0, -1.0, 7.0] {
                        let mut report = base.clone();
                        let table = report.table_mut(id).as_mut().unwrap();
                        let cell = table.get_mut(key.0, key.1).unwrap();
                        let Value::Number(n) = cell.value else {
                            panic!("{key:?} not a number")
                        };
                        cell.value = Value::Number(Num(n.0 + delta));
                        let found = check(&report, Lang::Zh);
                        assert!(
                            found.iter().any(|f| f.severity == Severity::Error),
                            "{:?} {key:?} {delta:+} went unnoticed",
                            report.table(id).map(|t| t.edition)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_text_cell_suspends_the_sums_through_it() {
        let mut report = clean(include_str!("../../fixtures/json/clean_2021.json"));
        let t3 = report.table3.as_mut().unwrap();
        *t3.get_mut("results.disclosed", "natural_person").unwrap() =
            crate::model::Cell::from_text("十二", None);
        assert_eq!(ids(&report), ["CELL-TEXT"]);
    }

    #[test]
    fn edition_follows_the_year_and_the_tables_must_agree() {
        let mut report = clean(include_str!("../../fixtures/json/clean_2019.json"));
        report.year = Some(2022);
        assert_eq!(ids(&report), ["EDITION-MISMATCH"]);
        report.year = None;
        assert!(ids(&report).is_empty());
        let t3 = report.table3.take().unwrap();
        report.table3 = Some(crate::model::Table::new(t3.id, Edition::E2021));
        assert!(ids(&report).contains(&"EDITION-MISMATCH"));
    }

    #[test]
    fn every_rule_has_both_languages_and_a_basis() {
        for rule in RULES {
            for text in [
                rule.summary_zh,
                rule.summary_en,
                rule.basis_zh,
                rule.basis_en,
                rule.message_zh,
                rule.message_en,
            ] {
                assert!(!text.is_empty(), "{}", rule.id);
            }
            assert_eq!(
                super::rule(&rule.id.to_lowercase()).map(|r| r.id),
                Some(rule.id)
            );
        }
    }
}
