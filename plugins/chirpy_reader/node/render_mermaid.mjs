// Render one Mermaid diagram to SVG twice (light and dark theme) with Debian's Chromium.
// stdin: {"code": "...", "id": "mermaid-abc"}; stdout: {"light": "<svg ...>", "dark": "<svg ...>"}.
// Used by plugins/chirpy_reader/mermaid.py; resolves mermaid-cli from the project's node_modules.
import { renderMermaid } from "@mermaid-js/mermaid-cli";
import puppeteer from "puppeteer";

const BROWSER = process.env.MERMAID_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--headless=new"];

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { code, id } = JSON.parse(input);
const browser = await puppeteer.launch({ executablePath: BROWSER, args: ARGS, headless: true });
try {
  const out = {};
  for (const theme of ["default", "dark"]) {
    const { data } = await renderMermaid(browser, code, "svg", {
      backgroundColor: "transparent",
      mermaidConfig: { theme, securityLevel: "strict", flowchart: { htmlLabels: false } },
      svgId: `${id}-${theme === "default" ? "light" : "dark"}`,
    });
    out[theme === "default" ? "light" : "dark"] = new TextDecoder().decode(data);
  }
  process.stdout.write(JSON.stringify(out));
} catch (err) {
  // Mermaid's parse errors: the first lines say where and what; the stack is of no use to the author.
  const message = String(err && err.message || err).split("\n").slice(0, 3).join(" ").replace(/\s+/g, " ");
  process.stdout.write(JSON.stringify({ error: message }));
} finally {
  await browser.close();
}
