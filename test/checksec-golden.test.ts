/**
 * Parity with checksec.sh 2.6.0 on every sample (samples/MANIFEST and
 * samples/checksec/MANIFEST), line for line in CSV, and its formats (cli,
 * csv, json, xml; --file, --listfile, --dir, --extended) against outputs
 * recorded by test/golden/checksec/record.sh. checksec is not needed here.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksecMain } from '../src/cli/checksec.js';
import { CaptureOutput } from '../src/io/output.js';
import { assertWellFormedXml } from './helpers/xml-check.js';

const G = 'test/golden/checksec';
const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    : [];

function run(args: string[], color = false) {
  const io = new CaptureOutput();
  const status = checksecMain(args, io, color);
  return { stdout: io.stdout, stderr: io.stderr, status };
}

const paths = [...lines('samples/MANIFEST'), ...lines('samples/checksec/MANIFEST')];
const tmp = mkdtempSync(join(tmpdir(), 'checksec-golden-'));

describe('CSV rows equal checksec.sh 2.6.0 on every sample', () => {
  const golden = lines(`${G}/samples.csv`);
  const refused = lines(`${G}/samples.errors`).map((l) => l.split('\t')[0]!);

  it('has goldens for every listed sample', () => {
    expect(paths.length).toBeGreaterThan(190);
    expect(golden.length + refused.length).toBe(paths.length);
  });

  it('one --listfile run: the same rows, in order; an error line for each file 2.6.0 refuses', () => {
    const list = join(tmp, 'all.txt');
    writeFileSync(list, paths.join('\n') + '\n');
    const r = run(['--output=csv', `--listfile=${list}`]);
    const rows = r.stdout.split('\n').filter((l) => l !== '');
    expect(rows).toEqual(golden);
    const errs = r.stderr.split('\n').filter((l) => l !== '');
    expect(errs).toHaveLength(refused.length);
    refused.forEach((p, i) => expect(errs[i]).toBe(`Error: Not an ELF file: ${p}`));
    expect(r.status).toBe(1); // some file failed, the batch still finished
  });

  for (const p of paths) {
    const row = golden.find((g) => g.endsWith(`,${p}`));
    it(p, () => {
      const r = run(['--output=csv', `--file=${p}`]);
      if (row === undefined) {
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^Error: Not an ELF file: /);
        expect(r.status).toBe(1);
      } else {
        expect(r.stdout).toBe(row + '\n');
        expect(r.status).toBe(0);
      }
    });
  }
});

const fmt = (name: string) => readFileSync(`${G}/formats/${name}`, 'utf8');
const LIST = `${G}/formats/list.txt`;
const FILE = 'samples/checksec/x86_64/hardened';

describe('formats match 2.6.0 where it is well-formed', () => {
  for (const ext of [false, true]) {
    const x = ext ? ['--extended'] : [];
    const tag = ext ? '-extended' : '';
    it(`--file cli${tag}: byte for byte with colour`, () => {
      expect(run(['--output=cli', ...x, `--file=${FILE}`], true).stdout).toBe(fmt(`file${tag}.cli`));
    });
    it(`--file csv${tag}`, () => {
      expect(run(['--format=csv', ...x, `--file=${FILE}`]).stdout).toBe(fmt(`file${tag}.csv`));
    });
    it(`--file json${tag}: 2.6.0's text plus a final newline, and it parses`, () => {
      const out = run(['--output=json', ...x, `--file=${FILE}`]).stdout;
      expect(out).toBe(fmt(`file${tag}.json`) + '\n');
      expect(JSON.parse(out)).toEqual(JSON.parse(fmt(`file${tag}.json`)));
    });
    it(`--file xml${tag}`, () => {
      const out = run(['--output=xml', ...x, `--file=${FILE}`]).stdout;
      expect(out).toBe(fmt(`file${tag}.xml`));
      assertWellFormedXml(out);
    });
    it(`--listfile cli${tag} and csv${tag}`, () => {
      expect(run(['--output=cli', ...x, `--listfile=${LIST}`], true).stdout).toBe(fmt(`listfile${tag}.cli`));
      expect(run(['--output=csv', ...x, `--listfile=${LIST}`]).stdout).toBe(fmt(`listfile${tag}.csv`));
    });
    it(`--listfile json${tag}: 2.6.0's text without its trailing comma`, () => {
      const out = run(['--output=json', ...x, `--listfile=${LIST}`]).stdout;
      const fixed = fmt(`listfile${tag}.json`).replace(/,\n \}\n$/, '\n }\n');
      expect(out).toBe(fixed);
      expect(Object.keys(JSON.parse(out))).toEqual(lines(LIST));
      expect(() => JSON.parse(fmt(`listfile${tag}.json`))).toThrow(); // 2.6.0's own is not JSON
    });
    it(`--listfile xml${tag}: 2.6.0's elements, wrapped in one root`, () => {
      const out = run(['--output=xml', ...x, `--listfile=${LIST}`]).stdout;
      const ours = out.split('\n');
      expect(ours[1]).toBe(`<listfile name='${LIST}'>`);
      expect(ours.filter((l) => l.startsWith('<file '))).toEqual(fmt(`listfile${tag}.xml`).split('\n').filter((l) => l.startsWith('<file ')));
      assertWellFormedXml(out);
    });
  }

  const dirArgs = ['--dir=samples/checksec/aarch64'];
  const sorted = (s: string) => s.split('\n').sort();
  it('--dir cli and csv: the same lines (2.6.0 lists in find order, elfaudit by name)', () => {
    expect(sorted(run(['--output=cli', ...dirArgs], true).stdout)).toEqual(sorted(fmt('dir.cli')));
    expect(sorted(run(['--output=csv', ...dirArgs]).stdout)).toEqual(sorted(fmt('dir.csv')));
  });
  it('--dir json: the same object', () => {
    const out = run(['--output=json', ...dirArgs]).stdout;
    expect(JSON.parse(out)).toEqual(JSON.parse(fmt('dir.json')));
    expect(out.startsWith('{ "dir": { "name":"samples/checksec/aarch64" }, "samples/checksec/aarch64/bti-pac-nolibc": {')).toBe(true);
  });
  it('--dir xml: the same elements', () => {
    const out = run(['--output=xml', ...dirArgs]).stdout;
    expect(sorted(out)).toEqual(sorted(fmt('dir.xml')));
    assertWellFormedXml(out);
  });
});

describe('as a library (the package root and elfaudit/internal)', () => {
  it('openElf + checksecFile + csvBody give the golden row; auditPath the accurate view', async () => {
    const lib = await import('../src/index.js');
    const internal = await import('../src/internal.js');
    const f = lib.openElf(FILE);
    try {
      expect(`${internal.csvBody(lib.checksecFile(f), false)},${FILE}`).toBe(lines(`${G}/samples.csv`).find((l) => l.endsWith(`,${FILE}`)));
    } finally {
      f.close();
    }
    expect(lib.auditPath(Buffer.from(FILE)).checks?.relro?.verdict).toBe('full');
    expect(internal.GLIBC_CHK_FUNCTIONS).toHaveLength(79);
  });
});
