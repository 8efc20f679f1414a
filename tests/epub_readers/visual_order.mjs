// Where headless Chromium draws each character of some texts of an XHTML page: the check that
// phone numbers, URLs and quotes read in the right order, as a reader's eye meets them.
//
//   node visual_order.mjs PAGE.xhtml NEEDLES.json
//
// NEEDLES.json: {"needles": ["+20 2 1234 5678", …], "control": "text"}. With `control`, a
// paragraph holding that text as plain characters (no markup) is added at the end of the page's
// <article> first: the same words without the EPUB's isolates, to show what they prevent.
// Prints JSON: {"fonts": [[family, weight, status]…], "needles": {needle: [[char, left, top]…]},
// "control": {needle: […]}} where each needle is measured at its first place in the page (or in
// the control paragraph), spaces left out. Chromium comes from PUPPETEER_EXECUTABLE_PATH.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [page, needlesFile] = process.argv.slice(2);
const { needles, control } = JSON.parse(readFileSync(needlesFile, "utf8"));
const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH,
  args: ["--no-sandbox", "--allow-file-access-from-files"],
});
try {
  const tab = await browser.newPage();
  // Wide enough that no measured text is cut across lines.
  await tab.setViewport({ width: 6000, height: 2000 });
  await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
  const result = await tab.evaluate(
    async (needles, control) => {
      const article = document.querySelector("article") || document.body;
      let controlRoot = null;
      if (control) {
        controlRoot = document.createElement("p");
        controlRoot.textContent = control;
        article.appendChild(controlRoot);
      }
      await document.fonts.ready;
      const measure = (root, needle) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let text = "";
        while (walker.nextNode()) {
          nodes.push([walker.currentNode, text.length]);
          text += walker.currentNode.data;
        }
        const at = text.indexOf(needle);
        if (at < 0) return null;
        const out = [];
        for (let i = 0; i < needle.length; i++) {
          if (/\s/.test(needle[i])) continue;
          const pos = at + i;
          const [node, start] = nodes.findLast(([, s]) => s <= pos);
          const range = document.createRange();
          range.setStart(node, pos - start);
          range.setEnd(node, pos - start + 1);
          const rect = range.getBoundingClientRect();
          out.push([needle[i], rect.left, rect.top]);
        }
        return out;
      };
      const measured = {};
      const controlMeasured = {};
      for (const needle of needles) {
        measured[needle] = measure(article, needle);
        if (controlRoot) controlMeasured[needle] = measure(controlRoot, needle);
      }
      const fonts = [...document.fonts].map((f) => [f.family.replace(/"/g, ""), f.weight, f.status]);
      return { fonts, needles: measured, control: controlMeasured };
    },
    needles,
    control ?? null,
  );
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
