// glibc's fortified (`__X_chk`) functions, as checksec.sh 2.6.0 finds them:
// the names matching `.*__\(.*_chk\)@@.*` in `readelf -s` of the host libc,
// without the leading `__`, in libc's .dynsym order. Embedded so FORTIFY
// answers never depend on the machine elfaudit runs on, and foreign-
// architecture binaries get the same list as native ones.
//
// Source: Debian 12 (bookworm) libc6 2.36-9+deb12u14, amd64,
// /lib/x86_64-linux-gnu/libc.so.6 - glibc 2.36: 79 names.
// Regenerate (on a host with that libc) with:
//
//   LC_ALL=C readelf -sW /lib/x86_64-linux-gnu/libc.so.6 \
//     | sed -ne 's/.*__\(.*_chk\)@@.*/\1/p'
//
// and replace the quoted names below, one per line, in that order
// (test/checksec-fortify.test.ts checks the count and shape).

/** The `_chk` names (e.g. `memcpy_chk`), glibc 2.36's 79. */
export const GLIBC_CHK_FUNCTIONS: readonly string[] = Object.freeze([
  'vswprintf_chk',
  'wcstombs_chk',
  'fgets_unlocked_chk',
  'poll_chk',
  'fgetws_unlocked_chk',
  'fread_unlocked_chk',
  'realpath_chk',
  'strcpy_chk',
  'ptsname_r_chk',
  'stpcpy_chk',
  'getlogin_r_chk',
  'printf_chk',
  'ttyname_r_chk',
  'wcscpy_chk',
  'fdelt_chk',
  'vfwprintf_chk',
  'wmemcpy_chk',
  'wcsncat_chk',
  'getgroups_chk',
  'longjmp_chk',
  'recvfrom_chk',
  'wcpcpy_chk',
  'mempcpy_chk',
  'ppoll_chk',
  'explicit_bzero_chk',
  'wmempcpy_chk',
  'getdomainname_chk',
  'stpncpy_chk',
  'vasprintf_chk',
  'swprintf_chk',
  'memcpy_chk',
  'vsprintf_chk',
  'wmemset_chk',
  'mbsrtowcs_chk',
  'strncpy_chk',
  'vfprintf_chk',
  'recv_chk',
  'vsnprintf_chk',
  'fgetws_chk',
  'obstack_vprintf_chk',
  'vsyslog_chk',
  'wctomb_chk',
  'pread64_chk',
  'sprintf_chk',
  'memmove_chk',
  'mbsnrtowcs_chk',
  'fprintf_chk',
  'wcsrtombs_chk',
  'fread_chk',
  'wmemmove_chk',
  'fwprintf_chk',
  'memset_chk',
  'getcwd_chk',
  'gethostname_chk',
  'read_chk',
  'strcat_chk',
  'wcsncpy_chk',
  'wcscat_chk',
  'vdprintf_chk',
  'readlinkat_chk',
  'mbstowcs_chk',
  'wcsnrtombs_chk',
  'wcrtomb_chk',
  'syslog_chk',
  'asprintf_chk',
  'getwd_chk',
  'obstack_printf_chk',
  'dprintf_chk',
  'vwprintf_chk',
  'fgets_chk',
  'snprintf_chk',
  'confstr_chk',
  'wcpncpy_chk',
  'pread_chk',
  'readlink_chk',
  'vprintf_chk',
  'wprintf_chk',
  'gets_chk',
  'strncat_chk',
]);

/** The glibc version the list was taken from. */
export const GLIBC_CHK_SOURCE = 'glibc 2.36 (Debian 12 libc6 2.36-9+deb12u14, amd64)';
