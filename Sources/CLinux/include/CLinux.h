#include <malloc.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

/// renameat2(2) with RENAME_NOREPLACE: fails with EEXIST rather than replace an existing target,
/// and with EINVAL where the file system cannot promise that.
static inline int newsdrop_rename_noreplace(int fromfd, const char *from, int tofd, const char *to) {
    return (int)syscall(SYS_renameat2, fromfd, from, tofd, to, 1 /* RENAME_NOREPLACE */);
}
