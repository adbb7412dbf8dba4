/*
 * The floor: the least work an ingest daemon must do for a backlog, measured on the same files.
 *
 * Reads every file of INBOX, appends its bytes and a newline to OUTPUT, and every BATCH files
 * writes the batch with one write(2), syncs it with one fdatasync(2), then renames the batch's
 * files into DONE. No parsing, no deduplication: what is left is the unavoidable I/O that
 * newsdrop's time is compared with.
 *
 *   floor INBOX DONE OUTPUT [BATCH]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void fail(const char *what, const char *path) {
    fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
    exit(74);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: floor INBOX DONE OUTPUT [BATCH]\n");
        return 64;
    }
    const char *inbox = argv[1], *done = argv[2], *output = argv[3];
    size_t batch = argc > 4 ? (size_t)atol(argv[4]) : 512;
    int inboxFD = open(inbox, O_RDONLY | O_DIRECTORY);
    int doneFD = open(done, O_RDONLY | O_DIRECTORY);
    int out = open(output, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (inboxFD < 0) fail("open", inbox);
    if (doneFD < 0) fail("open", done);
    if (out < 0) fail("open", output);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    DIR *dir = fdopendir(dup(inboxFD));
    char **names = malloc(sizeof(char *) * batch);
    size_t capacity = 1 << 20, used = 0, pending = 0, files = 0;
    char *buffer = malloc(capacity);
    struct dirent *entry;
    for (;;) {
        entry = readdir(dir);
        if (entry && entry->d_name[0] == '.') continue;
        if (entry) {
            int fd = openat(inboxFD, entry->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) fail("open", entry->d_name);
            struct stat info;
            if (fstat(fd, &info) != 0) fail("stat", entry->d_name);
            while (used + (size_t)info.st_size + 1 > capacity) buffer = realloc(buffer, capacity *= 2);
            ssize_t got = read(fd, buffer + used, (size_t)info.st_size);
            if (got < 0) fail("read", entry->d_name);
            used += (size_t)got;
            buffer[used++] = '\n';
            close(fd);
            names[pending++] = strdup(entry->d_name);
        }
        if (pending > 0 && (pending == batch || entry == NULL)) {
            if (write(out, buffer, used) != (ssize_t)used) fail("write", output);
            if (fdatasync(out) != 0) fail("fdatasync", output);
            for (size_t i = 0; i < pending; i++) {
                if (renameat(inboxFD, names[i], doneFD, names[i]) != 0) fail("rename", names[i]);
                free(names[i]);
            }
            files += pending;
            pending = 0;
            used = 0;
        }
        if (entry == NULL) break;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu %.6f\n", files, seconds);
    return 0;
}
