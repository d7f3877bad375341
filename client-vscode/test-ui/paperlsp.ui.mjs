// Drives the PaperLsp extension in a real VS Code workbench (code-server) with Playwright and Chromium, as a writer
// would: open a real paper (.tex with its .bib), type a sentence and `\cite{`, read the suggest widget's labels from
// the DOM, then hover a cited key and read the hover card. Started by scripts/ui-test.sh, which sets up code-server,
// installs the .vsix and passes everything through the environment:
//   PAPERLSP_UI_URL        workbench URL with ?folder=<workspace>
//   PAPERLSP_UI_WORKSPACE  the workspace folder (a copy of a paper's source folder)
//   PAPERLSP_UI_TEX        the .tex to open, relative to the workspace
//   PAPERLSP_UI_ARTIFACTS  folder for screenshots and the result JSON
//   PAPERLSP_UI_PLAYWRIGHT folder holding node_modules/playwright-core
//   PAPERLSP_UI_CHROMIUM   Chromium executable
//   PAPERLSP_UI_CORPUS     1 when the workspace settings name a corpus (the status must then show indexed papers)
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`ui-test: ${name} is not set (run scripts/ui-test.sh)`);
  }
  return value;
}

const url = env('PAPERLSP_UI_URL');
const workspace = env('PAPERLSP_UI_WORKSPACE');
const texPath = env('PAPERLSP_UI_TEX');
const artifacts = env('PAPERLSP_UI_ARTIFACTS');
const { chromium } = createRequire(join(env('PAPERLSP_UI_PLAYWRIGHT'), 'package.json'))('playwright-core');
const chromiumPath = env('PAPERLSP_UI_CHROMIUM');
const withCorpus = process.env.PAPERLSP_UI_CORPUS === '1';
mkdirSync(artifacts, { recursive: true });

// --- What the paper says: the .bib's keys and titles, and the first cited key that has a title. -------------------

/** Titles by key from every .bib in the workspace folder (top level), braces and runs of blanks removed. */
function bibTitles(folder) {
  const titles = new Map();
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.bib'))) {
    const text = readFileSync(join(folder, name), 'utf8');
    for (const entry of text.split(/\n(?=@)/)) {
      const key = /^@\w+\s*\{\s*([^,\s]+)\s*,/.exec(entry.trim());
      if (!key) {
        continue;
      }
      const title = /\btitle\s*=\s*[{"]([\s\S]*?)[}"]\s*,?\s*\n\s*\w+\s*=/i.exec(entry) ?? /\btitle\s*=\s*[{"]([\s\S]*?)[}"]\s*,?\s*\n?\s*\}/i.exec(entry);
      titles.set(key[1], title ? plain(title[1]) : '');
    }
  }
  return titles;
}

function plain(text) {
  return text.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}

const titles = bibTitles(workspace);
const tex = readFileSync(join(workspace, texPath), 'utf8');
const lines = tex.split('\n');
const bodyStart = lines.findIndex((l) => l.startsWith('\\begin{document}'));
if (titles.size === 0 || bodyStart < 0) {
  throw new Error(`ui-test: ${texPath} needs \\begin{document} and a .bib with entries beside it`);
}
// The first paragraph line of the body that cites a .bib key with a title of plain words (so the hover can be checked
// against it verbatim): its line, the key's column and the key's title.
let cited;
for (let i = bodyStart; i < lines.length && !cited; i++) {
  for (const m of lines[i].matchAll(/\\cite[a-z]*\{([^}]*)\}/g)) {
    const keys = m[1].split(',').map((k) => k.trim());
    const key = keys.find((k) => /^[A-Za-z0-9 :,'-]{12,}$/.test(titles.get(k) ?? ''));
    if (key) {
      cited = { line: i + 1, column: m.index + m[0].indexOf(key) + 1, key, title: titles.get(key) };
      break;
    }
  }
}
if (!cited) {
  throw new Error(`ui-test: no cited key with a plain title in ${texPath}`);
}

// --- The workbench ------------------------------------------------------------------------------------------------

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
const result = { url, tex: texPath, cited };
let failure;
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
try {
  const step = (name) => {
    result.steps = [...(result.steps ?? []), { name, at: new Date().toISOString() }];
    console.log(`ui-test: ${name}`);
  };
  page.setDefaultTimeout(60_000);
  await page.goto(url, { timeout: 180_000, waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 180_000 });
  step('workbench loaded');

  // Quick Open (Ctrl+P) the .tex; retried because the first key press can land before the keybindings are ready.
  const quickInput = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 20 && !(await quickInput.isVisible()); attempt++) {
    await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } });
    await page.keyboard.press('Control+P');
    await page.waitForTimeout(500);
  }
  await quickInput.fill(texPath.split('/').pop());
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 60_000 });
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').waitFor({ timeout: 60_000 });
  step(`opened ${texPath}`);

  // The extension is running once its status bar item shows the server's status ("N papers · CPU"); with a corpus
  // in the workspace settings, once the index holds papers embedded by a model ("Indexing i/n" until then).
  // A failed or stopped server (error / circle-slash icon) fails the test at once, with the item's tooltip.
  const status = page.locator('.part.statusbar .statusbar-item', { hasText: withCorpus ? /[1-9][\d,]* papers? · (CPU|CUDA)/ : /papers? · (CPU|CUDA|no model)/ });
  const broken = page.locator('.part.statusbar .statusbar-item:has(.codicon-error, .codicon-circle-slash)', { hasText: 'PaperLsp' });
  for (let waited = 0; !(await status.first().isVisible()); waited += 1000) {
    if (await broken.first().isVisible()) {
      const label = await broken.first().locator('a').first().getAttribute('aria-label').catch(() => null);
      throw new Error(`the PaperLsp status bar item shows a failed server: ${label ?? await broken.first().innerText()}`);
    }
    if (waited > 300_000) {
      throw new Error('the PaperLsp status bar item never showed the server\'s status');
    }
    await page.waitForTimeout(1000);
  }
  result.status = (await status.first().innerText()).trim();
  step(`server running: ${result.status}`);

  // A new line after the cited line: a sentence of the writer's, then \cite{ typed key by key.
  await goToLine(page, cited.line, 1);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  const sentence = 'Tree search over the reasoning steps of a language model, guided by self-evaluation, improves deliberate problem solving';
  await page.keyboard.type(`${sentence}~\\cite{`, { delay: 5 });
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  result.labels = await rows.evaluateAll((els) =>
    els.map((el) => (el.querySelector('.label-name')?.textContent ?? el.getAttribute('aria-label') ?? '').trim()),
  );
  result.completionSentence = sentence;
  // The rows VS Code renders (the list is virtual: the first ~12); which are keys of the paper's .bib, which come
  // from the index only (papers of the corpus not yet in the .bib).
  result.labelsNotInBib = result.labels.filter((l) => !titles.has(l));
  await page.screenshot({ path: join(artifacts, 'completion.png') });
  step(`suggest widget: ${result.labels.slice(0, 5).join(', ')}`);
  if (result.labels.length === 0 || result.labels.some((l) => l.length === 0)) {
    throw new Error(`empty suggest list or label: ${JSON.stringify(result.labels)}`);
  }
  if (!titles.has(result.labels[0])) {
    throw new Error(`first label ${result.labels[0]} is not a key of the workspace .bib`);
  }
  await page.keyboard.press('Escape');

  // Hover the cited key with the mouse: move the cursor onto it (so it is scrolled into view), then point at it.
  await goToLine(page, cited.line, cited.column);
  const box = await cursorBox(page);
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover.visible .monaco-hover-content').first();
  for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
    await page.mouse.move(box.x + 20 + attempt, box.y + box.height / 2);
    await page.waitForTimeout(1500);
  }
  if (!(await hover.isVisible())) {
    throw new Error(`no hover card over ${cited.key} (line ${cited.line})`);
  }
  await page.waitForTimeout(500);
  result.hover = (await hover.innerText()).replace(/\s+/g, ' ').trim();
  await page.screenshot({ path: join(artifacts, 'hover.png') });
  step(`hover over ${cited.key}: ${result.hover.slice(0, 120)}`);
  if (!result.hover.toLowerCase().includes(cited.title.toLowerCase())) {
    throw new Error(`hover over ${cited.key} lacks its .bib title "${cited.title}": ${result.hover}`);
  }
} catch (error) {
  failure = error;
  await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => undefined);
} finally {
  result.passed = failure === undefined;
  writeFileSync(join(artifacts, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  await browser.close();
}
if (failure) {
  console.error(`ui-test: FAILED: ${failure.message}`);
  process.exit(1);
}
console.log('ui-test: passed');

/** Go to Line (Ctrl+G, whose quick input takes ":line:column"). */
async function goToLine(p, line, column) {
  await p.keyboard.press('Control+G');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await p.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
  const indicator = p.locator('.part.statusbar .statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  let position = '';
  for (let attempt = 0; attempt < 20 && !position.startsWith(`Ln ${line}, Col ${column}`); attempt++) {
    await p.waitForTimeout(100);
    position = (await indicator.innerText()).trim();
  }
  if (!position.startsWith(`Ln ${line}, Col ${column}`)) {
    throw new Error(`Go to Line ${line}:${column} left the cursor at ${position}`);
  }
}

/** Where the editor's cursor is drawn. */
async function cursorBox(p) {
  const cursor = p.locator('.editor-instance .monaco-editor .cursors-layer .cursor').first();
  await cursor.waitFor({ timeout: 10_000 });
  const box = await cursor.boundingBox();
  if (!box) {
    throw new Error('no editor cursor on screen');
  }
  return box;
}
