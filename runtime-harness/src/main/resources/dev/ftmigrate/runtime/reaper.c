/*
 * ftmigrate-reaper: runs one command so that nothing it starts outlives it.
 *
 *   ftmigrate-reaper STATUS_FILE CMD ARGS...
 *
 * The reaper starts its own session, becomes a child subreaper (orphans of the command, daemons that
 * double-fork and setsid included, are re-parented to it, not to PID 1), and runs CMD in a process
 * group of its own. When CMD exits, or the reaper gets SIGTERM/SIGINT/SIGHUP, or its parent (the
 * ftmigrate JVM) dies, it kills CMD's group and every remaining descendant until none is left, then
 * writes "status <exit|signal> <n>\nleftover <count>\n" to STATUS_FILE and exits with CMD's exit code
 * (128+N for signal N).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Kills (or only counts) every live process whose parent is us, found in /proc; returns how many. */
static int kill_children(pid_t self, int do_kill) {
    DIR *d = opendir("/proc");
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || pid == self) continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        char *rp = strrchr(buf, ')'); /* the command name may contain spaces and parentheses */
        char state;
        long ppid;
        if (rp && sscanf(rp + 1, " %c %ld", &state, &ppid) == 2 && ppid == self && state != 'Z') {
            if (do_kill) kill((pid_t) pid, SIGKILL);
            n++;
        }
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: ftmigrate-reaper STATUS_FILE CMD ARGS...\n");
        return 125;
    }
    pid_t self = getpid();
    pid_t parent = getppid();
    setsid();
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, &old);
    pid_t child = fork();
    if (child < 0) { perror("ftmigrate-reaper: fork"); return 125; }
    if (child == 0) {
        setpgid(0, 0);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execvp(argv[2], argv + 2);
        perror("ftmigrate-reaper: exec");
        _exit(127);
    }
    setpgid(child, child);
    int status = 0, done = 0, stopped = 0;
    while (!done) {
        struct timespec tick = {0, 200 * 1000 * 1000};
        int sig = sigtimedwait(&set, NULL, &tick);
        if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP || getppid() != parent) { stopped = 1; break; }
        pid_t p;
        int st;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
            if (p == child) { status = st; done = 1; }
        }
    }
    /* Kill the command's group and every descendant, round after round: killing a daemon re-parents its children to us. */
    /* What the command left running after it ended: its orphans are our children now. */
    int leftover = done ? kill_children(self, 0) : 0;
    for (int round = 0; round < 1000; round++) {
        if (!done || round == 0) kill(-child, SIGKILL);
        int n = kill_children(self, 1);
        pid_t p;
        int st;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
            if (p == child && !done) { status = st; done = 1; }
        }
        if (n == 0 && p < 0 && errno == ECHILD) break;
        struct timespec pause = {0, 5 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;
    FILE *f = fopen(argv[1], "w");
    if (f) {
        if (WIFSIGNALED(status)) fprintf(f, "status signal %d\n", WTERMSIG(status));
        else fprintf(f, "status exit %d\n", code);
        fprintf(f, "leftover %d\nstopped %d\n", leftover, stopped);
        fclose(f);
    }
    return code;
}
