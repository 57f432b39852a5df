// CSV and TSV exports (`api_key` column, a row per client) carry secrets whose name is only in the
// header. Rows are read with csv-parse; values under credential-named columns are candidates.
import { parse } from 'csv-parse/sync';
import type { Rule } from '../rules/types';
import { credentialName } from '../rules/providers/generic';
import { shannonEntropy } from '../text/entropy';
import { notASecret } from './filters';
import type { EnvCandidate } from './env-file';

export function isCsvFile(relPath: string): boolean {
  return /\.(?:csv|tsv)$/i.test(relPath);
}

export function csvCandidates(text: string, relPath: string, rules: { password?: Rule; secret?: Rule }): EnvCandidate[] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = /\.tsv$/i.test(relPath) ? '\t' : firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, to_line: 100_000 }) as unknown as typeof records;
  } catch {
    return []; // not really CSV
  }
  if (records.length < 2) return [];
  const header = records[0].record;
  const columns = header.map((h, i) => ({ i, kind: credentialName(h.trim()) })).filter((c) => c.kind);
  if (!columns.length) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const out: EnvCandidate[] = [];
  for (const { record, info } of records.slice(1)) {
    const lineStart = lineStarts[info.lines - 1] ?? 0;
    const lineEnd = text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd);
    for (const c of columns) {
      const value = record[c.i]?.trim();
      const rule = c.kind === 'password' ? rules.password : rules.secret;
      if (!value || !rule || value.length > 512) continue;
      const ok = c.kind === 'password' ? value.length >= 6 && shannonEntropy(value) >= 2.5 : value.length >= 12 && shannonEntropy(value) >= 3.2;
      if (!ok || notASecret(value, header[c.i], rule)) continue; // the column name is the value's context
      const at = line.indexOf(value);
      if (at !== -1) out.push({ rule, start: lineStart + at, end: lineStart + at + value.length, secret: value });
    }
  }
  return out;
}
