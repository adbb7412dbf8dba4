// First-hand evidence of how newsdrop ended: which file each parse worker is parsing, and what a
// fatal signal or a hang verdict names. See crash_evidence.c.
#ifndef NEWSDROP_CRASH_EVIDENCE_H
#define NEWSDROP_CRASH_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

/// Parse slots in the table: one per thread that parses, reused when a thread ends.
#define NEWSDROP_PARSE_SLOTS 64
/// The longest claimed-file line (`INODE SIZE HEX-WORK-NAME`): two 20-digit numbers, two spaces
/// and a 255-byte name in hex.
#define NEWSDROP_CLAIM_LINE_MAX 552

/// Writes `INODE SIZE HEX-NAME` (no newline) into `out`; returns its length, or 0 when `capacity`
/// is too small. The one writer of the claimed-file line that the state folder's lists and the
/// crash evidence hold.
size_t newsdrop_claim_line(char *out, size_t capacity, uint64_t inode, uint64_t size, const uint8_t *name, size_t length);

/// Publishes, in the calling thread's slot, that it now parses the claimed file named by `inode`,
/// `size` and its work name. Plain stores into preallocated memory: no lock, no allocation after
/// the thread's first call (which takes a slot and gives the thread an alternate signal stack).
void newsdrop_parse_begin(uint64_t inode, uint64_t size, const uint8_t *name, size_t length);

/// Clears the calling thread's slot: its parse has ended.
void newsdrop_parse_end(void);

/// One parse in progress, as ``newsdrop_parses_running`` reports it.
typedef struct {
    int slot;
    /// CLOCK_MONOTONIC nanoseconds when it began; with `slot`, the parse's identity.
    uint64_t started;
} newsdrop_running_parse;

/// Fills `out` with up to `capacity` parses in progress; returns how many.
int newsdrop_parses_running(newsdrop_running_parse *out, int capacity);

/// Copies the claimed-file line of the parse `slot` began at `started` into `out`; returns its
/// length, or 0 when that parse has ended meanwhile.
size_t newsdrop_parse_line(int slot, uint64_t started, char *out, size_t capacity);

/// CLOCK_MONOTONIC now, in nanoseconds: the clock of `started`.
uint64_t newsdrop_monotonic_nanoseconds(void);

/// Installs the fatal-signal handler for SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE and SIGABRT,
/// keeping the handlers installed before it to hand each signal on to. Once per process; later
/// calls do nothing. Returns 0, or -1 with errno when sigaction fails.
int newsdrop_fatal_signals_install(void);

/// The file the fatal-signal handler appends its line to (opened with O_APPEND), or -1 for none.
void newsdrop_fatal_signals_record_to(int fd);

/// Appends `hang LINE\n` to `fd` for the parse `slot` began at `started`; returns 0, or -1 when
/// that parse has ended or the write failed.
int newsdrop_record_hang(int fd, int slot, uint64_t started);

#endif
