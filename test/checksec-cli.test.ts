/**
 * The checksec command as a batch tool: every path gets a row or a
 * one-line error, one bad file never stops the run, the exit status says
 * whether any failed, --dir never follows symlinks or opens special files,
 * names are escaped in every format, colour only when wanted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksecMain, wantColor } from '../src/cli/checksec.js';
import { CaptureOutput } from '../src/io/output.js';
import { decodeLossy, visibleBytes } from '../src/io/escape.js';
import { assertWellFormedXml } from './helpers/xml-check.js';
import { HEAVY_TIMEOUT } from './helpers/heavy.js';

function run(args: string[], color = false) {
  const io = new CaptureOutput();
  const status = checksecMain(args, io, color);
  return { stdout: io.stdout, stderr: io.stderr, status };
}
const rows = (s: string) => s.split('\n').filter((l) => l !== '');

const tmp = mkdtempSync(join(tmpdir(), 'checksec-cli-'));
const ELF = 'samples/checksec/x86_64/hardened';
const CSV_ROW = 'Full RELRO,Canary found,NX enabled,PIE enabled,No RPATH,No RUNPATH,Symbols,Yes,3,7';

describe('option handling', () => {
  it('exactly one of --file, --dir, --listfile: a usage error, exit 2 (elfaudit\'s rule; checksec.sh 2.6.0 exits 1)', () => {
    expect(run([]).status).toBe(2);
    expect(run([]).stderr).toContain('No option selected');
    const two = run([`--file=${ELF}`, '--dir=samples']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('Too many options');
  });
  it('--format is an alias of --output; an unknown format is refused', () => {
    expect(run(['--format=csv', `--file=${ELF}`]).stdout).toBe(`${CSV_ROW},${ELF}\n`);
    const bad = run(['--output=yaml', `--file=${ELF}`]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('Error: Please provide a valid format {cli, csv, xml, json}.\n');
  });
  it('a single --file that is not ELF: only the error in cli and csv (no header), an error entry in json and xml', () => {
    for (const fmt of ['cli', 'csv']) {
      const r = run([`--output=${fmt}`, '--file=samples/crafted/not-elf.txt']);
      expect(r).toEqual({ stdout: '', stderr: 'Error: Not an ELF file: samples/crafted/not-elf.txt\n', status: 1 });
    }
    const j = run(['--output=json', '--file=samples/crafted/not-elf.txt']);
    expect(JSON.parse(j.stdout)).toEqual({ 'samples/crafted/not-elf.txt': { error: 'Not an ELF file: samples/crafted/not-elf.txt' } });
    assertWellFormedXml(run(['--output=xml', '--file=samples/crafted/not-elf.txt']).stdout);
  });
  it('accepts --file X as well as --file=X', () => {
    expect(run(['--output', 'csv', '--file', ELF]).stdout).toBe(`${CSV_ROW},${ELF}\n`);
  });
});

describe('colour: only on a terminal, NO_COLOR and FORCE_COLOR respected', () => {
  it('decides like Node does', () => {
    expect(wantColor({}, true)).toBe(true);
    expect(wantColor({}, false)).toBe(false);
    expect(wantColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(wantColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
  });
  it('without colour the cells keep their padding and lose only the escapes', () => {
    const plain = run([`--file=${ELF}`]).stdout;
    const color = run([`--file=${ELF}`], true).stdout;
    expect(plain).not.toContain('\x1b');
    expect(color.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
    expect(rows(plain)[1]).toBe(`Full RELRO      Canary found      NX enabled    PIE enabled     No RPATH   No RUNPATH   47 Symbols\t  Yes\t3\t\t7\t\t${ELF}`);
  });
});

describe('--listfile: a row or a one-line error for every path, and the batch goes on', () => {
  const fifo = join(tmp, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const text = join(tmp, 'notes.txt');
  writeFileSync(text, 'not an ELF file\n');
  const list = join(tmp, 'list.txt');
  const paths = [ELF, join(tmp, 'missing'), tmp, fifo, text, 'samples/crafted/ehdr-trunc-20.elf', 'samples/arm/hello.o'];
  writeFileSync(list, paths.join('\n') + '\n\n');

  it('csv: rows for the ELF files, errors on stderr for the rest, exit status 1', () => {
    const r = run(['--output=csv', `--listfile=${list}`]);
    expect(rows(r.stdout)).toEqual([
      `${CSV_ROW},${ELF}`,
      'No RELRO,No Canary found,NX disabled,Not an ELF file,No RPATH,No RUNPATH,No Symbols,No,0,0,samples/crafted/ehdr-trunc-20.elf',
      'No RELRO,No Canary found,NX disabled,REL,No RPATH,No RUNPATH,Symbols,No,0,0,samples/arm/hello.o',
    ]);
    expect(rows(r.stderr)).toEqual([
      `Error: The file '${join(tmp, 'missing')}' does not exist.`,
      `Error: Not an ELF file: ${tmp}: directory`,
      `Error: Not an ELF file: ${fifo}: fifo`,
      `Error: Not an ELF file: ${text}`,
    ]);
    expect(r.status).toBe(1);
  });
  it('json: one valid document with an error entry for each failed path', () => {
    const r = run(['--output=json', `--listfile=${list}`]);
    const doc = JSON.parse(r.stdout) as Record<string, Record<string, string>>;
    expect(Object.keys(doc)).toEqual(paths);
    expect(doc[ELF]!['fortify-able']).toBe('7');
    expect(doc[fifo]).toEqual({ error: `Not an ELF file: ${fifo}: fifo` });
  });
  it('xml: well-formed, one <file> per path', () => {
    const r = run(['--output=xml', `--listfile=${list}`]);
    assertWellFormedXml(r.stdout);
    expect(r.stdout.match(/<file /g)).toHaveLength(paths.length);
  });
  it('an all-good list exits 0', () => {
    const good = join(tmp, 'good.txt');
    writeFileSync(good, `${ELF}\nsamples/x86_64/hello-pie`); // no final newline: the last line still counts
    const r = run(['--output=csv', `--listfile=${good}`]);
    expect(rows(r.stdout)).toHaveLength(2);
    expect(r.status).toBe(0);
  });
  it('a missing list file is one error', () => {
    const r = run(['--output=csv', `--listfile=${join(tmp, 'nope')}`]);
    expect(r.status).toBe(1);
    expect(rows(r.stderr)).toHaveLength(1);
  });
});

describe('--dir walks like find -type f, without following links or opening special files', () => {
  const root = join(tmp, 'tree');
  mkdirSync(join(root, 'b', 'c'), { recursive: true });
  copyFileSync(ELF, join(root, 'a-elf'));
  copyFileSync('samples/arm/hello.o', join(root, 'b', 'c', 'obj.o'));
  writeFileSync(join(root, 'b', 'readme'), 'text\n');
  execFileSync('mkfifo', [join(root, 'b', 'pipe')]);
  symlinkSync(join(process.cwd(), 'samples'), join(root, 'samples-link')); // a directory outside
  symlinkSync('..', join(root, 'b', 'c', 'loop')); // a loop
  symlinkSync(join(process.cwd(), ELF), join(root, 'elf-link')); // a file link
  const outside = join(tmp, 'dirlink');
  symlinkSync(root, outside);

  it('lists the regular ELF files by name, skipping text files silently', () => {
    const r = run(['--output=csv', `--dir=${root}/`]);
    expect(rows(r.stdout).map((l) => l.split(',').pop())).toEqual([join(root, 'a-elf'), join(root, 'b', 'c', 'obj.o')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('resolves a symlinked --dir argument, as 2.6.0 does', () => {
    const r = run(['--output=json', `--dir=${outside}`]);
    const doc = JSON.parse(r.stdout) as { dir: { name: string } };
    expect(doc.dir.name).toBe(root);
  });
  it('a missing directory is an error', () => {
    const r = run(['--output=csv', `--dir=${join(tmp, 'none')}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`Error: The directory '${join(tmp, 'none')}' does not exist.\n`);
  });
});

describe('names are escaped in every format', () => {
  const dir = join(tmp, 'names');
  mkdirSync(dir);
  // a list file cannot carry a newline in a name; a directory can
  const tail = Buffer.concat([Buffer.from('a\x1b[31mred\t"q\'<&>,'), Buffer.from([0xff, 0xfe]), Buffer.from('.elf')]);
  const listable = Buffer.concat([Buffer.from(dir + '/'), tail]);
  const withNewline = Buffer.from(dir + '/line\nbreak.elf');
  copyFileSync(ELF, listable);
  copyFileSync(ELF, withNewline);
  const list = join(tmp, 'nasty.txt');
  writeFileSync(list, Buffer.concat([listable, Buffer.from('\n')]));
  const visibleTail = 'a\\x1b[31mred\\t"q\'<&>,\\xff\\xfe.elf';

  it('the list file keeps the raw bytes (not UTF-8) and the file opens', () => {
    const r = run(['--output=csv', `--listfile=${list}`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('cli and csv: control characters and undecodable bytes made visible, one line per row', () => {
    for (const fmt of ['cli', 'csv']) {
      const out = run([`--output=${fmt}`, `--listfile=${list}`], true).stdout;
      expect(out).toContain(visibleTail);
      expect(out).not.toContain('\x1b[31mred');
      const dirOut = run([`--output=${fmt}`, `--dir=${dir}`]).stdout;
      expect(dirOut).toContain('line\\nbreak.elf');
      expect(rows(dirOut)).toHaveLength(fmt === 'cli' ? 3 : 2);
    }
  });
  it('json: JSON.stringify of the name; the document parses', () => {
    const doc = JSON.parse(run(['--output=json', `--listfile=${list}`]).stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([decodeLossy(listable)]);
    expect(Object.keys(doc)[0]).toContain('\x1b[31mred\t');
    const d = JSON.parse(run(['--output=json', `--dir=${dir}`]).stdout) as Record<string, unknown>;
    expect(Object.keys(d)).toContain(`${dir}/line\nbreak.elf`);
  });
  it('xml: attribute-escaped and well-formed', () => {
    for (const args of [[`--listfile=${list}`], [`--dir=${dir}`]]) {
      const out = run(['--output=xml', ...args]).stdout;
      assertWellFormedXml(out);
      expect(out).toContain(`a\\x1b[31mred\\t&quot;q&apos;&lt;&amp;&gt;,\\xff\\xfe.elf'`);
    }
    expect(visibleBytes(withNewline)).toBe(`${dir}/line\\nbreak.elf`);
  });
});

// Heavy: starts the CLI as a whole Node process.
describe('the installed command (dist/)', { timeout: HEAVY_TIMEOUT }, () => {
  const bin = 'bin/elfaudit.js';
  it.skipIf(!existsSync('dist/cli/main.js'))('reads a list from stdin, writes no progress when stderr is not a terminal', () => {
    const r = spawnSync(process.execPath, [bin, 'checksec', '--output=csv', '--listfile=-'], {
      input: `${ELF}\nsamples/x86_64/hello-pie\n`,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(rows(r.stdout)).toHaveLength(2);
    expect(r.stderr).toBe('');
  });
});
