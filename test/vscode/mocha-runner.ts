// Runs a folder's compiled *.test.js files with mocha inside the extension host, ending with the
// same countable line as the unit tests ("mocha: N passed, N failed, N skipped").
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function runFolder(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: path.join(__dirname, '../../../test/reporter.js') });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP); // focus a run while debugging
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
