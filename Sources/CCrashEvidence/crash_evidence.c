// First-hand evidence of how newsdrop ended, kept by the process itself.
//
// Each thread that parses owns a slot in a preallocated table and writes into it, with plain
// stores, the claimed file it is parsing. A fatal signal raised by a thread itself (a fault, a
// trap, an abort) appends one line to the evidence file: `crash SIGNAL LINE` with the file of that
// thread's slot, or `crash SIGNAL -` when the thread was not parsing or the signal came from
// another process. The hang watch appends `hang LINE` for a parse past parse_timeout. Everything
// the handler does is async-signal-safe: it formats into a stack buffer and makes one write(2).
#define _GNU_SOURCE
#include "CCrashEvidence.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct parse_slot {
    atomic_int owned;
    /// CLOCK_MONOTONIC nanoseconds when the current parse began; 0 while the slot is idle. Set
    /// last and cleared first, so a non-zero value means the fields below are complete.
    _Atomic uint64_t started;
    uint64_t inode;
    uint64_t size;
    size_t length;
    uint8_t name[255];
    void *alternate_stack;
    size_t alternate_stack_size;
};

static struct parse_slot slots[NEWSDROP_PARSE_SLOTS];
/// The calling thread's slot: -1 before its first parse, -2 when the table was full.
static __thread int thread_slot __attribute__((tls_model("initial-exec"))) = -1;
static pthread_key_t slot_key;
static pthread_once_t slot_key_once = PTHREAD_ONCE_INIT;

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
static struct sigaction previous_actions[NSIG];
static atomic_int installed;
static atomic_int evidence_fd = -1;

static size_t put_text(char *out, size_t at, size_t capacity, const char *text) {
    size_t length = strlen(text);
    if (at + length > capacity) return capacity + 1;
    memcpy(out + at, text, length);
    return at + length;
}

static size_t put_decimal(char *out, size_t at, size_t capacity, uint64_t value) {
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    if (at + count > capacity) return capacity + 1;
    for (size_t index = 0; index < count; index++) out[at + index] = digits[count - 1 - index];
    return at + count;
}

size_t newsdrop_claim_line(char *out, size_t capacity, uint64_t inode, uint64_t size, const uint8_t *name, size_t length) {
    static const char hex[] = "0123456789abcdef";
    size_t at = put_decimal(out, 0, capacity, inode);
    at = put_text(out, at, capacity, " ");
    at = put_decimal(out, at, capacity, size);
    at = put_text(out, at, capacity, " ");
    if (at > capacity || at + 2 * length > capacity) return 0;
    for (size_t index = 0; index < length; index++) {
        out[at++] = hex[name[index] >> 4];
        out[at++] = hex[name[index] & 15];
    }
    return at;
}

uint64_t newsdrop_monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/// Gives the slot back when its thread ends, with the alternate stack it was given.
static void release_slot(void *value) {
    struct parse_slot *slot = &slots[(intptr_t)value - 1];
    if (slot->alternate_stack != NULL) {
        stack_t disable = {.ss_flags = SS_DISABLE};
        stack_t current;
        if (sigaltstack(NULL, &current) == 0 && current.ss_sp == slot->alternate_stack) sigaltstack(&disable, NULL);
        munmap(slot->alternate_stack, slot->alternate_stack_size);
        slot->alternate_stack = NULL;
    }
    atomic_store_explicit(&slot->started, 0, memory_order_release);
    atomic_store_explicit(&slot->owned, 0, memory_order_release);
}

static void create_slot_key(void) { pthread_key_create(&slot_key, release_slot); }

/// A signal stack for a thread that has none, so that the handler also runs after a stack
/// overflow (a fault on the guard page).
static void give_alternate_stack(struct parse_slot *slot) {
    stack_t current;
    if (sigaltstack(NULL, &current) != 0 || !(current.ss_flags & SS_DISABLE)) return;
    size_t size = 256 * 1024;
    void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) return;
    stack_t stack = {.ss_sp = memory, .ss_size = size, .ss_flags = 0};
    if (sigaltstack(&stack, NULL) != 0) {
        munmap(memory, size);
        return;
    }
    slot->alternate_stack = memory;
    slot->alternate_stack_size = size;
}

static int take_slot(void) {
    pthread_once(&slot_key_once, create_slot_key);
    for (int index = 0; index < NEWSDROP_PARSE_SLOTS; index++) {
        int free_slot = 0;
        if (atomic_compare_exchange_strong(&slots[index].owned, &free_slot, 1)) {
            pthread_setspecific(slot_key, (void *)(intptr_t)(index + 1));
            give_alternate_stack(&slots[index]);
            return index;
        }
    }
    return -2;
}

void newsdrop_parse_begin(uint64_t inode, uint64_t size, const uint8_t *name, size_t length) {
    if (thread_slot == -1) thread_slot = take_slot();
    if (thread_slot < 0) return;
    struct parse_slot *slot = &slots[thread_slot];
    atomic_store_explicit(&slot->started, 0, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    slot->inode = inode;
    slot->size = size;
    slot->length = length < sizeof slot->name ? length : sizeof slot->name;
    memcpy(slot->name, name, slot->length);
    uint64_t now = newsdrop_monotonic_nanoseconds();
    atomic_store_explicit(&slot->started, now == 0 ? 1 : now, memory_order_release);
}

void newsdrop_parse_end(void) {
    if (thread_slot >= 0) atomic_store_explicit(&slots[thread_slot].started, 0, memory_order_release);
}

int newsdrop_parses_running(newsdrop_running_parse *out, int capacity) {
    int count = 0;
    for (int index = 0; index < NEWSDROP_PARSE_SLOTS && count < capacity; index++) {
        uint64_t started = atomic_load_explicit(&slots[index].started, memory_order_acquire);
        if (started != 0) out[count++] = (newsdrop_running_parse){.slot = index, .started = started};
    }
    return count;
}

size_t newsdrop_parse_line(int slot_index, uint64_t started, char *out, size_t capacity) {
    if (slot_index < 0 || slot_index >= NEWSDROP_PARSE_SLOTS || started == 0) return 0;
    struct parse_slot *slot = &slots[slot_index];
    if (atomic_load_explicit(&slot->started, memory_order_acquire) != started) return 0;
    uint8_t name[sizeof slot->name];
    uint64_t inode = slot->inode, size = slot->size;
    size_t length = slot->length < sizeof name ? slot->length : sizeof name;
    memcpy(name, slot->name, length);
    atomic_thread_fence(memory_order_acquire);
    // The fields are the parse's only if it is still the same parse after they were read.
    if (atomic_load_explicit(&slot->started, memory_order_relaxed) != started) return 0;
    return newsdrop_claim_line(out, capacity, inode, size, name, length);
}

int newsdrop_record_hang(int fd, int slot, uint64_t started) {
    char line[NEWSDROP_CLAIM_LINE_MAX + 8] = "hang ";
    size_t length = newsdrop_parse_line(slot, started, line + 5, NEWSDROP_CLAIM_LINE_MAX);
    if (length == 0) return -1;
    line[5 + length] = '\n';
    return write(fd, line, 6 + length) == (ssize_t)(6 + length) ? 0 : -1;
}

/// Records the signal and the file the crashing thread was parsing, then hands the signal on.
static void on_fatal_signal(int signal_number, siginfo_t *info, void *context) {
    int saved_errno = errno;
    char line[NEWSDROP_CLAIM_LINE_MAX + 32];
    size_t at = put_text(line, 0, sizeof line, "crash ");
    at = put_decimal(line, at, sizeof line, (uint64_t)signal_number);
    at = put_text(line, at, sizeof line, " ");
    // A fault or trap comes from the kernel (si_code > 0), abort() from the process itself; a
    // signal another process sent lands on any thread and names no file.
    int raised_here = info == NULL || info->si_code > 0 || info->si_pid == getpid();
    int slot_index = thread_slot;
    struct parse_slot *slot = slot_index >= 0 ? &slots[slot_index] : NULL;
    size_t named = 0;
    if (raised_here && slot != NULL && atomic_load_explicit(&slot->started, memory_order_acquire) != 0) {
        named = newsdrop_claim_line(line + at, sizeof line - at - 1, slot->inode, slot->size, slot->name, slot->length);
    }
    at = named > 0 ? at + named : put_text(line, at, sizeof line, "-");
    line[at++] = '\n';
    int fd = atomic_load(&evidence_fd);
    if (fd >= 0) {
        ssize_t written = write(fd, line, at);
        (void)written;
    }

    struct sigaction *previous = &previous_actions[signal_number];
    if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        // The handler that was there first (the Swift runtime's backtracer) gets the signal as
        // if it had been delivered to it, and any repeat of it goes straight there.
        sigaction(signal_number, previous, NULL);
        if (previous->sa_flags & SA_SIGINFO) {
            previous->sa_sigaction(signal_number, info, context);
        } else {
            previous->sa_handler(signal_number);
        }
    } else {
        // No handler before this one: the default action ends the process (with a core dump)
        // once this handler returns and the signal, raised again here, is unblocked.
        struct sigaction default_action;
        memset(&default_action, 0, sizeof default_action);
        default_action.sa_handler = SIG_DFL;
        sigemptyset(&default_action.sa_mask);
        sigaction(signal_number, &default_action, NULL);
        raise(signal_number);
    }
    errno = saved_errno;
}

int newsdrop_fatal_signals_install(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&installed, &expected, 1)) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t index = 0; index < sizeof fatal_signals / sizeof fatal_signals[0]; index++) {
        if (sigaction(fatal_signals[index], &action, &previous_actions[fatal_signals[index]]) != 0) return -1;
    }
    return 0;
}

void newsdrop_fatal_signals_record_to(int fd) { atomic_store(&evidence_fd, fd); }
