/** The CI gate: baselines of build trees, a policy, findings and their reports. */
export { createBaseline, checkTrees, describeRecord, violations, allowed, ignored, GateError } from './check.js';
export type { ChangedFile, CheckOptions, CreateResult, FileRef, Finding, GateResult } from './check.js';
export { BASELINE_SCHEMA, factsFromRecord, formatBaseline, makeBaseline, parseBaseline } from './baseline.js';
export type { Baseline, CheckRecord, FileRecord, LayoutRecord, MemoryRecord, SegmentRecord } from './baseline.js';
export { analyzeElf, analyzePath, type Analysis } from './analyze.js';
export { compareFile, pageCostSentence, type FileComparison, type RawFinding } from './compare.js';
export { compileGlob, GlobError, type Glob } from './glob.js';
export { InputError } from './json-input.js';
export { DEFAULT_POLICY, POLICY_SCHEMA, parsePolicy, type IgnoreEntry, type MemoryGrowthPolicy, type Policy } from './policy.js';
export { RULES, RULE_IDS, LEVELS, type Level, type ReportLevel, type RuleDescriptor, type RuleId } from './rules.js';
export { formatGateJson, formatGateMarkdown, formatGateText, gateJson, REPORT_SCHEMA } from './report.js';
export { encodeUriPath, formatGateSarif, gateSarif, SARIF_SCHEMA_URI } from './sarif.js';
export { escapeData, escapeProperty, formatGateGithub } from './github.js';
export { codeQuality, formatCodeQuality, formatJunit, gateFindings, type CiFinding, type FindingsReport } from './ci-reports.js';
export { messageMarkdown, messageText, messageVisible, mdEscape, type Message } from './message.js';
export { TOOL, type ToolInfo } from './tool.js';
