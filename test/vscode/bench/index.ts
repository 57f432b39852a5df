// Extension benchmark, run inside the real extension host by scripts/bench/extension.js: activation
// time, and the time from a keystroke to updated diagnostics on a 1,000-line file (with the default
// debounce, and with none, which isolates our own work). Writes its figures to CH_BENCH_OUT.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SampleGen } from '../../../src/core/rules/sample-gen';
import type { CredentialHygieneApi } from '../../../src/extension/extension';

const ID = 'credential-hygiene.credential-hygiene';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function thousandLines(g: SampleGen): string {
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 100 === 50) lines.push(`ITEM_${i} = "${g.checksummedToken('ghp_')}"`); // no credential-like name: only the token rule sees it
    else if (i % 7 === 0) lines.push(`password_${i} = config.get("db.password")  # read from the vault at start-up`);
    else lines.push(`def handler_${i}(req): return {"id": req.params["id"], "total": ${i} * 2}`);
  }
  return lines.join('\n') + '\n';
}

function ours(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Credential Hygiene').length;
}

async function keystrokeLatency(doc: vscode.TextDocument, editor: vscode.TextEditor, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Breaking the token on line 50 removes one of our diagnostics; restoring it brings it back.
    const want = i % 2 === 0 ? 9 : 10;
    const changed = new Promise<number>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === doc.uri.toString()) && ours(doc.uri) === want) {
          sub.dispose();
          resolve(performance.now());
        }
      });
    });
    const t0 = performance.now();
    // Type a planted token's last char away and back, so the diagnostics really change each time.
    const end = doc.lineAt(50).range.end.translate(0, -1); // before the closing quote
    if (i % 2 === 0) await editor.edit((e) => e.insert(end, 'x'));
    else await editor.edit((e) => e.delete(new vscode.Range(end.translate(0, -1), end)));
    const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics update after keystroke ${i}`)), 5000));
    times.push((await Promise.race([changed, timeout])) - t0);
  }
  return times;
}

export async function run(): Promise<void> {
  try {
    await measure();
  } catch (e) {
    writeFileSync(process.env.CH_BENCH_OUT ?? 'bench-error.json', JSON.stringify({ error: String((e as Error).stack ?? e) }));
    throw e;
  }
}

async function measure(): Promise<void> {
  const ext = vscode.extensions.getExtension<CredentialHygieneApi>(ID)!;
  const api = await ext.activate();
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const file = vscode.Uri.joinPath(folder, 'src/big.py');
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(thousandLines(new SampleGen(5))));
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc);
  for (let i = 0; ours(doc.uri) !== 10 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
  if (ours(doc.uri) !== 10) throw new Error(`expected 10 findings in the benchmark file, got ${ours(doc.uri)}`);
  const cfg = vscode.workspace.getConfiguration('credentialHygiene');
  const withDebounce = await keystrokeLatency(doc, editor, 20);
  await cfg.update('debounceMs', 0, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 300));
  const noDebounce = await keystrokeLatency(doc, editor, 40);
  const scanOnly: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await api.documents.scanNow(doc);
    scanOnly.push(performance.now() - t0);
  }
  const summary = (xs: number[]) => ({ runs: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
  const startup = await api.startup;
  const out = {
    activationMs: api.activationMs,
    startup: {
      ms: startup.ms, reads: startup.reads, repeated: startup.repeated, scans: startup.scans,
      // Which files were read, and how often (workspace-relative): says what a repeated read was.
      files: Object.fromEntries([...startup.counts].map(([f, n]) => [path.relative(folder.fsPath, f), n])),
    },
    keystrokeToDiagnosticsMs: { defaultDebounce: summary(withDebounce), noDebounce: summary(noDebounce) },
    documentScanMs: summary(scanOnly),
  };
  writeFileSync(process.env.CH_BENCH_OUT ?? path.join(folder.fsPath, 'bench.json'), JSON.stringify(out, null, 2));
}
