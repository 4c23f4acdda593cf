import { chromium } from "@playwright/test";
import fs from "node:fs";
const [src, out, w, h] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
await page.setContent(`<body style="margin:0"><img src="data:image/png;base64,${fs.readFileSync(src).toString("base64")}"></body>`);
await page.screenshot({ path: out });
await browser.close();
