// scripts/fuzz/findings.mjs - readelf batches that reproduce what fuzzing
// found, with committed inputs (samples/), for test/fuzz-findings.test.ts;
// scripts/fuzz/record-goldens.mjs records GNU readelf 2.40 on them in
// test/golden/findings/<name>.out|.err|.rc. Each: [name, readelf args, why].
export const FINDINGS = [
  [
    'dyn-syms-off-after-bad-shdrs',
    ['--dyn-syms', 'samples/crafted/shdrs-past-eof.elf', 'samples/x86_64/hello-pie', 'samples/arm/libdemo.so'],
    "process_object: a file whose section headers cannot be read turns --dyn-syms off for the files after it (GNU's do_dyn_syms is global)",
  ],
  [
    'dyn-syms-off-after-bad-shdrs-l-W',
    ['-l', '--dyn-syms', '-W', 'samples/x86_64/hello-pie', 'samples/crafted/shdrs-past-eof.elf', 'samples/x86_64/hello-pie'],
    'the same in the middle of a batch, with -l still shown for every file',
  ],
];
