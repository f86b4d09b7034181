//! Print the rows nianbao rebuilds from a PDF, as its text reader takes them:
//! `cargo run --example pdf_rows -- report.pdf`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_rows FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    match nianbao::read::pdf::text_rows(&bytes) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("{path}: {}", e.en);
            std::process::exit(2);
        }
    }
}
