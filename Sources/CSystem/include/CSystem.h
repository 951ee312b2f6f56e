#ifndef DNET_CSYSTEM_H
#define DNET_CSYSTEM_H
#include <sys/types.h>

// Thin wrappers over calls that Swift's Glibc module hides (it is built without _GNU_SOURCE).
int dnet_setns(int fd, int nstype);
int dnet_unshare(int flags);
int dnet_clone_newnet(void);
int dnet_clone_newns(void);
int dnet_clone_newuts(void);
// Spawns argv with stdin/stdout/stderr dup'ed from the given fds (-1 = inherit),
// after optionally entering the namespaces whose fds are given (-1 = stay).
// Returns the child's pid, or -errno.
pid_t dnet_spawn(const char *path, char *const argv[], char *const envp[],
                 int in_fd, int out_fd, int err_fd,
                 int netns_fd, int utsns_fd, int mntns_fd, int reset_sigint);
// dnet_spawn that, after entering the namespaces, unshares a mount namespace, makes /
// a recursive slave and bind-mounts each binds[2k] over binds[2k+1] (NULL-terminated
// pairs; NULL or empty binds nothing), as `ip netns exec` does with /etc/netns/NAME.
pid_t dnet_spawn_bound(const char *path, char *const argv[], char *const envp[],
                       int in_fd, int out_fd, int err_fd,
                       int netns_fd, int utsns_fd, int mntns_fd,
                       const char *const binds[], int reset_sigint);
// Starts argv as a container's main process, detached from dnet: a supervisor in a session of
// its own (reparented away from dnet by a double fork) forks the program, which enters the
// namespaces and binds (as dnet_spawn_bound) with stdin in_fd and stdout+stderr log_fd; the
// supervisor waits for it and writes its exit status (code, or 128+signal) as decimal text to
// status_path. Returns the program's pid, or -errno when it could not be started.
pid_t dnet_spawn_detached(const char *path, char *const argv[], char *const envp[],
                          int in_fd, int log_fd, int netns_fd, int utsns_fd,
                          const char *const binds[], const char *status_path);
// A new procfs instance, mounted nowhere (fsopen, fsconfig, fsmount): the returned fd is its
// root, for openat. Returns -errno (-ENOSYS before Linux 5.2).
int dnet_open_private_procfs(void);
// pipe2(fds, O_CLOEXEC): both ends close on exec, so only the intended child inherits them.
int dnet_pipe_cloexec(int fds[2]);
#endif
