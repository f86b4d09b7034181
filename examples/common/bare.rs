//! The baseline of the bulk bench: a bare calamine read of every cell of every sheet, as a
//! calamine user would write it (shared by `benches/bulk.rs` and `examples/profile_check.rs`,
//! each with `#[path = "…/common/bare.rs"] mod bare;`).

use calamine::Reader;

/// How many non-empty cells the workbook holds; 0 when calamine cannot open it.
pub fn bare_read(path: &std::path::Path) -> usize {
    let bytes = std::fs::read(path).expect("readable");
    let Ok(mut workbook) = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) else {
        return 0;
    };
    let mut cells = 0;
    for name in workbook.sheet_names() {
        if let Ok(range) = workbook.worksheet_range(&name) {
            cells += range
                .used_cells()
                .filter(|(_, _, v)| !matches!(v, calamine::Data::Empty))
                .count();
        }
    }
    cells
}
