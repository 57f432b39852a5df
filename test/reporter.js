// mocha's spec reporter, plus one closing line any CI can count: "mocha: N passed, N failed, N skipped".
'use strict';
const Mocha = require('mocha');

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // Registered after the spec reporter's own epilogue listener, so it prints right after it, and
    // synchronously: inside the extension host the run's end is followed at once by the exit.
    // console.log, like the spec reporter, is what the extension host forwards.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      console.log(`mocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
    });
  }
}

module.exports = SpecWithTotals;
