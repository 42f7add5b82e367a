import type { ChecksecResult } from './rules.js';
import { xmlAttr } from '../io/escape.js';

/**
 * checksec.sh 2.6.0's four output formats, byte for byte where 2.6.0's
 * output is well-formed; where it is not, the smallest change that makes it
 * so (documented in docs/checksec-and-audit.md):
 *
 * - JSON: 2.6.0 leaves a trailing comma after the last file of a
 *   `--listfile` run; here there is none, and every document ends in a
 *   newline.
 * - XML: 2.6.0 prints one `<file/>` element per line with no enclosing
 *   element for `--listfile` (several roots); here they are wrapped in
 *   `<listfile name='…'>`, as `--dir` wraps its files in `<dir name='…'>`.
 * - A file that cannot be checked gets an entry carrying `error` in JSON and
 *   XML (2.6.0 stops the whole run instead).
 */

export type OutputFormat = 'cli' | 'csv' | 'json' | 'xml';
export type Mode = 'file' | 'listfile' | 'dir';

/** One checked path, with its name in the forms each format needs. */
export interface RowName {
  /** For the terminal, CSV and XML: controls and undecodable bytes made visible. */
  readonly visible: string;
  /** For JSON (JSON.stringify escapes controls itself). */
  readonly text: string;
}

export interface FormatOptions {
  readonly format: OutputFormat;
  readonly mode: Mode;
  readonly extended: boolean;
  /** cli only: wrap cells in 2.6.0's colour codes. */
  readonly color: boolean;
  /** The `--dir` or `--listfile` argument, for the JSON/XML wrapper. */
  readonly container?: RowName;
}

const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const RESET = '\x1b[m';
const SETUID = '\x1b[37;41m';

export const CLI_HEADER = {
  plain:
    'RELRO           STACK CANARY      NX            PIE             RPATH      RUNPATH\tSymbols\t\tFORTIFY\tFortified\tFortifiable\tFILE\n',
  extended:
    'RELRO           STACK CANARY      NX            PIE             SELFRANDO             Clang CFI            SafeStack            RPATH      RUNPATH\tSymbols\t\tFORTIFY\tFortified\tFortifiable\tFILE\n',
  dir: 'RELRO           STACK CANARY      NX            PIE             RPATH      RUNPATH    Symbols      \tFORTIFY\tFortified\tFortifiable   Filename\n',
  dirExtended:
    'RELRO           STACK CANARY      NX            PIE             SELFRANDO             Clang CFI            SafeStack            RPATH      RUNPATH    Symbols      \tFORTIFY\tFortified\tFortifiable   Filename\n',
} as const;

/** The RW- forms of the CLI's RPATH/RUNPATH cells, decided by the caller (it stats paths). */
export interface CliExtras {
  readonly rwRpath: boolean;
  readonly rwRunpath: boolean;
  readonly setuid: boolean;
}

export class ChecksecFormatter {
  private rows = 0;
  constructor(private readonly o: FormatOptions) {}

  /** Text before the first row. */
  begin(): string {
    const { format, mode, extended, container } = this.o;
    switch (format) {
      case 'cli':
        if (mode === 'dir') return extended ? CLI_HEADER.dirExtended : CLI_HEADER.dir;
        return extended ? CLI_HEADER.extended : CLI_HEADER.plain;
      case 'csv':
        return '';
      case 'json':
        if (mode === 'file') return '{';
        if (mode === 'listfile') return '{\n';
        return `{ "dir": { "name":${JSON.stringify(container?.text ?? '')} }`;
      case 'xml': {
        const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
        if (mode === 'dir') return `${decl}<dir name='${xmlAttr(container?.visible ?? '')}'>\n`;
        if (mode === 'listfile') return `${decl}<listfile name='${xmlAttr(container?.visible ?? '')}'>\n`;
        return decl;
      }
    }
  }

  /** One file's row. */
  row(name: RowName, r: ChecksecResult, extras: CliExtras): string {
    const out = this.entry(name, this.body(r, extras), extras);
    this.rows++;
    return out;
  }

  /** A file that could not be checked: nothing in cli/csv (the error goes to stderr). */
  error(name: RowName, message: string): string {
    const { format } = this.o;
    if (format === 'cli' || format === 'csv') return '';
    const body = format === 'json' ? `"error":${JSON.stringify(message)}` : `error="${xmlAttr(message)}"`;
    const out = this.entry(name, body, { rwRpath: false, rwRunpath: false, setuid: false });
    this.rows++;
    return out;
  }

  /** Text after the last row. */
  end(): string {
    const { format, mode } = this.o;
    if (format === 'json') {
      if (mode === 'file') return this.rows === 0 ? '}\n' : ' } }\n';
      if (mode === 'listfile') return (this.rows > 0 ? '\n' : '') + ' }\n';
      return '}\n';
    }
    if (format === 'xml') {
      if (mode === 'dir') return '</dir>\n';
      if (mode === 'listfile') return '</listfile>\n';
    }
    return '';
  }

  private entry(name: RowName, body: string, extras: CliExtras): string {
    const { format, mode } = this.o;
    switch (format) {
      case 'cli': {
        const file = extras.setuid && this.o.color ? `${SETUID}${name.visible}${RESET}` : name.visible;
        return `${body}${file}\n`;
      }
      case 'csv':
        return `${body},${name.visible}\n`;
      case 'json': {
        const key = JSON.stringify(name.text);
        if (mode === 'dir') return `, ${key}: { ${body}, "filename":${key}}`;
        if (mode === 'listfile') return `${this.rows > 0 ? ',\n' : ''} ${key}: { ${body} }`;
        return ` ${key}: { ${body}`;
      }
      case 'xml': {
        const file = xmlAttr(name.visible);
        if (mode === 'dir') return `    <file ${body} filename='${file}' />\n`;
        return `<file ${body} filename='${file}'/>\n`;
      }
    }
  }

  private body(r: ChecksecResult, x: CliExtras): string {
    switch (this.o.format) {
      case 'cli':
        return this.cliBody(r, x);
      case 'csv':
        return csvBody(r, this.o.extended);
      case 'json':
        return jsonBody(r, this.o.extended);
      case 'xml':
        return xmlBody(r, this.o.extended);
    }
  }

  private cliBody(r: ChecksecResult, x: CliExtras): string {
    const c = (color: string, text: string) => (this.o.color ? `${color}${text}${RESET}` : text);
    let s = '';
    s += (r.relro === 'full' ? c(GREEN, 'Full RELRO   ') : r.relro === 'partial' ? c(YELLOW, 'Partial RELRO') : c(RED, 'No RELRO     ')) + '   ';
    s += (r.canary ? c(GREEN, 'Canary found   ') : c(RED, 'No canary found')) + '   ';
    s += (r.nx ? c(GREEN, 'NX enabled ') : c(RED, 'NX disabled')) + '   ';
    s +=
      {
        no: c(RED, 'No PIE       '),
        yes: c(GREEN, 'PIE enabled  '),
        dso: c(YELLOW, 'DSO          '),
        rel: c(YELLOW, 'REL          '),
        not_elf: c(YELLOW, 'Not an ELF file'),
      }[r.pie] + '   ';
    if (this.o.extended) {
      s += (r.extended.selfrando ? c(GREEN, 'Selfrando enabled  ') : c(RED, 'No Selfrando       ')) + '   ';
      s += (r.extended.clangCfi ? c(GREEN, 'Clang CFI found   ') : c(RED, 'No Clang CFI found')) + '   ';
      s += (r.extended.safeStack ? c(GREEN, 'SafeStack found   ') : c(RED, 'No SafeStack found')) + '   ';
    }
    s += (r.rpath.present ? c(RED, x.rwRpath ? 'RW-RPATH ' : 'RPATH   ') : c(GREEN, 'No RPATH ')) + '  ';
    s += (r.runpath.present ? c(RED, x.rwRunpath ? 'RW-RUNPATH ' : 'RUNPATH   ') : c(GREEN, 'No RUNPATH ')) + '  ';
    s += (r.symbols.present ? c(RED, `${r.symbols.countText} Symbols\t`) : c(GREEN, 'No Symbols\t')) + '  ';
    s += r.fortify.source ? c(GREEN, 'Yes') : c(RED, 'No');
    s += `\t${r.fortify.fortified}\t\t${r.fortify.fortifiable}\t\t`;
    return s;
  }
}

const RELRO_CSV = { full: 'Full RELRO', partial: 'Partial RELRO', no: 'No RELRO' } as const;
const PIE_CSV = { no: 'No PIE', yes: 'PIE enabled', dso: 'DSO', rel: 'REL', not_elf: 'Not an ELF file' } as const;

/** 2.6.0's CSV words for one result, field by field (what the audit quotes when it disagrees). */
export interface CsvFields {
  readonly relro: (typeof RELRO_CSV)[keyof typeof RELRO_CSV];
  readonly canary: 'Canary found' | 'No Canary found';
  readonly nx: 'NX enabled' | 'NX disabled';
  readonly pie: (typeof PIE_CSV)[keyof typeof PIE_CSV];
  readonly clangCfi: 'with CFI' | 'without CFI';
  readonly safeStack: 'with SafeStack' | 'without SafeStack';
  readonly rpath: 'RPATH' | 'No RPATH';
  readonly runpath: 'RUNPATH' | 'No RUNPATH';
  readonly symbols: 'Symbols' | 'No Symbols';
  readonly fortify: 'Yes' | 'No';
  readonly fortified: string;
  readonly fortifiable: string;
}

export function csvFields(r: ChecksecResult): CsvFields {
  return {
    relro: RELRO_CSV[r.relro],
    canary: r.canary ? 'Canary found' : 'No Canary found',
    nx: r.nx ? 'NX enabled' : 'NX disabled',
    pie: PIE_CSV[r.pie],
    clangCfi: r.extended.clangCfi ? 'with CFI' : 'without CFI',
    safeStack: r.extended.safeStack ? 'with SafeStack' : 'without SafeStack',
    rpath: r.rpath.present ? 'RPATH' : 'No RPATH',
    runpath: r.runpath.present ? 'RUNPATH' : 'No RUNPATH',
    symbols: r.symbols.present ? 'Symbols' : 'No Symbols',
    fortify: r.fortify.source ? 'Yes' : 'No',
    fortified: String(r.fortify.fortified),
    fortifiable: String(r.fortify.fortifiable),
  };
}

/** The CSV fields before the file name, as 2.6.0 joins them. */
export function csvBody(r: ChecksecResult, extended: boolean): string {
  const c = csvFields(r);
  const f: string[] = [c.relro, c.canary, c.nx, c.pie];
  if (extended) f.push(c.clangCfi, c.safeStack);
  f.push(c.rpath, c.runpath, c.symbols, c.fortify, c.fortified, c.fortifiable);
  return f.join(',');
}

const yn = (b: boolean) => (b ? 'yes' : 'no');

/** 2.6.0's JSON and XML keys and values for one result, in its order (every value is a plain word or number). */
export function checksecFields(r: ChecksecResult, extended: boolean): Record<string, string> {
  return {
    relro: r.relro,
    canary: yn(r.canary),
    nx: yn(r.nx),
    pie: r.pie,
    ...(extended && { clangcfi: yn(r.extended.clangCfi), safestack: yn(r.extended.safeStack) }),
    rpath: yn(r.rpath.present),
    runpath: yn(r.runpath.present),
    symbols: yn(r.symbols.present),
    fortify_source: yn(r.fortify.source),
    fortified: String(r.fortify.fortified),
    'fortify-able': String(r.fortify.fortifiable),
  };
}

function jsonBody(r: ChecksecResult, extended: boolean): string {
  return Object.entries(checksecFields(r, extended))
    .map(([k, v]) => `"${k}":"${v}"`)
    .join(',');
}

function xmlBody(r: ChecksecResult, extended: boolean): string {
  return Object.entries(checksecFields(r, extended))
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
}
