//! Any bytes as a file checked through the worker protocol (src/isolate.rs): the setup line,
//! a `check` request, and the response read back as the run reads it. The file's kind is
//! picked by the first byte, so every reader is reached; the answer must always parse.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "f.xlsx", "f.xls", "f.ods", "f.json", "f.html", "f.docx", "f.txt", "f.pdf",
];

fuzz_target!(|data: &[u8]| {
    let Some((&kind, body)) = data.split_first() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("nianbao-fuzz-worker-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(NAMES[usize::from(kind) % NAMES.len()]);
    std::fs::write(&path, body).expect("scratch file");
    let setup = r#"{"english":false,"agency":null,"year":null,"keep_drawing":true,"limits":{"file_bytes":209715200,"document_bytes":8388608,"unzipped_bytes":104857600,"cells":250000,"cell_chars":32767,"text_bytes":67108864},"memory_bytes":null,"cpu_seconds":null}"#;
    let request = serde_json::json!({"job": "check", "path": path});
    let input = format!("{setup}\n{request}\n");
    let mut output = Vec::new();
    nianbao::isolate::serve(input.as_bytes(), &mut output).expect("the worker answers");
    let text = String::from_utf8(output).expect("utf-8 answer");
    let line = text.lines().next().expect("one response line");
    let at = line.find('{').expect("a JSON response");
    let _: nianbao::isolate::Response = serde_json::from_str(&line[at..]).expect("it parses");
});
