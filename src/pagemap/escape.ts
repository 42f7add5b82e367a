import { visibleControls, xmlAttr } from '../io/escape.js';

/** Any string for HTML or SVG text or an attribute: controls made visible, then `& < > " '` as entities (a name `<script>` stays text). */
export function escapeHtml(s: string): string {
  return xmlAttr(visibleControls(s));
}
