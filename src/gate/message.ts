import { visibleControls } from '../io/escape.js';
import { mdCode } from '../diff/format.js';

/**
 * A finding's message keeps the words elfaudit writes apart from the names
 * it quotes (file names, RPATH entries, segment names), so each report
 * format escapes a name for itself: Markdown shows it as code (never
 * rendered), the terminal makes its control characters visible, JSON and
 * SARIF carry it as data.
 */
export type MessagePart = string | { readonly name: string };
export type Message = readonly MessagePart[];

/** A name taken from a file system or a binary. */
export function name(s: string): MessagePart {
  return { name: s };
}

/** Plain text: names as they are (for JSON and SARIF, whose encoders escape them). */
export function messageText(m: Message): string {
  return m.map((p) => (typeof p === 'string' ? p : p.name)).join('');
}

/** For a terminal or a log line: control characters in names made visible (`\n`, `\x1b`, `\u202e`). */
export function messageVisible(m: Message): string {
  return m.map((p) => (typeof p === 'string' ? p : visibleControls(p.name))).join('');
}

/** Markdown: names as code spans, elfaudit's own words with Markdown's specials escaped. */
export function messageMarkdown(m: Message, inTable = false): string {
  return m.map((p) => (typeof p === 'string' ? mdEscape(p) : mdCode(p.name, inTable))).join('');
}

/**
 * Text that must read as itself in Markdown: every ASCII punctuation
 * character that can start markup gets a backslash (CommonMark removes
 * the backslash before any ASCII punctuation), line breaks become spaces,
 * and `|` is escaped too, so a table cell is never split.
 */
export function mdEscape(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>()#+!|~&]/g, (c) => `\\${c}`);
}
