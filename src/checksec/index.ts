/** checksec.sh 2.6.0's file checks from elfaudit's reader: rules, formats, a whole run. */
export { checksecFile, EMPTY_RESULT, pathField, type ChecksecResult, type PathField } from './rules.js';
export { ChecksecFormatter, csvBody, CLI_HEADER, type CliExtras, type FormatOptions, type Mode, type OutputFormat, type RowName } from './format.js';
export { checkPath, runChecksec, type ChecksecOptions, type Outcome } from './run.js';
export { GLIBC_CHK_FUNCTIONS, GLIBC_CHK_SOURCE } from './fortify-functions.js';
export { decodeLossy, visibleBytes, visibleControls, xmlAttr } from '../io/escape.js';
