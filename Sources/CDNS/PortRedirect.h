#ifndef DNET_CDNS_PORT_REDIRECT_H
#define DNET_CDNS_PORT_REDIRECT_H
#include <stdint.h>

// In the calling thread's network namespace, sends TCP and UDP packets for ipv4:port (network
// byte order address) to ipv4:tcp_port and ipv4:udp_port. Returns 0 or -errno.
int dnsc_redirect(uint32_t ipv4, uint16_t port, uint16_t udp_port, uint16_t tcp_port);

// The ports the namespace's rule for ipv4 sends UDP and TCP to now (0 where there is none):
// a new resident binds the same ones when it can, and the rule stays as it is. Replacing
// a rule makes the kernel wait for a grace period, milliseconds per namespace.
void dnsc_current_redirect(uint32_t ipv4, uint16_t *udp_port, uint16_t *tcp_port);

#endif
