#!/usr/bin/env node
// samples/archives/generate.mjs - writes ar(1) archives into samples/archives/
// from the committed sample objects: regular and thin archives made by GNU ar
// (deterministic mode: no dates, uids or modes), one with a /SYM64/ index
// (rewritten from ar's 32-bit one, since ar only writes /SYM64/ past 4 GiB),
// and broken ones made by editing those bytes. Writes samples/archives/MANIFEST.
//
//   node samples/archives/generate.mjs          write every archive and MANIFEST
//   node samples/archives/generate.mjs --list   print the repo-relative paths it writes
//
// Needs GNU ar (binutils). Plain Node ESM, no dependencies, independent of src/.
// Thin archives name their members relative to this directory (../x86_64/hello.o),
// so they must stay here, beside the samples they point at.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const rel = (p) => relative(ROOT, p);

/** name -> what it is for (and what GNU readelf says of it). */
const CASES = {
  'multi-arch.a': 'regular archive with an index and long names: x86-64, AArch64, i386, MIPS (BE32), PPC64 (BE64) objects and a text member',
  'no-index.a': 'regular archive without a symbol index (ar S); -c says it has none',
  'short-names.a': 'regular archive, short names only, one filling all 16 bytes of ar_name with no slash',
  'thin.a': 'thin archive (ar T) whose members are ../<arch>/hello.o, found relative to the archive',
  'thin-nested.a': 'thin archive holding a regular archive: members named /N:ORIGIN inside multi-arch.a',
  'thin-missing.a': 'thin archive naming a member file that does not exist',
  'sym64.a': 'regular archive with a /SYM64/ index (8-byte entries)',
  'empty.a': 'just the !<arch> magic',
  'trunc-header.a': 'cut in the middle of the header after the index',
  'trunc-member-header.a': 'cut in the middle of a member header, after two members',
  'trunc-member.a': 'cut in the middle of a member (its section headers are past the end)',
  'trunc-index.a': 'cut inside the symbol index',
  'bad-fmag.a': "a member header whose ar_fmag is not \"`\\n\"",
  'bad-size.a': 'a member whose ar_size is not a number',
  'huge-size.a': 'a member whose ar_size runs far past the end of the file',
  'bad-longname.a': 'a member named /9999, past the end of the long-name table',
  'name-with-nul.a': 'a short member name with a NUL before its slash (GNU prints up to the NUL)',
  'no-longnames.a': 'a member with a long name (/0) but no // table',
  'longnames-small.a': 'a // table of 4 bytes (GNU wants at least 8)',
  'index-too-small.a': 'an index that claims more entries than its size holds',
  'index-no-symbols.a': 'an index whose offsets fill it: no symbol names',
  'index-extra-bytes.a': 'an index with names left over after its entries',
  'member-past-window.a':
    "a member whose .symtab is larger than the rest of the archive from the member on, but not than the archive: GNU checks sh_size against the archive's size, get_data against what follows the member",
};

const list = () => Object.keys(CASES).map((n) => rel(join(HERE, n)));
if (process.argv.includes('--list')) {
  for (const p of list()) console.log(p);
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'elfaudit-archives-'));
const ar = (args, cwd) => execFileSync('ar', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
const out = (name, bytes) => writeFileSync(join(HERE, name), bytes);

try {
  // Members under the names they get in the archive.
  const members = [
    ['hello-x86_64.o', 'x86_64/hello.o'],
    ['hello-aarch64-with-a-long-member-name.o', 'aarch64/hello.o'],
    ['hello-i686.o', 'i686/hello.o'],
    ['hello-mips-big-endian-32.o', 'mips/hello.o'],
    ['hello-ppc64-big-endian-64.o', 'ppc64/hello.o'],
  ];
  for (const [name, from] of members) copyFileSync(join(ROOT, 'samples', from), join(tmp, name));
  writeFileSync(join(tmp, 'README.txt'), 'not an object file\n');
  const names = [...members.map(([n]) => n), 'README.txt'];

  ar(['rcsD', 'multi-arch.a', ...names], tmp);
  const multi = readFileSync(join(tmp, 'multi-arch.a'));
  out('multi-arch.a', multi);

  ar(['rcSD', 'no-index.a', 'hello-x86_64.o', 'hello-i686.o'], tmp);
  out('no-index.a', readFileSync(join(tmp, 'no-index.a')));

  // ar writes "name/" for short names; the 16-byte field without a slash is the BSD/SysV-old form.
  copyFileSync(join(ROOT, 'samples/riscv64/hello.o'), join(tmp, 'riscv.o'));
  copyFileSync(join(ROOT, 'samples/arm/hello.o'), join(tmp, 'arm.o'));
  ar(['rcsD', 'short-names.a', 'riscv.o', 'arm.o'], tmp);
  const short = Buffer.from(readFileSync(join(tmp, 'short-names.a')));
  const armAt = short.indexOf('arm.o/');
  short.write('armv7-hello.obj!', armAt, 'latin1'); // 16 bytes, no slash
  out('short-names.a', short);

  // Thin archives are made here so that their member paths are relative to this directory.
  for (const f of ['thin.a', 'thin-nested.a', 'thin-missing.a']) rmSync(join(HERE, f), { force: true });
  ar(['rcsTD', 'thin.a', '../x86_64/hello.o', '../riscv64/hello.o', '../crafted/arm-groups.o'], HERE);
  ar(['rcsTD', 'thin-nested.a', '../aarch64/hello.o', 'multi-arch.a'], HERE);
  writeFileSync(join(HERE, 'gone.o'), readFileSync(join(ROOT, 'samples/i686/hello.o')));
  ar(['rcsTD', 'thin-missing.a', '../x86_64/hello.o', 'gone.o'], HERE);
  rmSync(join(HERE, 'gone.o'));

  out('sym64.a', toSym64(multi));
  out('empty.a', Buffer.from('!<arch>\n', 'latin1'));

  const heads = headers(multi);
  out('trunc-header.a', multi.subarray(0, heads[1].at + 30));
  out('trunc-member-header.a', multi.subarray(0, heads[4].at + 30));
  const firstObj = heads.find((h) => h.name.startsWith('hello-x86_64.o'));
  out('trunc-member.a', multi.subarray(0, firstObj.at + 60 + 200));
  out('trunc-index.a', multi.subarray(0, heads[0].at + 60 + 10));

  const edit = (name, fn) => {
    const b = Buffer.from(multi);
    fn(b);
    out(name, b);
  };
  edit('bad-fmag.a', (b) => b.write('!!', heads[3].at + 58, 'latin1'));
  edit('bad-size.a', (b) => b.write('abc       ', heads[3].at + 48, 'latin1'));
  edit('huge-size.a', (b) => b.write('9999999999', heads[3].at + 48, 'latin1'));
  edit('bad-longname.a', (b) => b.write('/9999           ', heads[3].at, 'latin1'));
  edit('name-with-nul.a', (b) => b.writeUInt8(0, heads[2].at + 5));
  edit('longnames-small.a', (b) => b.write('4         ', heads[1].at + 48, 'latin1'));
  edit('index-too-small.a', (b) => b.writeUInt32BE(0x1000, heads[0].at + 60));
  out('no-longnames.a', Buffer.concat([Buffer.from('!<arch>\n', 'latin1'), header('/0', 4), Buffer.from('abcd')]));
  // An index of one entry and no names: 4 (count) + 4 (offset) bytes.
  out('index-no-symbols.a', Buffer.concat([Buffer.from('!<arch>\n', 'latin1'), header('/', 8), u32be(1), u32be(76)]));
  // One entry, two names: the second has no entry.
  const names2 = Buffer.from('main\0extra\0\0', 'latin1');
  const idx = Buffer.concat([u32be(1), u32be(8 + 60 + 8 + names2.length), names2]);
  const obj = readFileSync(join(ROOT, 'samples/x86_64/hello.o'));
  out('index-extra-bytes.a', Buffer.concat([Buffer.from('!<arch>\n', 'latin1'), header('/', idx.length), idx, header('hello.o/', obj.length), obj]));

  {
    const o = Buffer.from(obj);
    const pad = Buffer.alloc(4000, 0x41);
    const whole = 8 + 60 + o.length + (o.length & 1) + 60 + pad.length;
    const shoff = Number(o.readBigUInt64LE(0x28));
    for (let i = 0; i < o.readUInt16LE(0x3c); i++) {
      if (o.readUInt32LE(shoff + i * 64 + 4) === 2) o.writeBigUInt64LE(BigInt(whole - 20), shoff + i * 64 + 32); // SHT_SYMTAB's sh_size
    }
    out('member-past-window.a', Buffer.concat([Buffer.from('!<arch>\n', 'latin1'), header('a.o/', o.length), o, Buffer.alloc(o.length & 1, '\n'), header('pad.txt/', pad.length), pad]));
  }

  writeFileSync(join(HERE, 'MANIFEST'), list().join('\n') + '\n');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function u32be(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** A 60-byte member header as GNU ar writes it in deterministic mode. */
function header(name, size) {
  const f = (s, w) => s.padEnd(w, ' ');
  return Buffer.from(f(name, 16) + f('0', 12) + f('0', 6) + f('0', 6) + f('644', 8) + f(String(size), 10) + '`\n', 'latin1');
}

/** The member headers of an archive: where each is, its name field and size. */
function headers(a) {
  const hs = [];
  for (let at = 8; at + 60 <= a.length; ) {
    const name = a.toString('latin1', at, at + 16);
    const size = Number.parseInt(a.toString('latin1', at + 48, at + 58), 10);
    hs.push({ at, name, size });
    at += 60 + size + (size & 1);
  }
  return hs;
}

/** Rewrites a 32-bit `/` index as `/SYM64/`: 8-byte count and offsets, names padded to 8, members moved. */
function toSym64(a) {
  const hs = headers(a);
  const ix = hs[0];
  const body = a.subarray(ix.at + 60, ix.at + 60 + ix.size);
  const n = body.readUInt32BE(0);
  const offs = [];
  for (let i = 0; i < n; i++) offs.push(body.readUInt32BE(4 + 4 * i));
  let names = body.subarray(4 + 4 * n);
  const namesLen = names.indexOf(0, names.length - 1) + 1 || names.length;
  names = Buffer.concat([names.subarray(0, namesLen), Buffer.alloc((8 - ((8 + 8 * n + namesLen) % 8)) % 8)]);
  const size = 8 + 8 * n + names.length;
  const delta = size + (size & 1) - (ix.size + (ix.size & 1));
  const idx = Buffer.alloc(8 + 8 * n);
  idx.writeBigUInt64BE(BigInt(n), 0);
  offs.forEach((o, i) => idx.writeBigUInt64BE(BigInt(o + delta), 8 + 8 * i));
  const rest = a.subarray(ix.at + 60 + ix.size + (ix.size & 1));
  return Buffer.concat([a.subarray(0, 8), header('/SYM64/', size), idx, names, Buffer.alloc(size & 1, '\n'), rest]);
}
