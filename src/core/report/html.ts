// The workspace report as HTML: one self-contained file (inline CSS, JS and SVG charts, a strict
// Content-Security-Policy with a nonce, no remote resources) for CI artifacts and e-mail, or, with
// `assets`, the same page loading media/report/report.{css,js} from URIs (the VS Code webview).
// Everything the page shows is rendered here, so it reads without JavaScript; report.js adds sorting,
// filtering, the theme switch and, inside a webview, opening locations. The model is embedded as JSON
// (`<script type="application/json" id="report-data">`) for scripts and for machines.
import { NHI_IDS } from '../rules/nhi';
import { CERTIFICATES_CHECKED, OWNERSHIP_OFF } from '../vocabulary';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SEVERITY_RANK } from '../findings';
import { INVENTORY_STATUSES } from '../ownership/evaluate';
import { SEVERITIES, type Severity } from '../types/kinds';
import { historyHtml } from './history-section';
import { nhiLabel, type FindingRow, type IdentityRow, type OwnerCoverage, type ReportSummary, type SeriesPoint, type WorkspaceReport } from './workspace-report';

export interface HtmlOptions {
  /** CSP nonce for the inline (or linked) style and script; random by default. */
  nonce?: string;
  /** Load the assets from these URIs instead of inlining them (a webview: `asWebviewUri`, `webview.cspSource`). */
  assets?: { styleUri: string; scriptUri: string; cspSource: string };
  /** Folder holding report.css and report.js (default: media/report found next to the code). */
  assetsDir?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** media/report next to the code: dist/ (the bundles) and out/src/core/report (tsc) both sit under the package root. */
export function reportAssetsDir(): string {
  const candidates = [
    path.join(__dirname, '..', 'media', 'report'),
    path.join(__dirname, '..', '..', '..', 'media', 'report'),
    path.join(__dirname, '..', '..', '..', '..', 'media', 'report'),
  ];
  const found = candidates.find((d) => existsSync(path.join(d, 'report.js')));
  if (!found) throw new Error(`media/report (report.css, report.js) not found near ${__dirname}`);
  return found;
}

export function esc(s: string | number | undefined | null): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderWorkspaceHtml(report: WorkspaceReport, options: HtmlOptions = {}): string {
  const nonce = options.nonce ?? randomBytes(16).toString('base64');
  const a = options.assets;
  const csp = a
    ? `default-src 'none'; style-src ${a.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${a.cspSource} data:; font-src ${a.cspSource}; base-uri 'none'; form-action 'none'`
    : `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`;
  let style: string;
  let script: string;
  if (a) {
    style = `<link rel="stylesheet" href="${esc(a.styleUri)}" nonce="${nonce}">`;
    script = `<script nonce="${nonce}" src="${esc(a.scriptUri)}"></script>`;
  } else {
    const dir = options.assetsDir ?? reportAssetsDir();
    const css = readFileSync(path.join(dir, 'report.css'), 'utf8');
    const js = readFileSync(path.join(dir, 'report.js'), 'utf8');
    style = `<style nonce="${nonce}">\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`;
    script = `<script nonce="${nonce}">\n${js.replace(/<\/script/gi, '<\\/script')}\n</script>`;
  }
  const title = `Credential Hygiene report: ${report.workspace}`;
  const when = report.generatedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  const scanned = report.scanned ? ` · ${report.scanned.files} files scanned` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
${style}
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
<header class="top">
  <div class="brand">
    ${shieldIcon()}
    <div>
      <h1>Credential Hygiene <span class="sep">/</span> <span class="ws">${esc(report.workspace)}</span></h1>
      <p class="meta">Generated ${esc(when)}${esc(scanned)} · ${esc(report.tool)} ${esc(report.version)}${ownershipMeta(report)}</p>
    </div>
  </div>
  <div class="actions">
    <button type="button" class="btn host-only" data-action="refresh" hidden>Refresh</button>
    <button type="button" class="btn host-only" data-action="export" data-format="html" hidden>Export HTML</button>
    <button type="button" class="btn host-only" data-action="export" data-format="markdown" hidden>Export Markdown</button>
    <button type="button" class="btn theme-toggle" data-action="theme" aria-label="Colour theme: automatic" hidden>Theme: auto</button>
  </div>
</header>
<main>
${tiles(report)}
<section class="charts" aria-label="Charts">
${chartCard('Open findings by provider', 'Hard-coded secrets, by the service they belong to', barChart(report.series.byProvider, 'provider'), 'chart-provider')}
${chartCard('Open findings by rule', 'Secret and ownership rules', barChart(report.series.byRule, 'rule'), 'chart-rule')}
${chartCard('Open findings by folder', 'Top-level folders of the workspace', barChart(report.series.byFolder, 'folder'), 'chart-folder')}
${chartCard('Open findings by OWASP NHI risk', 'The OWASP Non-Human Identities Top 10 (2025) risk of each rule', barChart(report.series.byNhi ?? [], 'OWASP NHI risk'), 'chart-nhi')}
${chartCard('Coverage by owner', 'Credential references each owner is accountable for', ownerChart(report.series.coverageByOwner), 'chart-owner')}
${chartCard('Trend', report.trend.length > 1 ? `The last ${report.trend.length} scans: open findings and ownership coverage` : 'Open findings and ownership coverage; each scan adds a point', trendChart(report.trend), 'chart-trend', 'wide')}
</section>
${report.leakedInHistory ? historyHtml(report.leakedInHistory, esc) : ''}
${findingsTable(report)}
${identitiesTable(report)}
${certificatesSection(report)}
${suppressedSection(report)}
${notesSection(report)}
</main>
<footer class="foot">Previews are redacted: this report never contains a secret value.</footer>
<script type="application/json" id="report-data">${scriptJson(report)}</script>
${script}
</body>
</html>
`;
}

function ownershipMeta(r: WorkspaceReport): string {
  if (!r.ownership.enabled) return ' · ownership checks off';
  if (!r.ownership.register) return '';
  return r.ownership.registerFound ? ` · register ${esc(r.ownership.register)}` : ` · no ${esc(r.ownership.register)} yet`;
}

function shieldIcon(): string {
  return '<svg class="logo" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false"><path class="logo-shield" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3z"/><path class="logo-check" d="m8.5 12.2 2.4 2.4 4.8-5"/></svg>';
}

function fmtPercent(p: number | null): string {
  return p === null ? '—' : `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

function tile(cls: string, label: string, value: string, sub: string, extra = '', tone = ''): string {
  return `<div class="tile ${cls}${tone ? ` tone-${tone}` : ''}" role="group" aria-label="${esc(label)}: ${esc(value)}">
  <div class="tile-label">${esc(label)}</div>
  <div class="tile-value">${esc(value)}</div>
  <div class="tile-sub">${sub}</div>${extra}
</div>`;
}

function tiles(r: WorkspaceReport): string {
  const t = r.tiles;
  const chips = SEVERITIES.map((s) => `<li class="chip sev-${s}${t.findings.bySeverity[s] ? '' : ' zero'}"><span class="dot" aria-hidden="true"></span>${SEVERITY_LABEL[s]} <b>${t.findings.bySeverity[s]}</b></li>`).join('');
  const findingsTone = t.findings.bySeverity.critical || t.findings.bySeverity.high ? 'bad' : t.findings.total ? 'warn' : 'good';
  const p = t.coverage.percent;
  const coverageTone = p === null ? '' : p >= 90 ? 'good' : p >= 60 ? 'warn' : 'bad';
  const meterWidth = p === null ? 0 : Math.max(0, Math.min(100, p));
  const meter = `<svg class="meter" viewBox="0 0 100 6" preserveAspectRatio="none" role="presentation" aria-hidden="true" focusable="false"><rect class="meter-track" x="0" y="0" width="100" height="6" rx="3"/><rect class="meter-fill" x="0" y="0" width="${meterWidth}" height="6" rx="3"/></svg>`;
  const reasons = t.suppressed.byReason.slice(0, 3).map((x) => `<li title="${esc(x.reason)}"><b>${x.count}</b> ${esc(x.reason)}</li>`).join('');
  const count = (n: number, tone: 'bad' | 'warn') => (n ? tone : 'good');
  return `<section class="tiles" aria-label="Summary">
${tile('tile-findings tile-wide', 'Open findings', String(t.findings.total), `${t.findings.secrets} hard-coded secret${t.findings.secrets === 1 ? '' : 's'} · ${t.findings.ownership} ownership${t.findings.certificates ? ` · ${t.findings.certificates} certificate` : ''}`, `<ul class="chips" aria-label="Open findings by severity">${chips}</ul>`, findingsTone)}
${r.ownership.enabled ? `${tile('tile-coverage', 'Ownership coverage', fmtPercent(p), `${t.coverage.owned} of ${t.coverage.references} reference${t.coverage.references === 1 ? '' : 's'} owned · ${t.identities} identit${t.identities === 1 ? 'y' : 'ies'}`, meter, coverageTone)}
${tile('tile-expired', 'Expired', String(t.expired), 'credentials past their expiry date', '', count(t.expired, 'bad'))}
${tile('tile-expiring', 'Expiring soon', String(t.expiring), 'credentials about to expire', '', count(t.expiring, 'warn'))}
${tile('tile-overdue', 'Rotation overdue', String(t.overdue), 'credentials past their rotation date', '', count(t.overdue, 'bad'))}
${tile('tile-no-owner', 'No owner', String(t.noOwner), 'credentials referenced that no identity owns', '', count(t.noOwner, 'warn'))}
` : `${tile('tile-ownership-off tile-wide', 'Ownership not checked', 'Off', `${OWNERSHIP_OFF} Expiry, rotation and owners are unknown, not fine.${r.certificates ? ` ${CERTIFICATES_CHECKED}` : ''}`, '', 'off')}
`}${tile('tile-suppressed', 'Suppressed', String(t.suppressed.total), t.suppressed.total ? 'accepted, with reasons:' : 'nothing suppressed', reasons ? `<ul class="reasons">${reasons}</ul>` : '')}
</section>`;
}

function chartCard(title: string, sub: string, body: string, id: string, cls = ''): string {
  return `<figure class="card chart ${cls}" id="${id}" aria-labelledby="${id}-t">
  <figcaption><h2 id="${id}-t">${esc(title)}</h2><p class="card-sub">${esc(sub)}</p></figcaption>
  ${body}
</figure>`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const BAR_W = 560;
const LABEL_W = 180;
const ROW_H = 28;

function emptyChart(text: string): string {
  return `<p class="empty">${esc(text)}</p>`;
}

/** Horizontal bars, stacked by severity (most severe first). */
export function barChart(points: readonly SeriesPoint[], what: string): string {
  if (!points.length) return emptyChart(`No open findings by ${what}.`);
  const max = Math.max(...points.map((p) => p.value), 1);
  const area = BAR_W - LABEL_W - 48;
  const h = points.length * ROW_H + 4;
  const rows = points.map((p, i) => {
    const y = i * ROW_H + 4;
    let x = LABEL_W;
    const segs: string[] = [];
    const order = [...SEVERITIES].sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a]);
    if (p.bySeverity) {
      for (const s of order) {
        const n = p.bySeverity[s];
        if (!n) continue;
        const w = (n / max) * area;
        segs.push(`<rect class="bar sev-${s}" x="${x.toFixed(1)}" y="${y + 4}" width="${Math.max(w, 1.5).toFixed(1)}" height="${ROW_H - 10}"><title>${esc(p.label)}: ${n} ${s}</title></rect>`);
        x += w;
      }
    } else {
      const w = (p.value / max) * area;
      segs.push(`<rect class="bar bar-plain" x="${x}" y="${y + 4}" width="${Math.max(w, 1.5).toFixed(1)}" height="${ROW_H - 10}"/>`);
      x += w;
    }
    return `<g class="row" role="listitem" aria-label="${esc(p.label)}: ${p.value}"><title>${esc(p.label)}: ${p.value}</title>
<text class="label" x="${LABEL_W - 10}" y="${y + ROW_H / 2 + 1}" text-anchor="end" dominant-baseline="middle">${esc(truncate(p.label, 26))}</text>
${segs.join('')}
<text class="value" x="${(x + 6).toFixed(1)}" y="${y + ROW_H / 2 + 1}" dominant-baseline="middle">${p.value}</text></g>`;
  }).join('\n');
  return `<svg class="bars" viewBox="0 0 ${BAR_W} ${h}" role="list" aria-label="Bar chart by ${esc(what)}" focusable="false">${rows}</svg>${legend()}`;
}

function legend(): string {
  return `<ul class="legend" aria-hidden="true">${SEVERITIES.map((s) => `<li><span class="swatch sev-${s}"></span>${SEVERITY_LABEL[s]}</li>`).join('')}</ul>`;
}

export function ownerChart(owners: readonly OwnerCoverage[]): string {
  if (!owners.length) return emptyChart('No credential references found.');
  const shown = owners.slice(0, 10);
  const max = Math.max(...shown.map((o) => o.references), 1);
  const area = BAR_W - LABEL_W - 150;
  const h = shown.length * ROW_H + 4;
  const rows = shown.map((o, i) => {
    const y = i * ROW_H + 4;
    const w = (o.references / max) * area;
    const cls = o.owner.startsWith('(') ? 'bar bar-unowned' : 'bar bar-owned';
    const detail = o.owner.startsWith('(') ? `${o.references} refs · ${o.share}%` : `${o.references} refs · ${o.healthy}/${o.identities} healthy`;
    return `<g class="row" role="listitem" aria-label="${esc(o.owner)}: ${esc(detail)}"><title>${esc(o.owner)}: ${o.references} references (${o.share}%), ${o.identities} identities, ${o.healthy} healthy</title>
<text class="label" x="${LABEL_W - 10}" y="${y + ROW_H / 2 + 1}" text-anchor="end" dominant-baseline="middle">${esc(truncate(o.owner, 26))}</text>
<rect class="${cls}" x="${LABEL_W}" y="${y + 4}" width="${Math.max(w, 1.5).toFixed(1)}" height="${ROW_H - 10}"/>
<text class="value" x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + ROW_H / 2 + 1}" dominant-baseline="middle">${esc(detail)}</text></g>`;
  }).join('\n');
  return `<svg class="bars" viewBox="0 0 ${BAR_W} ${h}" role="list" aria-label="References by owner" focusable="false">${rows}</svg>
<ul class="legend" aria-hidden="true"><li><span class="swatch owned"></span>Owned</li><li><span class="swatch unowned"></span>No owner</li></ul>`;
}

function niceMax(v: number): number {
  if (v <= 5) return 5;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag;
  return 10 * mag;
}

/** Open findings (left axis) and ownership coverage in percent (right axis), oldest scan first. */
export function trendChart(trend: readonly ReportSummary[]): string {
  if (!trend.length) return emptyChart('No scans yet.');
  const W = 1100;
  const H = 240;
  const L = 48;
  const R = 52;
  const T = 14;
  const B = 34;
  const totals = trend.map((t) => t.findings + t.ownershipFindings);
  const max = niceMax(Math.max(...totals, 1));
  const n = trend.length;
  const xAt = (i: number) => (n === 1 ? L + (W - L - R) / 2 : L + (i * (W - L - R)) / (n - 1));
  const yF = (v: number) => T + (H - T - B) * (1 - v / max);
  const yC = (v: number) => T + (H - T - B) * (1 - v / 100);
  const grid: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const y = yF(v);
    grid.push(`<line class="grid" x1="${L}" x2="${W - R}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}"/>`,
      `<text class="axis" x="${L - 8}" y="${y.toFixed(1)}" text-anchor="end" dominant-baseline="middle">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`,
      `<text class="axis axis-cov" x="${W - R + 8}" y="${y.toFixed(1)}" dominant-baseline="middle">${k * 25}%</text>`);
  }
  const day = (at: string) => at.slice(0, 10);
  const labels = (n === 1 ? [0] : [0, Math.floor((n - 1) / 2), n - 1]).filter((v, i, arr) => arr.indexOf(v) === i)
    .map((i) => `<text class="axis" x="${xAt(i).toFixed(1)}" y="${H - 10}" text-anchor="${n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}">${esc(day(trend[i].at))}</text>`);
  const fPts = totals.map((v, i) => `${xAt(i).toFixed(1)},${yF(v).toFixed(1)}`).join(' ');
  const covIdx = trend.map((t, i) => [t.coverage, i] as const).filter((x): x is readonly [number, number] => x[0] !== null);
  const cPts = covIdx.map(([c, i]) => `${xAt(i).toFixed(1)},${yC(c).toFixed(1)}`).join(' ');
  const area = n > 1 ? `<polygon class="area-findings" points="${xAt(0).toFixed(1)},${yF(0).toFixed(1)} ${fPts} ${xAt(n - 1).toFixed(1)},${yF(0).toFixed(1)}"/>` : '';
  const dots = trend.map((t, i) => {
    const tip = `${t.at.slice(0, 16).replace('T', ' ')}: ${totals[i]} open finding${totals[i] === 1 ? '' : 's'} (${t.findings} secret${t.findings === 1 ? '' : 's'}), coverage ${fmtPercent(t.coverage)}`;
    return `<g class="pt" role="listitem" aria-label="${esc(tip)}"><title>${esc(tip)}</title><circle class="dot-findings" cx="${xAt(i).toFixed(1)}" cy="${yF(totals[i]).toFixed(1)}" r="4"/>${t.coverage !== null ? `<circle class="dot-coverage" cx="${xAt(i).toFixed(1)}" cy="${yC(t.coverage).toFixed(1)}" r="3.5"/>` : ''}</g>`;
  }).join('');
  const last = trend[n - 1];
  const prev = n > 1 ? trend[n - 2] : undefined;
  const delta = prev ? totals[n - 1] - totals[n - 2] : 0;
  const change = prev ? delta === 0 ? 'as many open findings as the scan before' : `${Math.abs(delta)} ${delta < 0 ? 'fewer' : 'more'} open finding${Math.abs(delta) === 1 ? '' : 's'} than the scan before` : 'the trend fills in with each scan';
  return `<svg class="trend" viewBox="0 0 ${W} ${H}" role="list" aria-label="Trend of open findings and ownership coverage" focusable="false">
${grid.join('')}${area}<polyline class="line-findings" points="${fPts}"/>${cPts && covIdx.length > 1 ? `<polyline class="line-coverage" points="${cPts}"/>` : ''}${dots}${labels.join('')}</svg>
<ul class="legend"><li><span class="swatch findings"></span>Open findings (left axis)</li><li><span class="swatch coverage"></span>Ownership coverage (right axis)</li><li class="trend-note">Latest: ${totals[n - 1]} open, coverage ${fmtPercent(last.coverage)}; ${esc(change)}</li></ul>`;
}

function options(values: readonly string[], all: string, selected?: string): string {
  return `<option value="">${esc(all)}</option>${values.map((v) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('')}`;
}

function th(key: string, label: string, type: 'text' | 'number' = 'text'): string {
  return `<th scope="col" aria-sort="none"><button type="button" class="sort" data-key="${key}" data-type="${type}">${esc(label)}<span class="arrow" aria-hidden="true"></span></button></th>`;
}

function findingRow(f: FindingRow): string {
  const loc = `${f.path}:${f.line}:${f.column}`;
  const detail = f.type === 'secret' ? `<code class="preview">${esc(f.detail)}</code>${f.description ? `<div class="desc">${esc(f.description)}</div>` : ''}` : esc(f.detail);
  const state = f.state === 'suppressed' ? `<span class="state suppressed" title="${esc(f.suppressedReason)}">suppressed (${esc(f.suppressedBy)})</span><div class="desc">${esc(f.suppressedReason)}</div>` : '<span class="state open">open</span>';
  return `<tr data-severity="${f.severity}" data-type="${f.type}" data-state="${f.state}" data-folder="${esc(f.folder)}" data-nhi="${esc((f.nhi ?? []).join(' '))}">
<td data-v="${SEVERITY_RANK[f.severity]}"><span class="badge sev-${f.severity}">${SEVERITY_LABEL[f.severity]}</span></td>
<td>${f.type === 'secret' ? 'Secret' : 'Ownership'}</td>
<td data-v="${esc(f.provider)}">${esc(f.provider)}</td>
<td data-v="${esc(f.ruleId)}"><code>${esc(f.ruleId)}</code></td>
<td data-v="${esc(f.path)}&#9;${String(f.line).padStart(7, '0')}"><span class="loc" data-path="${esc(f.path)}" data-line="${f.line}" data-column="${f.column}">${esc(loc)}</span></td>
<td>${detail}</td>
<td data-v="${f.state}">${state}</td>
</tr>`;
}

function findingsTable(r: WorkspaceReport): string {
  const rows = r.findings;
  const rules = [...new Set(rows.map((x) => x.ruleId))].sort();
  const folders = [...new Set(rows.map((x) => x.folder))].sort();
  const risks = NHI_IDS.filter((id) => rows.some((x) => x.nhi?.includes(id)));
  const body = rows.length ? rows.map(findingRow).join('\n') : '';
  const more = r.truncated.findings ? `<p class="note">${r.truncated.findings} more findings are not listed.</p>` : '';
  return `<section class="card table-card" id="findings" aria-labelledby="findings-t" data-table="findings">
<div class="card-head"><h2 id="findings-t">Findings</h2><p class="count" aria-live="polite" data-count>${rows.length} finding${rows.length === 1 ? '' : 's'}</p></div>
<div class="filters" role="search" aria-label="Filter findings">
  <label>Search <input type="search" data-filter="text" placeholder="path, rule, provider…"></label>
  <label>Severity <select data-filter="severity">${options(SEVERITIES, 'All severities')}</select></label>
  <label>Type <select data-filter="type"><option value="">All types</option><option value="secret">Secret</option><option value="ownership">Ownership</option></select></label>
  <label>Rule <select data-filter="rule">${options(rules, 'All rules')}</select></label>
  <label>Folder <select data-filter="folder">${options(folders, 'All folders')}</select></label>
  <label>OWASP NHI <select data-filter="nhi"><option value="">All risks</option>${risks.map((id) => `<option value="${id}">${esc(nhiLabel(id))}</option>`).join('')}</select></label>
  <label>State <select data-filter="state"><option value="">Open and suppressed</option><option value="open" selected>Open</option><option value="suppressed">Suppressed</option></select></label>
</div>
<div class="scroll"><table class="data" aria-labelledby="findings-t">
<thead><tr>${th('0', 'Severity', 'number')}${th('1', 'Type')}${th('2', 'Provider')}${th('3', 'Rule')}${th('4', 'Location')}<th scope="col">Detail</th>${th('6', 'State')}</tr></thead>
<tbody>
${body}
</tbody></table></div>
<p class="empty" data-empty${rows.length ? ' hidden' : ''}>${rows.length ? 'No finding matches these filters.' : 'No findings: nothing hard-coded, every credential owned.'}</p>
${more}
</section>`;
}

function identityRow(e: IdentityRow): string {
  const owner = (o?: string) => (o ? esc(o) : '<span class="muted">—</span>');
  const when = [e.expires ? `expires ${e.expires}` : '', e.nextRotation ? `rotate by ${e.nextRotation}` : ''].filter(Boolean).join(' · ');
  const issues = [...e.problems, ...e.missing.map((m) => `missing ${m}`)];
  const where = e.path ? `<span class="loc" data-path="${esc(e.path)}" data-line="${e.line ?? 1}" data-column="1">${esc(`${e.path}:${e.line ?? 1}`)}</span>` : '';
  return `<tr data-status="${e.status}" data-owner="${esc(e.technicalOwner ?? e.businessOwner ?? '')}">
<td data-v="${INVENTORY_STATUSES.indexOf(e.status)}"><span class="badge status-${e.status}">${esc(e.status)}</span></td>
<td data-v="${esc(e.id)}"><code>${esc(e.id)}</code><div class="desc">${e.source === 'unregistered' ? 'not in the register · ' : ''}${where}</div></td>
<td>${esc([e.kind, e.provider].filter(Boolean).join(' · '))}</td>
<td data-v="${esc(e.businessOwner ?? '')}">${owner(e.businessOwner)}</td>
<td data-v="${esc(e.technicalOwner ?? '')}">${owner(e.technicalOwner)}</td>
<td>${esc(e.environments.join(', '))}</td>
<td data-v="${esc(e.expires ?? e.nextRotation ?? '9999')}">${esc(when)}</td>
<td data-v="${e.references}">${e.references}</td>
<td>${esc(issues.join(', '))}</td>
</tr>`;
}

function identitiesTable(r: WorkspaceReport): string {
  if (!r.ownership.enabled) return '';
  const rows = r.identities;
  const owners = [...new Set(rows.map((x) => x.technicalOwner ?? x.businessOwner ?? '').filter(Boolean))].sort();
  const statuses = INVENTORY_STATUSES.filter((s) => r.tiles.byStatus[s]);
  const more = r.truncated.identities ? `<p class="note">${r.truncated.identities} more credentials are not listed.</p>` : '';
  return `<section class="card table-card" id="identities" aria-labelledby="identities-t" data-table="identities">
<div class="card-head"><h2 id="identities-t">Credentials and owners</h2><p class="count" aria-live="polite" data-count>${rows.length} credential${rows.length === 1 ? '' : 's'}</p></div>
<div class="filters" role="search" aria-label="Filter credentials">
  <label>Search <input type="search" data-filter="text" placeholder="id, owner, provider…"></label>
  <label>Status <select data-filter="status">${options(statuses, 'All statuses')}</select></label>
  <label>Owner <select data-filter="owner">${options(owners, 'All owners')}</select></label>
</div>
<div class="scroll"><table class="data" aria-labelledby="identities-t">
<thead><tr>${th('0', 'Status', 'number')}${th('1', 'Credential')}<th scope="col">Kind</th>${th('3', 'Business owner')}${th('4', 'Technical owner')}<th scope="col">Environments</th>${th('6', 'Expiry / rotation')}${th('7', 'Refs', 'number')}<th scope="col">Issues</th></tr></thead>
<tbody>
${rows.map(identityRow).join('\n')}
</tbody></table></div>
<p class="empty" data-empty${rows.length ? ' hidden' : ''}>${rows.length ? 'No credential matches these filters.' : 'No credentials found.'}</p>
${more}
</section>`;
}

/** Certificates and cryptographic readiness: expiry timeline, algorithms, what must migrate by owner, one row per certificate. */
function certificatesSection(r: WorkspaceReport): string {
  const c = r.certificates;
  const q = r.cryptoReadiness;
  if (!c || !q) return '';
  const owners = q.byOwner.map((o) => `<tr><td>${esc(o.owner)}</td><td>${o.certificates}</td><td>${o.keys}</td><td>${o.quantumVulnerable}</td></tr>`).join('');
  const rows = c.rows.map((x) => `<tr data-status="${esc(x.status)}"><td data-v="${x.daysLeft}">${x.daysLeft < 0 ? `expired ${-x.daysLeft} d ago` : `${x.daysLeft} d`}</td>
<td><code>${esc(x.subject)}</code><div class="desc">issuer ${esc(x.issuer)}</div></td><td>${esc(x.key)}${x.quantumVulnerable ? ' <span class="state suppressed" title="breakable by a quantum computer">quantum-vulnerable</span>' : ''}</td>
<td>${esc(x.signature)}</td><td>${esc(x.owner ?? '—')}</td><td>${x.path ? `<span class="loc" data-path="${esc(x.path)}" data-line="${x.line ?? 1}" data-column="1">${esc(`${x.path}:${x.line ?? 1}`)}</span>` : ''}</td><td>${x.problems.map((p) => `<code>${esc(p)}</code>`).join(' ')}</td></tr>`).join('\n');
  return `<section class="charts" aria-label="Certificates charts">
${chartCard('Certificate expiry', `${q.certificates.total} certificate${q.certificates.total === 1 ? '' : 's'}: when they expire`, barChart(c.expiryTimeline, 'expiry'), 'chart-cert-expiry')}
${chartCard('Key algorithms', 'Certificates and private keys, by key algorithm', barChart(c.byAlgorithm, 'algorithm'), 'chart-cert-algorithms')}
</section>
<section class="card" id="crypto-readiness" aria-labelledby="crypto-t"><h2 id="crypto-t">Cryptographic readiness</h2>
<p>${q.certificates.quantumVulnerable} of ${q.certificates.total} certificates and ${q.keys.quantumVulnerable} of ${q.keys.total} private keys use algorithms a quantum computer could break (RSA, DSA, ECDSA, EdDSA, DH); ${q.certificates.weak + q.keys.weak} are weak today; ${q.certificates.expired} expired, ${q.certificates.expiring} expiring.</p>
<div class="scroll"><table class="data"><thead><tr><th scope="col">Owner</th><th scope="col">Certificates</th><th scope="col">Keys (unpaired)</th><th scope="col">Quantum-vulnerable</th></tr></thead><tbody>${owners}</tbody></table></div>
</section>
<section class="card table-card" id="certificates" aria-labelledby="certificates-t"><div class="card-head"><h2 id="certificates-t">Certificates</h2><p class="count">${c.rows.length} certificate${c.rows.length === 1 ? '' : 's'}</p></div>
<div class="scroll"><table class="data" aria-labelledby="certificates-t"><thead><tr><th scope="col">Days left</th><th scope="col">Subject</th><th scope="col">Key</th><th scope="col">Signature</th><th scope="col">Owner</th><th scope="col">Location</th><th scope="col">Issues</th></tr></thead>
<tbody>
${rows}
</tbody></table></div></section>`;
}

function suppressedSection(r: WorkspaceReport): string {
  const list = r.tiles.suppressed.byReason;
  if (!list.length) return '';
  return `<section class="card" aria-labelledby="suppressed-t"><h2 id="suppressed-t">Suppressed, with reasons</h2>
<table class="data compact"><thead><tr><th scope="col">Reason</th><th scope="col">How</th><th scope="col">Findings</th></tr></thead><tbody>
${list.map((x) => `<tr><td>${esc(x.reason)}</td><td>${esc(x.by)}</td><td>${x.count}</td></tr>`).join('\n')}
</tbody></table></section>`;
}

function notesSection(r: WorkspaceReport): string {
  if (!r.notes.length) return '';
  return `<section class="card notes" aria-labelledby="notes-t"><h2 id="notes-t">Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}
