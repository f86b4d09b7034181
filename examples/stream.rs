//! Print the token stream nianbao's sequence reader sees in a document, an event a line:
//! `cargo run --example stream -- report.txt`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stream FILE");
        std::process::exit(2);
    };
    match nianbao::read::grids_of(std::path::Path::new(&path)) {
        Ok(grids) => {
            for grid in &grids {
                print!("{}", nianbao::read::sequence::describe(grid));
                let found = nianbao::read::sequence::read(grid);
                for (name, table) in [
                    ("table2", &found.table2),
                    ("table3", &found.table3),
                    ("table4", &found.table4),
                ] {
                    let figures = table.as_ref().map(nianbao::read::sequence::figures);
                    println!("= {name}: {figures:?} figures read from the stream");
                }
            }
        }
        Err(e) => {
            eprintln!("{path}: {}", e.en);
            std::process::exit(2);
        }
    }
}
