export * from './diff.js';
export { diffJson, formatDiffMarkdown, formatDiffText, mdCode, DIFF_JSON_SCHEMA } from './format.js';
