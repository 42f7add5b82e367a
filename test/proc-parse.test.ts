/**
 * The /proc parsers on recorded text, and the procps emulation (escaping,
 * pmap's columns, vmstat's and slabtop's arithmetic) on values recorded
 * from procps-ng 4.0.2 on Debian 12 (Linux 6.x, x86-64). No live process.
 */
import { describe, expect, it } from 'vitest';
import { explainPss } from '../src/live/process.js';
import { pssSentence } from '../src/live/process-format.js';
import { signed } from '../src/io/text.js';
import { formatPmap, parsePidArgument, pmapMappingName, pmapMode, type PmapSnapshot } from '../src/live/pmap.js';
import { escapeStr, procpsCommandLine, procpsUtf8Locale } from '../src/live/procps-escape.js';
import { slabtopRow } from '../src/live/sys-format.js';
import { sinceBootRate, slabRows, slabSummary, totalTicks, vmstatMemory } from '../src/live/sys.js';
import { vmaPriceLine } from '../src/live/vma-price.js';
import {
  AT,
  isDeleted,
  isPathName,
  parseAuxv,
  parseCmdline,
  parseMaps,
  parseMapsLine,
  parseMeminfo,
  parsePidStat,
  parseSlabinfo,
  parseSmaps,
  parseSmapsRollup,
  parseStatus,
  parseSystemStat,
  parseVmstat,
  startStack,
  tgidOf,
  unescapeName,
  deviceNumbers,
  parsePasswd,
  realUidOf,
} from '../src/proc/index.js';

const b = (s: string) => Buffer.from(s, 'latin1');

const MAPS = [
  '55c0582f6000-55c0582f7000 r--p 00000000 fe:00 2229062                    /tmp/ex/weird prog',
  '7c83f8400000-7f88f8400000 ---p 00000000 00:00 0 ',
  '7f88f85a8000-7f88f85b8000 rw-s 00000000 00:01 21                         /SYSV00000000 (deleted)',
  '7f88f879d000-7f88f879f000 rw-p 00000000 fe:00 2229189                    /tmp/ex/a\\012b',
  '7ffcaaa3f000-7ffcaaa60000 rw-p 00000000 00:00 0                          [stack]',
  'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]',
  '',
].join('\n');

const SMAPS = `55c0582f6000-55c0582f7000 r--p 00000000 fe:00 2229062                    /tmp/ex/weird prog
Size:                  4 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   4 kB
Pss:                   4 kB
Pss_Dirty:             0 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         4 kB
Private_Dirty:         0 kB
Referenced:            4 kB
Anonymous:             0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0
VmFlags: rd mr mw me 
7ffcaaa3f000-7ffcaaa60000 rw-p 00000000 00:00 0                          [stack]
Size:                132 kB
KernelPageSize:        4 kB
Rss:                  12 kB
Pss:                  12 kB
Shared_Dirty:          0 kB
Private_Dirty:        12 kB
Anonymous:            12 kB
Swap:                  0 kB
VmFlags: rd wr mr mw me gd ac 
`;

describe('/proc parsers', () => {
  it('maps: fields, names with spaces, anonymous, the kernel escape of newlines', () => {
    const e = parseMaps(b(MAPS));
    expect(e).toHaveLength(6);
    expect(e[0]).toMatchObject({ start: 0x55c0582f6000n, end: 0x55c0582f7000n, perms: 'r--p', offset: 0n, devMajor: 0xfe, devMinor: 0, inode: 2229062n });
    expect(e[0]!.name.toString()).toBe('/tmp/ex/weird prog');
    expect(e[1]!.name.length).toBe(0);
    expect(isPathName(e[1]!)).toBe(false);
    expect(isDeleted(e[2]!)).toBe(true);
    expect(unescapeName(e[3]!.name).toString()).toBe('/tmp/ex/a\nb');
    expect(e[4]!.name.toString()).toBe('[stack]');
    expect(isPathName(e[4]!)).toBe(false);
    expect(e[5]!.start).toBe(0xffffffffff600000n);
    expect(parseMapsLine(b('not a maps line'))).toBeUndefined();
  });

  it('smaps: every key by name, VmFlags, several blocks', () => {
    const e = parseSmaps(b(SMAPS));
    expect(e).toHaveLength(2);
    expect(e[0]!.fields.get('Private_Clean')).toBe(4);
    expect(e[0]!.fields.get('THPeligible')).toBe(0);
    expect(e[0]!.vmFlags).toEqual(['rd', 'mr', 'mw', 'me']);
    expect(e[1]!.fields.get('Size')).toBe(132);
    expect(e[1]!.fields.get('Private_Dirty')).toBe(12);
    expect(e[1]!.vmFlags).toContain('gd');
  });

  it('smaps with KEEP holds only those keys per VMA (pmap -x keeps 3 of some 25, so 60,000 VMAs cost a few maps of 3)', () => {
    const e = parseSmaps(b(SMAPS), new Set(['Rss', 'Private_Dirty']));
    expect(e).toHaveLength(2);
    expect([...e[1]!.fields.keys()].sort()).toEqual(['Private_Dirty', 'Rss']);
    expect(e[1]!.fields.get('Private_Dirty')).toBe(12);
    expect(e[0]!.vmFlags).toEqual([]);
  });

  it('smaps_rollup: the sums, and an empty file for a process without memory', () => {
    const r = parseSmapsRollup(
      b('55c0582f6000-7ffcaaa60000 ---p 00000000 00:00 0                          [rollup]\nRss:                1340 kB\nPss:                 274 kB\nPss_Anon:            128 kB\n'),
    )!;
    expect(r.start).toBe(0x55c0582f6000n);
    expect(r.fields.get('Rss')).toBe(1340);
    expect(r.fields.get('Pss_Anon')).toBe(128);
    expect(parseSmapsRollup(Buffer.alloc(0))!.fields.size).toBe(0);
  });

  it('meminfo, vmstat, /proc/stat', () => {
    const m = parseMeminfo(b('MemTotal:       24684084 kB\nActive(anon):       1600 kB\nHugePages_Total:       0\n'));
    expect(m.get('MemTotal')).toBe(24684084);
    expect(m.get('Active(anon)')).toBe(1600);
    expect(m.get('HugePages_Total')).toBe(0);
    const v = parseVmstat(b('nr_free_pages 1382517\npswpin 0\npswpout 7\n'));
    expect(v.get('pswpout')).toBe(7);
    const s = parseSystemStat(b('cpu  349194 0 152970 150501 825 0 455 258 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nctxt 123\nprocs_running 6\n'));
    expect(s.cpu).toMatchObject({ user: 349194, system: 152970, idle: 150501, iowait: 825, softirq: 455, steal: 258 });
    expect(totalTicks(s.cpu)).toBe(654203);
    expect(s.counters.get('procs_running')).toBe(6);
  });

  it('slabinfo 2.1', () => {
    const s = parseSlabinfo(
      b(
        'slabinfo - version: 2.1\n' +
          '# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n' +
          'vm_area_struct      1890   2415    192   21    1 : tunables    0    0    0 : slabdata    115    115      0\n' +
          'buffer_head       61777 295230    104   39    1 : tunables    0    0    0 : slabdata   7570   7570      0\n',
      ),
    );
    expect(s.version).toBe('2.1');
    expect(s.caches[0]).toEqual({
      name: 'vm_area_struct',
      activeObjs: 1890,
      numObjs: 2415,
      objSize: 192,
      objPerSlab: 21,
      pagesPerSlab: 1,
      activeSlabs: 115,
      numSlabs: 115,
    });
    expect(() => parseSlabinfo(b('slabinfo - version: 1.1\n'))).toThrow(/not 2\.x/);
  });

  it('/proc/PID/stat with parentheses and spaces in comm; status; cmdline; auxv', () => {
    const st = parsePidStat(b('28407 (a(b) c)) S 28172 28108 8785 0 -1 4194304 76 0 0 0 0 0 0 0 20 0 1 0 32746 0 0 18446744073709551615 1 1 140720167632288 0 0'));
    expect(st.pid).toBe(28407);
    expect(st.comm.toString()).toBe('a(b) c)');
    expect(st.state).toBe('S');
    expect(startStack(st)).toBe(140720167632288n);
    expect(tgidOf(parseStatus(b('Name:\tsleep\nState:\tS (sleeping)\nTgid:\t9757\nPid:\t9757\n')))).toBe(9757);
    expect(parseCmdline(b('sleep\x00300\x00')).map(String)).toEqual(['sleep', '300']);
    expect(parseCmdline(b('rewritten'))).toHaveLength(1);
    const auxv = Buffer.alloc(48);
    auxv.writeBigUInt64LE(6n, 0);
    auxv.writeBigUInt64LE(4096n, 8);
    auxv.writeBigUInt64LE(7n, 16);
    auxv.writeBigUInt64LE(0x7f88f87b1000n, 24);
    expect(parseAuxv(auxv, 8, true).get(AT.PAGESZ)).toBe(4096n);
    expect(parseAuxv(auxv, 8, true).get(AT.BASE)).toBe(0x7f88f87b1000n);
  });

  it("status's real uid is the first of Uid's four ids; /etc/passwd names a uid by its first line", () => {
    expect(realUidOf(parseStatus(b('Name:\tsu\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n')))).toBe(1000);
    expect(realUidOf(parseStatus(b('Name:\tx\n')))).toBeUndefined();
    const users = parsePasswd(b('root:x:0:0:root:/root:/bin/bash\n# comment\nnobody:x:65534:65534::/:/usr/sbin/nologin\ntoor:x:0:0::/:/bin/sh\nbroken\n'));
    expect([...users]).toEqual([
      [0, 'root'],
      [65534, 'nobody'],
    ]);
  });

  it("a stat() st_dev splits into the major:minor that maps prints (glibc's makedev layout)", () => {
    const makedev = (major: bigint, minor: bigint) =>
      ((major & 0xfffn) << 8n) | ((major & ~0xfffn) << 32n) | (minor & 0xffn) | ((minor & ~0xffn) << 12n);
    for (const [major, minor] of [
      [0xfe, 0],
      [8, 1],
      [259, 0x12345],
      [0xfffff, 0xfffff],
      [0, 42],
    ] as const) {
      expect(deviceNumbers(makedev(BigInt(major), BigInt(minor)))).toEqual({ major, minor });
    }
    expect(deviceNumbers(65024n)).toEqual({ major: 0xfe, minor: 0 });
  });
});

describe('procps-ng 4.0.2 escaping (recorded from pmap)', () => {
  const x = (s: string) => Buffer.from(s, 'latin1');
  // [argv bytes joined as /proc/PID/cmdline, pmap's text in C.UTF-8, pmap's text in C]
  const cases: [string, string, string][] = [
    ['\xff\x01x\x00100\x00', '?.x 100', '?.x 100'],
    ['\x01\xffx\x00100\x00', '??x 100', '.?x 100'],
    ['\xc3(\x01\x00100\x00', '\xc3(? 100', '?(. 100'],
    ['\xc2\x85a\x01\x00100\x00', '\xc2\x85a? 100', '??a. 100'],
    ['\xc0\x80z\x00100\x00', '??z 100', '??z 100'],
    ['\xc3\x01z\x00100\x00', '\xc3\x01z 100', '?.z 100'],
    ['caf\xc3\xa9\ttab\x01 z\x00100\x00', 'caf\xc3\xa9?tab? z 100', 'caf??.tab. z 100'],
    ['ab\ncd \x00100\x00', 'ab cd  100', 'ab cd  100'],
    ['q\x00\x00\x00', 'q', 'q'],
    ['ab\x01 ', 'ab?', 'ab.'],
  ];
  for (const [raw, utf8, c] of cases) {
    it(`${JSON.stringify(raw)}`, () => {
      expect(procpsCommandLine(x(raw), x('sleep'), 'S', true).toString('latin1')).toBe(utf8);
      expect(procpsCommandLine(x(raw), x('sleep'), 'S', false).toString('latin1')).toBe(c);
    });
  }

  it('kernel threads and zombies: [comm], <defunct>; at most 131071 bytes', () => {
    expect(procpsCommandLine(Buffer.alloc(0), x('kthreadd'), 'S', true).toString()).toBe('[kthreadd]');
    expect(procpsCommandLine(Buffer.alloc(0), x('python3'), 'Z', true).toString()).toBe('[python3] <defunct>');
    expect(procpsCommandLine(Buffer.alloc(200042, 0x78), x('x'), 'S', true)).toHaveLength(131071);
    expect(escapeStr(x('a\x7fb'), false).toString()).toBe('a.b');
  });

  it('the locale from LC_ALL, LC_CTYPE, LANG', () => {
    expect(procpsUtf8Locale({ LANG: 'C.UTF-8' })).toBe(true);
    expect(procpsUtf8Locale({ LC_ALL: 'C', LANG: 'C.UTF-8' })).toBe(false);
    expect(procpsUtf8Locale({ LC_ALL: '', LC_CTYPE: 'en_US.utf8' })).toBe(true);
    expect(procpsUtf8Locale({})).toBe(false);
  });
});

describe('pmap (recorded from procps-ng 4.0.2)', () => {
  const entries = parseSmaps(
    b(
      [
        '55c0582f6000-55c0582f7000 r--p 00000000 fe:00 2229062                    /tmp/ex/weird prog',
        'Rss:                   4 kB',
        'Shared_Dirty:          0 kB',
        'Private_Dirty:         4 kB',
        '7c83f8400000-7f88f8400000 ---p 00000000 00:00 0 ',
        'Rss:                   0 kB',
        '7f88f85a8000-7f88f85b8000 rw-s 00000000 00:01 21                         /SYSV00000000 (deleted)',
        'Rss:                   4 kB',
        'Shared_Dirty:          0 kB',
        'Private_Dirty:         4 kB',
        '7f88f87a5000-7f88f87a7000 rw-p 00000000 fe:00 2229112                    /tmp/ex/we ird\\012name\t\x1b[31m',
        'Rss:                   4 kB',
        'Private_Dirty:         4 kB',
        '7ffcaaa3f000-7ffcaaa60000 rw-p 00000000 00:00 0                          [stack]',
        'Rss:                  12 kB',
        'Private_Dirty:        12 kB',
        '',
      ].join('\n'),
    ),
  );
  const snap: PmapSnapshot = {
    tgid: 18926,
    commandLine: b('./weird prog'),
    startStack: 0x7ffcaaa5e6a0n,
    entries,
    error: undefined,
  };

  it('default view', () => {
    expect(formatPmap(snap, { extended: false, showPath: false, quiet: false }).toString('latin1')).toBe(
      [
        '18926:   ./weird prog',
        '000055c0582f6000      4K r---- weird prog',
        '00007c83f8400000 3242196992K -----   [ anon ]',
        '00007f88f85a8000     64K rw-s-   [ shmid=0x15 ]',
        '00007f88f87a5000      8K rw--- we ird\\012name??[31m',
        '00007ffcaaa3f000    132K rw---   [ stack ]',
        ' total       3242197200K',
        '',
      ].join('\n'),
    );
  });

  it('-x: columns that overflow, the separator with its trailing space, totals in the same columns', () => {
    expect(formatPmap(snap, { extended: true, showPath: false, quiet: false }).toString('latin1')).toBe(
      [
        '18926:   ./weird prog',
        'Address           Kbytes     RSS   Dirty Mode  Mapping',
        '000055c0582f6000       4       4       4 r---- weird prog',
        '00007c83f8400000 3242196992       0       0 -----   [ anon ]',
        '00007f88f85a8000      64       4       4 rw-s-   [ shmid=0x15 ]',
        '00007f88f87a5000       8       4       4 rw--- we ird\\012name??[31m',
        '00007ffcaaa3f000     132      12      12 rw---   [ stack ]',
        '---------------- ------- ------- ------- ',
        'total kB         3242197200      24      24',
        '',
      ].join('\n'),
    );
  });

  it('-q keeps the PID line; -p shows the path; an unreadable maps file leaves the PID line alone', () => {
    const q = formatPmap(snap, { extended: true, showPath: true, quiet: true }).toString('latin1').split('\n');
    expect(q[0]).toBe('18926:   ./weird prog');
    expect(q[1]).toBe('000055c0582f6000       4       4       4 r---- /tmp/ex/weird prog');
    expect(q.at(-2)).toBe('00007ffcaaa3f000     132      12      12 rw---   [ stack ]');
    expect(formatPmap({ ...snap, entries: undefined }, { extended: true, showPath: false, quiet: false }).toString()).toBe('18926:   ./weird prog\n');
    expect(pmapMode('r--s')).toBe('r--s-');
    expect(pmapMappingName(entries[0]!, false, 0n).toString()).toBe('weird prog');
  });

  it("reads PIDs as pmap does (strtoul base 0, /proc/ prefix)", () => {
    expect(parsePidArgument('1234')).toBe(1234);
    expect(parsePidArgument('/proc/42')).toBe(42);
    expect(parsePidArgument('0x10')).toBe(16);
    expect(parsePidArgument('010')).toBe(8);
    expect(parsePidArgument('0')).toBeUndefined();
    expect(parsePidArgument('12a')).toBeUndefined();
    expect(parsePidArgument('abc')).toBeUndefined();
    expect(parsePidArgument('2147483648')).toBeUndefined();
  });
});

describe('vmstat and slabtop arithmetic (recorded)', () => {
  it("vmstat's memory columns: cache = Cached + SReclaimable", () => {
    const m = parseMeminfo(
      b('MemFree:        22314596 kB\nBuffers:           23848 kB\nCached:          1850340 kB\nActive:          1020708 kB\nInactive:         898848 kB\nSwapTotal:       1000 kB\nSwapFree:         400 kB\nSReclaimable:     284620 kB\n'),
    );
    expect(vmstatMemory(m)).toEqual({ swpd: 600, free: 22314596, buff: 23848, cache: 2134960, active: 1020708, inactive: 898848 });
  });

  it("vmstat's first-line rate: (kB × 100 + ticks/2) / ticks — bi 907 and bo 1000 recorded", () => {
    // pgpgin/pgpgout are in kB already: a 1 kB "page" gives vmstat's bi/bo.
    expect(sinceBootRate(5931245, 1024, 654203)).toBe(907);
    expect(sinceBootRate(6541476, 1024, 654203)).toBe(1000);
    expect(sinceBootRate(0, 4096, 0)).toBe(0);
  });

  it("slabtop's rows and summary", () => {
    const rows = slabRows(
      parseSlabinfo(
        b(
          'slabinfo - version: 2.1\n' +
            'buffer_head       61777 295230    104   39    1 : tunables    0    0    0 : slabdata   7570   7570      0\n' +
            'dentry           179633 179781    192   21    1 : tunables    0    0    0 : slabdata   8561   8561      0\n' +
            'empty                 0      0    312   13    1 : tunables    0    0    0 : slabdata      0      0      0\n',
        ),
      ).caches,
      4096,
    );
    expect(slabtopRow(rows[0]!)).toBe('295230  61777  20%    0.10K   7570       39     30280K buffer_head');
    expect(slabtopRow(rows[1]!)).toBe('179781 179633  99%    0.19K   8561       21     34244K dentry');
    const s = slabSummary(rows);
    expect(s).toMatchObject({ activeCaches: 2, totalCaches: 3, totalObjects: 475011, minObjSize: 104, maxObjSize: 312 });
    expect(vmaPriceLine({ objSize: 192, objPerSlab: 21, pagesPerSlab: 1 })).toBe(
      '1 VMA ≈ 192 bytes of kernel memory (vm_area_struct objects of 192 bytes, /proc/slabinfo)',
    );
    expect(vmaPriceLine({ objSize: 192, objPerSlab: 21, pagesPerSlab: 1 }, -2)).toMatch(/^-2 VMAs ≈ -384 bytes/);
  });
});

describe('PSS explained', () => {
  it("the seed: 2 MB private + 4 MB shared by 4 → 3 MB", () => {
    const p = explainPss({ rss: 6144, pss: 3072, sharedClean: 4096, sharedDirty: 0, privateClean: 1024, privateDirty: 1024, anonymous: 0, swap: 0 });
    expect(p).toMatchObject({ private: 2048, shared: 4096, sharedPart: 1024, averageSharers: 4 });
    expect(pssSentence(p)).toBe('Pss 3072 kB = 2048 kB private + 4096 kB shared by 4.0 processes on average (4096 / 4.0 ≈ 1024 kB)');
    expect(pssSentence(explainPss({ rss: 8, pss: 8, sharedClean: 0, sharedDirty: 0, privateClean: 4, privateDirty: 4, anonymous: 0, swap: 0 }))).toBe(
      'Pss 8 kB = 8 kB private (nothing shared)',
    );
    expect(signed(1)).toBe('+1');
    expect(signed(0)).toBe('0');
  });
});
