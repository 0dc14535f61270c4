// The browser side of tools/lab_browser.py: drives Debian's Chromium with playwright-core.
// Usage: node lab_browser.mjs PLAN.json (written by lab_browser.py). Writes plan.result (JSON).
//
// For each notebook: open it in JupyterLab, choose the Java kernel if a dialog asks, Run → Run All
// Cells, wait (bounded) until no cell is queued or running and the kernel is idle, then record what
// the page shows. Then the exported site pages from file:// with every network request blocked.
// Only 127.0.0.1:PORT (JupyterLab) and file:// may be reached; every other request is aborted and
// recorded.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const origin = new URL(plan.base).origin;
const result = { notebooks: [], site: [] };
const auth = { Authorization: `token ${plan.token}` };
const seconds = (t0) => Math.round((Date.now() - t0) / 100) / 10;

function allowed(url) {
  return url.startsWith(origin + '/') || url.startsWith('ws://127.0.0.1:' + new URL(origin).port + '/')
    || url.startsWith('file://') || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:');
}

// Everything leaving the allowed origins is aborted and recorded; at the DNS level too.
async function guard(context, blocked) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => { if (!allowed(r.url())) blocked.push(r.url()); });
}

// What the notebook shows once it has run: collected in the page, judged by the Python test.
function collect() {
  const outputs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')];
  const byMime = (m) => outputs.filter((o) => o.getAttribute('data-mime-type') === m);
  // JupyterLab's Plotly renderer (the plotly package's extension) draws into .jp-RenderedPlotly.
  const plotly = outputs.filter((o) => o.classList.contains('jp-RenderedPlotly'));
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].map((p) => p.textContent.trim());
  return {
    mimeTypes: [...new Set(outputs.map((o) => o.getAttribute('data-mime-type')))],
    codeCells: prompts.length,
    prompts,
    stdout: byMime('application/vnd.jupyter.stdout').map((o) => o.textContent),
    stderr: byMime('application/vnd.jupyter.stderr').map((o) => o.textContent.slice(0, 2000)),
    htmlTables: document.querySelectorAll('.jp-Notebook .jp-OutputArea-output table.ropelab-table').length,
    plotlyOutputs: plotly.length,
    plotlySvg: plotly.filter((o) => o.classList.contains('js-plotly-plot') && o.querySelector('svg.main-svg')).length,
    htmlFigureFallbacks: document.querySelectorAll('.jp-Notebook .jp-OutputArea-output .ropelab-figure').length,
    textFigureFallbacks: byMime('text/plain').filter((o) => /^Figure\[/.test(o.textContent.trim())).length,
    kernelDialogs: document.querySelectorAll('.jp-Dialog').length,
    newsPrompt: /Jupyter news/i.test(document.body.innerText),
  };
}

// The notebook's kernel as the server sees it (null until JupyterLab has created its session).
async function kernelOf(path) {
  const sessions = await (await fetch(`${plan.base}api/sessions`, { headers: auth })).json();
  const s = sessions.find((x) => x.path === path);
  return s ? s.kernel : null;
}

// Idle: no cell queued or running ([*]), at least one has run, and both the page and the server say idle.
async function ranToIdle(page, path) {
  const inPage = await page.evaluate(() => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].map((p) => p.textContent);
    const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return !prompts.some((p) => p.includes('*')) && prompts.some((p) => /\d/.test(p))
      && (status ? status.getAttribute('data-status') : 'idle') === 'idle';
  });
  const kernel = inPage ? await kernelOf(path) : null;
  return inPage && kernel && kernel.execution_state === 'idle';
}

async function until(what, deadline, test, page) {
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${plan.timeoutSeconds} s`);
    await page.waitForTimeout(500);
  }
}

async function runNotebook(context, name, index) {
  const entry = { name: name.replace(/\.ipynb$/, ''), blocked: [] };
  const page = await context.newPage();
  const t0 = Date.now();
  try {
    page.on('websocket', (ws) => { if (!allowed(ws.url())) entry.blocked.push(ws.url()); });
    const url = `${plan.base}lab/workspaces/ropelab-${index}/tree/notebooks/${encodeURIComponent(name)}?reset&token=${plan.token}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.jp-Notebook .jp-Cell').first().waitFor({ timeout: 60000 });
    // A kernel dialog appears only if the notebook did not name a kernel that exists.
    const dialog = page.locator('.jp-Dialog');
    if (await dialog.isVisible()) {
      entry.kernelDialog = true;
      await dialog.locator('select').selectOption({ label: 'Java (jjava)' }).catch(() => {});
      await dialog.locator('button.jp-mod-accept').click();
    }
    // Run All only once the kernel has started and the page is connected to it.
    const deadline = t0 + plan.timeoutSeconds * 1000;
    const path = `notebooks/${name}`;
    await until('kernel ready', deadline, async () => {
      const k = await kernelOf(path);
      return k && k.connections > 0 && k.execution_state === 'idle';
    }, page);
    entry.kernel = (await kernelOf(path)).name;
    entry.kernelReadySeconds = seconds(t0);
    await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
    await page.waitForTimeout(1000);
    await until('kernel idle after Run All', deadline, async () => (await ranToIdle(page, path))
      && (await page.waitForTimeout(1000), ranToIdle(page, path)), page);
    entry.seconds = seconds(t0);
    // Charts are drawn asynchronously after their output arrives: give them a bounded moment.
    await page.waitForFunction(() => {
      const plots = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output.jp-RenderedPlotly')];
      return plots.every((o) => o.querySelector('svg.main-svg'));
    }, null, { timeout: 30000 }).catch(() => {});
    Object.assign(entry, await page.evaluate(collect));
    await screenshot(page, entry.name);
  } catch (e) {
    entry.failure = String(e && e.message || e).split('\n')[0];
    entry.seconds = seconds(t0);
    await screenshot(page, entry.name).catch(() => {});
  } finally {
    await shutDownKernels().catch(() => {});
    await page.close().catch(() => {});
  }
  return entry;
}

// One image of the whole notebook: the window is made as tall as the notebook (up to a cap), then shot.
async function screenshot(page, name) {
  const height = await page.evaluate(() => {
    const nb = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer') || document.querySelector('.jp-Notebook');
    return nb ? nb.scrollHeight + 200 : 900;
  });
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 900), 16000) });
  await page.evaluate(() => {
    const outer = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
    if (outer) outer.scrollTop = 0;
  });
  await page.waitForTimeout(1500); // charts are responsive: let them redraw at the new size
  await page.screenshot({ path: `${plan.screenshots}/${name}.png` });
  if (name === plan.previewOf) { // a window-sized view around the first chart, for the README
    const top = await page.evaluate(() => {
      const chart = document.querySelector('.jp-Notebook .jp-RenderedPlotly');
      return chart ? Math.max(0, Math.min(chart.getBoundingClientRect().top - 420, window.innerHeight - 760)) : 0;
    });
    await page.screenshot({ path: plan.preview, clip: { x: 0, y: top, width: 1280, height: 760 } });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function shutDownKernels() {
  const sessions = await (await fetch(`${plan.base}api/sessions`, { headers: auth })).json();
  for (const s of sessions) await fetch(`${plan.base}api/sessions/${s.id}`, { method: 'DELETE', headers: auth });
}

async function checkSitePage(context, path) {
  const entry = { page: path.split('/').pop(), blocked: [] };
  const page = await context.newPage();
  try {
    await page.goto('file://' + path, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => {
      const figs = [...document.querySelectorAll('.ropelab-figure')];
      return figs.every((f) => f.querySelector('svg.main-svg')) && document.querySelector('mjx-container');
    }, null, { timeout: 30000 }).catch(() => {});
    await page.waitForFunction(() => [...document.querySelectorAll('.thumb[id]')].every((t) => t.querySelector('svg.main-svg')),
      null, { timeout: 30000 }).catch(() => {});
    Object.assign(entry, await page.evaluate(() => ({
      figures: document.querySelectorAll('.ropelab-figure').length,
      drawn: [...document.querySelectorAll('.ropelab-figure')].filter((f) => f.querySelector('svg.main-svg')).length,
      math: document.querySelectorAll('mjx-container').length,
      // the site as a book: every link (resolved by the browser against the page's file:// address),
      // the contents in the sidebar, previous/next, and the index's small pictures
      links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, rel: a.rel, text: a.textContent.trim() })),
      contents: [...document.querySelectorAll('nav.ropelab-nav ol li a')].map((a) => a.getAttribute('href')),
      current: [...document.querySelectorAll('nav.ropelab-nav li.current a')].map((a) => a.getAttribute('href')),
      previous: [...document.querySelectorAll('a[rel~="prev"]')].map((a) => a.getAttribute('href')),
      next: [...document.querySelectorAll('a[rel~="next"]')].map((a) => a.getAttribute('href')),
      thumbnails: document.querySelectorAll('.thumb[id]').length,
      thumbnailsDrawn: [...document.querySelectorAll('.thumb[id]')].filter((t) => t.querySelector('svg.main-svg')).length,
    })));
  } catch (e) {
    entry.failure = String(e && e.message || e).split('\n')[0];
  } finally {
    await page.close().catch(() => {});
  }
  return entry;
}

// The settings JupyterLab applies: the user's (an empty folder here) over the schema's defaults, into
// which the server has merged the environment's overrides.json; and the server's default kernel.
async function shippedSettings() {
  const get = async (path) => (await fetch(plan.base + path, { headers: auth })).json();
  const effective = async (plugin) => {
    const { schema, settings } = await get(`lab/api/settings/${plugin}`);
    const values = {};
    for (const [key, property] of Object.entries(schema.properties || {})) values[key] = property.default;
    return { ...values, ...(settings || {}) };
  };
  return {
    notification: await effective('@jupyterlab/apputils-extension:notification'),
    tracker: await effective('@jupyterlab/notebook-extension:tracker'),
    defaultKernel: (await get('api/kernelspecs')).default,
  };
}

let browser;
async function main() {
  browser = await chromium.launch({
    executablePath: plan.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--no-first-run', '--disable-domain-reliability', '--metrics-recording-only',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  result.settings = await shippedSettings();
  const lab = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const labBlocked = [];
  await guard(lab, labBlocked);
  for (const [i, name] of plan.notebooks.entries()) {
    const started = labBlocked.length;
    const entry = await runNotebook(lab, name, i);
    entry.blocked.push(...labBlocked.slice(started));
    result.notebooks.push(entry);
    console.log(`  browser: ${entry.name} ${entry.failure ? 'FAILED (' + entry.failure + ')' : 'ran'} in ${entry.seconds} s`);
  }
  const site = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
  const siteBlocked = [];
  await guard(site, siteBlocked);
  for (const path of plan.sitePages) {
    const started = siteBlocked.length;
    const entry = await checkSitePage(site, path);
    entry.blocked.push(...siteBlocked.slice(started));
    result.site.push(entry);
  }
  await resolveLinks(site, siteBlocked);
}

// Every file:// link of every site page must reach a file, and a #fragment an element of that page:
// each target is opened from disk (network blocked) and its element ids read. Other links are listed
// as external (never followed). Sets entry.unresolved and entry.external per page.
async function resolveLinks(context, blocked) {
  const ids = new Map();
  const page = await context.newPage();
  try {
    for (const entry of result.site) {
      entry.unresolved = []; entry.external = []; entry.files = [];
      for (const link of entry.links || []) {
        const url = new URL(link.href);
        if (url.protocol !== 'file:') { entry.external.push(link.href); continue; }
        if (!url.pathname.endsWith('.html')) { entry.files.push(link.href); continue; }  // a download: the test checks the file
        const file = 'file://' + url.pathname;  // (a file: URL's origin is 'null')
        if (!ids.has(file)) {
          const started = blocked.length;
          const found = await page.goto(file, { waitUntil: 'domcontentloaded', timeout: 60000 })
            .then(() => page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id)))
            .catch(() => null);  // a missing file: net::ERR_FILE_NOT_FOUND
          ids.set(file, found);
          if (blocked.length > started) entry.blocked.push(...blocked.slice(started));
        }
        const targetIds = ids.get(file);
        // as the HTML standard finds a fragment's element: the id as written, else percent-decoded
        const raw = url.hash.slice(1);
        const found = !raw || targetIds?.includes(raw) || targetIds?.includes(decodeURIComponent(raw));
        if (targetIds === null || !found) entry.unresolved.push(link.href);
      }
    }
  } finally {
    await page.close().catch(() => {});
  }
}

async function finish(code) {
  writeFileSync(plan.result, JSON.stringify(result, null, 1));
  if (browser) await browser.close().catch(() => {});
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { finish(130); });
main().then(() => finish(0), (e) => { result.error = String(e && e.stack || e); console.error(e); finish(1); });
