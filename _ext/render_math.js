// Renders TeX to MathJax's CommonHTML at build time, for _ext/static_math.py.
//
// Usage: node render_math.js MATHJAX_ES5_DIR
// Reads one JSON request per line on stdin and answers each with one JSON line on stdout:
//   {"tex": "...", "display": true}  ->  {"html": "<mjx-container ...>", "error": null}
//   {"stylesheet": true}             ->  {"css": "..."}   the styles of everything rendered
//                                        since the last reset (fonts under the URL FONT_URL)
//   {"reset": true}                  ->  {"ok": true}     start a new page
// A TeX error comes back as "error" (the message) next to MathJax's red error box.
"use strict";

const path = require("path");
const readline = require("readline");

const es5 = path.resolve(process.argv[2] || "node_modules/mathjax/es5");

require(path.join(es5, "node-main.js")).init({
  loader: {
    paths: {mathjax: es5},
    load: ["adaptors/liteDOM", "input/tex", "output/chtml", "a11y/assistive-mml"],
  },
  // The TeX packages of the browser's tex-chtml.js (autoload fetches the others on first
  // use), except noundefined: an unknown macro is an error here, not quiet red text.
  tex: {packages: {"[-]": ["noundefined"]}},
  chtml: {fontURL: "FONT_URL", adaptiveCSS: true},
  startup: {typeset: false},
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const output = MathJax.startup.output;
  const lines = readline.createInterface({input: process.stdin});
  lines.on("line", (line) => {
    const request = JSON.parse(line);
    let answer;
    if (request.reset) {
      output.clearCache();
      answer = {ok: true};
    } else if (request.stylesheet) {
      answer = {css: adaptor.textContent(MathJax.chtmlStylesheet())};
    } else {
      const node = MathJax.tex2chtml(request.tex, {display: Boolean(request.display)});
      const error = adaptor.tags(node, "mjx-merror")[0];
      answer = {
        html: adaptor.outerHTML(node),
        error: error ? adaptor.getAttribute(error, "data-mjx-error") || adaptor.textContent(error)
                     : null,
      };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  });
}).catch((error) => {
  process.stderr.write(`MathJax failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
