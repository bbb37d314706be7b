/* The bench's stopwatch: runs one command as its child and writes the
 * child's wall time, peak resident set and wait status to RESULT_FILE.
 *
 *     measure RESULT_FILE COMMAND [ARG...]
 *
 * Why a separate small process: Linux counts into a child's ru_maxrss the
 * resident set of the process it was forked (or vforked) from, up to the
 * exec. Spawned straight from the bench, which holds its generated inputs,
 * every child would look as big as the bench; forked from this tiny
 * program, a child's ru_maxrss (from wait4) is its own.
 *
 * RESULT_FILE gets "SECONDS MAXRSS_KB WAIT_STATUS\n". The child inherits
 * standard input, output and error; an exec failure is exit status 127. */
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: measure RESULT_FILE COMMAND [ARG...]\n");
        return 64;
    }
    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "measure: cannot run %s: ", argv[2]);
        perror(NULL);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("measure: wait4");
            return 1;
        }
    }
    double seconds = now() - start;
    FILE *result = fopen(argv[1], "w");
    if (result == NULL) {
        perror(argv[1]);
        return 1;
    }
    fprintf(result, "%.6f %ld %d\n", seconds, usage.ru_maxrss, status);
    return fclose(result) == 0 ? 0 : 1;
}
