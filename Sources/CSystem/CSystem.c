#define _GNU_SOURCE
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/mount.h>
#include <string.h>
#include <sys/syscall.h>
#include "CSystem.h"

int dnet_setns(int fd, int nstype) { return setns(fd, nstype); }
int dnet_unshare(int flags) { return unshare(flags); }
int dnet_clone_newnet(void) { return CLONE_NEWNET; }
int dnet_clone_newns(void) { return CLONE_NEWNS; }
int dnet_clone_newuts(void) { return CLONE_NEWUTS; }

int dnet_open_private_procfs(void) {
#if defined(SYS_fsopen) && defined(SYS_fsconfig) && defined(SYS_fsmount)
    int fs = (int)syscall(SYS_fsopen, "proc", 1 /* FSOPEN_CLOEXEC */);
    if (fs < 0) return -errno;
    int mnt = -1;
    if (syscall(SYS_fsconfig, fs, 6 /* FSCONFIG_CMD_CREATE */, NULL, NULL, 0) == 0)
        mnt = (int)syscall(SYS_fsmount, fs, 1 /* FSMOUNT_CLOEXEC */, 0);
    int e = errno;
    close(fs);
    return mnt < 0 ? -e : mnt;
#else
    return -ENOSYS;
#endif
}

pid_t dnet_spawn(const char *path, char *const argv[], char *const envp[],
                 int in_fd, int out_fd, int err_fd,
                 int netns_fd, int utsns_fd, int mntns_fd, int reset_sigint) {
    return dnet_spawn_bound(path, argv, envp, in_fd, out_fd, err_fd, netns_fd, utsns_fd, mntns_fd, NULL, reset_sigint);
}

// What `ip netns exec` does for /etc/netns/NAME: a mount namespace of the child's own, in
// which mounts no longer propagate back to the host's, with each file bound over its target.
// Only system calls here: the child of a multi-threaded parent may do nothing else.
static int bind_files(const char *const binds[]) {
    if (unshare(CLONE_NEWNS) < 0) return errno;
    if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) return errno;
    for (int i = 0; binds[i] && binds[i + 1]; i += 2) {
        if (mount(binds[i], binds[i + 1], "none", MS_BIND, NULL) < 0) return errno;
    }
    return 0;
}

pid_t dnet_spawn_bound(const char *path, char *const argv[], char *const envp[],
                       int in_fd, int out_fd, int err_fd,
                       int netns_fd, int utsns_fd, int mntns_fd,
                       const char *const binds[], int reset_sigint) {
    // A pipe reports exec failure (errno) to the parent; it closes on successful exec.
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) { int e = errno; close(report[0]); close(report[1]); return -e; }
    if (pid == 0) {
        close(report[0]);
        int err = 0;
        if (reset_sigint) {
            struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = SIG_DFL;
            sigaction(SIGINT, &sa, NULL); sigaction(SIGPIPE, &sa, NULL);
            sigset_t none; sigemptyset(&none); sigprocmask(SIG_SETMASK, &none, NULL);
        }
        if (netns_fd >= 0 && setns(netns_fd, CLONE_NEWNET) < 0) err = errno;
        if (!err && utsns_fd >= 0 && setns(utsns_fd, CLONE_NEWUTS) < 0) err = errno;
        if (!err && mntns_fd >= 0 && setns(mntns_fd, CLONE_NEWNS) < 0) err = errno;
        if (!err && binds && binds[0]) err = bind_files(binds);
        if (!err && in_fd >= 0 && in_fd != 0 && dup2(in_fd, 0) < 0) err = errno;
        if (!err && out_fd >= 0 && out_fd != 1 && dup2(out_fd, 1) < 0) err = errno;
        if (!err && err_fd >= 0 && err_fd != 2 && dup2(err_fd, 2) < 0) err = errno;
        if (!err) {
            if (strchr(path, '/')) execve(path, argv, envp); else execvpe(path, argv, envp);
            err = errno;
        }
        (void)!write(report[1], &err, sizeof err);
        _exit(127);
    }
    close(report[1]);
    int child_err = 0;
    ssize_t n;
    do { n = read(report[0], &child_err, sizeof child_err); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_err) {
        int status; while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        return -child_err;
    }
    return pid;
}

// Every descriptor from `from` up is closed on exec (close_range, else one by one).
static void cloexec_from(int from) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)from, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */) == 0) return;
#endif
    for (int fd = from; fd < 1024; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) { if (errno == EINTR) continue; return; }
        p += n; len -= (size_t)n;
    }
}

pid_t dnet_spawn_detached(const char *path, char *const argv[], char *const envp[],
                          int in_fd, int log_fd, int netns_fd, int utsns_fd,
                          const char *const binds[], const char *status_path) {
    // The supervisor reports the program's pid, then the program its exec errno (if any);
    // the pipe reaches EOF once both have closed their ends.
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) return -errno;
    pid_t middle = fork();
    if (middle < 0) { int e = errno; close(report[0]); close(report[1]); return -e; }
    if (middle == 0) {
        close(report[0]);
        setsid();
        struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = SIG_DFL;
        for (int sig = 1; sig < 32; sig++) if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);
        sigset_t none; sigemptyset(&none); sigprocmask(SIG_SETMASK, &none, NULL);
        pid_t supervisor = fork();
        if (supervisor != 0) _exit(supervisor < 0 ? 1 : 0);
        pid_t program = fork();
        if (program == 0) {
            int err = 0;
            if (netns_fd >= 0 && setns(netns_fd, CLONE_NEWNET) < 0) err = errno;
            if (!err && utsns_fd >= 0 && setns(utsns_fd, CLONE_NEWUTS) < 0) err = errno;
            if (!err && binds && binds[0]) err = bind_files(binds);
            if (!err && dup2(in_fd, 0) < 0) err = errno;
            if (!err && dup2(log_fd, 1) < 0) err = errno;
            if (!err && dup2(log_fd, 2) < 0) err = errno;
            if (!err) {
                // Nothing of dnet's (its store lock above all) may outlive it in the program.
                cloexec_from(3);
                if (strchr(path, '/')) execve(path, argv, envp); else execvpe(path, argv, envp);
                err = errno;
            }
            write_all(report[1], &err, sizeof err);
            _exit(127);
        }
        int pid = program < 0 ? -1 : program;
        write_all(report[1], &pid, sizeof pid);
        // The supervisor keeps nothing of dnet's open either (its lock, the report pipe).
        for (int fd = 0; fd < 1024; fd++) close(fd);
        if (program < 0) _exit(1);
        // The status is written before the program is reaped: while it is a zombie it still
        // counts as running, so no one ever sees it gone without its exit code.
        siginfo_t info; memset(&info, 0, sizeof info);
        while (waitid(P_PID, (id_t)program, &info, WEXITED | WNOWAIT) < 0) { if (errno != EINTR) _exit(1); }
        int code = info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
        char text[16]; int len = 0; char digits[12]; int n = 0;
        do { digits[n++] = (char)('0' + code % 10); code /= 10; } while (code > 0);
        while (n > 0) text[len++] = digits[--n];
        text[len++] = '\n';
        int out = open(status_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out >= 0) { write_all(out, text, (size_t)len); close(out); }
        while (waitpid(program, NULL, 0) < 0 && errno == EINTR) {}
        _exit(0);
    }
    close(report[1]);
    int status; while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
    int pid = -1, child_err = 0;
    ssize_t n;
    do { n = read(report[0], &pid, sizeof pid); } while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof pid || pid < 0) { close(report[0]); return -ECHILD; }
    do { n = read(report[0], &child_err, sizeof child_err); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_err) return -child_err;
    return pid;
}

int dnet_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
