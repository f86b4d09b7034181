#!/bin/sh
# Seed each fuzz target's corpus with the fixtures of its kind (run from the repository root).
set -e
seed() { dir="fuzz/corpus/$1"; mkdir -p "$dir"; shift; for f in "$@"; do if [ -f "$f" ]; then cp "$f" "$dir/"; fi; done; }
seed read_spreadsheet fixtures/xlsx/*.xlsx fixtures/xls/* fixtures/ods/* fixtures/bad/*.xlsx fixtures/regressions/*.xlsx fixtures/regressions/*.ods
seed read_json fixtures/json/*.json fixtures/bad/*.json fixtures/regressions/*.json
seed read_html fixtures/html/*.html fixtures/html/*.xls fixtures/regressions/*.html
seed read_docx fixtures/docx/*.docx fixtures/regressions/*.docx
seed read_text fixtures/text/*.txt fixtures/text/*.md fixtures/regressions/*.txt
seed read_pdf fixtures/pdf/*.pdf
mkdir -p fuzz/corpus/labels
for f in fixtures/text/*.txt; do head -c 2000 "$f" > "fuzz/corpus/labels/$(basename "$f")"; done
