// Prints a PDF's text as pdf.js (Firefox, many web viewers) reads it.
//
//   node tests/extraction/pdfjs_text.mjs FILE.pdf > pages.json
//
// Prints a JSON list with the text of each page, joined the way Firefox's find bar builds its
// page text: the items of getTextContent() in their order, with "\n" after an item whose
// hasEOL is set (score.py joins the pages with "\n"). disableNormalization keeps the
// characters the PDF maps to (no NFKC), so what is scored is what the file says. Fonts are
// embedded, so no standard font data or CMap files are needed; the fake worker
// (pdf.worker.mjs beside pdf.mjs) runs in-process.
import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const path = process.argv[2];
if (!path) {
  console.error("usage: node pdfjs_text.mjs FILE.pdf");
  process.exit(64);
}

const data = new Uint8Array(await readFile(path));
let doc;
try {
  doc = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
} catch (e) {
  console.error(`pdf.js cannot open ${path}: ${e.name}: ${e.message}`);
  process.exit(1);
}
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const content = await page.getTextContent({ disableNormalization: true });
  let text = "";
  for (const item of content.items) {
    if (!("str" in item)) continue; // marked-content markers carry no text
    text += item.str;
    if (item.hasEOL) text += "\n";
  }
  pages.push(text);
  page.cleanup();
}
process.stdout.write(JSON.stringify(pages));
await doc.destroy();
