#!/bin/sh
# Renders the PNG views of the sample PDFs in this directory (poppler's pdftoppm).
# The PDFs come from: cargo run -p print --example samples -- docs/print
set -eu
cd "$(dirname "$0")"
rm -f ./*.png
for f in a4-*.pdf; do
    case "$f" in
        a4-200-lines.pdf)
            pages=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
            pdftoppm -r 110 -png -f 1 -l 1 "$f" a4-200-lines
            pdftoppm -r 110 -png -f "$pages" -l "$pages" "$f" a4-200-lines
            ;;
        *) pdftoppm -r 110 -png "$f" "${f%.pdf}" ;;
    esac
done
for f in receipt-*.pdf; do
    pdftoppm -r 160 -png "$f" "${f%.pdf}"
done
