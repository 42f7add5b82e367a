import { defaultOptions, displaysObjects, type ReadelfOptions } from './options.js';
import { processFile } from './process.js';
import { SinkDiagnostics } from './diagnostics.js';
import { RunState } from './run-state.js';
import type { ReadelfSink } from './sink.js';
import { GNU_USAGE } from './usage.js';

export { defaultOptions, type ReadelfOptions } from './options.js';
export { CaptureSink, FdSink, type ReadelfSink } from './sink.js';

/**
 * GNU readelf's main loop: each file in turn, `File: NAME` headers when
 * there is more than one, exit status 1 when any file failed. Without a
 * view (-W, -D or -z alone) parse_args prints the usage and exits 1, before
 * it looks at the files; -c counts as a view there.
 */
export function runReadelf(files: readonly string[], options: Partial<ReadelfOptions>, sink: ReadelfSink): number {
  const opts = defaultOptions(options);
  if (!displaysObjects(opts) && !opts.archiveIndex) {
    sink.err(GNU_USAGE);
    return 1;
  }
  if (files.length === 0) {
    new SinkDiagnostics(sink).warn('Nothing to do.');
    sink.err(GNU_USAGE);
    return 1;
  }
  const showName = files.length > 1;
  const diag = new SinkDiagnostics(sink);
  const run = new RunState();
  let failed = false;
  for (const f of files) {
    if (sink.closed === true) break;
    if (!processFile(f, opts, sink, showName, diag, run)) failed = true;
  }
  return failed ? 1 : 0;
}
