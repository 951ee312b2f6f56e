#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "CDNS.h"
#include "PortRedirect.h"

ssize_t dnsc_send_with_fds(int sock, const void *buf, size_t len, const int *fds, int nfds) {
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    char control[CMSG_SPACE(sizeof(int) * 8)];
    if (nfds > 8) return -EINVAL;
    if (nfds > 0) {
        memset(control, 0, sizeof control);
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    ssize_t n;
    do { n = sendmsg(sock, &msg, MSG_NOSIGNAL); } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

ssize_t dnsc_recv_with_fds(int sock, void *buf, size_t len, int *fds, int maxfds, int *nfds) {
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    char control[CMSG_SPACE(sizeof(int) * 16)];
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    *nfds = 0;
    ssize_t n;
    do { n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT); } while (n < 0 && errno == EINTR);
    if (n < 0) return -errno;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *got = (int *)CMSG_DATA(c);
        for (int i = 0; i < count; i++) {
            if (*nfds < maxfds) fds[(*nfds)++] = got[i]; else close(got[i]);
        }
    }
    return n;
}

long dnsc_peer_uid(int sock) {
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) return -1;
    return (long)cred.uid;
}

struct open_request {
    const char *path;
    uint32_t ipv4;
    uint16_t port;
    int udp, tcp, err, stage;
};

static uint16_t local_port(int fd) {
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) return 0;
    return ntohs(sa.sin_port);
}

// Binds `fd` to `sa`'s address at `port`, or at any port when that one is taken (or 0).
static int bind_preferring(int fd, struct sockaddr_in *sa, uint16_t port) {
    sa->sin_port = htons(port);
    if (bind(fd, (struct sockaddr *)sa, sizeof *sa) == 0) return 0;
    if (!port) return -1;
    sa->sin_port = 0;
    return bind(fd, (struct sockaddr *)sa, sizeof *sa);
}

static void *open_in_namespace(void *arg) {
    struct open_request *r = arg;
    int ns = open(r->path, O_RDONLY | O_CLOEXEC);
    if (ns < 0) { r->err = errno; r->stage = 1; return NULL; }
    if (setns(ns, CLONE_NEWNET) < 0) { r->err = errno; r->stage = 2; close(ns); return NULL; }
    close(ns);
    uint16_t old_udp, old_tcp;
    dnsc_current_redirect(r->ipv4, &old_udp, &old_tcp);
    struct sockaddr_in sa = { .sin_family = AF_INET };
    sa.sin_addr.s_addr = r->ipv4;
    int one = 1;
    int udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int tcp = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (udp < 0 || tcp < 0) { r->err = errno; r->stage = 3; goto fail; }
    // Bound even while lo is still down: 127.0.0.11 becomes local once it is up.
    setsockopt(udp, IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
    setsockopt(tcp, IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
    setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // The ports the rule names already, when free (a new resident after one that died); else
    // TCP on the UDP socket's port when it is free there, for a tidier `ss`.
    if (bind_preferring(udp, &sa, old_udp) < 0) { r->err = errno; r->stage = 4; goto fail; }
    uint16_t udp_port = local_port(udp);
    if (bind_preferring(tcp, &sa, old_tcp ? old_tcp : udp_port) < 0) { r->err = errno; r->stage = 4; goto fail; }
    if (listen(tcp, 64) < 0) { r->err = errno; r->stage = 5; goto fail; }
    uint16_t tcp_port = local_port(tcp);
    if (udp_port != old_udp || tcp_port != old_tcp) {
        int e = dnsc_redirect(r->ipv4, r->port, udp_port, tcp_port);
        if (e < 0) { r->err = -e; r->stage = 6; goto fail; }
    }
    r->udp = udp; r->tcp = tcp;
    return NULL;
fail:
    if (udp >= 0) close(udp);
    if (tcp >= 0) close(tcp);
    return NULL;
}

int dnsc_open_sockets_in_namespace(const char *netns_path, uint32_t ipv4, uint16_t port,
                                   int *udp_fd, int *tcp_fd, int *stage) {
    struct open_request r = { .path = netns_path, .ipv4 = ipv4, .port = port, .udp = -1, .tcp = -1 };
    pthread_t thread;
    // The thread that entered the namespace ends with it; the sockets stay bound there.
    int e = pthread_create(&thread, NULL, open_in_namespace, &r);
    if (e != 0) { *stage = 0; return -e; }
    pthread_join(thread, NULL);
    *stage = r.stage;
    if (r.err) return -r.err;
    *udp_fd = r.udp; *tcp_fd = r.tcp;
    return 0;
}

int dnsc_drop_privileges(uid_t uid, gid_t gid) {
    if (setgroups(0, NULL) < 0) return -errno;
    if (setresgid(gid, gid, gid) < 0) return -errno;
    if (setresuid(uid, uid, uid) < 0) return -errno;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -errno;
    // Paranoia: getting root back must be impossible now.
    if (uid != 0 && setuid(0) == 0) return -EPERM;
    return 0;
}

void dnsc_raise_fd_limit(unsigned long want) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0) return;
    if (rl.rlim_max < want) {
        struct rlimit raised = { want, want };
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return;
    }
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
}

int dnsc_spawn_daemon(const char *path, char *const argv[], int out_fd, int err_fd) {
    pid_t middle = fork();
    if (middle < 0) return -errno;
    if (middle == 0) {
        setsid();
        struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = SIG_DFL;
        for (int sig = 1; sig < 32; sig++) if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);
        sigset_t none; sigemptyset(&none); sigprocmask(SIG_SETMASK, &none, NULL);
        pid_t child = fork();
        if (child != 0) _exit(child < 0 ? 1 : 0);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(127);
#ifdef SYS_close_range
        if (syscall(SYS_close_range, 3U, ~0U, 0) < 0)
#endif
        for (int fd = 3; fd < 65536; fd++) close(fd);
        execv(path, argv);
        _exit(127);
    }
    int status;
    while (waitpid(middle, &status, 0) < 0) { if (errno != EINTR) return -errno; }
    return (WIFEXITED(status) && WEXITSTATUS(status) == 0) ? 0 : -ECHILD;
}

int dnsc_epoll_create(void) { int ep = epoll_create1(EPOLL_CLOEXEC); return ep < 0 ? -errno : ep; }

static int epoll_op(int ep, int op, int fd, uint32_t events) {
    struct epoll_event ev = { .events = events, .data.fd = fd };
    return epoll_ctl(ep, op, fd, &ev) < 0 ? -errno : 0;
}
int dnsc_epoll_add(int ep, int fd, uint32_t events) { return epoll_op(ep, EPOLL_CTL_ADD, fd, events); }
int dnsc_epoll_mod(int ep, int fd, uint32_t events) { return epoll_op(ep, EPOLL_CTL_MOD, fd, events); }
int dnsc_epoll_del(int ep, int fd) { return epoll_op(ep, EPOLL_CTL_DEL, fd, 0); }

int dnsc_epoll_wait(int ep, int *fds, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(ep, evs, max, timeout_ms);
    if (n < 0) return -errno;
    for (int i = 0; i < n; i++) { fds[i] = evs[i].data.fd; events[i] = evs[i].events; }
    return n;
}

int64_t dnsc_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int dnsc_connect(const uint8_t *addr, int addr_len, uint16_t port, int tcp) {
    struct sockaddr_storage ss; memset(&ss, 0, sizeof ss);
    socklen_t len;
    int family;
    if (addr_len == 4) {
        struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
        sin->sin_family = AF_INET; sin->sin_port = htons(port); memcpy(&sin->sin_addr, addr, 4);
        len = sizeof *sin; family = AF_INET;
    } else if (addr_len == 16) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
        sin6->sin6_family = AF_INET6; sin6->sin6_port = htons(port); memcpy(&sin6->sin6_addr, addr, 16);
        len = sizeof *sin6; family = AF_INET6;
    } else return -EINVAL;
    int fd = socket(family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (connect(fd, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS) {
        int e = errno; close(fd); return -e;
    }
    return fd;
}

int dnsc_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC) < 0 ? -errno : 0; }

int dnsc_accept(int listener) {
    int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    return fd < 0 ? -errno : fd;
}
