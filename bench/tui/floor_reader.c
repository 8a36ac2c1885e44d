/*
 * The floor of a `top`: what the kernel charges any process monitor that shows every
 * process's CPU% at each refresh. Once per DELAY seconds (default 1), it lists /proc
 * (getdents64) and reads every /proc/PID/stat once (openat, read, close), and does
 * nothing else: no parsing, no output. Built and run by top_ab.sh and top_cpu.sh beside
 * `psutil top`; not part of psutil-rs.
 *
 * Usage: floor_reader [DELAY]   (runs until killed)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Appends the decimal digits of `name` (a /proc entry) to "/proc/", then "/stat". */
static int stat_path(char *out, size_t size, const char *name) {
    size_t len = strlen(name);
    if (len + sizeof "/proc//stat" > size) return -1;
    memcpy(out, "/proc/", 6);
    memcpy(out + 6, name, len);
    memcpy(out + 6 + len, "/stat", sizeof "/stat");
    return 0;
}

/* One refresh: every process's stat read once. Returns the bytes read, so that the
 * reads are not dead code to anyone looking. */
static unsigned long read_every_stat(void) {
    char path[64], buf[1024];
    unsigned long total = 0;
    DIR *proc = opendir("/proc");
    if (proc == NULL) return 0;
    struct dirent *e;
    while ((e = readdir(proc)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        if (stat_path(path, sizeof path, e->d_name) != 0) continue;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n = read(fd, buf, sizeof buf);
        close(fd);
        if (n > 0) total += (unsigned long)n;
    }
    closedir(proc);
    return total;
}

int main(int argc, char **argv) {
    double delay = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(delay > 0)) return 2;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    volatile unsigned long sink = 0;
    for (;;) {
        sink += read_every_stat();
        long ns = next.tv_nsec + (long)((delay - (long)delay) * 1e9);
        next.tv_sec += (time_t)delay + ns / 1000000000L;
        next.tv_nsec = ns % 1000000000L;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
}
