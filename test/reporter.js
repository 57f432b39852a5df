// mocha's spec reporter, plus one closing line any CI can count: "mocha: N passed, N failed, N skipped".
'use strict';
const Mocha = require('mocha');

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      // After the spec reporter's own epilogue, which it prints on the same event.
      setImmediate(() => process.stdout.write(`mocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`));
    });
  }
}

module.exports = SpecWithTotals;
