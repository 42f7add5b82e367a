/**
 * Reading a snapshot (schema 1, see snapshot.ts) back: every value checked,
 * every problem one InputError naming where it is
 * (`processes[3].mappings[0].vmas: expected an integer`), so `snapshot
 * diff` prints one line for a damaged or foreign file. The document is
 * parsed whole: a snapshot is a few MB for a thousand processes.
 */
import { layoutFrom, segmentFrom, type LayoutFileRecord } from '../gate/baseline.js';
import { array, at, integer, InputError, object, oneOf, string, type Json, type JsonObject } from '../gate/json-input.js';
import { SNAPSHOT_SCHEMA } from './snapshot.js';

export interface SnapshotSizes {
  readonly rss: number;
  readonly pss: number;
  /** Private_Clean + Private_Dirty. */
  readonly uss: number;
  readonly privateDirty: number;
  readonly swap: number;
}

export interface SnapshotMapping extends SnapshotSizes {
  readonly path: string;
  /** Index in Snapshot.files (ELF files only). */
  readonly file: number | null;
  readonly buildId: string | null;
  readonly vmas: number;
}

export interface SnapshotProcess {
  readonly pid: number;
  readonly command: readonly string[];
  readonly uid: number | null;
  readonly vmas: number;
  readonly totals: SnapshotSizes;
  readonly mappings: readonly SnapshotMapping[];
}

export interface SnapshotFile {
  readonly path: string;
  readonly buildId: string | null;
  readonly record: LayoutFileRecord;
}

export interface Snapshot {
  /** Where it was read from (for messages). */
  readonly source: string;
  readonly taken: string;
  readonly host: { readonly hostname: string; readonly kernel: string; readonly machine: string };
  readonly pageSize: number;
  readonly meminfo: ReadonlyMap<string, number>;
  readonly vmstat: ReadonlyMap<string, number>;
  /** Bytes per vm_area_struct, when the snapshot could read slabinfo. */
  readonly vmaObjSize: number | null;
  readonly processes: readonly SnapshotProcess[];
  readonly files: readonly SnapshotFile[];
}

const SIZE_KEYS = ['rss', 'pss', 'sharedClean', 'sharedDirty', 'privateClean', 'privateDirty', 'anonymous', 'swap'];

function sizesFrom(o: JsonObject, where: string): SnapshotSizes {
  const n = (k: string) => (o[k] === undefined ? 0 : integer(o[k], at(where, k)));
  return { rss: n('rss'), pss: n('pss'), uss: n('privateClean') + n('privateDirty'), privateDirty: n('privateDirty'), swap: n('swap') };
}

const nullable = <T>(v: Json | undefined, read: (v: Json) => T): T | null => (v === undefined || v === null ? null : read(v));

function counters(v: Json | undefined, where: string): Map<string, number> {
  const o = object(v, where, Object.keys((v ?? {}) as object));
  const out = new Map<string, number>();
  for (const [k, x] of Object.entries(o)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(at(where, k), 'expected a number');
    out.set(k, x);
  }
  return out;
}

function mappingFrom(v: Json | undefined, where: string, files: number): SnapshotMapping {
  const o = object(v, where, ['path', 'file', 'buildId', 'vmas', ...SIZE_KEYS], ['path', 'vmas']);
  const file = nullable(o.file, (x) => integer(x, at(where, 'file')));
  if (file !== null && file >= files) throw new InputError(at(where, 'file'), `file ${file} does not exist (the snapshot has ${files})`);
  return {
    path: string(o.path, at(where, 'path')),
    file,
    buildId: nullable(o.buildId, (x) => string(x, at(where, 'buildId'))),
    vmas: integer(o.vmas, at(where, 'vmas')),
    ...sizesFrom(o, where),
  };
}

function processFrom(v: Json | undefined, where: string, files: number): SnapshotProcess {
  const o = object(v, where, ['pid', 'command', 'uid', 'vmas', 'totalsFrom', 'totals', 'mappings'], ['pid', 'command', 'vmas', 'totals', 'mappings']);
  const tw = at(where, 'totals');
  return {
    pid: integer(o.pid, at(where, 'pid')),
    command: array(o.command, at(where, 'command')).map((a, i) => string(a, at(at(where, 'command'), i))),
    uid: nullable(o.uid, (x) => integer(x, at(where, 'uid'))),
    vmas: integer(o.vmas, at(where, 'vmas')),
    totals: sizesFrom(object(o.totals, tw, SIZE_KEYS), tw),
    mappings: array(o.mappings, at(where, 'mappings')).map((m, i) => mappingFrom(m, at(at(where, 'mappings'), i), files)),
  };
}

function snapshotFileFrom(v: Json | undefined, where: string): SnapshotFile {
  const o = object(
    v,
    where,
    ['path', 'device', 'inode', 'buildId', 'class', 'machineNumber', 'typeNumber', 'osabi', 'size', 'programHeaders', 'layout'],
    ['path', 'class', 'machineNumber', 'typeNumber', 'programHeaders', 'layout'],
  );
  return {
    path: string(o.path, at(where, 'path')),
    buildId: nullable(o.buildId, (x) => string(x, at(where, 'buildId'))),
    record: {
      class: oneOf(o.class, at(where, 'class'), ['ELF32', 'ELF64'] as const),
      machineNumber: integer(o.machineNumber, at(where, 'machineNumber')),
      osabi: o.osabi === undefined ? 0 : integer(o.osabi, at(where, 'osabi')),
      typeNumber: integer(o.typeNumber, at(where, 'typeNumber')),
      size: BigInt(o.size === undefined ? 0 : integer(o.size, at(where, 'size'))),
      programHeaders: array(o.programHeaders, at(where, 'programHeaders')).map((p, i) => segmentFrom(p, at(at(where, 'programHeaders'), i))),
      layout: layoutFrom(o.layout, at(where, 'layout')),
    },
  };
}

/** Validates a parsed snapshot document. Throws InputError naming the first problem. */
export function parseSnapshot(doc: Json, source: string): Snapshot {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'schema' in doc && doc.schema !== SNAPSHOT_SCHEMA) {
    throw new InputError('schema', `unsupported snapshot schema ${JSON.stringify((doc as JsonObject).schema)} (this elfaudit reads schema ${SNAPSHOT_SCHEMA})`);
  }
  const o = object(
    doc,
    '',
    ['schema', 'tool', 'taken', 'host', 'pageSize', 'meminfo', 'vmstat', 'vmaPrice', 'processes', 'files', 'skipped'],
    ['schema', 'tool', 'pageSize', 'processes', 'files'],
  );
  const t = object(o.tool, 'tool', ['name', 'version'], ['name']);
  if (t.name !== 'elfaudit') throw new InputError('tool.name', `expected "elfaudit", found ${JSON.stringify(t.name)}: not an elfaudit snapshot`);
  const h = o.host === undefined ? {} : object(o.host, 'host', ['hostname', 'kernel', 'machine']);
  const text = (x: Json | undefined, where: string) => (x === undefined ? '' : string(x, where));
  const files = array(o.files, 'files').map((f, i) => snapshotFileFrom(f, at('files', i)));
  const price = o.vmaPrice === undefined || o.vmaPrice === null ? undefined : object(o.vmaPrice, 'vmaPrice', ['objSize', 'objPerSlab', 'pagesPerSlab'], ['objSize']);
  return {
    source,
    taken: text(o.taken, 'taken'),
    host: { hostname: text(h.hostname, 'host.hostname'), kernel: text(h.kernel, 'host.kernel'), machine: text(h.machine, 'host.machine') },
    pageSize: integer(o.pageSize, 'pageSize', 1),
    meminfo: o.meminfo === undefined ? new Map() : counters(o.meminfo, 'meminfo'),
    vmstat: o.vmstat === undefined ? new Map() : counters(o.vmstat, 'vmstat'),
    vmaObjSize: price === undefined ? null : integer(price.objSize, 'vmaPrice.objSize'),
    processes: array(o.processes, 'processes').map((p, i) => processFrom(p, at('processes', i), files.length)),
    files,
  };
}
