import { build } from 'esbuild';
const r = await build({ bundle: true, platform: 'node', mainFields: ['module', 'main'], target: 'node20', format: 'esm', splitting: true, minify: true, legalComments: 'none', entryPoints: { bin: 'src/cli/bin.ts' }, outdir: '/tmp/sp/meta', outExtension: { '.js': '.mjs' }, external: ['better-sqlite3'], metafile: true, write: false });
const outs = r.metafile.outputs;
// static import closure from scan chunk
const name = (f) => f.replace('/tmp/sp/meta/', '').replace('../../tmp/sp/meta/', '');
for (const [f, o] of Object.entries(outs)) {
  if (f.endsWith('.map')) continue;
  const groups = new Map();
  for (const [i, v] of Object.entries(o.inputs)) { const m = i.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k = m ? m[1] : i.split('/').slice(0, 4).join('/'); groups.set(k, (groups.get(k) ?? 0) + v.bytesInOutput); }
  console.log(name(f), o.bytes, 'imports:', o.imports.filter((i) => !i.external).map((i) => name(i.path) + (i.kind === 'dynamic-import' ? '(dyn)' : '')).join(' '));
  console.log('    ', [...groups].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}:${v}`).join(' '));
}
