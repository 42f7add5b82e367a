#!/usr/bin/env node
// samples/crafted/generate.mjs - writes hand-built corrupt and edge-case ELF
// files into samples/crafted/ with its own tiny byte-level ELF writer.
//
//   node samples/crafted/generate.mjs           write every file (deterministic)
//   node samples/crafted/generate.mjs --list    print the repo-relative paths it writes
//   node samples/crafted/generate.mjs --check   write, then run `readelf -lW` on each file
//                                               and check the expected diagnostics
//                                               (add --update-table to rewrite the table below)
//
// Plain Node ESM, no dependencies, and deliberately independent of the
// project's own ELF reader (src/). All integers are BigInt inside the writer.
//
// What each file is for, and what GNU readelf 2.40 `-lW` says about it
// (stderr lines, "E:" = "readelf: Error: ", "W:" = "readelf: Warning: ";
// "(x2)" = printed twice because of the ET_DYN is_pie quirk; checked by --check):
//
// CASES-TABLE-BEGIN
// empty.elf                          an empty file
//                                      -> E: samples/crafted/empty.elf: Failed to read file's magic number
// not-elf.txt                        a text file
//                                      -> E: Not an ELF file - it has the wrong magic bytes at the start
// ehdr-trunc-4.elf                   only the 4 magic bytes
//                                      -> E: samples/crafted/ehdr-trunc-4.elf: Failed to read file's magic number
// ehdr-trunc-20.elf                  first 20 bytes of an ELF64 header
//                                      -> E: samples/crafted/ehdr-trunc-20.elf: Failed to read file header
// ehdr-trunc-40-of-64.elf            ELF64 header cut at 40 bytes
//                                      -> E: samples/crafted/ehdr-trunc-40-of-64.elf: Failed to read file header
// exec-le64.elf                      valid little-endian ELF64 x86-64 executable (baseline)
//                                      -> (no diagnostics)
// exec-le32.elf                      valid little-endian ELF32 i386 executable
//                                      -> (no diagnostics)
// exec-be32.elf                      valid big-endian ELF32 MIPS executable
//                                      -> (no diagnostics)
// exec-be64.elf                      valid big-endian ELF64 PPC64 executable
//                                      -> (no diagnostics)
// class-none.elf                     EI_CLASS 0: readelf treats anything but ELFCLASS64 as 32-bit
//                                      -> (no diagnostics)
// data-none.elf                      EI_DATA 0 (ELFDATANONE) on a little-endian file: read as little-endian
//                                      -> (no diagnostics)
// data-3.elf                         EI_DATA 3 (invalid): read as little-endian
//                                      -> (no diagnostics)
// phnum-one.elf                      a single program header ("There is 1 program header")
//                                      -> (no diagnostics)
// no-phdrs.elf                       executable with e_phoff 0, e_phnum 0 ("There are no program headers")
//                                      -> (no diagnostics)
// type-none.elf                      e_type 0 NONE
//                                      -> (no diagnostics)
// type-rel-with-phdrs.elf            ET_REL that has program headers
//                                      -> (no diagnostics)
// type-core.elf                      e_type CORE (the executable model relabelled)
//                                      -> (no diagnostics)
// type-os.elf                        e_type 0xfe05 (OS Specific: (fe05))
//                                      -> (no diagnostics)
// type-proc.elf                      e_type 0xff42 (Processor Specific: (ff42))
//                                      -> (no diagnostics)
// type-unknown.elf                   e_type 0x1234 (<unknown>: 1234)
//                                      -> (no diagnostics)
// dyn-so.elf                         ET_DYN without DF_1_PIE (Shared object file)
//                                      -> (no diagnostics)
// dyn-pie.elf                        ET_DYN with DF_1_PIE in DT_FLAGS_1 (Position-Independent Executable file)
//                                      -> (no diagnostics)
// dyn-pie-second-flags1.elf          ET_DYN: first DT_FLAGS_1 lacks PIE, second has it -> Shared object
//                                      -> (no diagnostics)
// dyn-pie-noshdrs.elf                ET_DYN PIE without section headers (dynamic found via PT_DYNAMIC)
//                                      -> (no diagnostics)
// dyn-pie-be32.elf                   big-endian ELF32 ET_DYN PIE
//                                      -> (no diagnostics)
// dyn-corrupt-phdrs.elf              ET_DYN with e_phentsize 40: errors print twice, before the preamble
//                                      -> E: The e_phentsize field in the ELF header is less than the size of an ELF program header (x2)
// dyn-too-many-phdrs.elf             ET_DYN with e_phnum 0x4000: "Too many program headers" twice
//                                      -> E: Too many program headers - 0x4000 - the file is not that big (x2)
// phdrs-truncated.elf                program header table runs past the end of the file
//                                      -> E: Reading 392 bytes extends past end of file for program headers
// phoff-past-eof.elf                 e_phoff beyond the end of the file
//                                      -> E: Reading 392 bytes extends past end of file for program headers
// phoff-huge.elf                     e_phoff 0xffffffffffffff00
//                                      -> E: Reading 392 bytes extends past end of file for program headers
// phnum-too-many.elf                 e_phnum * 56 >= file size
//                                      -> E: Too many program headers - 0x100 - the file is not that big
// phnum-too-many-32.elf              ELF32: e_phnum * 32 >= file size (uses 32, not e_phentsize)
//                                      -> E: Too many program headers - 0x80 - the file is not that big
// phnum-xnum.elf                     e_phnum 0xffff, real count in section 0 sh_info (valid)
//                                      -> (no diagnostics)
// phnum-xnum-noshdrs.elf             e_phnum 0xffff and no section headers
//                                      -> E: Too many program headers - 0xffff - the file is not that big
// phnum-xnum-info0.elf               e_phnum 0xffff with section headers but sh_info 0
//                                      -> E: Too many program headers - 0xffff - the file is not that big
// phentsize-zero.elf                 e_phentsize 0: the table is silently not read
//                                      -> (no diagnostics)
// phentsize-small64.elf              ELF64 e_phentsize 32 (< 56)
//                                      -> E: The e_phentsize field in the ELF header is less than the size of an ELF program header
// phentsize-small32.elf              ELF32 e_phentsize 24 (< 32)
//                                      -> E: The e_phentsize field in the ELF header is less than the size of an ELF program header
// phentsize-large64.elf              ELF64 e_phentsize 64, table written at stride 64; readelf reads at stride 56
//                                      -> W: The e_phentsize field in the ELF header is larger than the size of an ELF program header
//                                      -> E: the PHDR segment is not covered by a LOAD segment
// phentsize-large64-stride56.elf     ELF64 e_phentsize 64, table written at stride 56 (reads fine)
//                                      -> W: The e_phentsize field in the ELF header is larger than the size of an ELF program header
// phentsize-large32-stride32.elf     ELF32 e_phentsize 40, table written at stride 32 (reads fine)
//                                      -> W: The e_phentsize field in the ELF header is larger than the size of an ELF program header
// phentsize-large32.elf              ELF32 e_phentsize 40, table written at stride 40; readelf reads at stride 32
//                                      -> W: The e_phentsize field in the ELF header is larger than the size of an ELF program header
//                                      -> E: the PHDR segment is not covered by a LOAD segment
// phoff-nonzero-phnum-zero.elf       e_phoff != 0 but e_phnum 0
//                                      -> W: possibly corrupt ELF header - it has a non-zero program header offset, but no program headers
// interp-offset-past-eof.elf         PT_INTERP p_offset beyond the end of the file
//                                      -> E: Unable to find program interpreter name
// interp-filesz-past-eof.elf         PT_INTERP p_offset inside, p_filesz past the end
//                                      -> E: Unable to find program interpreter name
// interp-filesz-zero.elf             PT_INTERP with p_filesz 0
//                                      -> E: Unable to find program interpreter name
// interp-unterminated.elf            PT_INTERP p_filesz stops before the NUL (prints the p_filesz bytes)
//                                      -> (no diagnostics)
// interp-embedded-nul.elf            interpreter string with an embedded NUL (printed up to it)
//                                      -> (no diagnostics)
// interp-nonprintable.elf            interpreter with control bytes and bytes >= 0x80 (printed raw)
//                                      -> (no diagnostics)
// load-memsz-lt-filesz.elf           PT_LOAD with p_memsz < p_filesz
//                                      -> E: the segment's file size is larger than its memory size
// phdr-after-load.elf                PT_PHDR after a PT_LOAD (still covered)
//                                      -> E: the PHDR segment must occur before any LOAD segment
// phdr-not-covered.elf               PT_PHDR first but not inside any PT_LOAD
//                                      -> E: the PHDR segment is not covered by a LOAD segment
// phdr-covered-by-load0.elf          LOAD at index 0 covers PT_PHDR at 1: the coverage search starts at j=1
//                                      -> E: the PHDR segment must occur before any LOAD segment
//                                      -> E: the PHDR segment is not covered by a LOAD segment
// phdr-not-covered-parisc.elf        uncovered PT_PHDR on PA-RISC: no coverage check
//                                      -> (no diagnostics)
// phdr-wrap32.elf                    ELF32 LOAD at 0xfffff000 whose end passes 2^32 still covers PHDR (64-bit sums)
//                                      -> (no diagnostics)
// dynamic-twice.elf                  two PT_DYNAMIC
//                                      -> E: more than one dynamic segment
// dynamic-no-section.elf             PT_DYNAMIC but the section headers have no .dynamic
//                                      -> E: no .dynamic section in the dynamic segment
// dynamic-section-empty.elf          .dynamic section with sh_size 0
//                                      -> E: no .dynamic section in the dynamic segment
// dynamic-nobits.elf                 .dynamic is SHT_NOBITS (like a debuginfo file): silently no dynamic
//                                      -> (no diagnostics)
// dynamic-past-eof.elf               PT_DYNAMIC beyond the end of the file (no section headers)
//                                      -> E: the dynamic segment offset + size exceeds the size of the file
// dynamic-section-past-eof.elf       .dynamic section header points past the end of the file
//                                      -> E: the dynamic segment offset + size exceeds the size of the file
// segtypes-generic.elf               generic, GNU, OpenBSD and out-of-range p_types
//                                      -> (no diagnostics)
// segtypes-os-sysv.elf               LOOS range with OSABI 0 (all LOOS+x)
//                                      -> (no diagnostics)
// segtypes-os-gnu.elf                LOOS range with OSABI GNU (GNU_MBIND+x)
//                                      -> (no diagnostics)
// segtypes-os-freebsd.elf            LOOS range with OSABI FreeBSD (GNU_MBIND+x)
//                                      -> (no diagnostics)
// segtypes-os-solaris.elf            LOOS range with OSABI Solaris (PT_SUNW*)
//                                      -> (no diagnostics)
// segtypes-os-hpux-parisc.elf        LOOS range with OSABI HP-UX on PA-RISC (HP_*)
//                                      -> (no diagnostics)
// segtypes-os-hpux-ia64.elf          LOOS range with OSABI HP-UX on IA-64
//                                      -> (no diagnostics)
// segtypes-proc-x86_64.elf           LOPROC range on x86-64 (all LOPROC+x)
//                                      -> (no diagnostics)
// segtypes-proc-arm.elf              LOPROC range on ARM (EXIDX)
//                                      -> (no diagnostics)
// segtypes-proc-aarch64.elf          LOPROC range on AArch64
//                                      -> (no diagnostics)
// segtypes-proc-mips.elf             LOPROC range on MIPS
//                                      -> (no diagnostics)
// segtypes-proc-riscv.elf            LOPROC range on RISC-V
//                                      -> (no diagnostics)
// segtypes-proc-parisc.elf           LOPROC range on PA-RISC
//                                      -> (no diagnostics)
// segtypes-proc-ia64.elf             LOPROC range on IA-64
//                                      -> (no diagnostics)
// segtypes-proc-c6000.elf            LOPROC range on TI C6000
//                                      -> (no diagnostics)
// segtypes-proc-s390.elf             LOPROC range on S/390
//                                      -> (no diagnostics)
// big-values-64.elf                  ELF64 values wider than the column minimums (and align 0)
//                                      -> (no diagnostics)
// big-values-32.elf                  ELF32 with 64-bit-looking values (0xffffffff, widths > 5 digits, align 0)
//                                      -> (no diagnostics)
// zero-size-segments.elf             LOAD and NOTE with 0 filesz/memsz, with zero-size sections at them
//                                      -> (no diagnostics)
// filesz-zero-wrap64.elf             ELF64: last PT_LOAD has p_filesz 0 (bss only): p_filesz - 1 wraps
//                                      -> (no diagnostics)
// filesz-zero-wrap32.elf             ELF32: last PT_LOAD has p_filesz 0 (bss only): p_filesz - 1 wraps
//                                      -> (no diagnostics)
// sections-at-segment-end.elf        zero-size sections exactly at a segment end (excluded) and start
//                                      -> (no diagnostics)
// tls-tbss.elf                       .tdata + NOBITS .tbss in PT_TLS, PT_LOAD and PT_GNU_RELRO
//                                      -> (no diagnostics)
// note-nonalloc.elf                  non-ALLOC note inside a PT_NOTE (and a PT_NULL by offset), not in PT_LOAD
//                                      -> (no diagnostics)
// shstrndx-out-of-range.elf          e_shstrndx >= e_shnum: treated as 0, no mapping block; no names, so no .dynamic
//                                      -> E: no .dynamic section in the dynamic segment
// shstrndx-zero.elf                  e_shstrndx 0: no mapping block; no names, so no .dynamic
//                                      -> E: no .dynamic section in the dynamic segment
// shstrndx-xindex.elf                e_shstrndx 0xffff with the real index in section 0 sh_link (valid)
//                                      -> (no diagnostics)
// shstrndx-xindex-bad.elf            e_shstrndx 0xffff with section 0 sh_link out of range
//                                      -> W: Section 0 has an out of range sh_link value of 99
//                                      -> E: no .dynamic section in the dynamic segment
// shnum-zero-xnum.elf                e_shnum 0 with the count in section 0 sh_size (valid)
//                                      -> (no diagnostics)
// shoff-nonzero-shnum-zero.elf       e_shnum 0, sh_size 0 but e_shoff != 0
//                                      -> W: possibly corrupt ELF file header - it has a non-zero section header offset, but no section headers
// shdrs-past-eof.elf                 section header table beyond the end of the file
//                                      -> E: Reading 640 bytes extends past end of file for section headers
// shentsize-small.elf                e_shentsize 40 in an ELF64 file
//                                      -> E: The e_shentsize field in the ELF header is less than the size of an ELF section header
// shentsize-large.elf                e_shentsize 72 in an ELF64 file, table at stride 72 (misread)
//                                      -> W: The e_shentsize field in the ELF header is larger than the size of an ELF section header
//                                      -> W: Section 1 has an out of range sh_link value of 28
//                                      -> W: Section 2 has an out of range sh_link value of 1052
//                                      -> W: Section 3 has an out of range sh_link value of 4195388
//                                      -> W: Section 5 has an out of range sh_link value of 37
//                                      -> W: Section 8 has an out of range sh_link value of 16
//                                      -> E: no .dynamic section in the dynamic segment
// shentsize-large-stride64.elf       e_shentsize 72 in an ELF64 file, table at stride 64 (reads fine)
//                                      -> W: The e_shentsize field in the ELF header is larger than the size of an ELF section header
// shstrtab-past-eof.elf              section name table offset past the end of the file
//                                      -> E: Reading 76 bytes extends past end of file for string table
//                                      -> E: no .dynamic section in the dynamic segment
// shstrtab-size-zero.elf             section name table with sh_size 0: no mapping block; no names, so no .dynamic
//                                      -> E: no .dynamic section in the dynamic segment
// shlink-out-of-range.elf            a section whose sh_link > e_shnum
//                                      -> W: Section 5 has an out of range sh_link value of 200
// shinfo-out-of-range.elf            SHF_INFO_LINK section whose sh_info > e_shnum
//                                      -> W: Section 7 has an out of range sh_info value of 300
// dynsym-bad-entsize.elf             SHT_DYNSYM with sh_entsize 0x10 in an ELF64 file
//                                      -> E: Section 9 has invalid sh_entsize of 10
//                                      -> E: (Using the expected size of 18 for the rest of this dump)
// dynsym-twice.elf                   two SHT_DYNSYM sections
//                                      -> E: File contains multiple dynamic symbol tables
// dynstr-twice.elf                   two SHT_STRTAB sections named .dynstr
//                                      -> E: File contains multiple dynamic string tables
// section-names-weird.elf            names with control bytes, DEL, bytes >= 0x80, sh_name past the table, 300 chars
//                                      -> (no diagnostics)
// section-name-mid-string.elf        sh_name pointing into the middle of another name ("text" of ".text")
//                                      -> (no diagnostics)
// notes-gnu.elf                      readelf -n: GNU notes: every x86 property form, ABI tags, HWCAP, gold version, unknown GNU types
//                                      -> (no diagnostics)
// notes-props-i386.elf               readelf -n: ELF32 properties (4-byte padding), a truncated property list
//                                      -> (no diagnostics)
// notes-props-aarch64.elf            readelf -n: AArch64 properties: BTI, PAC, unknown bits, corrupt length, x86 types as unknown
//                                      -> (no diagnostics)
// notes-owners.elf                   readelf -n: owners: none, long, control bytes, unterminated, BSDs, SPU, stapsdt, FDO, Go, AMDGPU
//                                      -> (no diagnostics)
// notes-align.elf                    readelf -n: note section alignments 0, 2, 8, 16 and 2^63+1 (4 and 8 only; below 4 means 4)
//                                      -> (no diagnostics)
// notes-corrupt.elf                  readelf -n: truncated note areas, oversized namesz/descsz, empty and out-of-file note sections
//                                      -> (no diagnostics)
// notes-segments.elf                 readelf -n: no section headers: PT_NOTE segments (4- and 8-aligned, empty, past the end, align 16)
//                                      -> (no diagnostics)
// notes-core32.elf                   readelf -n: ELF32 core file: CORE and LINUX notes, NT_FILE decoded, malformed NT_FILE notes
//                                      -> (no diagnostics)
// notes-core-be64.elf                readelf -n: big-endian ELF64 core: NT_FILE not decoded (64-bit), PPC, FreeBSD, NetBSD-CORE, OpenBSD names
//                                      -> (no diagnostics)
// notes-core-nophdrs.elf             readelf -n: a core file without program headers ("No notes found file.")
//                                      -> (no diagnostics)
// notes-vms.elf                      readelf -n: IA-64 OpenVMS notes (64-bit note headers): module header, times, ids, short descriptors
//                                      -> (no diagnostics)
// notes-build-attrs.elf              readelf -n: GNU build attribute notes: every attribute and value type, regions from symbols, corrupt names
//                                      -> (no diagnostics)
// notes-v850.elf                     readelf -n: Renesas V850 notes (SHT_RENESAS_INFO) with every value, unknown ones and corrupt sizes
//                                      -> (no diagnostics)
// notes-rel-bad-reloc.elf            readelf -n: ET_REL whose note section has relocations against a non-symbol table (nothing shown, status 1)
//                                      -> (no diagnostics)
// arm-unwind-exec.elf                readelf -u: ARM index and table entries of every kind, symbols, corrupt entries
//                                      -> (no diagnostics)
// arm-unwind-be.elf                  readelf -u: the same tables in a big-endian ARM file
//                                      -> (no diagnostics)
// arm-unwind-nostrings.elf           readelf -u: ARM file without a section name table (GNU returns false, silently)
//                                      -> (no diagnostics)
// arm-unwind-exidx-past-eof.elf      readelf -u: .ARM.exidx beyond the end of the file
//                                      -> (no diagnostics)
// arm-unwind-symtab-empty.elf        readelf -u: an empty .symtab (GNU gets no symbols and gives up, silently)
//                                      -> (no diagnostics)
// arm-unwind-rel.o                   readelf -u: ARM relocatable object, REL relocations (PREL31, NONE and bad ones)
//                                      -> (no diagnostics)
// arm-unwind-rela.o                  readelf -u: ARM relocatable object, RELA relocations
//                                      -> (no diagnostics)
// c6x-unwind.elf                     readelf -u: TI C6000 unwind tables (halfword prel31, compact models 3-5, C6000 instructions)
//                                      -> (no diagnostics)
// hppa-unwind.elf                    readelf -u: HPPA .PARISC.unwind entries (segment-relative, every descriptor bit)
//                                      -> (no diagnostics)
// hppa-unwind.o                      readelf -u: HPPA relocatable object, RELA relocations (SEGREL32 and bad ones)
//                                      -> (no diagnostics)
// arm-groups.o                       readelf -u: bad section groups (sh_link, sh_info, sizes, members) in an ARM object
//                                      -> W: Section 3 has an out of range sh_link value of 99
// arm-unwind-elf64.elf               readelf -u: an ARM index table in an ELF64 file (entries counted per 16 bytes)
//                                      -> (no diagnostics)
// dyntags-generic64.elf              readelf -d: every generic tag name and value format, ELF64 x86-64
//                                      -> (no diagnostics)
// dyntags-generic32.elf              readelf -d: every generic tag name and value format, ELF32 i386
//                                      -> (no diagnostics)
// dyntags-generic-be32.elf           readelf -d: generic tags on big-endian ELF32 SPARC with OSABI Solaris (SUNW_* names)
//                                      -> (no diagnostics)
// dyntags-interp-needed.elf          readelf -d: DT_NEEDED naming the program interpreter
//                                      -> (no diagnostics)
// dyntags-mips32.elf                 readelf -d: processor- and OS-specific tag names and values, e_machine 8
//                                      -> (no diagnostics)
// dyntags-mips64.elf                 readelf -d: processor- and OS-specific tag names and values, e_machine 8
//                                      -> (no diagnostics)
// dyntags-ppc64.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 21
//                                      -> (no diagnostics)
// dyntags-ppc32.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 20
//                                      -> (no diagnostics)
// dyntags-aarch64.elf                readelf -d: processor- and OS-specific tag names and values, e_machine 183
//                                      -> (no diagnostics)
// dyntags-riscv.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 243
//                                      -> (no diagnostics)
// dyntags-sparcv9.elf                readelf -d: processor- and OS-specific tag names and values, e_machine 43
//                                      -> (no diagnostics)
// dyntags-alpha.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 36902
//                                      -> (no diagnostics)
// dyntags-score.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 135
//                                      -> (no diagnostics)
// dyntags-c6000.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 140
//                                      -> (no diagnostics)
// dyntags-nios2.elf                  readelf -d: processor- and OS-specific tag names and values, e_machine 113
//                                      -> (no diagnostics)
// dyntags-ia64.elf                   readelf -d: processor- and OS-specific tag names and values, e_machine 50
//                                      -> (no diagnostics)
// dyntags-parisc.elf                 readelf -d: processor- and OS-specific tag names and values, e_machine 15
//                                      -> (no diagnostics)
// dyntags-one-entry.elf              readelf -d: a dynamic section of a single DT_NULL ("contains 1 entry")
//                                      -> (no diagnostics)
// dyntags-at-offset-0.elf            readelf -d: PT_DYNAMIC at file offset 0 and no sections: no "Dynamic section at" line, ELF header read as entries
//                                      -> (no diagnostics)
// dyntags-no-nul.elf                 readelf -d: dynamic entries without a DT_NULL (counted to the section end)
//                                      -> (no diagnostics)
// dyntags-strtab-noshdrs.elf         readelf -d: names through DT_STRTAB/DT_STRSZ (no section headers), at DT_STRSZ - 1 and at DT_STRSZ
//                                      -> (no diagnostics)
// dyntags-strtab-outside.elf         readelf -d: DT_STRTAB outside every PT_LOAD, no section headers (names shown as numbers)
//                                      -> W: Virtual address 0x900000 not located in any PT_LOAD segment.
//                                      -> E: Reading 11 bytes extends past end of file for dynamic string table
//                                      -> E: Corrupt DT_STRTAB dynamic entry
// dyntags-strsz-huge.elf             readelf -d: DT_STRSZ past the end of the file, no section headers
//                                      -> W: Virtual address 0x40043c not located in any PT_LOAD segment.
//                                      -> E: Reading 1048576 bytes extends past end of file for dynamic string table
//                                      -> E: Corrupt DT_STRTAB dynamic entry
// dyntags-syminent.elf               readelf -d: DT_SYMINENT not 4, DT_SYMINFO with DT_SYMINSZ 0 (no syminfo table)
//                                      -> E: Bad value (8) for SYMINENT entry
// dynsym-versions64.elf              readelf --dyn-syms: versions (@@, @, (N), base, <corrupt>), names cut with [...], sizes
//                                      -> (no diagnostics)
// dynsym-versions32-be.elf           readelf --dyn-syms: the same symbols in a big-endian ELF32 (MIPS: no local symbol warning)
//                                      -> (no diagnostics)
// dynsym-versions32-le.elf           readelf --dyn-syms: the same symbols in a little-endian ELF32 i386
//                                      -> (no diagnostics)
// dynsym-names-x86_64.elf            readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on x86-64, OSABI 0
//                                      -> (no diagnostics)
// dynsym-names-gnu.elf               readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on x86-64, OSABI GNU (IFUNC, UNIQUE)
//                                      -> (no diagnostics)
// dynsym-names-freebsd.elf           readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on i386, OSABI FreeBSD (IFUNC)
//                                      -> (no diagnostics)
// dynsym-names-solaris.elf           readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on SPARC v9, OSABI Solaris (visibility from the whole st_other, REGISTER)
//                                      -> (no diagnostics)
// dynsym-names-arm.elf               readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on ARM (THUMB_FUNC)
//                                      -> (no diagnostics)
// dynsym-names-aarch64.elf           readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on AArch64 (VARIANT_PCS)
//                                      -> (no diagnostics)
// dynsym-names-mips.elf              readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on MIPS (st_other flags, SCOM, SUND; no local symbol check)
//                                      -> (no diagnostics)
// dynsym-names-ppc64.elf             readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on PPC64 (localentry)
//                                      -> (no diagnostics)
// dynsym-names-riscv.elf             readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on RISC-V (VARIANT_CC)
//                                      -> (no diagnostics)
// dynsym-names-alpha.elf             readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on Alpha (NOPV, STD GPLOAD, unrecognised values)
//                                      -> (no diagnostics)
// dynsym-names-ia64-vms.elf          readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on IA-64 OpenVMS image (function type and linkage)
//                                      -> (no diagnostics)
// dynsym-names-ia64-hpux.elf         readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on IA-64 HP-UX relocatable (ANSI_COM; no function types)
//                                      -> (no diagnostics)
// dynsym-names-parisc.elf            readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on PA-RISC (PARISC_MILLI, HP_OPAQUE, HP_STUB)
//                                      -> (no diagnostics)
// dynsym-names-c6000.elf             readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on TI C6000 (SCOM)
//                                      -> (no diagnostics)
// dynsym-link-bad.elf                readelf --dyn-syms: .dynsym sh_link past e_shnum (no strings: <corrupt> names and versions)
//                                      -> W: Section 4 has an out of range sh_link value of 99
// dynsym-link-shstrtab.elf           readelf --dyn-syms: .dynsym sh_link is e_shstrndx (names from the section name table)
//                                      -> (no diagnostics)
// dynsym-strtab-past-eof.elf         readelf --dyn-syms: the linked string table runs past the end of the file
//                                      -> (no diagnostics)
// dynsym-versym-outside.elf          readelf --dyn-syms: DT_VERSYM 4 bytes before the end of the text PT_LOAD (later entries unmapped)
//                                      -> (no diagnostics)
// dynsym-verdef-past-eof.elf         readelf --dyn-syms: DT_VERDEF and DT_VERNEED mapped but past the end of the file
//                                      -> (no diagnostics)
// dynsym-vernaux-broken.elf          readelf --dyn-syms: a vna_next and a vd_next that lead out of the file
//                                      -> (no diagnostics)
// dynsym-verdef-outside.elf          readelf --dyn-syms: DT_VERDEF and DT_VERNEED outside every PT_LOAD
//                                      -> (no diagnostics)
// dynsym-several.elf                 readelf --dyn-syms: more SHT_DYNSYM sections (entsize 0, 8, 48, 23, sh_size 0, past EOF, too big, one entry)
//                                      -> E: File contains multiple dynamic symbol tables (x8)
// dynsym-xindex.elf                  readelf --dyn-syms: SHN_XINDEX entries through a later SHT_SYMTAB_SHNDX (a section, values from 0xff00 on)
//                                      -> (no diagnostics)
// dynsym-xindex-short.elf            readelf --dyn-syms: an SHT_SYMTAB_SHNDX shorter than its symbol table
//                                      -> (no diagnostics)
// sections-checks32.elf              readelf -S: every sh_link/sh_info/sh_size check in an i386 ET_REL, SHN_BEFORE/AFTER, flag letters
//                                      -> W: Section 10 has an out of range sh_link value of 99
//                                      -> W: Section 13 has an out of range sh_link value of 65280
//                                      -> W: Section 14 has an out of range sh_link value of 65281
//                                      -> W: Section 15 has an out of range sh_link value of 65535
// sections-checks64.elf              readelf -S: the same checks in a big-endian ELF64 SPARC v9 ET_REL with OSABI GNU
//                                      -> W: Section 10 has an out of range sh_link value of 99
//                                      -> W: Section 13 has an out of range sh_link value of 65280
//                                      -> W: Section 14 has an out of range sh_link value of 65281
//                                      -> W: Section 15 has an out of range sh_link value of 65535
// sections-checks-dyn.elf            readelf -S: the same in an x86-64 ET_DYN (REL/RELA without link or info are fine)
//                                      -> W: Section 10 has an out of range sh_link value of 99
//                                      -> W: Section 13 has an out of range sh_link value of 65280
//                                      -> W: Section 14 has an out of range sh_link value of 65281
//                                      -> W: Section 15 has an out of range sh_link value of 65535
// sections-checks-arm.elf            readelf -S: the same in an ARM ET_EXEC with OSABI ARM (ELF32: no SHN_BEFORE/AFTER on ARM)
//                                      -> W: Section 10 has an out of range sh_link value of 99
//                                      -> W: Section 13 has an out of range sh_link value of 65280
//                                      -> W: Section 14 has an out of range sh_link value of 65281
//                                      -> W: Section 15 has an out of range sh_link value of 65535
// sections-one.elf                   readelf -S: a section table of only the null section ("There is 1 section header", "Section Header:")
//                                      -> (no diagnostics)
// sections-values64.elf              readelf -S: ELF64 values past 2^32 and 2^63 in every column, flags above bit 31, huge alignments
//                                      -> W: Section 2 has an out of range sh_link value of 4294967295
// hdr-arm-eabi5-be8.elf              readelf -h: ARM EABI5 hard-float BE8 with an unknown bit
//                                      -> (no diagnostics)
// hdr-arm-gnu-eabi.elf               readelf -h: ARM old GNU EABI flags and OSABI ARM
//                                      -> (no diagnostics)
// hdr-mips-flags.elf                 readelf -h: MIPS noreorder/pic/cpic, octeon3, o32, micromips, mips32r6
//                                      -> (no diagnostics)
// hdr-riscv-flags.elf                readelf -h: RISC-V RVC, TSO, quad-float
//                                      -> (no diagnostics)
// hdr-ia64-vms.elf                   readelf -h: IA-64 OpenVMS flags
//                                      -> (no diagnostics)
// hdr-amdgpu-hsa4.elf                readelf -h: AMDGPU HSA v4 gfx90a xnack/sramecc, unknown bits
//                                      -> (no diagnostics)
// hdr-parisc-flags.elf               readelf -h: PA-RISC 2.0 with every flag
//                                      -> (no diagnostics)
// hdr-ident-odd.elf                  readelf -h: EI_VERSION 2, OS/ABI 4, ABI version 7, padding bytes, e_version 0x12345, e_ehsize 0
//                                      -> (no diagnostics)
// attr-arm.o                         readelf -A: every kind of ARM build attribute, section and symbol lists, other vendors
//                                      -> (no diagnostics)
// attr-corrupt.o                     readelf -A: broken attribute sections, one way each (GNU goes on to the next)
//                                      -> (no diagnostics)
// attr-ppc64.o                       readelf -A: PowerPC GNU attributes (FP, vector, struct return), known and unknown values
//                                      -> (no diagnostics)
// attr-s390.o                        readelf -A: s390 GNU attributes (vector ABI), known and unknown values
//                                      -> (no diagnostics)
// attr-sparc.o                       readelf -A: SPARC hardware capability attributes (every bit, none, unknown tags)
//                                      -> (no diagnostics)
// attr-m68k.o                        readelf -A: m68k FP ABI attributes, known and unknown values, one cut short
//                                      -> (no diagnostics)
// attr-msp430.o                      readelf -A: MSP430 ABI and GNU attributes, known and unknown values and tags
//                                      -> (no diagnostics)
// attr-csky.o                        readelf -A: C-SKY attributes (names, flags, DSP/FPU versions, FPU options), and a gnu vendor dumped raw
//                                      -> (no diagnostics)
// attr-arc.o                         readelf -A: ARC attributes, every tag with known and unknown values, and a gnu vendor
//                                      -> (no diagnostics)
// nds32-flags.o                      readelf -A: NDS32 elf flags (the vector size)
//                                      -> (no diagnostics)
// nds32-flags-eof.o                  readelf -A: an NDS32 elf flags section past the end of the file
//                                      -> (no diagnostics)
// attr-c6000.o                       readelf -A: TI C6000 attributes, every tag with known and unknown values
//                                      -> (no diagnostics)
// attr-riscv.o                       readelf -A: RISC-V attributes (arch, privileged spec, alignment), known and unknown tags
//                                      -> (no diagnostics)
// attr-x86.o                         readelf -A: a GNU attribute section on x86-64 (the default machines dump it raw)
//                                      -> (no diagnostics)
// attr-mips.o                        readelf -A: MIPS GNU attributes, ABI flags with unknown values, a static GOT cut short
//                                      -> (no diagnostics)
// attr-mips-abiflags-size.o          readelf -A: a .MIPS.abiflags of the wrong size, and a .got of zero size
//                                      -> (no diagnostics)
// hash-histogram.elf                 readelf -I: a .hash with empty, long and shared chains
//                                      -> (no diagnostics)
// hash-loop.elf                      readelf -I: a .hash whose chain loops and one that runs past nchain
//                                      -> (no diagnostics)
// hash-s390x.elf                     readelf -I: the 8-byte .hash entries of 64-bit s390
//                                      -> (no diagnostics)
// hash-past-eof.elf                  readelf -I: DT_HASH at an address outside every PT_LOAD
//                                      -> (no diagnostics)
// hash-seek-fail.elf                 readelf -I: DT_HASH past ext4's largest file, where GNU's fseek fails
//                                      -> (no diagnostics)
// gnu-liblist.o                      readelf -A: .gnu.liblist sections (prelink): names long and corrupt, a bad sh_entsize, a bad sh_link
//                                      -> W: Section 3 has an out of range sh_link value of 99
// mips-dynamic.elf                   readelf -A: a dynamic MIPS file with options, conflicts, a primary GOT and a PLT GOT
//                                      -> (no diagnostics)
// CASES-TABLE-END

import { mkdirSync, writeFileSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');

// ---------------------------------------------------------------------------
// constants
// ---------------------------------------------------------------------------
const ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
const EM_SPARC = 2, EM_386 = 3, EM_MIPS = 8, EM_PARISC = 15, EM_PPC64 = 21, EM_S390 = 22,
  EM_ARM = 40, EM_IA_64 = 50, EM_X86_64 = 62, EM_TI_C6000 = 140, EM_AARCH64 = 183, EM_RISCV = 243;
const OSABI_NONE = 0, OSABI_HPUX = 1, OSABI_GNU = 3, OSABI_SOLARIS = 6, OSABI_FREEBSD = 9;
const PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_SHLIB = 5,
  PT_PHDR = 6, PT_TLS = 7;
const PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552,
  PT_GNU_PROPERTY = 0x6474e553, PT_GNU_SFRAME = 0x6474e554;
const PF_X = 1, PF_W = 2, PF_R = 4;
const SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4,
  SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_DYNSYM = 11;
const SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4, SHF_MERGE = 0x10, SHF_STRINGS = 0x20,
  SHF_INFO_LINK = 0x40, SHF_TLS = 0x400;
const DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_DEBUG = 21,
  DT_FLAGS = 30, DT_FLAGS_1 = 0x6ffffffb;
const DF_1_NOW = 0x1, DF_1_PIE = 0x08000000;

const A = SHF_ALLOC, AX = SHF_ALLOC | SHF_EXECINSTR, WA = SHF_WRITE | SHF_ALLOC;
const R = PF_R, RX = PF_R | PF_X, RW = PF_R | PF_W;

const big = (v) => (typeof v === 'bigint' ? v : BigInt(v));
const alignUp = (v, a) => (a > 1 ? Math.ceil(v / a) * a : v);
const ascii = (s) => Uint8Array.from(Buffer.from(s, 'latin1'));
const cstr = (s) => ascii(s + '\0');
const fill = (n, byte = 0) => new Uint8Array(n).fill(byte);

// ---------------------------------------------------------------------------
// byte-level writer
// ---------------------------------------------------------------------------
class Bytes {
  constructor(le) {
    this.le = le;
    this.buf = new Uint8Array(0);
    this.size = 0;
  }
  ensure(end) {
    if (end > this.buf.length) {
      const n = new Uint8Array(Math.max(end, this.buf.length * 2, 256));
      n.set(this.buf);
      this.buf = n;
    }
    if (end > this.size) this.size = end;
  }
  bytes(off, data) {
    this.ensure(off + data.length);
    this.buf.set(data, off);
  }
  uint(off, width, value) {
    let v = big(value) & ((1n << BigInt(width * 8)) - 1n);
    this.ensure(off + width);
    for (let i = 0; i < width; i++) {
      const byte = Number(v & 0xffn);
      v >>= 8n;
      this.buf[this.le ? off + i : off + width - 1 - i] = byte;
    }
  }
  result() {
    return this.buf.slice(0, this.size);
  }
}

// Serialize an ELF model:
//   cls 32|64, le bool, osabi, type, machine, flags, entry, ident {class,data,version} overrides
//   phdrs [{type, flags, offset, vaddr, paddr, filesz, memsz, align}]  (filesz/memsz of a PT_PHDR
//       default to the table size, its offset to e_phoff)
//   phoff, phStride: where/how the table is written (defaults e_ehsize / the real entry size)
//   sections [{name, nameOff, type, flags, addr, offset, size, link, info, align, entsize, data}]
//       index 0 (SHT_NULL) is implicit; sh0 {size, link, info} fills it. hdrOffset / hdrSize
//       put a different sh_offset / sh_size in the header than where the data was written.
//   shstrtab: true -> a ".shstrtab" is appended (name table) after all data
//   blobs [{offset, data}]: extra raw bytes
//   hdr {...}: raw overrides of any e_* field after layout
//   fileSize: pad the file to at least this size; truncate: cut the result to this size
function serialize(m) {
  const is64 = m.cls === 64;
  const w = new Bytes(m.le);
  const ehsize = is64 ? 64 : 52, phent = is64 ? 56 : 32, shent = is64 ? 64 : 40;
  const word = is64 ? 8 : 4;
  const phdrs = m.phdrs ?? [];
  const phoff = m.phoff ?? (phdrs.length ? ehsize : 0);
  const phStride = m.phStride ?? phent;

  // section data and blobs first, so the string table can go after them
  const sections = (m.sections ?? []).map((s) => ({ ...s }));
  let end = Math.max(ehsize, phoff + phdrs.length * phStride);
  for (const s of sections) {
    if (s.data) {
      w.bytes(Number(s.offset), s.data);
      if (s.size === undefined) s.size = s.data.length;
      end = Math.max(end, Number(s.offset) + s.data.length);
    }
    if (s.type !== SHT_NOBITS && s.size !== undefined) {
      end = Math.max(end, Number(big(s.offset ?? 0)) + Number(big(s.size)));
    }
  }
  for (const b of m.blobs ?? []) {
    w.bytes(b.offset, b.data);
    end = Math.max(end, b.offset + b.data.length);
  }

  let shstrndx = 0;
  if (sections.length || m.sh0) {
    if (m.shstrtab !== false) {
      sections.push({ name: '.shstrtab', type: SHT_STRTAB, align: 1 });
    }
    // build the name table
    const names = [];
    let strtab = [0];
    const seen = new Map();
    for (const s of sections) {
      if (s.nameOff !== undefined) continue;
      const bytes = typeof s.name === 'string' ? ascii(s.name) : s.name;
      const key = Buffer.from(bytes).toString('latin1');
      if (!seen.has(key)) {
        seen.set(key, strtab.length);
        strtab.push(...bytes, 0);
      }
      s.nameOff = seen.get(key);
      names.push(key);
    }
    if (m.shstrtab !== false) {
      const st = sections[sections.length - 1];
      st.offset = end;
      st.hdrOffset = m.shstrtabOffset;
      st.data = Uint8Array.from(strtab);
      st.size = st.data.length;
      st.hdrSize = m.shstrtabSize;
      w.bytes(st.offset, st.data);
      end = Math.max(end, st.offset + st.data.length);
      shstrndx = sections.length; // +1 for the null section, -1 for 0-based
    }
  }

  const nsec = sections.length || m.sh0 ? sections.length + 1 : 0;
  const shoff = nsec ? m.shoff ?? alignUp(end, word) : 0;

  // ELF header
  const id = m.ident ?? {};
  w.bytes(0, Uint8Array.from([0x7f, 0x45, 0x4c, 0x46]));
  w.uint(4, 1, id.class ?? (is64 ? 2 : 1));
  w.uint(5, 1, id.data ?? (m.le ? 1 : 2));
  w.uint(6, 1, id.version ?? 1);
  w.uint(7, 1, m.osabi ?? 0);
  w.uint(8, 1, 0);
  w.bytes(9, fill(7));
  const H = {
    type: m.type ?? ET_EXEC,
    machine: m.machine ?? EM_X86_64,
    version: 1,
    entry: m.entry ?? 0,
    phoff: phdrs.length ? phoff : 0,
    shoff,
    flags: m.flags ?? 0,
    ehsize,
    phentsize: phdrs.length ? phent : 0,
    phnum: phdrs.length,
    shentsize: nsec ? shent : 0,
    shnum: nsec,
    shstrndx,
    ...(m.hdr ?? {}),
  };
  const f = is64
    ? { type: [16, 2], machine: [18, 2], version: [20, 4], entry: [24, 8], phoff: [32, 8],
        shoff: [40, 8], flags: [48, 4], ehsize: [52, 2], phentsize: [54, 2], phnum: [56, 2],
        shentsize: [58, 2], shnum: [60, 2], shstrndx: [62, 2] }
    : { type: [16, 2], machine: [18, 2], version: [20, 4], entry: [24, 4], phoff: [28, 4],
        shoff: [32, 4], flags: [36, 4], ehsize: [40, 2], phentsize: [42, 2], phnum: [44, 2],
        shentsize: [46, 2], shnum: [48, 2], shstrndx: [50, 2] };
  for (const [k, [off, width]] of Object.entries(f)) w.uint(off, width, H[k]);

  // program headers (a stride larger than the entry leaves zero padding)
  if (phdrs.length) w.ensure(phoff + phdrs.length * phStride);
  phdrs.forEach((p, i) => {
    const o = phoff + i * phStride;
    const isPhdr = p.type === PT_PHDR;
    const tsize = phdrs.length * phent;
    const P = {
      type: p.type,
      flags: p.flags ?? 0,
      offset: p.offset ?? (isPhdr ? phoff : 0),
      vaddr: p.vaddr ?? 0,
      paddr: p.paddr ?? p.vaddr ?? 0,
      filesz: p.filesz ?? (isPhdr ? tsize : 0),
      memsz: p.memsz ?? p.filesz ?? (isPhdr ? tsize : 0),
      align: p.align ?? 0,
    };
    if (is64) {
      w.uint(o, 4, P.type); w.uint(o + 4, 4, P.flags); w.uint(o + 8, 8, P.offset);
      w.uint(o + 16, 8, P.vaddr); w.uint(o + 24, 8, P.paddr); w.uint(o + 32, 8, P.filesz);
      w.uint(o + 40, 8, P.memsz); w.uint(o + 48, 8, P.align);
    } else {
      w.uint(o, 4, P.type); w.uint(o + 4, 4, P.offset); w.uint(o + 8, 4, P.vaddr);
      w.uint(o + 12, 4, P.paddr); w.uint(o + 16, 4, P.filesz); w.uint(o + 20, 4, P.memsz);
      w.uint(o + 24, 4, P.flags); w.uint(o + 28, 4, P.align);
    }
  });

  // section headers
  if (nsec) {
    const stride = m.shStride ?? shent;
    const all = [{ type: SHT_NULL, nameOff: 0, ...(m.sh0 ?? {}) }, ...sections];
    w.ensure(shoff + all.length * stride);
    all.forEach((s, i) => {
      const o = shoff + i * stride;
      const S = {
        name: s.nameOff ?? 0, type: s.type ?? SHT_PROGBITS, flags: s.flags ?? 0,
        addr: s.addr ?? 0, offset: s.hdrOffset ?? s.offset ?? 0, size: s.hdrSize ?? s.size ?? 0,
        link: s.link ?? 0,
        info: s.info ?? 0, align: s.align ?? 0, entsize: s.entsize ?? 0,
      };
      if (is64) {
        w.uint(o, 4, S.name); w.uint(o + 4, 4, S.type); w.uint(o + 8, 8, S.flags);
        w.uint(o + 16, 8, S.addr); w.uint(o + 24, 8, S.offset); w.uint(o + 32, 8, S.size);
        w.uint(o + 40, 4, S.link); w.uint(o + 44, 4, S.info); w.uint(o + 48, 8, S.align);
        w.uint(o + 56, 8, S.entsize);
      } else {
        w.uint(o, 4, S.name); w.uint(o + 4, 4, S.type); w.uint(o + 8, 4, S.flags);
        w.uint(o + 12, 4, S.addr); w.uint(o + 16, 4, S.offset); w.uint(o + 20, 4, S.size);
        w.uint(o + 24, 4, S.link); w.uint(o + 28, 4, S.info); w.uint(o + 32, 4, S.align);
        w.uint(o + 36, 4, S.entsize);
      }
    });
  }

  if (m.fileSize !== undefined) w.ensure(m.fileSize);
  let out = w.result();
  if (m.truncate !== undefined) out = out.slice(0, m.truncate);
  return out;
}

// ---------------------------------------------------------------------------
// a small, valid executable model that the cases start from and then break
// ---------------------------------------------------------------------------
// Sections are laid out from `start` in file order; "text" sections map at
// base + offset, "data" sections at base + 0x1000 + offset (congruent modulo
// the 0x1000 page, as a linker would do), NOBITS take address space only.
function layout(model, defs, { start = 0x400, base = 0x400000 } = {}) {
  let off = start;
  let dataVaddr = null;
  const out = [];
  for (const d of defs) {
    const size = d.size ?? (d.data ? d.data.length : 0);
    const align = d.align ?? 1;
    const s = { ...d, size, align };
    if (d.type === SHT_NOBITS) {
      dataVaddr = alignUp(dataVaddr ?? base + 0x1000 + off, align);
      s.offset = d.offset ?? off;
      s.addr = d.addr ?? (d.flags & SHF_ALLOC ? dataVaddr : 0);
      // like a linker, .tbss takes no room in the load image
      if ((d.flags & SHF_TLS) === 0) dataVaddr += size;
    } else {
      off = alignUp(off, align);
      s.offset = d.offset ?? off;
      if (d.seg === 'data') {
        dataVaddr = base + 0x1000 + off;
        s.addr = d.addr ?? dataVaddr;
        dataVaddr += size;
      } else if (d.flags & SHF_ALLOC) {
        s.addr = d.addr ?? base + off;
      } else {
        s.addr = d.addr ?? 0;
      }
      off += size;
    }
    delete s.seg;
    out.push(s);
  }
  model.sections = out;
  return model;
}

// span of sections first..last (inclusive, by name) as segment fields
function span(model, first, last = first) {
  const secs = model.sections;
  const i = secs.findIndex((s) => s.name === first);
  const j = secs.findIndex((s) => s.name === last);
  if (i < 0 || j < 0) throw new Error(`span: no ${first}/${last}`);
  const a = secs[i];
  let fileEnd = a.offset, memEnd = a.addr;
  for (let k = i; k <= j; k++) {
    const s = secs[k];
    if (s.type !== SHT_NOBITS) fileEnd = Math.max(fileEnd, s.offset + s.size);
    memEnd = Math.max(memEnd, s.addr + s.size);
  }
  return { offset: a.offset, vaddr: a.addr, filesz: fileEnd - a.offset, memsz: memEnd - a.addr };
}

const secIndex = (model, name) => model.sections.findIndex((s) => s.name === name) + 1;

function note(name, type, desc, le) {
  const n = ascii(name + '\0');
  const nsz = alignUp(n.length, 4);
  const out = new Bytes(le);
  out.uint(0, 4, n.length);
  out.uint(4, 4, desc.length);
  out.uint(8, 4, type);
  out.bytes(12, n);
  out.bytes(12 + nsz, desc);
  out.ensure(12 + nsz + alignUp(desc.length, 4));
  return out.result();
}

function dynamicBytes(cls, le, entries) {
  const b = new Bytes(le);
  const ent = cls === 64 ? 16 : 8, half = ent / 2;
  entries.forEach(([tag, val], i) => {
    b.uint(i * ent, half, tag);
    b.uint(i * ent + half, half, val);
  });
  return b.result();
}

const INTERP64 = '/lib64/ld-linux-x86-64.so.2';
const INTERP32 = '/lib/ld-linux.so.2';

// Options: cls, le, machine, osabi, type, dyn (extra dynamic entries before
// DT_NULL), interp, tls (add .tdata/.tbss + PT_TLS), afterNote (section defs
// laid out right after .note.ABI-tag), start (file offset of the first section),
// dynstr (the .dynstr text before its final NUL; default '\0libc.so.6').
function exec(o = {}) {
  const cls = o.cls ?? 64;
  const le = o.le ?? true;
  const word = cls === 64 ? 8 : 4;
  const dynent = cls === 64 ? 16 : 8;
  const dynstrText = o.dynstr ?? '\0libc.so.6';
  const dynEntries = [[DT_NEEDED, 1], [DT_STRTAB, 0], [DT_STRSZ, dynstrText.length + 1], ...(o.dyn ?? []),
    [DT_DEBUG, 0], [DT_NULL, 0]];
  const m = {
    cls, le,
    type: o.type ?? ET_EXEC,
    machine: o.machine ?? (cls === 64 ? EM_X86_64 : EM_386),
    osabi: o.osabi ?? 0,
  };
  const defs = [
    { name: '.interp', type: SHT_PROGBITS, flags: A, data: cstr(o.interp ?? (cls === 64 ? INTERP64 : INTERP32)), align: 1 },
    { name: '.note.ABI-tag', type: SHT_NOTE, flags: A, align: 4,
      data: note('GNU', 1, Uint8Array.from([0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]), le) },
    ...(o.afterNote ?? []),
    { name: '.dynstr', type: SHT_STRTAB, flags: A, align: 1, data: cstr(dynstrText) },
    { name: '.text', type: SHT_PROGBITS, flags: AX, align: 16, data: fill(48, 0x90) },
  ];
  if (o.tls) {
    defs.push(
      { name: '.tdata', type: SHT_PROGBITS, flags: WA | SHF_TLS, align: 8, data: fill(16, 0x11), seg: 'data' },
      { name: '.tbss', type: SHT_NOBITS, flags: WA | SHF_TLS, align: 8, size: 0x20 },
    );
  }
  defs.push(
    { name: '.dynamic', type: SHT_DYNAMIC, flags: WA, align: word, entsize: dynent, seg: 'data',
      size: dynEntries.length * dynent },
    { name: '.data', type: SHT_PROGBITS, flags: WA, align: word, data: fill(16, 0x5a), seg: 'data' },
    { name: '.bss', type: SHT_NOBITS, flags: WA, align: 16, size: 0x40 },
    { name: '.comment', type: SHT_PROGBITS, flags: SHF_MERGE | SHF_STRINGS, entsize: 1, align: 1,
      data: cstr('GCC: (crafted) 1') },
  );
  layout(m, defs, { start: o.start ?? 0x400 });
  const dynstr = m.sections.find((s) => s.name === '.dynstr');
  dynEntries[1][1] = dynstr.addr;
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  dyn.data = dynamicBytes(cls, le, dynEntries);
  dyn.link = secIndex(m, '.dynstr');

  const text = span(m, '.interp', '.text');
  const dataFirst = o.tls ? '.tdata' : '.dynamic';
  const data = span(m, dataFirst, '.bss');
  m.phdrs = [
    { type: PT_PHDR, flags: R, vaddr: 0x400000 + (cls === 64 ? 64 : 52), align: word },
    { type: PT_INTERP, flags: R, ...span(m, '.interp'), align: 1 },
    { type: PT_LOAD, flags: RX, offset: 0, vaddr: 0x400000, filesz: text.offset + text.filesz,
      memsz: text.offset + text.filesz, align: 0x1000 },
    { type: PT_LOAD, flags: RW, ...data, align: 0x1000 },
    { type: PT_DYNAMIC, flags: RW, ...span(m, '.dynamic'), align: word },
    { type: PT_NOTE, flags: R, ...span(m, '.note.ABI-tag'), align: 4 },
  ];
  if (o.tls) m.phdrs.push({ type: PT_TLS, flags: R, ...span(m, '.tdata', '.tbss'), align: 8 });
  m.phdrs.push({ type: PT_GNU_STACK, flags: RW, align: 16 });
  m.entry = m.sections.find((s) => s.name === '.text').addr;
  return m;
}

const ph = (m, type) => m.phdrs.find((p) => p.type === type);

// ---------------------------------------------------------------------------
// the cases
// ---------------------------------------------------------------------------
// Each: [file name, what it is, expected stderr substrings for `readelf -lW`
// (E:/W: prefixes as in the table), builder returning a model or raw bytes].
const E = (s) => `readelf: Error: ${s}`;
const W = (s) => `readelf: Warning: ${s}`;

const cases = [];
const add = (name, what, expect, build) => cases.push({ name, what, expect, build });

// --- not ELF / truncated header ---------------------------------------------
add('empty.elf', 'an empty file', [E("samples/crafted/empty.elf: Failed to read file's magic number")], () => new Uint8Array(0));
add('not-elf.txt', 'a text file', [E('Not an ELF file - it has the wrong magic bytes at the start')],
  () => ascii('This is not an ELF file.\nIt is a plain text file for the golden tests.\n'));
add('ehdr-trunc-4.elf', 'only the 4 magic bytes', [E("samples/crafted/ehdr-trunc-4.elf: Failed to read file's magic number")],
  () => ascii('\x7fELF'));
add('ehdr-trunc-20.elf', 'first 20 bytes of an ELF64 header', [E('samples/crafted/ehdr-trunc-20.elf: Failed to read file header')],
  () => serialize({ ...exec(), truncate: 20 }));
add('ehdr-trunc-40-of-64.elf', 'ELF64 header cut at 40 bytes', [E('samples/crafted/ehdr-trunc-40-of-64.elf: Failed to read file header')],
  () => serialize({ ...exec(), truncate: 40 }));

// --- valid baselines in all four encodings ------------------------------------
add('exec-le64.elf', 'valid little-endian ELF64 x86-64 executable (baseline)', [], () => serialize(exec()));
add('exec-le32.elf', 'valid little-endian ELF32 i386 executable', [], () => serialize(exec({ cls: 32 })));
add('exec-be32.elf', 'valid big-endian ELF32 MIPS executable', [],
  () => serialize(exec({ cls: 32, le: false, machine: EM_MIPS, interp: '/lib/ld.so.1' })));
add('exec-be64.elf', 'valid big-endian ELF64 PPC64 executable', [],
  () => serialize(exec({ cls: 64, le: false, machine: EM_PPC64, interp: '/lib64/ld64.so.1' })));
add('class-none.elf', 'EI_CLASS 0: readelf treats anything but ELFCLASS64 as 32-bit', [],
  () => serialize({ ...exec({ cls: 32 }), ident: { class: 0 } }));
add('data-none.elf', 'EI_DATA 0 (ELFDATANONE) on a little-endian file: read as little-endian', [],
  () => serialize({ ...exec({ cls: 64 }), ident: { data: 0 } }));
add('data-3.elf', 'EI_DATA 3 (invalid): read as little-endian', [],
  () => serialize({ ...exec({ cls: 32 }), ident: { data: 3 } }));
add('phnum-one.elf', 'a single program header ("There is 1 program header")', [], () => {
  const m = exec();
  m.phdrs = [ph(m, PT_LOAD)];
  return serialize(m);
});
add('no-phdrs.elf', 'executable with e_phoff 0, e_phnum 0 ("There are no program headers")', [], () => {
  const m = exec();
  m.phdrs = [];
  return serialize(m);
});

// --- file types -------------------------------------------------------------------
for (const [name, type, what] of [
  ['type-none.elf', ET_NONE, 'e_type 0 NONE'],
  ['type-rel-with-phdrs.elf', ET_REL, 'ET_REL that has program headers'],
  ['type-core.elf', ET_CORE, 'e_type CORE (the executable model relabelled)'],
  ['type-os.elf', 0xfe05, 'e_type 0xfe05 (OS Specific: (fe05))'],
  ['type-proc.elf', 0xff42, 'e_type 0xff42 (Processor Specific: (ff42))'],
  ['type-unknown.elf', 0x1234, 'e_type 0x1234 (<unknown>: 1234)'],
]) {
  add(name, what, [], () => serialize({ ...exec(), type }));
}
add('dyn-so.elf', 'ET_DYN without DF_1_PIE (Shared object file)', [],
  () => serialize(exec({ type: ET_DYN, dyn: [[DT_FLAGS_1, DF_1_NOW]] })));
add('dyn-pie.elf', 'ET_DYN with DF_1_PIE in DT_FLAGS_1 (Position-Independent Executable file)', [],
  () => serialize(exec({ type: ET_DYN, dyn: [[DT_FLAGS, 8], [DT_FLAGS_1, DF_1_NOW | DF_1_PIE]] })));
add('dyn-pie-second-flags1.elf', 'ET_DYN: first DT_FLAGS_1 lacks PIE, second has it -> Shared object', [],
  () => serialize(exec({ type: ET_DYN, dyn: [[DT_FLAGS_1, DF_1_NOW], [DT_FLAGS_1, DF_1_PIE]] })));
add('dyn-pie-noshdrs.elf', 'ET_DYN PIE without section headers (dynamic found via PT_DYNAMIC)', [], () => {
  const m = exec({ type: ET_DYN, dyn: [[DT_FLAGS_1, DF_1_PIE]] });
  return serialize({ ...m, shstrtab: false, hdr: { shoff: 0, shnum: 0, shstrndx: 0, shentsize: 0 } });
});
add('dyn-pie-be32.elf', 'big-endian ELF32 ET_DYN PIE', [],
  () => serialize(exec({ cls: 32, le: false, machine: EM_MIPS, type: ET_DYN, dyn: [[DT_FLAGS_1, DF_1_PIE]] })));
add('dyn-corrupt-phdrs.elf', 'ET_DYN with e_phentsize 40: errors print twice, before the preamble',
  [E('The e_phentsize field in the ELF header is less than the size of an ELF program header') + ' (x2)'],
  () => serialize({ ...exec({ type: ET_DYN, dyn: [[DT_FLAGS_1, DF_1_PIE]] }), hdr: { phentsize: 40 } }));
add('dyn-too-many-phdrs.elf', 'ET_DYN with e_phnum 0x4000: "Too many program headers" twice',
  [E('Too many program headers - 0x4000 - the file is not that big') + ' (x2)'],
  () => serialize({ ...exec({ type: ET_DYN }), hdr: { phnum: 0x4000 } }));

// --- program header table problems -------------------------------------------------
add('phdrs-truncated.elf', 'program header table runs past the end of the file',
  [E('Reading 392 bytes extends past end of file for program headers')], () => {
    const m = exec();
    m.sections = []; // no section headers: keep the file short
    m.shstrtab = false;
    m.phoff = 0x100;
    m.fileSize = 0x200;
    m.truncate = 0x200;
    return serialize(m);
  });
add('phoff-past-eof.elf', 'e_phoff beyond the end of the file',
  [E('Reading 392 bytes extends past end of file for program headers')],
  () => serialize({ ...exec(), hdr: { phoff: 0x10000 } }));
add('phoff-huge.elf', 'e_phoff 0xffffffffffffff00',
  [E('Reading 392 bytes extends past end of file for program headers')],
  () => serialize({ ...exec(), hdr: { phoff: 0xffffffffffffff00n } }));
add('phnum-too-many.elf', 'e_phnum * 56 >= file size',
  [E('Too many program headers - 0x100 - the file is not that big')],
  () => serialize({ ...exec(), hdr: { phnum: 0x100 } }));
add('phnum-too-many-32.elf', 'ELF32: e_phnum * 32 >= file size (uses 32, not e_phentsize)',
  [E('Too many program headers - 0x80 - the file is not that big')],
  () => serialize({ ...exec({ cls: 32 }), hdr: { phnum: 0x80 } }));
add('phnum-xnum.elf', 'e_phnum 0xffff, real count in section 0 sh_info (valid)', [], () => {
  const m = exec();
  return serialize({ ...m, sh0: { info: m.phdrs.length }, hdr: { phnum: 0xffff } });
});
add('phnum-xnum-noshdrs.elf', 'e_phnum 0xffff and no section headers',
  [E('Too many program headers - 0xffff - the file is not that big')], () => {
    const m = exec();
    return serialize({ ...m, shstrtab: false, sections: [], hdr: { phnum: 0xffff } });
  });
add('phnum-xnum-info0.elf', 'e_phnum 0xffff with section headers but sh_info 0',
  [E('Too many program headers - 0xffff - the file is not that big')],
  () => serialize({ ...exec(), hdr: { phnum: 0xffff } }));
add('phentsize-zero.elf', 'e_phentsize 0: the table is silently not read', [],
  () => serialize({ ...exec(), hdr: { phentsize: 0 } }));
add('phentsize-small64.elf', 'ELF64 e_phentsize 32 (< 56)',
  [E('The e_phentsize field in the ELF header is less than the size of an ELF program header')],
  () => serialize({ ...exec(), hdr: { phentsize: 32 } }));
add('phentsize-small32.elf', 'ELF32 e_phentsize 24 (< 32)',
  [E('The e_phentsize field in the ELF header is less than the size of an ELF program header')],
  () => serialize({ ...exec({ cls: 32 }), hdr: { phentsize: 24 } }));
add('phentsize-large64.elf', 'ELF64 e_phentsize 64, table written at stride 64; readelf reads at stride 56',
  [W('The e_phentsize field in the ELF header is larger than the size of an ELF program header')],
  () => serialize({ ...exec(), phStride: 64, hdr: { phentsize: 64 } }));
add('phentsize-large64-stride56.elf', 'ELF64 e_phentsize 64, table written at stride 56 (reads fine)',
  [W('The e_phentsize field in the ELF header is larger than the size of an ELF program header')],
  () => serialize({ ...exec(), hdr: { phentsize: 64 } }));
add('phentsize-large32-stride32.elf', 'ELF32 e_phentsize 40, table written at stride 32 (reads fine)',
  [W('The e_phentsize field in the ELF header is larger than the size of an ELF program header')],
  () => serialize({ ...exec({ cls: 32 }), hdr: { phentsize: 40 } }));
add('phentsize-large32.elf', 'ELF32 e_phentsize 40, table written at stride 40; readelf reads at stride 32',
  [W('The e_phentsize field in the ELF header is larger than the size of an ELF program header')],
  () => serialize({ ...exec({ cls: 32 }), phStride: 40, hdr: { phentsize: 40 } }));
add('phoff-nonzero-phnum-zero.elf', 'e_phoff != 0 but e_phnum 0',
  [W('possibly corrupt ELF header - it has a non-zero program header offset, but no program headers')],
  () => {
    const m = exec();
    return serialize({ ...m, hdr: { phnum: 0 } });
  });

// --- INTERP ------------------------------------------------------------------------
add('interp-offset-past-eof.elf', 'PT_INTERP p_offset beyond the end of the file',
  [E('Unable to find program interpreter name')], () => {
    const m = exec();
    Object.assign(ph(m, PT_INTERP), { offset: 0x100000 });
    return serialize(m);
  });
add('interp-filesz-past-eof.elf', 'PT_INTERP p_offset inside, p_filesz past the end',
  [E('Unable to find program interpreter name')], () => {
    const m = exec();
    Object.assign(ph(m, PT_INTERP), { filesz: 0x100000 });
    return serialize(m);
  });
add('interp-filesz-zero.elf', 'PT_INTERP with p_filesz 0',
  [E('Unable to find program interpreter name')], () => {
    const m = exec();
    Object.assign(ph(m, PT_INTERP), { filesz: 0, memsz: 0 });
    return serialize(m);
  });
add('interp-unterminated.elf', 'PT_INTERP p_filesz stops before the NUL (prints the p_filesz bytes)', [], () => {
  const m = exec();
  ph(m, PT_INTERP).filesz -= 8;
  return serialize(m);
});
add('interp-embedded-nul.elf', 'interpreter string with an embedded NUL (printed up to it)', [], () => {
  const m = exec({ interp: '/lib/ld.so\0/hidden-part' });
  return serialize(m);
});
add('interp-nonprintable.elf', 'interpreter with control bytes and bytes >= 0x80 (printed raw)', [],
  () => serialize(exec({ interp: '/lib/\x01\x1b[1m\x7f\xe9\xff/ld.so' })));

// --- segment contents checks --------------------------------------------------------
add('load-memsz-lt-filesz.elf', 'PT_LOAD with p_memsz < p_filesz',
  [E("the segment's file size is larger than its memory size")], () => {
    const m = exec();
    m.phdrs.filter((p) => p.type === PT_LOAD)[1].memsz = 0x10;
    return serialize(m);
  });
add('phdr-after-load.elf', 'PT_PHDR after a PT_LOAD (still covered)',
  [E('the PHDR segment must occur before any LOAD segment')], () => {
    const m = exec();
    const p = m.phdrs.shift();
    m.phdrs.splice(2, 0, p);
    return serialize(m);
  });
add('phdr-not-covered.elf', 'PT_PHDR first but not inside any PT_LOAD',
  [E('the PHDR segment is not covered by a LOAD segment')], () => {
    const m = exec();
    const text = m.phdrs.find((p) => p.type === PT_LOAD);
    Object.assign(text, { offset: 0x400, vaddr: 0x400400, filesz: text.filesz - 0x400, memsz: text.memsz - 0x400 });
    return serialize(m);
  });
add('phdr-covered-by-load0.elf', 'LOAD at index 0 covers PT_PHDR at 1: the coverage search starts at j=1',
  [E('the PHDR segment must occur before any LOAD segment'), E('the PHDR segment is not covered by a LOAD segment')],
  () => {
    const m = exec();
    const text = m.phdrs.find((p) => p.type === PT_LOAD);
    m.phdrs = [text, m.phdrs[0], ...m.phdrs.filter((p) => p !== text && p.type !== PT_PHDR)];
    return serialize(m);
  });
add('phdr-not-covered-parisc.elf', 'uncovered PT_PHDR on PA-RISC: no coverage check', [], () => {
  const m = exec({ machine: EM_PARISC, cls: 32, le: false });
  const text = m.phdrs.find((p) => p.type === PT_LOAD);
  Object.assign(text, { offset: 0x400, vaddr: 0x400400, filesz: text.filesz - 0x400, memsz: text.memsz - 0x400 });
  return serialize(m);
});
add('phdr-wrap32.elf', 'ELF32 LOAD at 0xfffff000 whose end passes 2^32 still covers PHDR (64-bit sums)', [], () => {
  const m = exec({ cls: 32 });
  m.phdrs[0].vaddr = 0xfffff000 + 52;
  const text = m.phdrs.find((p) => p.type === PT_LOAD);
  Object.assign(text, { vaddr: 0xfffff000, filesz: 0x2000, memsz: 0x2000 });
  return serialize(m);
});
add('dynamic-twice.elf', 'two PT_DYNAMIC', [E('more than one dynamic segment')], () => {
  const m = exec();
  m.phdrs.splice(5, 0, { ...ph(m, PT_DYNAMIC) });
  return serialize(m);
});
add('dynamic-no-section.elf', 'PT_DYNAMIC but the section headers have no .dynamic',
  [E('no .dynamic section in the dynamic segment')], () => {
    const m = exec();
    m.sections.find((s) => s.name === '.dynamic').name = '.dynamix';
    return serialize(m);
  });
add('dynamic-section-empty.elf', '.dynamic section with sh_size 0',
  [E('no .dynamic section in the dynamic segment')], () => {
    const m = exec();
    const d = m.sections.find((s) => s.name === '.dynamic');
    d.hdrSize = 0;
    return serialize(m);
  });
add('dynamic-nobits.elf', '.dynamic is SHT_NOBITS (like a debuginfo file): silently no dynamic', [], () => {
  const m = exec();
  const d = m.sections.find((s) => s.name === '.dynamic');
  d.type = SHT_NOBITS;
  return serialize(m);
});
add('dynamic-past-eof.elf', 'PT_DYNAMIC beyond the end of the file (no section headers)',
  [E('the dynamic segment offset + size exceeds the size of the file')], () => {
    const m = exec();
    Object.assign(ph(m, PT_DYNAMIC), { offset: 0x10000 });
    return serialize({ ...m, shstrtab: false, sections: [], fileSize: 0x800 });
  });
add('dynamic-section-past-eof.elf', '.dynamic section header points past the end of the file',
  [E('the dynamic segment offset + size exceeds the size of the file')], () => {
    const m = exec();
    const d = m.sections.find((s) => s.name === '.dynamic');
    d.hdrOffset = 0x10000;
    return serialize(m);
  });

// --- segment types ------------------------------------------------------------------
// One PT_NULL-like row per interesting p_type. Non-ALLOC .comment sits in the
// file range of every row, so the mapping shows which types accept it.
function typesFile(o, types) {
  const m = exec(o);
  const c = m.sections.find((s) => s.name === '.comment');
  m.phdrs = [
    m.phdrs[0], // PT_PHDR
    ph(m, PT_LOAD),
    ...types.map((t) => ({ type: t, flags: R, offset: c.offset, vaddr: 0, filesz: c.size, memsz: 0, align: 1 })),
  ];
  return serialize(m);
}
const GENERIC_TYPES = [PT_NULL, PT_SHLIB, PT_TLS, 8, PT_GNU_EH_FRAME, PT_GNU_STACK, PT_GNU_RELRO,
  PT_GNU_PROPERTY, PT_GNU_SFRAME, 0x65a3dbe6, 0x65a3dbe7, 0x65a41be6];
const OS_TYPES = [0x60000000, 0x60000001, 0x60000013, 0x6464e550, 0x6474e555, 0x6474e556, 0x6474f554,
  0x6474f555, 0x6ffffff7, 0x6ffffffa, 0x6ffffffb, 0x6ffffffc, 0x6ffffffd, 0x6fffffff];
const PROC_TYPES = [0x70000000, 0x70000001, 0x70000002, 0x70000003, 0x70000004, 0x7fffffff];
const ODD_TYPES = [0x12345, 0x5fffffff, 0x80000000, 0xffffffff];
const startFor = (n) => alignUp(64 + (n + 2) * 56 + 64, 0x100);
for (const [name, o, types, what] of [
  ['segtypes-generic.elf', { osabi: OSABI_NONE }, [...GENERIC_TYPES, ...ODD_TYPES], 'generic, GNU, OpenBSD and out-of-range p_types'],
  ['segtypes-os-sysv.elf', { osabi: OSABI_NONE }, OS_TYPES, 'LOOS range with OSABI 0 (all LOOS+x)'],
  ['segtypes-os-gnu.elf', { osabi: OSABI_GNU }, OS_TYPES, 'LOOS range with OSABI GNU (GNU_MBIND+x)'],
  ['segtypes-os-freebsd.elf', { osabi: OSABI_FREEBSD }, OS_TYPES, 'LOOS range with OSABI FreeBSD (GNU_MBIND+x)'],
  ['segtypes-os-solaris.elf', { osabi: OSABI_SOLARIS, machine: EM_SPARC, cls: 32, le: false }, OS_TYPES,
    'LOOS range with OSABI Solaris (PT_SUNW*)'],
  ['segtypes-os-hpux-parisc.elf', { osabi: OSABI_HPUX, machine: EM_PARISC, cls: 32, le: false },
    [...Array.from({ length: 0x16 }, (_, i) => 0x60000000 + i), 0x6474e555],
    'LOOS range with OSABI HP-UX on PA-RISC (HP_*)'],
  ['segtypes-os-hpux-ia64.elf', { osabi: OSABI_HPUX, machine: EM_IA_64 },
    [...Array.from({ length: 0x16 }, (_, i) => 0x60000000 + i)],
    'LOOS range with OSABI HP-UX on IA-64'],
  ['segtypes-proc-x86_64.elf', { machine: EM_X86_64 }, PROC_TYPES, 'LOPROC range on x86-64 (all LOPROC+x)'],
  ['segtypes-proc-arm.elf', { machine: EM_ARM, cls: 32 }, PROC_TYPES, 'LOPROC range on ARM (EXIDX)'],
  ['segtypes-proc-aarch64.elf', { machine: EM_AARCH64 }, PROC_TYPES, 'LOPROC range on AArch64'],
  ['segtypes-proc-mips.elf', { machine: EM_MIPS, cls: 32, le: false }, PROC_TYPES, 'LOPROC range on MIPS'],
  ['segtypes-proc-riscv.elf', { machine: EM_RISCV }, PROC_TYPES, 'LOPROC range on RISC-V'],
  ['segtypes-proc-parisc.elf', { machine: EM_PARISC, cls: 32, le: false }, PROC_TYPES, 'LOPROC range on PA-RISC'],
  ['segtypes-proc-ia64.elf', { machine: EM_IA_64 }, PROC_TYPES, 'LOPROC range on IA-64'],
  ['segtypes-proc-c6000.elf', { machine: EM_TI_C6000, cls: 32 }, PROC_TYPES, 'LOPROC range on TI C6000'],
  ['segtypes-proc-s390.elf', { machine: EM_S390 }, PROC_TYPES, 'LOPROC range on S/390'],
]) {
  add(name, what, [], () => typesFile({ ...o, start: startFor(types.length) }, types));
}

// --- widths and big values ------------------------------------------------------------
add('big-values-64.elf', 'ELF64 values wider than the column minimums (and align 0)', [], () => {
  const m = exec();
  m.phdrs.push(
    { type: PT_NULL, offset: 0x123456789an, vaddr: 0xffffffff80000000n, paddr: 0x1n,
      filesz: 0x1234567n, memsz: 0xfedcba9876543210n, align: 0, flags: 0xfffffff8 },
    { type: PT_NULL, offset: 0, vaddr: 0, filesz: 0, memsz: 0, align: 0x8000000000000000n, flags: 7 },
  );
  return serialize(m);
});
add('big-values-32.elf', 'ELF32 with 64-bit-looking values (0xffffffff, widths > 5 digits, align 0)', [], () => {
  const m = exec({ cls: 32 });
  m.phdrs.push(
    { type: PT_NULL, offset: 0x12345678, vaddr: 0xffffffff, paddr: 0x80000000, filesz: 0x123456,
      memsz: 0xffffffff, align: 0, flags: 0xfffffff8 },
    { type: PT_NULL, offset: 0, vaddr: 0, filesz: 0, memsz: 0, align: 0x80000000, flags: 7 },
  );
  return serialize(m);
});

// --- zero sizes, segment ends and the p_filesz - 1 wrap --------------------------------
add('zero-size-segments.elf', 'LOAD and NOTE with 0 filesz/memsz, with zero-size sections at them', [], () => {
  const m = exec();
  const off = 0x3f0;
  m.sections.push(
    { name: '.zero.load', type: SHT_PROGBITS, flags: A, offset: off, addr: 0x500000, size: 0, align: 1 },
    { name: '.zero.note', type: SHT_NOTE, flags: A, offset: off, addr: 0x500000, size: 0, align: 4 },
  );
  m.phdrs.splice(m.phdrs.length - 1, 0,
    { type: PT_LOAD, flags: R, offset: off, vaddr: 0x500000, filesz: 0, memsz: 0, align: 0x1000 },
    { type: PT_NOTE, flags: R, offset: off, vaddr: 0x500000, filesz: 0, memsz: 0, align: 4 });
  return serialize(m);
});
for (const cls of [64, 32]) {
  add(`filesz-zero-wrap${cls}.elf`, `ELF${cls}: last PT_LOAD has p_filesz 0 (bss only): p_filesz - 1 wraps`, [], () => {
    const m = exec({ cls });
    const fileEnd = Math.max(...m.sections.map((s) => (s.type === SHT_NOBITS ? 0 : s.offset + s.size)));
    const off = alignUp(fileEnd, 16);
    m.sections.push(
      // zero-size PROGBITS at the segment's offset: inside only because of the wrap
      { name: '.marker', type: SHT_PROGBITS, flags: WA, offset: off, addr: 0x600000, size: 0, align: 1 },
      // non-zero PROGBITS past the segment's (empty) file image: not inside
      { name: '.after', type: SHT_PROGBITS, flags: WA, offset: off, addr: 0x600000, size: 8, align: 1, data: fill(8, 1) },
      { name: '.bss2', type: SHT_NOBITS, flags: WA, offset: off + 8, addr: 0x600000, size: 0x100, align: 16 },
      { name: '.bss3', type: SHT_NOBITS, flags: WA, offset: off + 8, addr: 0x600100, size: 0x100, align: 16 },
    );
    m.phdrs.splice(m.phdrs.length - 1, 0,
      { type: PT_LOAD, flags: RW, offset: off, vaddr: 0x600000, filesz: 0, memsz: 0x200, align: 0x1000 });
    return serialize(m);
  });
}
add('sections-at-segment-end.elf', 'zero-size sections exactly at a segment end (excluded) and start', [], () => {
  const m = exec();
  const text = m.sections.find((s) => s.name === '.text');
  const tEnd = text.offset + text.size;
  const note = m.sections.find((s) => s.name === '.note.ABI-tag');
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  const bss = m.sections.find((s) => s.name === '.bss');
  m.sections.push(
    { name: '.end.text', type: SHT_PROGBITS, flags: AX, offset: tEnd, addr: text.addr + text.size, size: 0, align: 1 },
    { name: '.start.text', type: SHT_PROGBITS, flags: AX, offset: 0, addr: 0x400000, size: 0, align: 1 },
    { name: '.start.note', type: SHT_NOTE, flags: A, offset: note.offset, addr: note.addr, size: 0, align: 4 },
    { name: '.end.note', type: SHT_NOTE, flags: A, offset: note.offset + note.size, addr: note.addr + note.size, size: 0, align: 4 },
    { name: '.start.dyn', type: SHT_PROGBITS, flags: WA, offset: dyn.offset, addr: dyn.addr, size: 0, align: 1 },
    { name: '.end.bss', type: SHT_NOBITS, flags: WA, offset: bss.offset, addr: bss.addr + bss.size, size: 0, align: 1 },
    { name: '.mid.bss', type: SHT_NOBITS, flags: WA, offset: bss.offset, addr: bss.addr + 0x10, size: 0, align: 1 },
    { name: '.past.bss', type: SHT_NOBITS, flags: WA, offset: bss.offset, addr: bss.addr + 0x30, size: 0x20, align: 1 },
  );
  return serialize(m);
});
add('tls-tbss.elf', '.tdata + NOBITS .tbss in PT_TLS, PT_LOAD and PT_GNU_RELRO', [], () => {
  const m = exec({ tls: true });
  const tdata = span(m, '.tdata', '.dynamic');
  m.phdrs.splice(m.phdrs.length - 1, 0, { type: PT_GNU_RELRO, flags: R, ...tdata, align: 1 });
  return serialize(m);
});
add('note-nonalloc.elf', 'non-ALLOC note inside a PT_NOTE (and a PT_NULL by offset), not in PT_LOAD', [], () => {
  const extra = note('crafted', 0x1234, fill(8, 0xab), true);
  const m = exec({ afterNote: [{ name: '.note.crafted', type: SHT_NOTE, flags: 0, align: 4, data: extra }] });
  const ns = span(m, '.note.ABI-tag', '.note.crafted');
  Object.assign(ph(m, PT_NOTE), { ...ns, memsz: ns.filesz });
  m.phdrs.splice(m.phdrs.length - 1, 0, { type: PT_NULL, offset: 0, vaddr: 0, filesz: 0x1000, memsz: 0, align: 0 });
  return serialize(m);
});

// --- section header problems ------------------------------------------------------------
add('shstrndx-out-of-range.elf', 'e_shstrndx >= e_shnum: treated as 0, no mapping block; no names, so no .dynamic',
  [E('no .dynamic section in the dynamic segment')],
  () => serialize({ ...exec(), hdr: { shstrndx: 50 } }));
add('shstrndx-zero.elf', 'e_shstrndx 0: no mapping block; no names, so no .dynamic',
  [E('no .dynamic section in the dynamic segment')], () => serialize({ ...exec(), hdr: { shstrndx: 0 } }));
add('shstrndx-xindex.elf', 'e_shstrndx 0xffff with the real index in section 0 sh_link (valid)', [], () => {
  const m = exec();
  return serialize({ ...m, sh0: { link: m.sections.length + 1 }, hdr: { shstrndx: 0xffff } });
});
add('shstrndx-xindex-bad.elf', 'e_shstrndx 0xffff with section 0 sh_link out of range',
  [W('Section 0 has an out of range sh_link value of 99')], () => {
    const m = exec();
    return serialize({ ...m, sh0: { link: 99 }, hdr: { shstrndx: 0xffff } });
  });
add('shnum-zero-xnum.elf', 'e_shnum 0 with the count in section 0 sh_size (valid)', [], () => {
  const m = exec();
  return serialize({ ...m, sh0: { size: m.sections.length + 2 }, hdr: { shnum: 0 } });
});
add('shoff-nonzero-shnum-zero.elf', 'e_shnum 0, sh_size 0 but e_shoff != 0',
  [W('possibly corrupt ELF file header - it has a non-zero section header offset, but no section headers')],
  () => serialize({ ...exec(), hdr: { shnum: 0 } }));
add('shdrs-past-eof.elf', 'section header table beyond the end of the file',
  [E('Reading 640 bytes extends past end of file for section headers')],
  () => serialize({ ...exec(), hdr: { shoff: 0x100000 } }));
add('shentsize-small.elf', 'e_shentsize 40 in an ELF64 file',
  [E('The e_shentsize field in the ELF header is less than the size of an ELF section header')],
  () => serialize({ ...exec(), hdr: { shentsize: 40 } }));
add('shentsize-large.elf', 'e_shentsize 72 in an ELF64 file, table at stride 72 (misread)',
  [W('The e_shentsize field in the ELF header is larger than the size of an ELF section header')],
  () => serialize({ ...exec(), shStride: 72, hdr: { shentsize: 72 } }));
add('shentsize-large-stride64.elf', 'e_shentsize 72 in an ELF64 file, table at stride 64 (reads fine)',
  [W('The e_shentsize field in the ELF header is larger than the size of an ELF section header')],
  () => serialize({ ...exec(), fileSize: 0x1000, hdr: { shentsize: 72 } }));
add('shstrtab-past-eof.elf', 'section name table offset past the end of the file',
  [E('Reading 76 bytes extends past end of file for string table'),
    E('no .dynamic section in the dynamic segment')],
  () => serialize({ ...exec(), shstrtabOffset: 0x100000 }));
add('shstrtab-size-zero.elf', 'section name table with sh_size 0: no mapping block; no names, so no .dynamic',
  [E('no .dynamic section in the dynamic segment')],
  () => serialize({ ...exec(), shstrtabSize: 0 }));
add('shlink-out-of-range.elf', 'a section whose sh_link > e_shnum',
  [W('Section 5 has an out of range sh_link value of 200')], () => {
    const m = exec();
    m.sections[4].link = 200;
    return serialize(m);
  });
add('shinfo-out-of-range.elf', 'SHF_INFO_LINK section whose sh_info > e_shnum',
  [W('Section 7 has an out of range sh_info value of 300')], () => {
    const m = exec();
    Object.assign(m.sections[6], { flags: m.sections[6].flags | SHF_INFO_LINK, info: 300 });
    return serialize(m);
  });
add('dynsym-bad-entsize.elf', 'SHT_DYNSYM with sh_entsize 0x10 in an ELF64 file',
  [E('Section 9 has invalid sh_entsize of 10'), E('(Using the expected size of 18 for the rest of this dump)')],
  () => {
    const m = exec();
    m.sections.push({ name: '.dynsym', type: SHT_DYNSYM, flags: A, offset: 0x3a0, addr: 0x4003a0, size: 0x30,
      entsize: 0x10, link: 3, info: 1, align: 8, data: fill(0x30) });
    return serialize(m);
  });
add('dynsym-twice.elf', 'two SHT_DYNSYM sections', [E('File contains multiple dynamic symbol tables')], () => {
  const m = exec();
  for (const n of ['.dynsym', '.dynsym2']) {
    m.sections.push({ name: n, type: SHT_DYNSYM, flags: A, offset: 0x3a0, addr: 0x4003a0, size: 0x30,
      entsize: 0x18, link: 3, info: 1, align: 8, data: fill(0x30) });
  }
  return serialize(m);
});
add('dynstr-twice.elf', 'two SHT_STRTAB sections named .dynstr', [E('File contains multiple dynamic string tables')],
  () => {
    const m = exec();
    const d = m.sections.find((s) => s.name === '.dynstr');
    m.sections.push({ ...d });
    return serialize(m);
  });

// --- section names ----------------------------------------------------------------------
add('section-names-weird.elf', 'names with control bytes, DEL, bytes >= 0x80, sh_name past the table, 300 chars', [],
  () => {
    const m = exec();
    const text = m.sections.find((s) => s.name === '.text');
    const mk = (name, extra = {}) => ({ name, type: SHT_PROGBITS, flags: AX, offset: text.offset,
      addr: text.addr, size: 4, align: 1, ...extra });
    m.sections.push(
      mk('.ctl\x01\x09\x1f'),
      mk('.del\x7f'),
      mk('.hi\x80\xe9\xff'),
      mk('', {}),
      mk('.corrupt', { nameOff: 0x7fff }),
      mk('L'.repeat(300)),
      mk('C'.repeat(255) + '\x01'),
      mk('H'.repeat(254) + '\x80'),
      mk('h'.repeat(252) + '\xab\xcd'),
      mk('.text'),
    );
    return serialize(m);
  });
add('section-name-mid-string.elf', 'sh_name pointing into the middle of another name ("text" of ".text")', [],
  () => {
    const m = exec();
    const text = m.sections.find((s) => s.name === '.text');
    m.sections.push({ ...text, name: undefined, nameOff: 1 + '.interp\0.note.ABI-tag\0.dynstr\0'.length + 1 });
    return serialize(m);
  });

// --- readelf -n: notes ------------------------------------------------------------
// Note areas built byte by byte: every note family GNU decodes, the corrupt and
// truncated forms and their diagnostics, segments instead of sections, core files.
const EM_V850 = 87;
const OSABI_OPENVMS = 13;
const SHT_RENESAS_INFO = 0xa0000000;
// One note: `name` as given (add the NUL yourself), namesz/descsz default to the
// lengths given; name and descriptor padded to `align` from the note's start
// (`packed`: the descriptor right after the name bytes given, whatever namesz says).
function nt(le, { name = '', namesz, type = 0, desc = [], descsz, align = 4, packed = false }) {
  const nb = typeof name === 'string' ? ascii(name) : Uint8Array.from(name);
  const db = desc instanceof Uint8Array ? desc : Uint8Array.from(desc);
  const b = new Bytes(le);
  const nsz = namesz ?? nb.length;
  b.uint(0, 4, nsz);
  b.uint(4, 4, descsz ?? db.length);
  b.uint(8, 4, type);
  b.bytes(12, nb);
  const at = alignUp(12 + (packed ? nb.length : nsz), align);
  b.bytes(at, db);
  b.ensure(alignUp(at + db.length, align));
  return b.result();
}
const cat = (...parts) => Uint8Array.from(Buffer.concat(parts.map((p) => Buffer.from(p))));
const words = (le, width, ...vals) => {
  const b = new Bytes(le);
  vals.forEach((v, i) => b.uint(i * width, width, v));
  return b.result();
};
// A GNU property: type, data (bytes), padded to `size`.
const prop = (le, size, type, data) => {
  const d = Uint8Array.from(data);
  const b = new Bytes(le);
  b.uint(0, 4, type);
  b.uint(4, 4, d.length);
  b.bytes(8, d);
  b.ensure(8 + alignUp(d.length, size));
  return b.result();
};
const p32 = (le, size, type, v) => prop(le, size, type, words(le, 4, v));
const noteSec = (name, data, align = 4, extra = {}) => ({ name, type: SHT_NOTE, flags: A, align, data, ...extra });

add('notes-gnu.elf', 'readelf -n: GNU notes: every x86 property form, ABI tags, HWCAP, gold version, unknown GNU types',
  [], () => {
    const le = true, P = (t, v) => p32(le, 8, t, v);
    const props = cat(P(0xc0000002, 3), P(0xc0008002, 1), P(0xc0010002, 0x1f), P(0xc0010001, 0x1fff),
      P(0xc0008001, 0), P(0xc0000000, 0x13ffff), P(0xc0000001, 0), P(0xc0010000, 0x3ffffff), P(0xc0008000, 0),
      prop(le, 8, 0xc0000002, fill(8)), P(0xc0001234, 7), prop(le, 8, 1, words(le, 8, 0x800000)), P(1, 4),
      prop(le, 8, 2, []), P(2, 1), P(0xb0008000, 3), prop(le, 8, 0xb0008000, fill(8)), P(0xb0000001, 5),
      P(0xb0008001, 0), prop(le, 8, 0xb0000002, [1, 2]), prop(le, 8, 0x1234, [0xa, 0xb, 0xc]),
      prop(le, 8, 0xe0000001, []), prop(le, 8, 0xd0000000, [1]));
    const gnu = (type, desc, o = {}) => nt(le, { name: 'GNU\0', type, desc, ...o });
    return serialize(exec({ afterNote: [
      noteSec('.note.gnu.property', cat(
        gnu(5, props, { align: 8 }),
        gnu(5, cat(P(0xc0000002, 1), words(le, 4, 0xc0000002, 0x40)), { align: 8 }), // datasz past the end
        gnu(5, fill(12), { align: 8 }), // not a multiple of 8
        gnu(5, fill(4), { align: 8 })), 8),
      noteSec('.note.abi', cat(gnu(1, words(le, 4, 1, 0, 5, 0)), gnu(1, words(le, 4, 6, 0xffffffff, 2, 3)),
        gnu(1, words(le, 4, 9, 1, 2, 3)), gnu(1, words(le, 4, 0, 3, 2)))),
      noteSec('.note.misc', cat(gnu(2, words(le, 4, 2, 0x3, 0)), gnu(4, cstr('gold 1.16\0junk')),
        gnu(3, Uint8Array.from({ length: 20 }, (_, i) => i * 13)), gnu(0x100, [1, 2, 3]), gnu(0x999, []),
        gnu(2, [1, 2, 3, 4]), gnu(3, []))),
    ] }));
  });
add('notes-props-i386.elf', 'readelf -n: ELF32 properties (4-byte padding), a truncated property list',
  [], () => {
    const le = true, P = (t, v) => p32(le, 4, t, v);
    const gnu = (desc) => nt(le, { name: 'GNU\0', type: 5, desc });
    return serialize(exec({ cls: 32, afterNote: [
      noteSec('.note.gnu.property', cat(
        gnu(cat(P(0xc0000002, 2), P(0xc0008002, 2), P(1, 0x10000), prop(le, 4, 1, fill(8)), P(0xc0008000, 0x300))),
        gnu(cat(prop(le, 4, 0xc0000002, []), fill(4))))),
    ] }));
  });
add('notes-props-aarch64.elf', 'readelf -n: AArch64 properties: BTI, PAC, unknown bits, corrupt length, x86 types as unknown',
  [], () => {
    const le = true, P = (t, v) => p32(le, 8, t, v);
    return serialize(exec({ machine: EM_AARCH64, interp: '/lib/ld-linux-aarch64.so.1', afterNote: [
      noteSec('.note.gnu.property', nt(le, { name: 'GNU\0', type: 5, align: 8,
        desc: cat(P(0xc0000000, 0x13), prop(le, 8, 0xc0000000, fill(8)), P(0xc0000002, 3), P(0xc0000000, 0)) }), 8),
    ] }));
  });
add('notes-owners.elf', 'readelf -n: owners: none, long, control bytes, unterminated, BSDs, SPU, stapsdt, FDO, Go, AMDGPU',
  [], () => {
    const le = true, w = (...v) => words(le, 4, ...v), q = (...v) => words(le, 8, ...v);
    const stap = (...parts) => cat(q(0x401000, 0x402000, 0), ...parts.map(cstr));
    return serialize(exec({ afterNote: [
      noteSec('.note.owners', cat(
        nt(le, { type: 1, desc: w(7) }),
        nt(le, { type: 3, desc: cstr('GNU\0\x01\x02') }), // namesz 0: GNU reads the name from the descriptor
        nt(le, { name: 'AnOwnerNameLongerThanTwenty\0', type: 1, desc: [1] }),
        nt(le, { name: 'A\x01B\x7fC\xe9\0', type: 2, desc: [] }),
        nt(le, { name: 'ABCD', type: 1, desc: [5] }),
        nt(le, { name: 'ABCDE', type: 1, desc: [6] }),
        nt(le, { name: 'GNU\0', namesz: 0x10, type: 3, desc: [0xaa] }),
        nt(le, { name: 'FreeBSD\0', type: 1, desc: w(1300000) }),
        nt(le, { name: 'FreeBSD\0', type: 7, desc: [] }),
        nt(le, { name: 'OpenBSD\0', type: 10, desc: [] }),
        nt(le, { name: 'NetBSD\0', type: 1, desc: w(900000000) }),
        nt(le, { name: 'NetBSD\0', type: 1, desc: w(105010000) }),
        nt(le, { name: 'NetBSD\0', type: 1, desc: w(106270000) }),
        nt(le, { name: 'NetBSD\0', type: 5, desc: cstr('earmv7hf') }),
        nt(le, { name: 'PaX\0', type: 3, desc: w(0x15) }),
        nt(le, { name: 'PaX\0', type: 3, desc: w(0x2a) }),
        nt(le, { name: 'NetBSD\0', type: 1, desc: [] }),
        nt(le, { name: 'NetBSD\0', type: 99, desc: w(1) }),
        nt(le, { name: 'NetBSD-CORE\0', type: 33, desc: [] }),
        nt(le, { name: 'NetBSD-CORE\0', type: 40, desc: [] }),
        nt(le, { name: 'SPU/spu.elf\0', type: 1, desc: [1, 2] }),
        nt(le, { name: 'IPF/VMS\0', type: 2, desc: cstr('C') }),
        nt(le, { name: 'stapsdt\0', type: 3, desc: stap('libfoo', 'probe1', '-4@%eax 8@%rdx') }),
        nt(le, { name: 'stapsdt\0', type: 3, desc: cat(stap('p', 'n', ''), [0x7a]) }),
        nt(le, { name: 'stapsdt\0', type: 3, desc: cat(q(1, 2, 3), ascii('p\0n')) }),
        nt(le, { name: 'stapsdt\0', type: 3, desc: q(1, 2) }),
        nt(le, { name: 'stapsdt\0', type: 9, desc: [] }),
        nt(le, { name: 'FDO\0', type: 0xcafe1a7e, desc: cstr('{"type":"deb","name":"crafted"}') }),
        nt(le, { name: 'FDO\0', type: 0xcafe1a7e, desc: [] }),
        nt(le, { name: 'FDO\0', type: 1, desc: [1] }),
        nt(le, { name: 'Go\0', type: 4, desc: cstr('abc/def') }),
        nt(le, { name: 'AMDGPU\0', type: 32, desc: [0x81, 0xa1, 0x61, 1] }),
        nt(le, { name: 'AMDGPU\0', type: 1, desc: [] }),
        nt(le, { name: 'LINUX\0', type: 0x202, desc: [1, 2, 3] }),
        nt(le, { name: 'CORE\0', type: 1, desc: [1] }),
        nt(le, { name: 'CORE\0', type: 0x46494c45, desc: [1] }),
        nt(le, { name: 'GA\0', type: 1, desc: [] }),
        nt(le, { name: 'Xen\0', type: 2, desc: [] }))),
    ] }));
  });
// Sets a section's header field after layout (placement is unchanged).
function setSec(m, name, fields) {
  Object.assign(m.sections.find((s) => s.name === name), fields);
  return m;
}
add('notes-align.elf', 'readelf -n: note section alignments 0, 2, 8, 16 and 2^63+1 (4 and 8 only; below 4 means 4)',
  [], () => {
    const gnu = nt(true, { name: 'GNU\0', type: 3, desc: [1, 2, 3, 4] });
    const m = exec({ afterNote: [noteSec('.note.a0', gnu, 0), noteSec('.note.a2', gnu, 2), noteSec('.note.a8', nt(true, { name: 'GNU\0', type: 3, desc: [1, 2, 3, 4], align: 8 }), 8),
      noteSec('.note.a16', gnu, 16), noteSec('.note.ahuge', gnu, 4)] });
    return serialize(setSec(m, '.note.ahuge', { align: 0x8000000000000001n }));
  });
add('notes-corrupt.elf', 'readelf -n: truncated note areas, oversized namesz/descsz, empty and out-of-file note sections',
  [], () => {
    const le = true, gnu = nt(le, { name: 'GNU\0', type: 3, desc: [1, 2, 3, 4] });
    const big = (o) => nt(le, { name: 'GNU\0', type: 3, desc: [1, 2, 3, 4], ...o });
    const m = exec({ afterNote: [
      noteSec('.note.short1', cat(gnu, [0x55])), noteSec('.note.short8', cat(gnu, fill(8, 1))),
      noteSec('.note.descsz', cat(gnu, big({ descsz: 0x1000 }))), noteSec('.note.namesz', big({ namesz: 0xfffffff0, packed: true })),
      noteSec('.note.pad', cat(gnu, big({ desc: [1, 2, 3, 4, 5] }).slice(0, 21))),
      noteSec('.note.empty', new Uint8Array(0)), noteSec('.note.eof', gnu), noteSec('.note.after', gnu)] });
    return serialize(setSec(m, '.note.eof', { hdrOffset: 0x100000 }));
  });
add('notes-segments.elf', 'readelf -n: no section headers: PT_NOTE segments (4- and 8-aligned, empty, past the end, align 16)',
  [], () => {
    const le = true;
    const m = exec({ afterNote: [
      noteSec('.note.gnu.property', nt(le, { name: 'GNU\0', type: 5, align: 8, desc: p32(le, 8, 0xc0000002, 3) }), 8)] });
    const prop = span(m, '.note.gnu.property');
    m.phdrs.push({ type: PT_NOTE, flags: R, ...prop, align: 8 }, { type: PT_NOTE, flags: R, offset: 0x200, align: 4 },
      { type: PT_NOTE, flags: R, offset: 0x100000, filesz: 16, memsz: 16, align: 4 },
      { type: PT_NOTE, flags: R, ...span(m, '.note.ABI-tag'), align: 16 });
    return serialize({ ...m, shstrtab: false, hdr: { shoff: 0, shnum: 0, shstrndx: 0, shentsize: 0 } });
  });
// An ET_CORE with PT_NOTE segments holding `areas`, one each, after the program headers.
function core(cls, le, machine, areas, o = {}) {
  const ph = cls === 64 ? 56 : 32, eh = cls === 64 ? 64 : 52;
  let off = alignUp(eh + (areas.length + 1) * ph, 16);
  const blobs = [], phdrs = [];
  for (const a of areas) {
    blobs.push({ offset: off, data: a });
    phdrs.push({ type: PT_NOTE, offset: off, filesz: a.length, memsz: 0, align: o.align ?? 4 });
    off = alignUp(off + a.length, 16);
  }
  phdrs.push({ type: PT_LOAD, flags: RW, offset: off, vaddr: 0x8000000, filesz: 0x100, memsz: 0x100, align: 0x1000 });
  return serialize({ cls, le, type: ET_CORE, machine, osabi: o.osabi ?? 0, phdrs, blobs, fileSize: off + 0x100 });
}
add('notes-core32.elf', 'readelf -n: ELF32 core file: CORE and LINUX notes, NT_FILE decoded, malformed NT_FILE notes',
  [], () => {
    const le = true, w = (...v) => words(le, 4, ...v);
    const C = (type, desc) => nt(le, { name: 'CORE\0', type, desc });
    const files = cat(w(2, 0x1000, 0x8048000, 0x8049000, 0, 0x8049000, 0x804a000, 1), cstr('/bin/crafted'), cstr('/lib/libc.so.6'));
    return core(32, le, EM_386, [
      cat(C(1, fill(0x44)), C(3, fill(0x7c)), nt(le, { name: 'CORE\0', type: 0x53494749, desc: fill(0x80) }),
        C(6, fill(0x20)), C(0x46494c45, files), C(2, fill(0x6c)), nt(le, { name: 'LINUX\0', type: 0x200, desc: fill(16, 0xff) }),
        nt(le, { name: 'LINUX\0', type: 0x202, desc: [] }), C(0xff000000, cstr('<target/>')), C(0x46e62b7f, [])),
      C(0x46494c45, w(1)),
      C(0x46494c45, w(1, 0x1000, 1, 2, 3, 0x41414141)),
      C(0x46494c45, cat(w(3, 0x1000, 1, 2, 3), cstr('x'))),
      C(0x46494c45, cat(w(2, 0x1000, 1, 2, 3, 4, 5, 6), cstr('only-one'))),
      cat(C(0x46494c45, cat(w(0, 0x1000), [0])), C(99, [])),
    ]);
  });
add('notes-core-be64.elf', 'readelf -n: big-endian ELF64 core: NT_FILE not decoded (64-bit), PPC, FreeBSD, NetBSD-CORE, OpenBSD names',
  [], () => {
    const le = false, C = (name, type, desc = []) => nt(le, { name: name + '\0', type, desc });
    return core(64, le, EM_PPC64, [cat(C('CORE', 1, fill(8)), C('CORE', 0x46494c45, fill(16)), C('LINUX', 0x100),
      C('LINUX', 0x10f), C('LINUX', 0x300), C('LINUX', 0x30c), C('LINUX', 0x400), C('LINUX', 0x40a), C('LINUX', 0x600),
      C('LINUX', 0x900), C('LINUX', 10), C('LINUX', 18), C('FreeBSD', 0x200), C('FreeBSD', 17), C('FreeBSD', 3),
      C('NetBSD-CORE', 1), C('NetBSD-CORE', 24), C('NetBSD-CORE', 31), C('NetBSD-CORE', 35), C('OpenBSD', 23),
      C('OpenBSD', 22), C('SPU/7/regs', 1))]);
  });
add('notes-core-nophdrs.elf', 'readelf -n: a core file without program headers ("No notes found file.")',
  [], () => serialize({ ...exec({ type: ET_CORE }), phdrs: [] }));
// A VMS note (IA-64 OpenVMS): 64-bit namesz, descsz and type; name and descriptor padded to 8.
function vmsNote(name, type, desc) {
  const nb = ascii(name), db = Uint8Array.from(desc);
  const b = new Bytes(true);
  b.uint(0, 8, nb.length);
  b.uint(8, 8, db.length);
  b.uint(16, 8, type);
  b.bytes(24, nb);
  const at = 24 + alignUp(nb.length, 8);
  b.bytes(at, db);
  b.ensure(at + alignUp(db.length, 8));
  return b.result();
}
add('notes-vms.elf', 'readelf -n: IA-64 OpenVMS notes (64-bit note headers): module header, times, ids, short descriptors',
  [], () => {
    const le = true, q = (...v) => words(le, 8, ...v), V = (type, desc) => vmsNote('IPF/VMS\0', type, desc);
    const t2020 = 50845536000000000n;
    const orig = cat(words(le, 4, 1, 2), q(t2020, 0x1234), words(le, 4, 0xabcd, 0), ascii('IMAGE-ID'));
    return serialize(exec({ machine: EM_IA_64, osabi: OSABI_OPENVMS, afterNote: [noteSec('.note.vms', cat(
      V(1, cat(ascii('01-JAN-2020 00:00'), ascii('02-FEB-2021 12:34'), cstr('MODNAME'), cstr('V1.0'))),
      V(1, cat(ascii('01-JAN-2020 00:00'), ascii('02-FEB-2021 12:34'), cstr('MODNAME'), [0x56])),
      V(1, fill(30, 0x41)), V(2, ascii('C')), V(3, cstr('a.c')), V(6, q(0x9)), V(6, [1, 2, 3]),
      V(101, q(t2020)), V(108, q(0)), V(108, q(0x8000000000000000n)), V(101, [1, 2]), V(107, orig), V(107, fill(20)),
      V(102, ascii('IMG')), V(106, ascii('GST')), V(103, ascii('ID\0X')), V(104, ascii('LNK')), V(105, ascii('B')),
      V(2, [0x43]), vmsNote('GNU\0', 3, [0xde, 0xad]), vmsNote('', 1, [])), 8)] }));
  });
// Build attribute notes need addresses: the model is laid out once to find .text, then built with them.
function buildAttrs(text) {
  const le = true, q = (...v) => words(le, 8, ...v), w = (...v) => words(le, 4, ...v);
  const O = (name, desc) => nt(le, { name, type: 0x100, desc });
  const F = (name, desc) => nt(le, { name, type: 0x101, desc });
  return cat(
    O('GA$\x013p4\0', q(text, text + 0x10)), O('GA*\x02\x03\0', []), O('GA+\x03\0', []), O('GA!\x08\0', []),
    O('GA*\x07\x04\0', []), O('GA*\x04\x00\x10\0', []), O('GA$\x05gcc 12.2.0 (crafted)\0', []), O('GA*\x06\x05\0', []),
    O('GA*FOO\0\x09\0', []), O('GA*\x90\x01\0', []), O('GA#\x01\0', []), O('\0', []), O('GA\0', []),
    O('GA*\x04\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\0', []), O('GA+\x01\0', []), O('GA*ABC', []),
    O('$\x05tool\0', []), O('*\x07\x02\0', []), O('GA*\x02\x09\0', []), O('GA*\x07\0', []),
    F('GA$\x013p4\0', w(text, text + 0x10)), F('GA$\x013p4\0', w(text + 0x20)), F('GA*\x02\x01\0', []),
    O('GA$\x013p4\0', q(text + 0x20, 0)), O('GA$\x013p4\0', q(text + 0x24, 0)), O('GA$\x013p4\0', q(text + 0x2a, 0)),
    O('GA$\x013p4\0', fill(12)), O('GA$\x013p4\0', w(text + 0x28)), O('GA$\x013p4\0', q(0x10, 0x20)));
}
function buildAttrSymbols(text) {
  const names = ['', 'crafted.c', 'main', '$x', 'obj', 'glob', 'loc', 'biased', 'f2'];
  const strtab = cstr(names.join('\0'));
  const off = (i) => names.slice(0, i).reduce((n, s) => n + s.length + 1, 0);
  // [name index, info, value, size]
  const syms = [[0, 0, 0, 0], [1, 0x04, text, 0], [2, 0x12, text, 0x10], [3, 0x00, text, 0], [4, 0x11, text + 0x20, 8],
    [5, 0x10, text + 0x24, 0], [6, 0x00, text + 0x24, 0], [7, 0x04, text + 0x2c, 0], [8, 0x12, text + 0x20, 0x8]];
  const b = new Bytes(true);
  syms.forEach(([n, info, value, size], i) => {
    b.uint(i * 24, 4, off(n));
    b.uint(i * 24 + 4, 1, info);
    b.uint(i * 24 + 6, 2, 1);
    b.uint(i * 24 + 8, 8, value);
    b.uint(i * 24 + 16, 8, size);
  });
  return { symtab: b.result(), strtab };
}
add('notes-build-attrs.elf', 'readelf -n: GNU build attribute notes: every attribute and value type, regions from symbols, corrupt names',
  [], () => {
    const model = (text) => {
      const { symtab, strtab } = buildAttrSymbols(text);
      const m = exec({ afterNote: [
        { name: '.gnu.build.attributes', type: SHT_NOTE, flags: 0, align: 4, data: buildAttrs(text) },
        { name: '.symtab', type: SHT_SYMTAB, flags: 0, align: 8, entsize: 24, data: symtab, info: 4 },
        { name: '.strtab', type: SHT_STRTAB, flags: 0, align: 1, data: strtab }] });
      return setSec(m, '.symtab', { link: secIndex(m, '.strtab') });
    };
    const text = model(0).sections.find((s) => s.name === '.text').addr;
    return serialize(model(text));
  });
add('notes-v850.elf', 'readelf -n: Renesas V850 notes (SHT_RENESAS_INFO) with every value, unknown ones and corrupt sizes',
  [], () => {
    const le = true, R1 = (type, desc, o = {}) => nt(le, { name: 'REL\0', type, desc, ...o });
    const w = (v) => words(le, 4, v);
    const m = exec({ cls: 32, machine: EM_V850, afterNote: [
      { name: '.note.renesas', type: SHT_RENESAS_INFO, flags: 0, align: 4, data: cat(R1(1, w(1)), R1(1, w(2)),
        R1(2, w(1)), R1(2, w(2)), R1(3, w(1)), R1(3, w(2)), R1(3, w(3)), R1(4, w(1)), R1(5, w(0)), R1(6, w(2)),
        R1(6, fill(8)), R1(9, w(1)), R1(2, w(1), { namesz: 0x1000, packed: true })) },
      { name: '.note.renesas2', type: SHT_RENESAS_INFO, flags: 0, align: 4, data: cat(R1(1, w(1)), R1(1, w(1), { descsz: 0x100 })) }] });
    return serialize(m);
  });
add('notes-rel-bad-reloc.elf', 'readelf -n: ET_REL whose note section has relocations against a non-symbol table (nothing shown, status 1)',
  [], () => {
    const m = { cls: 64, le: true, type: ET_REL, machine: EM_X86_64 };
    layout(m, [
      { name: '.text', type: SHT_PROGBITS, flags: AX, align: 16, data: fill(16, 0xc3) },
      noteSec('.note.x', nt(true, { name: 'GNU\0', type: 3, desc: [1, 2, 3, 4] })),
      { name: '.rela.note.x', type: SHT_RELA, flags: SHF_INFO_LINK, align: 8, entsize: 24, data: fill(24), link: 1, info: 2 },
      noteSec('.note.y', nt(true, { name: 'GNU\0', type: 3, desc: [5, 6, 7, 8] })),
    ], { start: 0x40 });
    return serialize(m);
  });

// --- readelf -u: ARM EHABI, TI C6000 and HPPA unwind tables -----------------------------
// Fixed layout: every section at its own offset (address = base + offset when allocated,
// 0 in relocatable files), so the place-relative words can be computed up front.
const SHT_REL = 9, SHT_GROUP = 17, SHT_UNWIND = 0x70000001, SHF_LINK_ORDER = 0x80, SHF_GROUP = 0x200;
const STT_NOTYPE = 0, STT_FUNC = 2, STT_SECTION = 3, GLOBAL = 0x10;
const R_ARM_NONE = 0, R_ARM_ABS32 = 2, R_ARM_PREL31 = 42, R_PARISC_DIR32 = 1, R_PARISC_SEGREL32 = 49;
const UW_BASE = 0x10000;
const words32 = (le, ws) => {
  const b = new Bytes(le);
  ws.forEach((w, i) => b.uint(i * 4, 4, w >>> 0));
  return b.result();
};
const bytesToWords = (bytes) => {
  const out = [];
  for (let i = 0; i < bytes.length; i += 4) out.push(((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0);
  return out;
};
// EHABI place-relative 31-bit offsets (C6000's count halfwords)
const prel31 = (target, place) => (target - place) & 0x7fffffff;
const prel31c6x = (target, place) => ((target - place) >> 1) & 0x7fffffff;
function strtabOf(names) {
  let s = '\0';
  const at = new Map();
  for (const n of names) {
    if (!at.has(n)) {
      at.set(n, s.length);
      s += n + '\0';
    }
  }
  return { data: ascii(s), at: (n) => at.get(n) };
}
// ELF32 symbols [{name (string-table offset), value, size, info, shndx}], after the null symbol
function symtab32(le, syms) {
  const b = new Bytes(le);
  [{ name: 0, value: 0, info: 0, shndx: 0 }, ...syms].forEach((s, i) => {
    const o = i * 16;
    b.uint(o, 4, s.name); b.uint(o + 4, 4, s.value); b.uint(o + 8, 4, s.size ?? 0);
    b.uint(o + 12, 1, s.info); b.uint(o + 13, 1, 0); b.uint(o + 14, 2, s.shndx);
  });
  return b.result();
}
// ELF32 REL/RELA entries [[r_offset, symbol index, type, addend]]
function rels32(le, rela, list) {
  const b = new Bytes(le);
  const ent = rela ? 12 : 8;
  list.forEach(([off, sym, type, addend = 0], i) => {
    b.uint(i * ent, 4, off); b.uint(i * ent + 4, 4, (sym << 8) | type);
    if (rela) b.uint(i * ent + 8, 4, addend);
  });
  return b.result();
}
// A section at a fixed file offset; `alloc` sections of non-relocatable files get base + offset
function at(type, name, offset, props) {
  const alloc = ((props.flags ?? 0) & SHF_ALLOC) !== 0 && type !== ET_REL;
  return { name, offset, addr: alloc ? UW_BASE + offset : 0, align: 4, ...props };
}

// Every ARM unwind instruction, then the ones decode_arm_unwind_bytecode does not know.
const ARM_OPS = [0x00, 0x3f, 0x40, 0x7f, 0x80, 0x00, 0x8f, 0xff, 0x81, 0x00, 0x9d, 0x9f, 0x93, 0x9e, 0xa0, 0xa7,
  0xa8, 0xaf, 0xb1, 0x00, 0xb1, 0x10, 0xb1, 0x0f, 0xb1, 0x05, 0xb2, 0x00, 0xb2, 0x81, 0x01, 0xb3, 0x12, 0xb3, 0x30,
  0xc8, 0x0f, 0xc9, 0x25, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbf, 0xd0, 0xd7, 0xc0, 0xc5, 0xc6, 0x34, 0xc6, 0x10,
  0xc7, 0x00, 0xc7, 0x0f, 0xc7, 0x1f, 0xca, 0xd8, 0xff, 0xb0];
// Compact model `index` (1 or 2) carrying `ops` in as many words as needed (padded with finish)
function compactWords(index, ops) {
  const n = Math.ceil(Math.max(0, ops.length - 2) / 4);
  const bytes = [0x80 | index, n, ...ops];
  while (bytes.length < 4 + 4 * n) bytes.push(0xb0);
  return bytesToWords(bytes);
}

// An ARM (or C6000) executable or relocatable object with an index table, a table of
// entries and a symbol table. `entries(T, E, E2)` gets the .text, .ARM.extab and second
// extab addresses and returns {exidx: [[fn address, entry word | {table} | {raw}]], extab, extab2}.
function unwindFile({ le = true, machine = EM_ARM, type = ET_EXEC, entries, syms, extraSecs = [], hdr }) {
  const s = (name, offset, props) => at(type, name, offset, props);
  const text = s('.text', 0x100, { type: SHT_PROGBITS, flags: AX, data: fill(0x100, 0) });
  const extab = s('.ARM.extab', 0x200, { type: SHT_PROGBITS, flags: A });
  const extab2 = s('.ARM.extab.b', 0x2f8, { type: SHT_PROGBITS, flags: A });
  const exidx = s('.ARM.exidx', 0x300, { type: SHT_UNWIND, flags: A | SHF_LINK_ORDER, link: 1 });
  const c6x = machine === EM_TI_C6000;
  const rel = c6x ? prel31c6x : prel31;
  const T = text.addr, E = extab.addr, E2 = extab2.addr, X = exidx.addr;
  const e = entries(T, E, E2, rel);
  const xw = [];
  e.exidx.forEach(([fn, entry], i) => {
    const p = X + 8 * i;
    xw.push(typeof fn === 'object' ? fn.raw : rel(fn, p));
    xw.push(typeof entry === 'object' ? (entry.raw ?? rel(entry.table, p + 4)) : entry);
  });
  exidx.data = words32(le, xw);
  extab.data = words32(le, e.extab(E));
  extab2.data = words32(le, e.extab2 ? e.extab2(E2) : [0]);
  const st = strtabOf(syms.map((x) => x.name).filter((n) => typeof n === 'string'));
  const symList = syms.map((x) => ({ ...x, name: typeof x.name === 'string' ? st.at(x.name) : x.name,
    value: typeof x.value === 'function' ? x.value(T) : x.value }));
  const sections = [text, extab, extab2, exidx, ...extraSecs,
    { name: '.symtab', type: SHT_SYMTAB, offset: 0x600, align: 4, entsize: 16, link: 6 + extraSecs.length,
      info: 1, data: symtab32(le, symList) },
    { name: '.strtab', type: SHT_STRTAB, offset: 0x900, align: 1, data: st.data }];
  return { cls: 32, le, type, machine, sections, hdr };
}

const armSyms = [
  { name: 'f0', value: (T) => T, info: GLOBAL | STT_FUNC, shndx: 1 },
  { name: 'f1', value: (T) => T + 0x11, info: GLOBAL | STT_FUNC, shndx: 1 }, // Thumb
  { name: 'f2', value: (T) => T + 0x20, info: GLOBAL | STT_FUNC, shndx: 1 },
  { name: 'data', value: (T) => T + 0x40, info: GLOBAL | STT_NOTYPE, shndx: 1 },
  { name: 0x7fff, value: (T) => T + 0xe0, info: GLOBAL | STT_FUNC, shndx: 1 }, // name past .strtab
  { name: '__gxx_personality_v0', value: (T) => T + 0xf0, info: GLOBAL | STT_FUNC, shndx: 1 },
  { name: 'my_personality', value: (T) => T + 0xf8, size: 8, info: GLOBAL | STT_FUNC, shndx: 1 },
];
// The index and table entries of arm-unwind-*.elf
function armEntries(T, E, E2, rel) {
  // .ARM.extab: word offsets of its entries
  const A = 0, B = A + compactWords(1, ARM_OPS).length, B2 = B + 4, C = B2 + 3, D = C + 2, G = D + 1, F = G + 1;
  return {
    exidx: [
      [T, 1], // EXIDX_CANTUNWIND
      [T + 0x10, 0x80a8b0b0], // inline, compact model 0
      [T + 0x24, 0x8100b0b0], // inline, compact model 1 without more words
      [T + 0x30, 0x8101b100], // inline, compact model 1 wanting a word it cannot have
      [T + 0x34, 0x803f40b1], // inline: an instruction cut short
      [T + 0x38, 0xf0b0b0b0], // corrupt compact model bits, index 0x70
      [T + 0x3c, 0x83000000], // compact model index 3
      [{ raw: 0x80000000 | rel(T + 0x50, 0) }, 1], // index entry with bit 31 set
      [T + 0x60, { table: E + 4 * A }], // every instruction
      [T + 0x64, { table: E + 4 * B }], // __gxx_personality_v0 and a corrupt vsp change
      [T + 0x68, { table: E + 4 * B2 }], // __gxx_personality_v0 and a long uleb128
      [T + 0x6c, { table: E + 4 * C }], // another personality routine
      [T + 0x70, { table: E + 4 * D }], // a personality routine far from any symbol
      [T + 0x74, { table: 0x7fff0000 }], // in no section
      [T + 0x78, { table: E + 4 * G }], // compact model 0 in the table
      [T + 0x7c, { table: E + 4 * F }], // compact model 2 whose words run past the section
      [T + 0x80, { table: E2 }], // __gxx_personality_v0 as the section's last word
      [T + 0xe0, 1], // a function whose name is past the string table
      [T + 0x1000, 1], // within 1 MiB of my_personality
      [T + 0x200000, 1], // too far from any function
    ],
    extab: (E0) => [
      ...compactWords(1, ARM_OPS),
      rel(T + 0xf0, E0 + 4 * B), ...bytesToWords([2, 0xb2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xb0]),
      rel(T + 0xf0, E0 + 4 * B2), ...bytesToWords([1, 0xb2, 0xff, 0xff, 0xff, 0x7f, 0x8f, 0x00]),
      rel(T + 0xfc, E0 + 4 * C), 0x12345678,
      rel(T + 0x300000, E0 + 4 * D),
      0x8097b0b0,
      0x8201b2ff,
    ],
    extab2: (E0) => [rel(T + 0xf0, E0)],
  };
}
add('arm-unwind-exec.elf', 'readelf -u: ARM index and table entries of every kind, symbols, corrupt entries', [],
  () => serialize(unwindFile({ entries: armEntries, syms: armSyms })));
add('arm-unwind-be.elf', 'readelf -u: the same tables in a big-endian ARM file', [],
  () => serialize(unwindFile({ le: false, entries: armEntries, syms: armSyms })));
add('arm-unwind-nostrings.elf', 'readelf -u: ARM file without a section name table (GNU returns false, silently)',
  [], () => serialize({ ...unwindFile({ entries: armEntries, syms: armSyms }), hdr: { shstrndx: 0 } }));
add('arm-unwind-exidx-past-eof.elf', 'readelf -u: .ARM.exidx beyond the end of the file', [], () => {
  const m = unwindFile({ entries: armEntries, syms: armSyms });
  m.sections[3].hdrOffset = 0x100000;
  return serialize(m);
});
add('arm-unwind-symtab-empty.elf', 'readelf -u: an empty .symtab (GNU gets no symbols and gives up, silently)', [], () => {
  const m = unwindFile({ entries: armEntries, syms: armSyms });
  m.sections[4].hdrSize = 0;
  return serialize(m);
});

// A relocatable object: index and table words reached through REL or RELA relocations.
function relocatedUnwind(rela) {
  const syms = [
    { name: 0, value: 0, info: STT_SECTION, shndx: 1 }, // 1: .text
    { name: 0, value: 0, info: STT_SECTION, shndx: 2 }, // 2: .ARM.extab
    { name: 'f0', value: 0, info: GLOBAL | STT_FUNC, shndx: 1 }, // 3
    { name: 'f1', value: 0x11, info: GLOBAL | STT_FUNC, shndx: 1 }, // 4
    { name: '__gxx_personality_v0', value: 0, info: GLOBAL | STT_NOTYPE, shndx: 0 }, // 5
    { name: '__aeabi_unwind_cpp_pr0', value: 0, info: GLOBAL | STT_NOTYPE, shndx: 0 }, // 6
    { name: 'pers', value: 0x40, info: GLOBAL | STT_FUNC, shndx: 1 }, // 7
  ];
  // REL keeps the addend in the word, RELA in the relocation
  const add0 = (v) => (rela ? 0 : v);
  const entries = () => ({
    exidx: [
      [{ raw: add0(0) }, 1],
      [{ raw: add0(0x20) }, 0x80a8b0b0],
      [{ raw: 0 }, { raw: add0(0) }], // -> .ARM.extab + 0
      [{ raw: 0 }, { raw: add0(0x1000) }], // -> .ARM.extab + 0x1000 (past its end)
      [{ raw: add0(0x30) }, { raw: add0(8) }], // -> .ARM.extab + 8
      [{ raw: add0(0x34) }, 1],
      [{ raw: add0(0x38) }, 1],
      [{ raw: add0(0x3c) }, 1],
    ],
    extab: () => [add0(0), 0x00a8b0b0, add0(0x40), 0x0a0b0c0d],
  });
  const X = (i) => 8 * i;
  const exidxRel = [
    [X(0), 1, R_ARM_PREL31, 0], [X(1), 6, R_ARM_NONE], [X(1), 1, R_ARM_PREL31, 0x20],
    [X(2), 4, R_ARM_PREL31, 0], [X(2) + 4, 2, R_ARM_PREL31, 0],
    [X(3), 3, R_ARM_PREL31, 0], [X(3) + 4, 2, R_ARM_PREL31, 0x1000],
    [X(4) + 2, 1, R_ARM_PREL31], // not a multiple of 4
    [X(4), 1, R_ARM_PREL31, 0x30], [X(4) + 4, 2, R_ARM_PREL31, 8],
    [X(5), 1, 141, 0x34], // no such relocation type
    [X(6), 1, R_ARM_ABS32, 0x38], // not PREL31
    [X(7), 99, R_ARM_PREL31, 0x3c], // no such symbol
    [X(0) + 4, 3, R_ARM_PREL31], // behind the cursor: found after it wraps
  ];
  const extabRel = [[0, 5, R_ARM_PREL31, 0], [8, 7, R_ARM_PREL31, 0]];
  const type = rela ? SHT_RELA : SHT_REL;
  const extra = [
    { name: rela ? '.rela.ARM.exidx' : '.rel.ARM.exidx', type, offset: 0x400, align: 4, entsize: rela ? 12 : 8,
      link: 5 + 2, info: 4, flags: SHF_INFO_LINK, data: rels32(true, rela, exidxRel) },
    { name: rela ? '.rela.ARM.extab' : '.rel.ARM.extab', type, offset: 0x500, align: 4, entsize: rela ? 12 : 8,
      link: 5 + 2, info: 2, flags: SHF_INFO_LINK, data: rels32(true, rela, extabRel) },
  ];
  return unwindFile({ type: ET_REL, entries, syms, extraSecs: extra });
}
add('arm-unwind-rel.o', 'readelf -u: ARM relocatable object, REL relocations (PREL31, NONE and bad ones)', [],
  () => serialize(relocatedUnwind(false)));
add('arm-unwind-rela.o', 'readelf -u: ARM relocatable object, RELA relocations', [],
  () => serialize(relocatedUnwind(true)));

// TI C6000: compact models 3 and 4, reserved ones, and every C6000 unwind instruction.
const C6X_OPS = [0x00, 0x3f, 0x80, 0x00, 0x9f, 0xff, 0xa1, 0x02, 0xc2, 0x1f, 0xf3, 0xc0, 0xc5, 0x12, 0xf4, 0x56,
  0xd0, 0xd1, 0xd2, 0x81, 0x01, 0xe7, 0xe3, 0xef, 0xf5, 0x7f, 0xd2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];
add('c6x-unwind.elf', 'readelf -u: TI C6000 unwind tables (halfword prel31, compact models 3-5, C6000 instructions)', [],
  () => serialize(unwindFile({
    machine: EM_TI_C6000,
    syms: armSyms,
    entries: (T, E) => ({
      exidx: [
        [T, 1],
        [T + 0x10, 0x83fe1237],
        [T + 0x20, 0x84005a75],
        [T + 0x22, 0x85000000],
        [T + 0x24, 0xf0b0b0b0],
        [T + 0x26, 0x80038000],
        [T + 0x28, 0x8100a3ff],
        [T + 0x30, { table: E }],
        [T + 0x34, { table: E + 4 * compactWords(1, C6X_OPS).length }],
      ],
      extab: (E0) => {
        const w = compactWords(1, C6X_OPS);
        return [...w, prel31c6x(T + 0xf0, E0 + 4 * w.length), ...bytesToWords([1, 0xc4, 0x12, 0x34, 0xe7, 0xff, 0x00, 0x00])];
      },
    }),
  })));

// HPPA: .PARISC.unwind entries, relative to the segment that holds them, and in an object with RELA.
function hppaFile(type) {
  const le = false;
  const relo = type === ET_REL;
  const s = (name, offset, props) => at(type, name, offset, props);
  const text = s('.text', 0x100, { type: SHT_PROGBITS, flags: AX, data: fill(0x100, 0) });
  const unw = s('.PARISC.unwind', 0x200, { type: SHT_UNWIND, flags: A });
  const seg = relo ? 0 : UW_BASE;
  const T = text.addr;
  unw.data = words32(le, [
    T - seg, T - seg + 0x1c, 0xffffffff, 0xffffffff,
    T - seg + 0x20, T - seg + 0x3c, 0x0a5a5a5a, 0x08000123,
    T - seg + 0x44, T - seg + 0x50, 0, 0,
    0x300000, 0x300010, 0x80000001, 0x40000000,
  ]);
  const st = strtabOf(['p0', 'p1', 'p2']);
  const syms = [
    { name: st.at('p0'), value: T, info: GLOBAL | STT_FUNC, shndx: 1 },
    { name: st.at('p1'), value: T + 0x20, info: GLOBAL | STT_FUNC, shndx: 1 },
    { name: st.at('p2'), value: T + 0x40, info: GLOBAL | STT_FUNC, shndx: 1 },
  ];
  const sections = [text, unw];
  if (relo) {
    sections.push({ name: '.rela.PARISC.unwind', type: SHT_RELA, offset: 0x300, align: 4, entsize: 12, link: 4,
      info: 2, flags: SHF_INFO_LINK, data: rels32(le, true, [
        [0, 1, R_PARISC_SEGREL32, 0], [4, 1, R_PARISC_SEGREL32, 0x1c], [8, 1, R_PARISC_SEGREL32, 0],
        [0x10, 2, R_PARISC_SEGREL32, 4], [0x14, 2, R_PARISC_DIR32, 0], [0x20, 3, 250, 0],
        [0x24, 9, R_PARISC_SEGREL32, 0], [0x100, 1, R_PARISC_SEGREL32, 0], [0x20, 3, 112, 8],
      ]) });
  }
  sections.push(
    { name: '.symtab', type: SHT_SYMTAB, offset: 0x600, align: 4, entsize: 16, link: sections.length + 2, info: 1,
      data: symtab32(le, syms) },
    { name: '.strtab', type: SHT_STRTAB, offset: 0x900, align: 1, data: st.data });
  const phdrs = relo ? [] : [{ type: PT_LOAD, flags: RX, offset: 0, vaddr: UW_BASE, filesz: 0x300, memsz: 0x300, align: 0x1000 }];
  return { cls: 32, le, type, machine: EM_PARISC, sections, phdrs };
}
add('hppa-unwind.elf', 'readelf -u: HPPA .PARISC.unwind entries (segment-relative, every descriptor bit)', [],
  () => serialize(hppaFile(ET_EXEC)));
add('hppa-unwind.o', 'readelf -u: HPPA relocatable object, RELA relocations (SEGREL32 and bad ones)', [],
  () => serialize(hppaFile(ET_REL)));

// Section groups, as -u checks them: every complaint process_section_groups can make.
add('arm-groups.o', 'readelf -u: bad section groups (sh_link, sh_info, sizes, members) in an ARM object',
  [W('Section 3 has an out of range sh_link value of 99')], () => {
  const le = true;
  const st = strtabOf(['g1', 'g2']);
  const syms = [
    { name: st.at('g1'), value: 0, info: GLOBAL | STT_NOTYPE, shndx: 1 }, // 1
    { name: 0, value: 0, info: STT_SECTION, shndx: 0 }, // 2: section symbol of section 0
    { name: st.at('g2'), value: 0, info: GLOBAL | STT_NOTYPE, shndx: 1 }, // 3
  ];
  const grp = (offset, link, info, members, extra = {}) => ({ name: '.group', type: SHT_GROUP, offset, align: 4,
    entsize: 4, link, info, data: words32(le, [1, ...members]), ...extra });
  const sections = [
    { name: '.text.a', type: SHT_PROGBITS, flags: AX | SHF_GROUP, offset: 0x100, align: 4, data: fill(4) }, // 1
    { name: '.text.b', type: SHT_PROGBITS, flags: AX | SHF_GROUP, offset: 0x104, align: 4, data: fill(4) }, // 2
    grp(0x200, 99, 1, [1]), // 3: sh_link out of range
    grp(0x210, 11, 9, [1]), // 4: sh_info past the symbols
    grp(0x220, 11, 2, [1]), // 5: section symbol of section 0
    grp(0x230, 11, 1, [], { data: fill(2) }), // 6: smaller than one entry
    grp(0x240, 11, 1, [1, 2, 0]), // 7: fine (and section 0)
    grp(0x260, 11, 3, [2, 77, 0, 1]), // 8: already grouped, past the sections, section 0 again
    grp(0x280, 12, 1, [1]), // 9: linked to a symbol table that is too small
    { name: '.ARM.exidx', type: SHT_UNWIND, flags: A | SHF_LINK_ORDER, offset: 0x2a0, align: 4, link: 1,
      data: words32(le, [0, 1]) }, // 10
    { name: '.symtab', type: SHT_SYMTAB, offset: 0x600, align: 4, entsize: 16, link: 13, info: 1,
      data: symtab32(le, syms) }, // 11
    { name: '.symtab.b', type: SHT_SYMTAB, offset: 0x700, align: 4, entsize: 16, link: 13, info: 1,
      data: fill(8) }, // 12
    { name: '.strtab', type: SHT_STRTAB, offset: 0x900, align: 1, data: st.data }, // 13
  ];
  return serialize({ cls: 32, le, type: ET_REL, machine: EM_ARM, sections });
});
add('arm-unwind-elf64.elf', 'readelf -u: an ARM index table in an ELF64 file (entries counted per 16 bytes)', [], () => {
  const m = exec({ cls: 64, machine: EM_ARM });
  const text = m.sections.find((x) => x.name === '.text');
  const off = alignUp(Math.max(...m.sections.filter((x) => x.type !== SHT_NOBITS).map((x) => x.offset + x.size)), 16);
  const X = 0x400000 + off;
  m.sections.push({ name: '.ARM.exidx', type: SHT_UNWIND, flags: A, offset: off, addr: X, size: 24, align: 4,
    data: words32(true, [prel31(text.addr, X), 1, prel31(text.addr + 8, X + 8), 0x80b0b0b0,
      prel31(text.addr + 16, X + 16), 0x81b0b0b0]) });
  return serialize(m);
});

// --- readelf -d: tag names and value formats ------------------------------------
// A .dynstr with several names (and raw bytes), and the offsets of its strings.
const DYNSTR_D = '\0libc.so.6\0libm.so.6\0/opt/rpath\0$ORIGIN/../lib\0audit.so\0\x01ctl\x7f\xe9raw';
const ds = (name) => {
  const i = DYNSTR_D.indexOf(name);
  if (i < 0) throw new Error(`ds: ${name}`);
  return i;
};
const DT_BAD_STR = 0x7777; // past the end of every .dynstr here
// The model without section headers (the section data stays in the file).
const noShdrs = (m) => ({ ...m, shstrtab: false, hdr: { shoff: 0, shnum: 0, shstrndx: 0, shentsize: 0 } });
// Tags named on every machine, with the values process_dynamic_section formats specially.
const DYN_GENERIC = [
  [DT_NEEDED, ds('libm.so.6')], [DT_NEEDED, 0], [DT_NEEDED, DT_BAD_STR], [DT_NEEDED, ds('\x01ctl')],
  [14 /* SONAME */, ds('libc.so.6') + 3], [15 /* RPATH */, ds('/opt/rpath')], [29 /* RUNPATH */, ds('$ORIGIN')],
  [29, DT_BAD_STR], [14, DT_BAD_STR], [15, 0],
  [0x7ffffffd /* AUXILIARY */, ds('libm.so.6')], [0x7fffffff /* FILTER */, DT_BAD_STR],
  [0x6ffffefa /* CONFIG */, ds('/opt/rpath')], [0x6ffffefb /* DEPAUDIT */, ds('audit.so')],
  [0x6ffffefc /* AUDIT */, ds('audit.so')], [0x6ffffefc, DT_BAD_STR],
  [0x7ffffffe /* USED */, ds('libm.so.6')], [0x7ffffffe, 0], [0x7ffffffe, DT_BAD_STR],
  [0x6ffffdfc /* FEATURE */, 0], [0x6ffffdfc, 3], [0x6ffffdfc, 0xf0],
  [0x6ffffdfd /* POSFLAG_1 */, 0], [0x6ffffdfd, 1], [0x6ffffdfd, 0x1003],
  [DT_FLAGS, 0], [DT_FLAGS, 0x1f], [DT_FLAGS, 0x29], [DT_FLAGS, 0x80000000],
  [DT_FLAGS_1, 0], [DT_FLAGS_1, 0x7fffffff], [DT_FLAGS_1, 0x80000009],
  [0x6ffffdf4 /* GNU_FLAGS_1 */, 0], [0x6ffffdf4, 1], [0x6ffffdf4, 0x11],
  [20 /* PLTREL */, 7], [20, 17], [20, 0x6ffffffb], [20, 0x70000001], [20, 0x6000000d], [20, 0x12345],
  [2, 0x18], [8, 0], [9, 24], [18, 1000], [19, 16], [35, 8], [37, 8], [11, 24],
  [0x6ffffdf9 /* PLTPADSZ */, 7], [0x6ffffdfa /* MOVEENT */, 8], [0x6ffffdfb /* MOVESZ */, 9],
  [33 /* PREINIT_ARRAYSZ */, 16], [27, 8], [28, 8], [0x6ffffdf6, 4], [0x6ffffdf7, 5],
  [0x6ffffffd /* VERDEFNUM */, 2], [0x6fffffff /* VERNEEDNUM */, 1], [0x6ffffff9, 123], [0x6ffffffa, 45],
  [0x6ffffdfe /* SYMINSZ */, 0], [25 /* INIT_ARRAY */, 0x601000], [26, 0x601008],
  [24 /* BIND_NOW */, 77],
  [0x6ffffdf5 /* GNU_PRELINKED */, 0x5f5e1000], [0x6ffffdf5, 0],
  [0x6ffffef5 /* GNU_HASH */, 0x400300], [3, 0x601000], [4, 0x400200], [6, 0x400250], [7, 0x400280],
  [12, 0x400500], [13, 0x400600], [16, 0], [17, 0x400290], [36, 0x4002a0], [22, 0], [23, 0x4002b0],
  [32 /* PREINIT_ARRAY */, 0x601010], [34 /* SYMTAB_SHNDX */, 0x400270], [0x6ffffdf8 /* CHECKSUM */, 0xdeadbeef],
  [0x6ffffe00 /* ADDRRNGLO */, 1], [0x6ffffef6, 0x400700], [0x6ffffef7, 0x601020], [0x6ffffef8, 0x400800],
  [0x6ffffef9, 0x400900], [0x6ffffefd /* PLTPAD */, 0x400a00], [0x6ffffefe /* MOVETAB */, 0x400b00],
  [0x6ffffff0 /* VERSYM */, 0x400c00], [0x6ffffffc /* VERDEF */, 0x400d00], [0x6ffffffe /* VERNEED */, 0x400e00],
  [38 /* ENCODING: no name */, 1], [31, 2], [0x5fffffff, 3], [0x60000000, 4], [0x6000000c, 5],
  [0x6000000d, 6], [0x6ffff000, 7], [0x6ffff001, 8], [0x6ffffdff - 0x100, 9], [0x70000000, 10],
  [0x7ffffffc, 11], [0x80000000, 12], [0xfffffffe, 13],
];
add('dyntags-generic64.elf', 'readelf -d: every generic tag name and value format, ELF64 x86-64', [],
  () => serialize(exec({ type: ET_DYN, dynstr: DYNSTR_D, dyn: [...DYN_GENERIC,
    [0x6ffffdf5, 0x7fffffffffffffffn], [0x6ffffdf5, 0xffffffffffffffffn], [0x6ffffdf5, 0xfffffff000000000n],
    [DT_FLAGS_1, 0xffffffffffffffffn], [DT_FLAGS, 0x8000000000000010n], [0x6ffffdfc, 0xf000000000000000n],
    [8, 0xffffffffffffffffn], [0x6ffffff9, 0xffffffffffffffffn], [3, 0xffffffffffffffffn],
    [0x100000000n, 1], [0x123456789abcdef0n, 2], [0xffffffffffffffffn, 3], [0x8000000000000000n, 4]] })));
add('dyntags-generic32.elf', 'readelf -d: every generic tag name and value format, ELF32 i386', [],
  () => serialize(exec({ cls: 32, type: ET_DYN, dynstr: DYNSTR_D, dyn: [...DYN_GENERIC,
    [0x6ffffdf5, 0xffffffff], [0x6ffffdf5, 0x80000000]] })));
add('dyntags-generic-be32.elf', 'readelf -d: generic tags on big-endian ELF32 SPARC with OSABI Solaris (SUNW_* names)', [],
  () => serialize(exec({ cls: 32, le: false, machine: EM_SPARC, osabi: OSABI_SOLARIS, type: ET_DYN, dynstr: DYNSTR_D,
    dyn: [...DYN_GENERIC, ...[0x6000000d, 0x6000000e, 0x6000000f, 0x60000010, 0x60000011, 0x60000012,
      0x60000013, 0x60000014, 0x60000015, 0x60000016, 0x60000017, 0x60000018, 0x60000019, 0x6000001a,
      0x6000001b, 0x6000001c, 0x6000001d, 0x6000001f, 0x60000021, 0x60000023, 0x60000025, 0x60000029,
      0x6000002b, 0x6000002c, 0x70000001, 0x70000002].map((t) => [t, 0x10])] })));
add('dyntags-interp-needed.elf', 'readelf -d: DT_NEEDED naming the program interpreter', [],
  () => serialize(exec({ type: ET_DYN, interp: 'libc.so.6', dyn: [[DT_NEEDED, 1], [DT_NEEDED, 5]] })));
// Processor-specific tags per machine: [file, machine, cls, le, osabi, extra entries].
const procTags = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => [0x70000000 + from + i, 0x1000 + i]);
for (const [name, machine, cls, le, osabi, dyn] of [
  ['dyntags-mips32.elf', EM_MIPS, 32, false, 0, [
    [0x70000005, 0], [0x70000005, 0x7fff], [0x70000005, 0x18005], [0x70000005, 0x8000],
    [0x70000004, ds('libm.so.6')], [0x70000004, DT_BAD_STR], [0x70000002, 0x5f5e1000], [0x70000002, 0xffffffff],
    [0x70000001, 1], [0x7000000a, 0xffffffff], [0x70000036, 0x400400], [0x7ffffffd, ds('libm.so.6')],
    [0x7ffffffe, ds('libm.so.6')], ...procTags(0, 0x40)]],
  ['dyntags-mips64.elf', EM_MIPS, 64, true, 0, [
    [0x70000005, 0xffffffffffffffffn], [0x70000002, 0x7fffffffffffffffn], [0x70000002, 0xffffffffffffffffn],
    [0x70000011, 0xffffffffffffffffn], [0x7000002f, 0x8000000000000000n], [0x70000004, 0]]],
  ['dyntags-ppc64.elf', EM_PPC64, 64, false, 0, procTags(0, 5)],
  ['dyntags-ppc32.elf', 20 /* EM_PPC */, 32, false, 0, procTags(0, 3)],
  ['dyntags-aarch64.elf', EM_AARCH64, 64, true, 0, [...procTags(0, 6), [0x70000001, 0], [0x70000003, 0xffff]]],
  ['dyntags-riscv.elf', EM_RISCV, 64, true, 0, procTags(0, 2)],
  ['dyntags-sparcv9.elf', 43 /* EM_SPARCV9 */, 64, false, OSABI_SOLARIS, [...procTags(0, 2), [0x6000000d, 1], [0x7ffffffd, 1]]],
  ['dyntags-alpha.elf', 0x9026 /* EM_ALPHA */, 64, true, 0, procTags(0, 1)],
  ['dyntags-score.elf', 135 /* EM_SCORE */, 32, true, 0, procTags(0, 7)],
  ['dyntags-c6000.elf', EM_TI_C6000, 32, true, 0, [...procTags(0, 4), [0x6000000d, 1], [0x6000000f, 2]]],
  ['dyntags-nios2.elf', 113 /* EM_ALTERA_NIOS2 */, 32, true, 0, procTags(0, 3)],
  ['dyntags-ia64.elf', EM_IA_64, 64, true, 0, [
    [0x70000000, 0x1000], [0x70000000, 0xfffffffffffffff0n], [0x70000001, 1],
    ...Array.from({ length: 70 }, (_, i) => [0x6000000d + i, 0x100 + i]),
    [0x6000000d + 8, 0xffff], [0x6000000d + 8, 0x100], [0x6000000d + 8, 0],
    [0x6000000d + 40, 0], [0x6000000d + 40, 35067168000000000n + 10000000n * 1600000000n],
    [0x6000000d + 40, 0x8000000000000000n], [0x6000000d + 40, 0x7fffffffffffffffn], [0x6000000d + 40, 0xffffffffffffffffn]]],
  ['dyntags-parisc.elf', EM_PARISC, 32, false, 0, [
    ...Array.from({ length: 26 }, (_, i) => [0x60000000 + i, 0x100 + i]),
    [0x60000001, 0], [0x60000001, 0x1ffff], [0x60000001, 0x20010], [0x60000001, 0x80000000], [0x6ffffff1, 1],
    [0x6ffff001, 2]]],
]) {
  add(name, `readelf -d: processor- and OS-specific tag names and values, e_machine ${machine}`, [],
    () => serialize(exec({ cls, le, machine, osabi, type: ET_DYN, dynstr: DYNSTR_D, dyn })));
}
add('dyntags-one-entry.elf', 'readelf -d: a dynamic section of a single DT_NULL ("contains 1 entry")', [], () => {
  const m = exec({ type: ET_DYN });
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  dyn.data = dyn.data.slice(dyn.data.length - 16);
  dyn.size = 16;
  const p = ph(m, PT_DYNAMIC);
  p.filesz = p.memsz = 16;
  return serialize(m);
});
add('dyntags-at-offset-0.elf', 'readelf -d: PT_DYNAMIC at file offset 0 and no sections: no "Dynamic section at" line, ELF header read as entries', [], () => {
  const m = exec({ type: ET_DYN });
  const p = ph(m, PT_DYNAMIC);
  p.offset = 0;
  p.filesz = 0x40;
  return serialize(noShdrs(m));
});
add('dyntags-no-nul.elf', 'readelf -d: dynamic entries without a DT_NULL (counted to the section end)', [], () => {
  const m = exec({ type: ET_DYN, dynstr: DYNSTR_D, dyn: [[DT_NEEDED, ds('libm.so.6')]] });
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  dyn.data = dyn.data.slice(0, dyn.data.length - 16);
  dyn.size = dyn.data.length + 8; // and half an entry more
  return serialize(m);
});
add('dyntags-strtab-noshdrs.elf', 'readelf -d: names through DT_STRTAB/DT_STRSZ (no section headers), at DT_STRSZ - 1 and at DT_STRSZ', [], () => {
  const m = exec({ type: ET_DYN, dynstr: DYNSTR_D, dyn: [[DT_NEEDED, ds('libm.so.6')], [DT_NEEDED, ds('audit.so')],
    [DT_NEEDED, DYNSTR_D.length], [DT_NEEDED, DYNSTR_D.length + 1]] });
  return serialize({ ...m, shstrtab: false, hdr: { shoff: 0, shnum: 0, shstrndx: 0, shentsize: 0 } });
});
// Rewrites d_val of entry `index` of the model's .dynamic.
function setDynValue(m, index, value) {
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  const b = new Bytes(m.le);
  b.bytes(0, dyn.data);
  const ent = m.cls === 64 ? 16 : 8;
  b.uint(index * ent + ent / 2, ent / 2, value);
  dyn.data = b.result();
}
add('dyntags-strtab-outside.elf', 'readelf -d: DT_STRTAB outside every PT_LOAD, no section headers (names shown as numbers)',
  [W('Virtual address 0x900000 not located in any PT_LOAD segment.')], () => {
    const m = exec({ type: ET_DYN });
    setDynValue(m, 1, 0x900000);
    return serialize(noShdrs(m));
  });
add('dyntags-strsz-huge.elf', 'readelf -d: DT_STRSZ past the end of the file, no section headers',
  [E('Corrupt DT_STRTAB dynamic entry')], () => {
    const m = exec({ type: ET_DYN });
    setDynValue(m, 2, 0x100000);
    return serialize(noShdrs(m));
  });
add('dyntags-syminent.elf', 'readelf -d: DT_SYMINENT not 4, DT_SYMINFO with DT_SYMINSZ 0 (no syminfo table)',
  [E('Bad value (8) for SYMINENT entry')],
  () => serialize(exec({ type: ET_DYN, dyn: [[0x6ffffdff, 8], [0x6ffffeff, 0x400400], [0x6ffffdfe, 0]] })));

// --- readelf --dyn-syms: symbols, versions, names per machine ----------------------
// A dynamic file whose .dynsym, .gnu.version, .gnu.version_d and .gnu.version_r
// are built from a list of symbols. Options (besides exec()'s): syms [{name (a
// string, or a number: st_name as is), info, other, shndx (a number, or a section
// name), value, size, ver (the .gnu.version entry)}], strings (more
// names), verdef [{ndx, flags, names}], verneed [{file, aux [{name, other, flags}]}],
// info (.dynsym sh_info, default 1). The names go to a string table of their own,
// .dynsym.str (the .dynsym's sh_link; --dyn-syms reads names and versions from it).
// Returns the model; tweaks go on it before serialize().
const SHT_GNU_VERSYM = 0x6fffffff, SHT_GNU_VERDEF = 0x6ffffffd, SHT_GNU_VERNEED = 0x6ffffffe;
const DT_VERSYM = 0x6ffffff0, DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd, DT_VERNEED = 0x6ffffffe,
  DT_VERNEEDNUM = 0x6fffffff;
const symInfo = (bind, type) => (bind << 4) | type;
// Rewrites d_val of entry `index` of the model's .dynamic.
function setDynWord(m, index, value) {
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  const b = new Bytes(m.le);
  b.bytes(0, dyn.data);
  const ent = m.cls === 64 ? 16 : 8;
  b.uint(index * ent + ent / 2, ent / 2, value);
  dyn.data = b.result();
}
function dynsymModel(o) {
  const cls = o.cls ?? 64;
  const le = o.le ?? true;
  const syms = [{ name: '', info: 0, shndx: 0 }, ...o.syms];
  const verdef = o.verdef ?? [];
  const verneed = o.verneed ?? [];
  // .dynsym.str: every name once, in first-use order
  const names = [...(o.strings ?? [])];
  for (const s of syms) if (typeof s.name === 'string' && s.name !== '') names.push(s.name);
  for (const d of verdef) names.push(...d.names);
  for (const n of verneed) names.push(n.file, ...n.aux.map((a) => a.name));
  let text = '';
  const at = new Map([['', 0]]);
  for (const n of names) {
    if (at.has(n)) continue;
    at.set(n, text.length + 1);
    text += '\0' + n;
  }
  const str = (n) => (typeof n === 'number' ? n : at.get(n));
  const word = cls === 64 ? 8 : 4;
  const symsize = cls === 64 ? 24 : 16;
  const hasVer = syms.some((s) => s.ver !== undefined);
  const extra = [
    { name: '.dynsym.str', type: SHT_STRTAB, flags: A, align: 1, data: cstr(text) },
    { name: '.dynsym', type: SHT_DYNSYM, flags: A, align: word, entsize: symsize, size: syms.length * symsize, info: o.info ?? 1 },
  ];
  const dyn = [];
  if (hasVer) {
    extra.push({ name: '.gnu.version', type: SHT_GNU_VERSYM, flags: A, align: 2, entsize: 2, size: syms.length * 2 });
    dyn.push([DT_VERSYM, 0]);
  }
  // version definitions and needs
  const vd = new Bytes(le);
  let off = 0;
  verdef.forEach((d, i) => {
    const cnt = d.names.length;
    const next = i === verdef.length - 1 ? 0 : 20 + 8 * cnt;
    vd.uint(off, 2, 1); vd.uint(off + 2, 2, d.flags ?? 0); vd.uint(off + 4, 2, d.ndx); vd.uint(off + 6, 2, cnt);
    vd.uint(off + 8, 4, 0x1234 + i); vd.uint(off + 12, 4, 20); vd.uint(off + 16, 4, next);
    d.names.forEach((n, j) => {
      vd.uint(off + 20 + 8 * j, 4, str(n));
      vd.uint(off + 24 + 8 * j, 4, j === cnt - 1 ? 0 : 8);
    });
    off += 20 + 8 * cnt;
  });
  if (verdef.length) {
    extra.push({ name: '.gnu.version_d', type: SHT_GNU_VERDEF, flags: A, align: word, data: vd.result(), info: verdef.length });
    dyn.push([DT_VERDEF, 0], [DT_VERDEFNUM, verdef.length]);
  }
  const vn = new Bytes(le);
  off = 0;
  verneed.forEach((n, i) => {
    const cnt = n.aux.length;
    const next = i === verneed.length - 1 ? 0 : 16 + 16 * cnt;
    vn.uint(off, 2, 1); vn.uint(off + 2, 2, cnt); vn.uint(off + 4, 4, str(n.file)); vn.uint(off + 8, 4, 16);
    vn.uint(off + 12, 4, next);
    n.aux.forEach((a, j) => {
      const p = off + 16 + 16 * j;
      vn.uint(p, 4, 0x5678 + j); vn.uint(p + 4, 2, a.flags ?? 0); vn.uint(p + 6, 2, a.other);
      vn.uint(p + 8, 4, str(a.name)); vn.uint(p + 12, 4, j === cnt - 1 ? 0 : 16);
    });
    off += 16 + 16 * cnt;
  });
  if (verneed.length) {
    extra.push({ name: '.gnu.version_r', type: SHT_GNU_VERNEED, flags: A, align: word, data: vn.result(), info: verneed.length });
    dyn.push([DT_VERNEED, 0], [DT_VERNEEDNUM, verneed.length]);
  }
  const m = exec({ ...o, cls, le, type: o.type ?? ET_DYN, afterNote: extra, dyn });
  // addresses and links now that the layout is known
  const sec = (n) => m.sections.find((s) => s.name === n);
  const strIndex = secIndex(m, '.dynsym.str');
  const symIndex = secIndex(m, '.dynsym');
  for (const n of ['.dynsym', '.gnu.version_d', '.gnu.version_r']) if (sec(n)) sec(n).link = strIndex;
  if (sec('.gnu.version')) sec('.gnu.version').link = symIndex;
  dyn.forEach(([tag], i) => {
    const target = { [DT_VERSYM]: '.gnu.version', [DT_VERDEF]: '.gnu.version_d', [DT_VERNEED]: '.gnu.version_r' }[tag];
    if (target) setDynWord(m, 3 + i, sec(target).addr);
  });
  const sb = new Bytes(le);
  syms.forEach((s, i) => {
    const p = i * symsize;
    const shndx = typeof s.shndx === 'string' ? secIndex(m, s.shndx) : s.shndx ?? 0;
    if (cls === 64) {
      sb.uint(p, 4, str(s.name)); sb.uint(p + 4, 1, s.info ?? 0); sb.uint(p + 5, 1, s.other ?? 0);
      sb.uint(p + 6, 2, shndx); sb.uint(p + 8, 8, s.value ?? 0); sb.uint(p + 16, 8, s.size ?? 0);
    } else {
      sb.uint(p, 4, str(s.name)); sb.uint(p + 4, 4, s.value ?? 0); sb.uint(p + 8, 4, s.size ?? 0);
      sb.uint(p + 12, 1, s.info ?? 0); sb.uint(p + 13, 1, s.other ?? 0); sb.uint(p + 14, 2, shndx);
    }
  });
  sb.ensure(syms.length * symsize);
  sec('.dynsym').data = sb.result();
  if (hasVer) {
    const vb = new Bytes(le);
    syms.forEach((s, i) => vb.uint(2 * i, 2, s.ver ?? 0));
    sec('.gnu.version').data = vb.result();
  }
  return m;
}

// The versions of a shared library: a base definition, two of its own (one with a
// 19-character name: 21 - 1 - 19 - 1 leaves 0 columns for the name, one longer), and
// needs from libc (one with a long name).
const VERDEF_LIB = [
  { ndx: 1, flags: 1, names: ['libcrafted.so.1'] },
  { ndx: 2, names: ['VERS_1.0'] },
  { ndx: 3, names: ['VERS_2.0', 'VERS_1.0'] },
  { ndx: 4, names: ['VERS_NINETEEN_CHARS'] },
  { ndx: 5, names: ['VERS_A_VERY_LONG_VERSION_NAME_3.0'] },
];
const VERNEED_LIB = [
  { file: 'libc.so.6', aux: [{ name: 'GLIBC_2.2.5', other: 6 }, { name: 'GLIBC_2.34', other: 7 },
    { name: 'GLIBC_PRIVATE_WITH_A_LONG_NAME', other: 8 }] },
  { file: 'libm.so.6', aux: [{ name: 'GLIBC_2.29', other: 9 }] },
];
const FUNC = symInfo(1, 2), WFUNC = symInfo(2, 2), OBJ = symInfo(1, 1), LFUNC = symInfo(0, 2);
const VERSION_SYMS = [
  { name: '', info: symInfo(0, 3), shndx: '.text', value: 0x400500 }, // section symbol: the section's name
  { name: '', info: symInfo(0, 3), shndx: 300 }, // section symbol past e_shnum: strtab offset 0
  { name: 'defined_v2', info: FUNC, shndx: '.text', value: 0x400510, size: 16, ver: 2 },
  { name: 'defined_hidden_v3', info: FUNC, shndx: '.text', value: 0x400520, size: 16, ver: 0x8003 },
  { name: 'defined_global', info: FUNC, shndx: '.text', ver: 1 },
  { name: 'defined_local_ver', info: FUNC, shndx: '.text', ver: 0 },
  { name: 'VERS_1.0', info: OBJ, shndx: 0xfff1, ver: 2 }, // the version's own symbol: no version shown
  { name: 'x', info: FUNC, shndx: '.text', ver: 4 },
  { name: 'short_name', info: FUNC, shndx: '.text', ver: 4 },
  { name: 'long_v5', info: FUNC, shndx: '.text', ver: 5 },
  { name: 'long_v5_hidden', info: FUNC, shndx: '.text', ver: 0x8005 },
  { name: 'puts', info: FUNC, ver: 6 },
  { name: '__libc_start_main', info: FUNC, ver: 7 },
  { name: '__cxa_finalize', info: WFUNC, ver: 6 },
  { name: '_dl_private_thing', info: FUNC, ver: 8 },
  { name: 'hidden_need', info: FUNC, ver: 0x8006 },
  { name: 'no_such_need', info: FUNC, ver: 12 },
  { name: 'defined_v10', info: FUNC, shndx: '.text', ver: 10 },
  { name: 'defined_8001', info: FUNC, shndx: '.text', ver: 0x8001 },
  { name: 'undef_hidden_base', info: FUNC, ver: 0x8001 },
  { name: 'copy_reloc_obj', info: OBJ, shndx: '.bss', size: 8, ver: 6 },
  { name: 'sin', info: FUNC, ver: 9 },
  { name: 'name_of_exactly_21_ch', info: FUNC, shndx: '.text', ver: 0 },
  { name: 'name_of_exactly_22_chr', info: FUNC, shndx: '.text', ver: 0 },
  { name: 'ctl\x01\x02name', info: FUNC, shndx: '.text', ver: 6 },
  { name: 'del\x7fname', info: FUNC, shndx: '.text', ver: 0 },
  { name: 'latin\xe9\xff\x80bytes', info: FUNC, shndx: '.text', ver: 0 },
  { name: 'sixteen_chars_\x01x', info: FUNC, shndx: '.text', ver: 0 },
  { name: 'fifteen_chars__\x01', info: FUNC, shndx: '.text', ver: 0 },
  { name: 0x7ffff, info: FUNC, shndx: '.text', ver: 2 }, // st_name past the string table
  { name: 'big_values', info: OBJ, shndx: '.data', value: 0xfedcba9876543210n, size: 0x123456789abcn, ver: 0 },
  { name: 'size_99999', info: OBJ, shndx: '.data', size: 99999, ver: 0 },
  { name: 'size_100000', info: OBJ, shndx: '.data', size: 100000, ver: 0 },
  { name: 'size_4G', info: OBJ, shndx: '.data', size: 0x100000000n, ver: 0 },
  { name: 'local_after_info', info: LFUNC, shndx: '.text', ver: 0 }, // index >= sh_info: a warning
];

add('dynsym-versions64.elf', 'readelf --dyn-syms: versions (@@, @, (N), base, <corrupt>), names cut with [...], sizes', [],
  () => serialize(dynsymModel({ syms: VERSION_SYMS, verdef: VERDEF_LIB, verneed: VERNEED_LIB, info: 3 })));
add('dynsym-versions32-be.elf', 'readelf --dyn-syms: the same symbols in a big-endian ELF32 (MIPS: no local symbol warning)', [],
  () => serialize(dynsymModel({ cls: 32, le: false, machine: EM_MIPS,
    syms: VERSION_SYMS.map((s) => ({ ...s, value: typeof s.value === 'bigint' ? 0xfedcba98 : s.value,
      size: typeof s.size === 'bigint' ? 0xffffffff : s.size })),
    verdef: VERDEF_LIB, verneed: VERNEED_LIB, info: 3 })));
add('dynsym-versions32-le.elf', 'readelf --dyn-syms: the same symbols in a little-endian ELF32 i386', [],
  () => serialize(dynsymModel({ cls: 32, syms: VERSION_SYMS.map((s) => ({ ...s,
    value: typeof s.value === 'bigint' ? 0xfedcba98 : s.value, size: typeof s.size === 'bigint' ? 0xffffffff : s.size })),
  verdef: VERDEF_LIB, verneed: VERNEED_LIB, info: 3 })));

// every st_info type and binding, visibility, st_other and st_shndx of one machine
function namesModel(o, others, indices) {
  const syms = [];
  for (let t = 0; t < 16; t++) syms.push({ name: `type_${t}`, info: symInfo(1, t), shndx: '.text' });
  for (let b = 0; b < 16; b++) syms.push({ name: `bind_${b}`, info: symInfo(b, 2), shndx: '.text' });
  for (const v of others) syms.push({ name: `other_${v.toString(16)}`, info: FUNC, other: v, shndx: '.text' });
  for (const x of indices) syms.push({ name: `shndx_${x.toString(16)}`, info: OBJ, shndx: x });
  return serialize(dynsymModel({ ...o, syms, info: 1 }));
}
const OTHERS = [0, 1, 2, 3, 4, 5, 8, 0x10, 0x20, 0x23, 0x40, 0x60, 0x80, 0x81, 0x82, 0x84, 0x88, 0x90, 0xa0, 0xc0,
  0xe0, 0xf0, 0xf3, 0xff];
const INDICES = [0, 1, 20, 200, 0xfeff, 0xff00, 0xff01, 0xff02, 0xff03, 0xff04, 0xff1f, 0xff20, 0xff3f, 0xff40,
  0xfff0, 0xfff1, 0xfff2, 0xfff3, 0xffff];
for (const [file, what, o] of [
  ['dynsym-names-x86_64.elf', 'x86-64, OSABI 0', { machine: EM_X86_64 }],
  ['dynsym-names-gnu.elf', 'x86-64, OSABI GNU (IFUNC, UNIQUE)', { machine: EM_X86_64, osabi: OSABI_GNU }],
  ['dynsym-names-freebsd.elf', 'i386, OSABI FreeBSD (IFUNC)', { cls: 32, machine: EM_386, osabi: OSABI_FREEBSD }],
  ['dynsym-names-solaris.elf', 'SPARC v9, OSABI Solaris (visibility from the whole st_other, REGISTER)',
    { le: false, machine: 43, osabi: OSABI_SOLARIS }],
  ['dynsym-names-arm.elf', 'ARM (THUMB_FUNC)', { cls: 32, machine: EM_ARM }],
  ['dynsym-names-aarch64.elf', 'AArch64 (VARIANT_PCS)', { machine: EM_AARCH64 }],
  ['dynsym-names-mips.elf', 'MIPS (st_other flags, SCOM, SUND; no local symbol check)', { cls: 32, le: false, machine: EM_MIPS }],
  ['dynsym-names-ppc64.elf', 'PPC64 (localentry)', { le: false, machine: EM_PPC64 }],
  ['dynsym-names-riscv.elf', 'RISC-V (VARIANT_CC)', { machine: EM_RISCV }],
  ['dynsym-names-alpha.elf', 'Alpha (NOPV, STD GPLOAD, unrecognised values)', { machine: 0x9026 }],
  ['dynsym-names-ia64-vms.elf', 'IA-64 OpenVMS image (function type and linkage)', { machine: EM_IA_64, osabi: 13 }],
  ['dynsym-names-ia64-hpux.elf', 'IA-64 HP-UX relocatable (ANSI_COM; no function types)', { machine: EM_IA_64, osabi: OSABI_HPUX, type: ET_REL }],
  ['dynsym-names-parisc.elf', 'PA-RISC (PARISC_MILLI, HP_OPAQUE, HP_STUB)', { cls: 32, le: false, machine: EM_PARISC }],
  ['dynsym-names-c6000.elf', 'TI C6000 (SCOM)', { cls: 32, machine: EM_TI_C6000 }],
]) {
  add(file, `readelf --dyn-syms: type, binding, visibility, st_other and st_shndx names on ${what}`, [],
    () => namesModel(o, OTHERS, INDICES));
}

// damaged tables
const SMALL_SYMS = [
  { name: 'alpha', info: FUNC, shndx: '.text', ver: 2 },
  { name: 'beta', info: FUNC, ver: 6 },
  { name: 'gamma', info: FUNC, shndx: '.text', ver: 3 },
  { name: 'delta', info: FUNC, ver: 0x8007 },
];
const smallLib = (o = {}) => dynsymModel({ syms: SMALL_SYMS, verdef: VERDEF_LIB, verneed: VERNEED_LIB, ...o });
const dynIndex = (m, tag) => {
  const dyn = m.sections.find((s) => s.name === '.dynamic');
  const b = Buffer.from(dyn.data);
  const ent = m.cls === 64 ? 16 : 8;
  for (let i = 0; i * ent < b.length; i++) {
    const t = m.cls === 64 ? Number(m.le ? b.readBigUInt64LE(i * ent) : b.readBigUInt64BE(i * ent))
      : m.le ? b.readUInt32LE(i * ent) : b.readUInt32BE(i * ent);
    if (t === tag) return i;
  }
  throw new Error(`no tag ${tag}`);
};
add('dynsym-link-bad.elf', 'readelf --dyn-syms: .dynsym sh_link past e_shnum (no strings: <corrupt> names and versions)',
  [W('Section 4 has an out of range sh_link value of 99')],
  () => {
    const m = smallLib();
    m.sections.find((s) => s.name === '.dynsym').link = 99;
    return serialize(m);
  });
add('dynsym-link-shstrtab.elf', 'readelf --dyn-syms: .dynsym sh_link is e_shstrndx (names from the section name table)', [],
  () => {
    const m = smallLib();
    m.sections.find((s) => s.name === '.dynsym').link = m.sections.length + 1;
    return serialize(m);
  });
add('dynsym-strtab-past-eof.elf', 'readelf --dyn-syms: the linked string table runs past the end of the file', [],
  () => {
    const m = smallLib();
    m.sections.find((s) => s.name === '.dynsym.str').hdrSize = 0x100000;
    return serialize(m);
  });
add('dynsym-versym-outside.elf', 'readelf --dyn-syms: DT_VERSYM 4 bytes before the end of the text PT_LOAD (later entries unmapped)',
  [], () => {
    const m = smallLib();
    const load = m.phdrs.find((p) => p.type === PT_LOAD);
    setDynWord(m, dynIndex(m, DT_VERSYM), load.vaddr + load.filesz - 4);
    return serialize(m);
  });
add('dynsym-verdef-past-eof.elf', 'readelf --dyn-syms: DT_VERDEF and DT_VERNEED mapped but past the end of the file', [],
  () => {
    const m = smallLib();
    const load = m.phdrs.filter((p) => p.type === PT_LOAD)[1];
    load.filesz += 0x10000;
    load.memsz += 0x10000;
    setDynWord(m, dynIndex(m, DT_VERDEF), load.vaddr + load.filesz - 0x100);
    setDynWord(m, dynIndex(m, DT_VERNEED), load.vaddr + load.filesz - 0x80);
    return serialize(m);
  });
add('dynsym-vernaux-broken.elf', 'readelf --dyn-syms: a vna_next and a vd_next that lead out of the file', [],
  () => {
    const m = smallLib();
    const vn = m.sections.find((s) => s.name === '.gnu.version_r');
    const b = new Bytes(m.le);
    b.bytes(0, vn.data);
    b.uint(16 + 12, 4, 0x7fff0000); // first vernaux's vna_next
    vn.data = b.result();
    const vd = m.sections.find((s) => s.name === '.gnu.version_d');
    const c = new Bytes(m.le);
    c.bytes(0, vd.data);
    c.uint(28 + 16, 4, 0x40000000); // second verdef's vd_next
    vd.data = c.result();
    return serialize(m);
  });
add('dynsym-verdef-outside.elf', 'readelf --dyn-syms: DT_VERDEF and DT_VERNEED outside every PT_LOAD', [],
  () => {
    const m = smallLib();
    setDynWord(m, dynIndex(m, DT_VERDEF), 0x1000);
    setDynWord(m, dynIndex(m, DT_VERNEED), 0x7000000);
    return serialize(m);
  });
add('dynsym-several.elf', 'readelf --dyn-syms: more SHT_DYNSYM sections (entsize 0, 8, 48, 23, sh_size 0, past EOF, too big, one entry)',
  [E('File contains multiple dynamic symbol tables')], () => {
    const m = smallLib();
    const d = m.sections.find((s) => s.name === '.dynsym');
    m.sections.push(
      { ...d, name: '.dynsym.e0', entsize: 0 },
      { ...d, name: '.dynsym.e8', entsize: 8 },
      { ...d, name: '.dynsym.e48', entsize: 48 },
      { ...d, name: '.dynsym.e23', entsize: 23, hdrSize: d.size - 1 }, // 5 entries, the last ending in GNU's NUL pad
      { ...d, name: '.dynsym.empty', hdrSize: 0 },
      { ...d, name: '.dynsym.eof', hdrOffset: 0x100000 },
      { ...d, name: '.dynsym.huge', hdrSize: 0x1000000 },
      { ...d, name: '.dynsym.one', hdrSize: 24 },
    );
    return serialize(m);
  });
add('dynsym-xindex.elf', 'readelf --dyn-syms: SHN_XINDEX entries through a later SHT_SYMTAB_SHNDX (a section, values from 0xff00 on)', [], () => {
  const m = smallLib();
  const d = m.sections.find((s) => s.name === '.dynsym');
  const b = new Bytes(m.le);
  b.bytes(0, d.data);
  b.uint(24 + 6, 2, 0xffff);
  b.uint(48 + 6, 2, 0xffff);
  b.uint(72 + 6, 2, 0xffff);
  d.data = b.result();
  const x = new Bytes(m.le);
  x.uint(0, 4, 0); x.uint(4, 4, secIndex(m, '.text')); x.uint(8, 4, 0x12345); x.uint(12, 4, 0xff05);
  x.uint(16, 4, 0);
  m.sections.push({ name: '.symtab_shndx', type: 18, flags: 0, offset: 0x2000, data: x.result(), link: secIndex(m, '.dynsym'),
    align: 4, entsize: 4 });
  return serialize(m);
});
add('dynsym-xindex-short.elf', 'readelf --dyn-syms: an SHT_SYMTAB_SHNDX shorter than its symbol table', [], () => {
  const m = smallLib();
  m.sections.push({ name: '.symtab_shndx', type: 18, flags: 0, offset: 0x2000, data: fill(8), link: secIndex(m, '.dynsym'),
    align: 4, entsize: 4 });
  return serialize(m);
});

// --- readelf -h / -S: section table checks and layouts -------------------------
{
  // Section types and flags of the checks (local names: some exist above under other names).
  const T = { REL: 9, HASH: 5, GROUP: 17, SHNDX: 18, INIT: 14, PREINIT: 16, GNU_HASH: 0x6ffffff6,
    VERSYM: 0x6fffffff, VERDEF: 0x6ffffffd, VERNEED: 0x6ffffffe, LOOS1: 0x60000001 };
  const F = { INFO_LINK: 0x40, MBIND: 0x01000000, RETAIN: 0x200000, OS: 0x00100000, PROC: 0x40000000,
    LARGE: 0x10000000, EXCLUDE: 0x80000000 };
  // Every sh_link/sh_info check of the -S display, in an ET_REL (where REL/RELA need both).
  const checks = (cls, le, machine, type, osabi) => {
    const sz = cls === 64 ? 24 : 16;
    const at = (k) => 0x100 + k * 0x10;
    const s = (name, type, extra = {}) => ({ name, type, offset: at(extra.k ?? 0), size: 8, align: 4, ...extra });
    const sections = [
      s('.text', SHT_PROGBITS, { k: 1, flags: AX, size: 16 }), // 1
      s('.symtab', SHT_SYMTAB, { k: 2, link: 3, info: 1, entsize: sz, size: sz }), // 2
      s('.strtab', SHT_STRTAB, { k: 3, data: cstr('\0a') }), // 3
      s('.rel.text', T.REL, { k: 4, link: 0, info: 1, entsize: cls === 64 ? 16 : 8 }), // 4: no symtab
      s('.rela.bad', SHT_RELA, { k: 5, link: 2, info: 3, entsize: cls === 64 ? 24 : 12 }), // 5: info -> STRTAB
      s('.rel.zero', T.REL, { k: 6, link: 2, info: 0, entsize: cls === 64 ? 16 : 8 }), // 6: info 0
      s('.group', T.GROUP, { k: 7, link: 3, info: 1, entsize: 4 }), // 7: link -> STRTAB
      s('.hash', T.HASH, { k: 8, link: 1, info: 5 }), // 8: link -> PROGBITS, info set
      s('.gnu.hash', T.GNU_HASH, { k: 9, link: 2 }), // 9: fine
      s('.gnu.version', T.VERSYM, { k: 10, link: 99 }), // 10: link past the table
      s('.dynamic', SHT_DYNAMIC, { k: 11, link: 1, info: 2, flags: WA }), // 11: link -> PROGBITS
      s('.init_array', T.INIT, { k: 12, link: 3, info: 1, flags: WA }), // 12: link and info set
      s('.ordered', SHT_PROGBITS, { k: 13, link: 0xff00 }), // 13: Solaris SHN_BEFORE
      s('.after', SHT_PROGBITS, { k: 14, link: 0xff01 }), // 14: SHN_AFTER
      s('.link.ffff', SHT_PROGBITS, { k: 15, link: 0xffff }), // 15
      s('.infolink', SHT_PROGBITS, { k: 16, flags: F.INFO_LINK }), // 16: SHF_INFO_LINK, info 0
      s('.mbind', SHT_PROGBITS, { k: 17, flags: A | F.MBIND, info: 7 }), // 17: SHF_GNU_MBIND, info set
      s('.nobits', SHT_NOBITS, { k: 18, flags: WA, info: 9 }), // 18: NOBITS keep their info
      s('.prog.info', SHT_PROGBITS, { k: 19, info: 4 }), // 19
      s('.huge', SHT_PROGBITS, { k: 20, hdrSize: 0x7ffffff0 }), // 20: larger than the file
      s('.note.huge', SHT_NOTE, { k: 21, hdrSize: 0x7ffffff0 }), // 21
      s('.loos.huge', T.LOOS1, { k: 22, hdrSize: 0x7ffffff0 }), // 22: OS types are not checked
      s('.flags.all', SHT_PROGBITS, { k: 23, flags: 0xffffffff }), // 23
      s('.flags.os', SHT_PROGBITS, { k: 24, flags: F.RETAIN | F.MBIND | F.OS | F.LARGE | F.EXCLUDE }), // 24
      s('.flags.proc', SHT_PROGBITS, { k: 25, flags: F.PROC | 0x20000000 | F.EXCLUDE | 0x80 | 0x800 }), // 25
      s('.preinit_array', T.PREINIT, { k: 26, flags: WA }), // 26
      s('.symtab_shndx', T.SHNDX, { k: 27, link: 2 }), // 27
      s('.gnu.version_r', T.VERNEED, { k: 28, link: 3, info: 1 }), // 28
      s('.gnu.version_d', T.VERDEF, { k: 29, link: 1 }), // 29: link -> PROGBITS
      s('.a.very.long.section.name.indeed', SHT_PROGBITS, { k: 30, flags: A | 0x10 | 0x20, entsize: 1 }), // 30
      s('.ctl\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c', SHT_PROGBITS, { k: 31 }), // 31: escapes past 17 columns
    ];
    return serialize({ cls, le, type, machine, osabi, sections, fileSize: 0x400 });
  };
  add('sections-checks32.elf', 'readelf -S: every sh_link/sh_info/sh_size check in an i386 ET_REL, SHN_BEFORE/AFTER, flag letters',
    [W('Section 10 has an out of range sh_link value of 99')], () => checks(32, true, EM_386, ET_REL, OSABI_NONE));
  add('sections-checks64.elf', 'readelf -S: the same checks in a big-endian ELF64 SPARC v9 ET_REL with OSABI GNU',
    [W('Section 10 has an out of range sh_link value of 99')], () => checks(64, false, 43, ET_REL, OSABI_GNU));
  add('sections-checks-dyn.elf', 'readelf -S: the same in an x86-64 ET_DYN (REL/RELA without link or info are fine)',
    [W('Section 10 has an out of range sh_link value of 99')], () => checks(64, true, EM_X86_64, ET_DYN, OSABI_FREEBSD));
  add('sections-checks-arm.elf', 'readelf -S: the same in an ARM ET_EXEC with OSABI ARM (ELF32: no SHN_BEFORE/AFTER on ARM)',
    [W('Section 10 has an out of range sh_link value of 99')], () => checks(32, true, EM_ARM, ET_EXEC, 97));
  add('sections-one.elf', 'readelf -S: a section table of only the null section ("There is 1 section header", "Section Header:")',
    [], () => serialize({ cls: 64, le: true, type: ET_REL, sections: [], sh0: {}, shstrtab: false }));
  add('sections-values64.elf', 'readelf -S: ELF64 values past 2^32 and 2^63 in every column, flags above bit 31, huge alignments',
    [W('Section 2 has an out of range sh_link value of 4294967295')], () => serialize({ cls: 64, le: true, type: ET_REL, machine: EM_X86_64, osabi: OSABI_GNU, fileSize: 0x400, sections: [
      { name: '.big', type: SHT_PROGBITS, flags: 0x300000007n, addr: 0xffffffff80001000n, offset: 0x100,
        hdrOffset: 0x8000000000000010n, size: 8, hdrSize: 0x100000000n, align: 0xffffffffffffffffn,
        entsize: 0x123456789n },
      { name: '.big.nobits', type: SHT_NOBITS, flags: 0x8000000000000003n, addr: 0x7fffffffffffffffn, offset: 0x100,
        size: 0, hdrSize: 0xffffffffffffffffn, align: 0x8000000000000000n, entsize: 0x10n, link: 0xffffffff, info: 0xffffffff },
      { name: '.zero', type: SHT_PROGBITS, offset: 0x100, size: 0, align: 0 },
    ] }));
  // e_flags and OS/ABI texts on machines the samples do not otherwise have.
  for (const [name, what, o] of [
    ['hdr-arm-eabi5-be8.elf', 'readelf -h: ARM EABI5 hard-float BE8 with an unknown bit', { cls: 32, le: false, machine: EM_ARM, flags: 0x05800401 | 0x1000 }],
    ['hdr-arm-gnu-eabi.elf', 'readelf -h: ARM old GNU EABI flags and OSABI ARM', { cls: 32, le: true, machine: EM_ARM, osabi: 97, flags: 0x0000061c }],
    ['hdr-mips-flags.elf', 'readelf -h: MIPS noreorder/pic/cpic, octeon3, o32, micromips, mips32r6', { cls: 32, le: true, machine: EM_MIPS, flags: 0x928e1007 }],
    ['hdr-riscv-flags.elf', 'readelf -h: RISC-V RVC, TSO, quad-float', { cls: 64, le: true, machine: EM_RISCV, flags: 0x17 }],
    ['hdr-ia64-vms.elf', 'readelf -h: IA-64 OpenVMS flags', { cls: 64, le: true, machine: EM_IA_64, osabi: 13, flags: 0x1d7 }],
    ['hdr-amdgpu-hsa4.elf', 'readelf -h: AMDGPU HSA v4 gfx90a xnack/sramecc, unknown bits', { cls: 64, le: true, machine: 224, osabi: 64, abiVersion: 2, flags: 0x1f3f }],
    ['hdr-parisc-flags.elf', 'readelf -h: PA-RISC 2.0 with every flag', { cls: 32, le: false, machine: EM_PARISC, osabi: OSABI_HPUX, flags: 0x005f0214 }],
    ['hdr-ident-odd.elf', 'readelf -h: EI_VERSION 2, OS/ABI 4, ABI version 7, padding bytes, e_version 0x12345, e_ehsize 0', { cls: 64, le: true, machine: 0x1234, osabi: 4, flags: 0xdeadbeef, ident: { version: 2 }, hdr: { version: 0x12345, ehsize: 0 } }],
  ]) {
    add(name, what, [], () => {
      const b = serialize({ type: ET_EXEC, ...o, fileSize: 0x80 });
      b[8] = o.abiVersion ?? 7;
      if (name === 'hdr-ident-odd.elf') b.set([1, 2, 3, 0x80, 0xff, 0, 9], 9);
      return b;
    });
  }
}

// --- readelf -R: the symbol-difference relocations of MSP430, MN10300, RL78 ----
// An ELF32 little-endian ET_REL whose .debug_info has one RELA section against
// it: symbols 1 (section), 2 'a' = 0x100, 3 'b' = 0x40, 4 a TLS symbol; each
// relocation is [offset, type, symbol, addend]. No toolchain here makes these
// machines' objects, so the relocations are chosen to reach each of GNU's
// target_specific_reloc_handling paths (and its messages).
function symdiffObject(machine, osabi, flags, relocs) {
  const info = Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + 1) & 0xff);
  info.set([0x80, 0x80, 0x01], 4); // a 3-byte ULEB128
  info.fill(0xff, 44, 60); // a ULEB128 past 64 bits that runs to the end
  info[63] = 0x7f;
  const w = new Bytes(true);
  const sym = (i, name, value, type, shndx) => {
    w.uint(i * 16, 4, name); w.uint(i * 16 + 4, 4, value); w.uint(i * 16 + 8, 4, 4);
    w.uint(i * 16 + 12, 1, type); w.uint(i * 16 + 14, 2, shndx);
  };
  sym(0, 0, 0, 0, 0);
  sym(1, 0, 0, 3, 1);
  sym(2, 1, 0x100, 0x10, 1);
  sym(3, 3, 0x40, 0x12, 1);
  sym(4, 5, 0, 0x16, 1);
  const symtab = w.buf.subarray(0, 5 * 16);
  const r = new Bytes(true);
  relocs.forEach(([offset, type, symbol, addend], i) => {
    r.uint(i * 12, 4, offset); r.uint(i * 12 + 4, 4, symbol * 256 + type); r.uint(i * 12 + 8, 4, addend >>> 0);
  });
  const rela = r.buf.subarray(0, relocs.length * 12);
  return serialize({ cls: 32, le: true, type: ET_REL, machine, osabi, flags, sections: [
    { name: '.debug_info', type: SHT_PROGBITS, offset: 0x40, data: info, align: 1 },
    { name: '.symtab', type: SHT_SYMTAB, offset: 0x80, data: symtab, link: 3, info: 2, entsize: 16, align: 4 },
    { name: '.strtab', type: SHT_STRTAB, offset: 0xd0, data: ascii('\0a\0b\0t\0'), align: 1 },
    { name: '.rela.debug_info', type: SHT_RELA, flags: SHF_INFO_LINK, offset: 0xe0, data: rela, link: 2, info: 1, entsize: 12, align: 4 },
  ] });
}
add('reloc-mn10300.o', 'readelf -R: MN10300 SYM_DIFF pairs, ALIGN, an unhandled type after SYM_DIFF, bad offset and symbol',
  [], () => symdiffObject(89, OSABI_NONE, 0, [[0, 33, 2, 0], [0, 1, 3, 5], [4, 33, 3, 0], [8, 2, 2, 0], [12, 34, 0, 0],
    [16, 33, 2, 0], [20, 7, 1, 0], [24, 1, 2, 0], [200, 1, 2, 0], [28, 1, 9, 0], [32, 33, 9, 0], [32, 1, 4, 0]]));
add('reloc-rl78.o', 'readelf -R: RL78 SYM/OPsub/ABS32/ABS16 sequences, a bad offset and symbol, a plain DIR32',
  [], () => symdiffObject(197, OSABI_NONE, 0, [[0, 0x80, 2, 1], [0, 0x80, 3, 0], [0, 0x83, 0, 0], [0, 0x41, 0, 0],
    [4, 0x80, 3, 0], [4, 0x80, 2, 0], [4, 0x83, 0, 0], [8, 0x43, 0, 0], [12, 0x41, 0, 0], [100, 0x41, 0, 0],
    [16, 1, 2, 0], [20, 0x80, 9, 0], [24, 5, 2, 0]]));
add('reloc-msp430x.o', 'readelf -R: MSP430X relocations (OS/ABI none): SYM_DIFF pairs, SET_ULEB128, types MSP430X ignores',
  [], () => symdiffObject(105, OSABI_NONE, 0, [[0, 21, 2, 0], [0, 1, 3, 0], [4, 23, 3, 0], [4, 22, 2, 0], [8, 10, 2, 0],
    [12, 15, 2, 0], [16, 21, 2, 0], [16, 2, 3, 0], [20, 21, 2, 0], [44, 22, 3, 0], [24, 21, 2, 0], [60, 22, 3, 0]]));
add('reloc-msp430.o', 'readelf -R: MSP430 (not X) relocations: SYM_DIFF, SUB/SET_ULEB128, an unhandled type after SYM_DIFF',
  [], () => symdiffObject(105, 255, 0, [[0, 10, 2, 0], [0, 1, 3, 0], [4, 12, 2, 0], [4, 11, 3, 0], [8, 10, 2, 0],
    [8, 7, 2, 0], [12, 5, 2, 0], [16, 21, 9, 0], [20, 10, 3, 0], [20, 9, 9, 0], [24, 3, 2, 0], [28, 2, 2, 0]]));

// ---------------------------------------------------------------------------
// readelf -A: build attribute sections; -I: hash tables
// ---------------------------------------------------------------------------
const SHT_PROC_ATTRIBUTES = 0x70000003, SHT_GNU_ATTRIBUTES = 0x6ffffff5, SHT_HASH = 5;
const uleb = (v) => {
  let n = big(v);
  const out = [];
  do {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
};
const str0 = (t) => [...ascii(t), 0];
// The bytes of one attributes section: 'A', then per vendor [name, [[subsection tag, bytes], ...]].
function attrSection(le, vendors) {
  const out = [0x41];
  for (const [name, subs] of vendors) {
    const body = [];
    for (const [tag, bytes] of subs) body.push(tag, ...words(le, 4, 5 + bytes.length), ...bytes);
    out.push(...words(le, 4, 4 + name.length + 1 + body.length), ...str0(name), ...body);
  }
  return Uint8Array.from(out);
}
// An object file holding `secs` ([name, type, bytes] or section objects), laid out from 0x100.
function attrObject(o, secs) {
  let off = 0x100;
  const sections = secs.map((x) => {
    const d = Array.isArray(x) ? { name: x[0], type: x[1], data: x[2] } : x;
    const sec = { align: 1, offset: off, ...d };
    off = alignUp(off + (d.size ?? d.data.length), 4);
    return sec;
  });
  return serialize({ cls: o.cls ?? 32, le: o.le ?? true, type: ET_REL, machine: o.machine, sections });
}
add('attr-arm.o', 'readelf -A: every kind of ARM build attribute, section and symbol lists, other vendors', [], () => {
  const aeabi = [
    ...uleb(4), ...str0('raw'), ...uleb(5), ...str0('7-A'), 6, 10, 6, 99,
    ...[0x41, 0x52, 0x4d, 0x53, 0, 7].flatMap((v) => [7, v]),
    8, 1, 9, 2, 10, 7, 12, 4, 13, 9, 18, 4, 20, 2, 23, 3,
    ...[0, 1, 2, 3, 4, 13].flatMap((v) => [24, v]), ...[1, 2, 5].flatMap((v) => [25, v]),
    26, 2, 28, 1, 30, 6, 31, 5, 34, 1, 38, 1, 42, 1, 44, 2, 46, 1, 48, 2, 50, 2, 52, 1,
    ...uleb(74), 1, ...uleb(76), 0, 66, 1, 68, 3, 70, 1,
    32, 1, ...str0('gnu'), 64, 0, 65, 6, 10, 0, 65, 7, ...str0('x'), 67, ...str0('2.09'),
    ...uleb(200), 5, ...uleb(201), ...str0('odd'), 6, ...uleb(0x100000003),
  ];
  const gnu = [32, 0, ...str0('x'), 4, 7, 5, ...str0('s'), 6, 9, 0];
  return attrObject({ machine: EM_ARM }, [
    ['.ARM.attributes', SHT_PROC_ATTRIBUTES, attrSection(true, [
      ['aeabi', [[1, aeabi], [2, [1, 2, 3, 0, 9, 2]], [3, [5, 0, 10, 4]], [9, [1, 2, 3, 0x41, 0x42]]]],
      ['gnu', [[1, gnu]]],
      ['other', [[1, [...ascii('0123456789abcdef\x01\x02xyz')]]]],
    ])],
  ]);
});
add('attr-corrupt.o', 'readelf -A: broken attribute sections, one way each (GNU goes on to the next)',
  [], () => {
  const T = SHT_PROC_ATTRIBUTES;
  const le = true;
  const vendor = (name, subs) => attrSection(le, [[name, subs]]);
  const lenFix = (bytes, at, v) => { const b = Uint8Array.from(bytes); b.set(words(le, 4, v), at); return b; };
  return attrObject({ machine: EM_ARM }, [
    ['.a.version', T, Uint8Array.from([0x42, 1, 2])],
    ['.a.premature', T, Uint8Array.from([0x41, 1, 2, 3])],
    ['.a.toolong', T, lenFix(vendor('aeabi', [[1, [8, 1]]]), 1, 100)],
    ['.a.toosmall', T, lenFix(vendor('aeabi', [[1, [8, 1]]]), 1, 4)],
    ['.a.name', T, Uint8Array.from([0x41, ...words(le, 4, 9), ...ascii('abcdefgh')])],
    ['.a.unused', T, Uint8Array.from([0x41, ...words(le, 4, 13), ...str0('aeabi'), 1, 2, 3, 4])],
    ['.a.subbig', T, lenFix(vendor('aeabi', [[1, [8, 1, 9, 2]]]), 12, 0x40)],
    ['.a.subsmall', T, lenFix(vendor('aeabi', [[1, [8, 1, 9, 2]]]), 12, 3)],
    ['.a.leb', T, vendor('aeabi', [[1, [8, 1, 6, 0x80]]])],
    ['.a.tag', T, vendor('aeabi', [[1, [...uleb(201)]]])],
    ['.a.compat', T, vendor('aeabi', [[1, [32, 1, 0x41]]])],
    ['.a.gnu', T, vendor('gnu', [[1, [32, 1]]])],
    ['.a.gnustr', T, vendor('gnu', [[1, [32, 1, 0x41]]])],
    ['.a.strtag', T, vendor('aeabi', [[1, [5, 0x41]]])],
    { name: '.a.empty', type: T, data: new Uint8Array(0) },
    { name: '.a.eof', type: T, data: new Uint8Array(0), size: 64, hdrOffset: 0x10000 },
  ]);
});
const gnuAttrs = (le, bytes) => attrSection(le, [['gnu', [[1, bytes]]]]);
add('attr-ppc64.o', 'readelf -A: PowerPC GNU attributes (FP, vector, struct return), known and unknown values', [], () =>
  attrObject({ machine: EM_PPC64, cls: 64 }, [['.gnu.attributes', SHT_GNU_ATTRIBUTES, gnuAttrs(true, [
    ...[0, 1, 2, 3, 5, 6, 9, 14, 15, 17].flatMap((v) => [4, v]), ...[0, 1, 2, 3, 5].flatMap((v) => [8, v]),
    ...[0, 1, 2, 3].flatMap((v) => [12, v]), 16, 3, 3, ...str0('odd'), 4])]]));
add('attr-s390.o', 'readelf -A: s390 GNU attributes (vector ABI), known and unknown values', [], () =>
  attrObject({ machine: EM_S390, cls: 64, le: false }, [['.gnu.attributes', SHT_GNU_ATTRIBUTES, gnuAttrs(false, [
    ...[0, 1, 2, 3].flatMap((v) => [8, v]), 16, 3, 1, ...str0('one')])]]));
add('attr-sparc.o', 'readelf -A: SPARC hardware capability attributes (every bit, none, unknown tags)', [], () =>
  attrObject({ machine: EM_SPARC, le: false }, [['.gnu.attributes', SHT_GNU_ATTRIBUTES, gnuAttrs(false, [
    4, ...uleb(0x3fffffff), 4, 0, 8, ...uleb(0x1fffffff), 8, 0, 4, ...uleb(0x40), 16, 2, 5, ...str0('five')])]]));
add('attr-m68k.o', 'readelf -A: m68k FP ABI attributes, known and unknown values, one cut short', [], () =>
  attrObject({ machine: 4, le: false }, [['.gnu.attributes', SHT_GNU_ATTRIBUTES, gnuAttrs(false, [
    ...[0, 1, 2, 3, 5, 6].flatMap((v) => [4, v]), 16, 9, 7, ...str0('s'), 4])]]));
add('attr-msp430.o', 'readelf -A: MSP430 ABI and GNU attributes, known and unknown values and tags', [], () =>
  attrObject({ machine: 105 }, [['.MSP430.attributes', SHT_PROC_ATTRIBUTES, attrSection(true, [
    ['mspabi', [[1, [...[0, 1, 2, 3].flatMap((v) => [4, v]), ...[0, 1, 2, 5].flatMap((v) => [6, v]),
      ...[0, 1, 2, 3, 4].flatMap((v) => [8, v]), 10, 7, 11, ...str0('str'), 13, 0x41]]]],
    ['gnu', [[1, [...[0, 1, 2, 3].flatMap((v) => [4, v]), 6, 9, 8, 1]]]],
  ])]]));
add('attr-csky.o', 'readelf -A: C-SKY attributes (names, flags, DSP/FPU versions, FPU options), and a gnu vendor dumped raw', [], () =>
  attrObject({ machine: 252 }, [['.csky.attributes', 0x70000001, attrSection(true, [
    ['csky', [[1, [4, ...str0('ck860'), 5, ...str0('ck860f'), 6, ...uleb(0x1234), 7, 3, 8, 1, 8, 2, 8, 3, 9, 2,
      0x10, 1, 0x10, 2, 0x10, 9, 0x11, 1, 0x11, 2, 0x11, 3, 0x11, 0, 0x12, 1, 0x12, 0, 0x13, 1, 0x14, 1, 0x14, 2,
      0x15, ...str0('IEEE 754'), 0x16, 7, 0x16, 0, 2, 5, 3, ...str0('x'), 0x30, ...str0('big')]]]],
    ['gnu', [[1, [4, 1]]]],
  ])]]));
add('attr-arc.o', 'readelf -A: ARC attributes, every tag with known and unknown values, and a gnu vendor', [], () =>
  attrObject({ machine: 195 }, [['.ARC.attributes', 0x70000001, attrSection(true, [
    ['ARC', [[1, [...[0, 1, 2, 3, 4, 5].flatMap((v) => [4, v]), ...[0, 1, 2, 3, 4, 7].flatMap((v) => [5, v]),
      ...[0, 1, 15, 16].flatMap((v) => [6, v]), 7, ...str0('em4'), 8, 0, 8, 1, 9, 3, ...[0, 1, 2, 3].flatMap((v) => [10, v]),
      11, 2, 12, 1, 12, 0, 13, 1, 13, 0, 14, 1, 14, 0, 15, 8, 16, ...str0('cfg'), 17, ...str0('apex'), 18, 6,
      19, 4, 20, 1, 21, ...str0('u')]]]],
    ['gnu', [[1, [4, 1, 5, ...str0('s')]]]],
  ])]]));
add('nds32-flags.o', 'readelf -A: NDS32 elf flags (the vector size)', [], () =>
  attrObject({ machine: 167 }, [['.nds32_e_flags', SHT_PROGBITS, words(true, 4, 2)]]));
add('nds32-flags-eof.o', 'readelf -A: an NDS32 elf flags section past the end of the file', [], () =>
  attrObject({ machine: 167 }, [{ name: '.nds32_e_flags', type: SHT_PROGBITS, data: new Uint8Array(0), size: 8, hdrOffset: 0x10000 }]));
add('attr-c6000.o', 'readelf -A: TI C6000 attributes, every tag with known and unknown values', [], () =>
  attrObject({ machine: EM_TI_C6000 }, [['.c6xabi.attributes', SHT_PROC_ATTRIBUTES, attrSection(true, [
    ['c6xabi', [[1, [...[0, 1, 2, 3, 4, 6, 7, 8].flatMap((v) => [4, v]), ...[0, 1, 2, 3].flatMap((v) => [6, v]),
      8, 0, 8, 1, 8, 2, 10, 0, 10, 1, 10, 5, 12, 0, 12, 1, 12, 2, 14, 0, 14, 1, 14, 2, 14, 3, 16, 0, 16, 1, 16, 2,
      18, 0, 18, 1, 18, 2, 18, 3, 20, 0, 20, 1, 20, 2, 20, 9, 32, 1, ...str0('ti'), 67, ...str0('1.0'),
      22, 5, 23, ...str0('odd'), 67, 0x41]]]],
    ['gnu', [[1, [4, 1, 32, 0, ...str0('v')]]]],
  ])]]));
add('attr-riscv.o', 'readelf -A: RISC-V attributes (arch, privileged spec, alignment), known and unknown tags', [], () =>
  attrObject({ machine: EM_RISCV, cls: 64 }, [['.riscv.attributes', SHT_PROC_ATTRIBUTES, attrSection(true, [['riscv', [[1, [
    5, ...str0('rv64i2p1_m2p0'), 8, 1, 10, 11, 12, 0, 6, 0, 6, 1, 6, 2, 4, 16, 7, ...str0('seven'), 14, 3,
  ]]]]])]]));
add('attr-x86.o', 'readelf -A: a GNU attribute section on x86-64 (the default machines dump it raw)', [], () =>
  attrObject({ machine: EM_X86_64, cls: 64 }, [['.gnu.attributes', SHT_GNU_ATTRIBUTES,
    attrSection(true, [['gnu', [[1, [4, 1, 8, 2]]]], ['zz', [[1, [1, 2]]]]])]]));
add('attr-mips.o', 'readelf -A: MIPS GNU attributes, ABI flags with unknown values, a static GOT cut short', [], () => {
  const le = true;
  const abiflags = Uint8Array.from([...words(le, 2, 0), 32, 6, 3, 7, 0, 5, ...words(le, 4, 99, 0x3ffff, 1, 2)]);
  return attrObject({ machine: EM_MIPS }, [
    ['.gnu.attributes', SHT_GNU_ATTRIBUTES, gnuAttrs(le, [...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((v) => [4, v]),
      ...[0, 1, 2].flatMap((v) => [8, v]), 12, 1])],
    ['.MIPS.abiflags', 0x7000002a, abiflags],
    { name: '.got', type: SHT_PROGBITS, flags: WA, addr: 0x10000, data: cat(words(le, 4, 0, 0x80000000, 0x1234, 0x5678), [1, 2]) },
  ]);
});
add('attr-mips-abiflags-size.o', 'readelf -A: a .MIPS.abiflags of the wrong size, and a .got of zero size', [], () =>
  attrObject({ machine: EM_MIPS }, [
    ['.MIPS.abiflags', 0x7000002a, fill(20)],
    { name: '.got', type: SHT_PROGBITS, flags: WA, addr: 0x10000, data: new Uint8Array(0) },
  ]));
// A dynamic executable with a .hash table (nbucket, nchain, buckets, chains) of entry size `ent`.
function hashExec(o, buckets, chains, ent = 4) {
  const cls = o.cls ?? 64;
  const le = o.le ?? true;
  const hash = words(le, ent, buckets.length, chains.length, ...buckets, ...chains);
  const m = exec({ ...o, afterNote: [{ name: '.hash', type: SHT_HASH, flags: A, align: 8, entsize: ent, data: hash }] });
  const h = m.sections.find((x) => x.name === '.hash');
  const dyn = m.sections.find((x) => x.name === '.dynamic');
  const entries = [[DT_NEEDED, 1], [DT_STRTAB, m.sections.find((x) => x.name === '.dynstr').addr],
    [DT_STRSZ, 11], [4, o.hashAddr ?? h.addr], [DT_DEBUG, 0], [DT_NULL, 0]];
  dyn.data = dynamicBytes(cls, le, entries);
  dyn.size = dyn.data.length;
  return serialize(m);
}
add('hash-histogram.elf', 'readelf -I: a .hash with empty, long and shared chains', [], () =>
  hashExec({}, [0, 1, 0, 2, 5, 0, 0, 9], [0, 3, 4, 0, 0, 6, 7, 8, 0, 0]));
add('hash-loop.elf', 'readelf -I: a .hash whose chain loops and one that runs past nchain', [], () =>
  hashExec({}, [1, 4, 0], [0, 2, 1, 0, 9]));
add('hash-s390x.elf', 'readelf -I: the 8-byte .hash entries of 64-bit s390', [], () =>
  hashExec({ machine: EM_S390, le: false }, [0, 1, 3], [0, 2, 0, 0], 8));
add('hash-past-eof.elf', 'readelf -I: DT_HASH at an address outside every PT_LOAD', [], () =>
  hashExec({ hashAddr: 0x7000000 }, [1], [0, 0]));
add('hash-seek-fail.elf', "readelf -I: DT_HASH past ext4's largest file, where GNU's fseek fails", [], () =>
  hashExec({ hashAddr: 0xffffffff001n }, [1], [0, 0]));

add('gnu-liblist.o', 'readelf -A: .gnu.liblist sections (prelink): names long and corrupt, a bad sh_entsize, a bad sh_link',
  [W('Section 3 has an out of range sh_link value of 99')], () => {
  const le = true;
  const lib = (name, time, checksum, version, flags) => [...words(le, 4, name, time, checksum, version, flags)];
  const str = cstr('\0libc.so.6\0libverylongname-for-the-column.so.1');
  const liblist = Uint8Array.from([...lib(1, 0x3b9aca00, 0xdeadbeef, 1, 0), ...lib(11, 0, 0, 0, 7), ...lib(999, 0x7fffffff, 1, 2, 3)]);
  return attrObject({ machine: EM_X86_64, cls: 64 }, [
    { name: '.gnu.liblist', type: 0x6ffffff7, entsize: 20, link: 4, data: liblist },
    { name: '.gnu.liblist.e', type: 0x6ffffff7, entsize: 16, link: 4, data: liblist },
    { name: '.gnu.liblist.l', type: 0x6ffffff7, entsize: 20, link: 99, data: liblist },
    ['.liblist.str', SHT_STRTAB, str],
  ]);
});
add('mips-dynamic.elf', 'readelf -A: a dynamic MIPS file with options, conflicts, a primary GOT and a PLT GOT', [], () => {
  const le = true;
  const opt = (kind, info, extra = [], section = 0) =>
    [kind, 8 + extra.length, ...words(le, 2, section), ...words(le, 4, info), ...extra];
  const options = Uint8Array.from([
    ...opt(1, 0, [...words(le, 4, 0xf0f0, 1, 2, 3, 4, 0x7ff0)]),
    ...opt(2, 0x1f | 0x300 | 0x10000 | 0x80000), ...opt(2, 0),
    ...opt(3, 7, [0x41, 1]), ...opt(4, 0xf), ...opt(5, 0), ...opt(6, 0), ...opt(7, 3), ...opt(8, 1),
    ...opt(9, 0x20001), ...opt(10, 0), ...opt(0, 0xab, [], 3), ...opt(42, 5, [0x7f, 0x20, 0x5a, 0xff]),
  ]);
  const syms = [
    { name: 11, value: 0x1234, info: GLOBAL | STT_FUNC, shndx: 0 },
    { name: 15, value: 0x5678, info: GLOBAL | 1, shndx: 5 },
    { name: 0x7777, value: 0, info: GLOBAL | STT_NOTYPE, shndx: 0xfff1 },
  ];
  const m = exec({ cls: 32, le, machine: EM_MIPS, type: ET_DYN, dynstr: '\0libc.so.6\0foo\0bar',
    dyn: [[3, 0], [0x7000000a, 4], [0x70000013, 1], [0x70000011, 5], [0x70000029, 0], [0x70000008, 0],
      [0x7000000b, 3], [0x70000032, 0], [23, 0], [20, 17], [2, 16]],
    afterNote: [
      { name: '.MIPS.options', type: 0x7000000d, flags: A, align: 8, data: options },
      { name: '.conflict', type: SHT_PROGBITS, flags: A, align: 4, data: words(le, 4, 0, 2, 99) },
      { name: '.got', type: SHT_PROGBITS, flags: A, align: 4, data: words(le, 4, 0, 0x80000001, 0x10, 0x20, 0x1234, 0x5678, 0) },
      { name: '.got.plt', type: SHT_PROGBITS, flags: A, align: 4, data: words(le, 4, 0, 0, 0x400, 0x404) },
      { name: '.rel.plt', type: SHT_REL, flags: A, align: 4, entsize: 8, data: rels32(le, false, [[0, 2, 127], [0, 7, 127]]) },
      { name: '.dynsym', type: SHT_DYNSYM, flags: A, align: 4, entsize: 16, info: 1, data: symtab32(le, syms) },
    ] });
  const addr = (n) => m.sections.find((x) => x.name === n).addr;
  m.sections.find((x) => x.name === '.dynsym').link = secIndex(m, '.dynstr');
  [[3, '.got'], [7, '.MIPS.options'], [8, '.conflict'], [10, '.got.plt'], [11, '.rel.plt']].forEach(([i, n]) =>
    setDynValue(m, i, addr(n)));
  return serialize(m);
});

// ---------------------------------------------------------------------------
// driver
// ---------------------------------------------------------------------------
const rel = (f) => relative(REPO, join(HERE, f)).split('\\').join('/');

function main() {
  const mode = process.argv[2];
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case ${c.name}`);
    names.add(c.name);
  }
  if (mode === '--list') {
    for (const c of [...cases].sort((a, b) => (a.name < b.name ? -1 : 1))) console.log(rel(c.name));
    return;
  }
  mkdirSync(HERE, { recursive: true });
  // remove files from earlier runs that are no longer generated
  for (const f of readdirSync(HERE)) {
    if (f === 'generate.mjs' || names.has(f)) continue;
    unlinkSync(join(HERE, f));
  }
  for (const c of cases) {
    const bytes = c.build();
    if (bytes.length > 16 * 1024) throw new Error(`${c.name}: ${bytes.length} bytes (> 16 KiB)`);
    writeFileSync(join(HERE, c.name), bytes);
  }
  if (mode === '--check') check();
}

function check() {
  let bad = 0;
  const rows = [];
  for (const c of cases) {
    const p = rel(c.name);
    const r = spawnSync('readelf', ['-lW', p], { cwd: REPO, env: { ...process.env, LC_ALL: 'C' } });
    const err = r.stderr.toString('latin1').split('\n').filter(Boolean);
    const short = (l) => l.replace('readelf: Error: ', 'E: ').replace('readelf: Warning: ', 'W: ');
    const got = [];
    for (const l of err) {
      const last = got[got.length - 1];
      if (last && last.line === l) last.n++;
      else got.push({ line: l, n: 1 });
    }
    const gotText = got.map((g) => (g.n > 1 ? `${g.line} (x${g.n})` : g.line));
    const missing = c.expect.filter((e) => !gotText.some((g) => g.includes(e)));
    const extra = c.expect.length === 0 && gotText.length > 0;
    if (missing.length || extra) {
      bad++;
      console.error(`MISMATCH ${c.name}`);
      for (const e of missing) console.error(`  expected: ${e}`);
      for (const g of gotText) console.error(`  got:      ${g}`);
    }
    rows.push(`// ${c.name.padEnd(34)} ${c.what}`);
    for (const g of gotText) rows.push(`//   ${' '.repeat(34)} -> ${short(g)}`);
    if (!gotText.length) rows.push(`//   ${' '.repeat(34)} -> (no diagnostics)`);
  }
  if (process.argv.includes('--table')) console.log(rows.join('\n'));
  if (process.argv.includes('--update-table')) {
    const self = fileURLToPath(import.meta.url);
    const src = readFileSync(self, 'utf8');
    const begin = '// CASES-TABLE-BEGIN\n';
    const i = src.indexOf(begin) + begin.length;
    const j = src.indexOf('// CASES-TABLE-END');
    writeFileSync(self, src.slice(0, i) + rows.join('\n') + '\n' + src.slice(j));
  }
  console.error(`${cases.length - bad} passed, ${bad} failed`);
  if (bad) process.exitCode = 1;
}

main();
