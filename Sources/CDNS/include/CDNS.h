#ifndef DNET_CDNS_H
#define DNET_CDNS_H
#include <sys/types.h>
#include <stdint.h>

// System calls for the embedded DNS server that Swift's Glibc module does not import
// well: SCM_RIGHTS, SO_PEERCRED, epoll, setns on a throwaway thread, privilege drop.

// Sends buf with nfds descriptors attached (SCM_RIGHTS). Returns bytes sent or -errno.
ssize_t dnsc_send_with_fds(int sock, const void *buf, size_t len, const int *fds, int nfds);
// Receives into buf; descriptors that came along (close-on-exec) go to fds, their count to
// *nfds (extra ones beyond maxfds are closed). Returns bytes read (0 = EOF) or -errno.
ssize_t dnsc_recv_with_fds(int sock, void *buf, size_t len, int *fds, int maxfds, int *nfds);
// The uid of the process at the other end of a unix socket, or -1.
long dnsc_peer_uid(int sock);

// Opens, inside the network namespace at netns_path, a UDP socket and a listening TCP
// socket for clients of ipv4 (network byte order) `port`, both non-blocking and
// close-on-exec, on a thread of its own that ends afterwards. They are bound to ipv4 at
// ports of their own, and nftables rules in the namespace (table ip dnet_dns) rewrite
// ipv4:port to them and back, so that programs in the namespace may bind `port` themselves,
// as with Docker. Returns 0 or -errno; `stage` tells which step failed (1 open ns, 2 setns,
// 3 socket, 4 bind, 5 listen, 6 rules).
int dnsc_open_sockets_in_namespace(const char *netns_path, uint32_t ipv4, uint16_t port,
                                   int *udp_fd, int *tcp_fd, int *stage);

// Drops to uid/gid with no supplementary groups, no capabilities and no_new_privs.
// Returns 0 or -errno.
int dnsc_drop_privileges(uid_t uid, gid_t gid);
// Raises the soft (and, when allowed, hard) limit on open descriptors to at least `want`.
void dnsc_raise_fd_limit(unsigned long want);

// Starts path/argv as a daemon: double fork (so nobody has to reap it), own session,
// stdin /dev/null, stdout `out_fd`, stderr `err_fd`, no other descriptors. Returns 0 or -errno.
int dnsc_spawn_daemon(const char *path, char *const argv[], int out_fd, int err_fd);

// epoll in plain ints: events are EPOLLIN=1, EPOLLOUT=4, and ready events report
// EPOLLERR/EPOLLHUP as bits 8/16 too.
int dnsc_epoll_create(void);
int dnsc_epoll_add(int ep, int fd, uint32_t events);
int dnsc_epoll_mod(int ep, int fd, uint32_t events);
int dnsc_epoll_del(int ep, int fd);
// Waits; writes up to max ready (fd, events) pairs. Returns count or -errno.
int dnsc_epoll_wait(int ep, int *fds, uint32_t *events, int max, int timeout_ms);

// Monotonic clock in milliseconds.
int64_t dnsc_now_ms(void);
// Opens a UDP (tcp=0) or TCP (tcp=1) non-blocking socket connected (or connecting) to the
// address (4 or 16 bytes) and port. Returns the fd or -errno.
int dnsc_connect(const uint8_t *addr, int addr_len, uint16_t port, int tcp);
// pipe2(fds, O_CLOEXEC). Returns 0 or -errno.
int dnsc_pipe(int fds[2]);
// accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC). Returns the fd or -errno.
int dnsc_accept(int listener);
#endif
