// The embedded DNS server's redirect. As with Docker, clients ask 127.0.0.11:53 and the server's
// sockets listen on 127.0.0.11 at ports of their own, so a program in the container may still
// bind port 53 on every address. Docker joins the two with a conntrack DNAT; dnet rewrites
// the port both ways without conntrack (`notrack`, then `udp dport set P` on queries and
// `udp sport set 53` on answers, the same for TCP), in a chain at raw priority: no NAT hook,
// so a container's namespace never starts connection tracking, and each query is cheaper.
//
// One nftables transaction straight over netlink (libnftnl builds the messages): libnftables
// would read its configuration files and dump the namespace's ruleset into a cache first, which
// costs more than the rest of a container's DNS set-up. The rules live in `table ip dnet_dns`,
// one base chain per served address (`to_127_0_0_11`), flushed and refilled as a whole: a new
// resident brings new ports, and a namespace may serve several addresses (tests do).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include "PortRedirect.h"

static const char table_name[] = "dnet_dns";
static const char table_comment[] = "dnet: embedded DNS";

static struct nftnl_expr *load_payload(uint32_t base, uint32_t offset, uint32_t len) {
    struct nftnl_expr *e = nftnl_expr_alloc("payload");
    if (!e) return NULL;
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
    return e;
}

static struct nftnl_expr *equals(const void *data, uint32_t len) {
    struct nftnl_expr *e = nftnl_expr_alloc("cmp");
    if (!e) return NULL;
    nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
    nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
    nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
    return e;
}

static struct nftnl_expr *load_l4proto(void) {
    struct nftnl_expr *e = nftnl_expr_alloc("meta");
    if (!e) return NULL;
    nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_L4PROTO);
    nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
    return e;
}

static struct nftnl_expr *immediate(const void *data, uint32_t len) {
    struct nftnl_expr *e = nftnl_expr_alloc("immediate");
    if (!e) return NULL;
    nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
    nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
    return e;
}

// Writes register 1 over the transport header's port at `offset`, fixing the checksum.
static struct nftnl_expr *write_port(uint32_t offset, uint8_t proto) {
    struct nftnl_expr *e = nftnl_expr_alloc("payload");
    if (!e) return NULL;
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_SREG, NFT_REG_1);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 2);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE, NFT_PAYLOAD_CSUM_INET);
    nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_OFFSET, proto == IPPROTO_UDP ? 6 : 16);
    return e;
}

// A rule object of the chain: with no handle and no expressions, it names all its rules
// (to delete or dump them).
static struct nftnl_rule *all_rules_of(const char *chain) {
    struct nftnl_rule *r = nftnl_rule_alloc();
    if (!r) return NULL;
    nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
    nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table_name);
    nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
    return r;
}

// Queries (`ip daddr ADDRESS PROTO dport PORT notrack PROTO dport set TO`) when `query`, else
// answers (`ip saddr ADDRESS PROTO sport TO notrack PROTO sport set PORT`), as nft encodes them.
static struct nftnl_rule *rewrite_rule(const char *chain, uint32_t ipv4, uint8_t proto, uint16_t port, uint16_t to, int query) {
    struct nftnl_rule *r = all_rules_of(chain);
    if (!r) return NULL;
    uint16_t match = htons(query ? port : to), set = htons(query ? to : port);
    uint32_t address_at = query ? 16 : 12, port_at = query ? 2 : 0;
    struct nftnl_expr *exprs[] = {
        load_payload(NFT_PAYLOAD_NETWORK_HEADER, address_at, 4), equals(&ipv4, 4),
        load_l4proto(), equals(&proto, 1),
        load_payload(NFT_PAYLOAD_TRANSPORT_HEADER, port_at, 2), equals(&match, 2),
        nftnl_expr_alloc("notrack"), immediate(&set, 2), write_port(port_at, proto),
    };
    int complete = 1;
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        if (exprs[i]) nftnl_rule_add_expr(r, exprs[i]); else complete = 0;
    }
    if (!complete) { nftnl_rule_free(r); return NULL; }
    return r;
}

static struct nftnl_table *dns_table(void) {
    struct nftnl_table *t = nftnl_table_alloc();
    if (!t) return NULL;
    nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
    nftnl_table_set_str(t, NFTNL_TABLE_NAME, table_name);
    struct nftnl_udata_buf *udata = nftnl_udata_buf_alloc(64);
    if (udata && nftnl_udata_put_strz(udata, NFTNL_UDATA_TABLE_COMMENT, table_comment))
        nftnl_table_set_data(t, NFTNL_TABLE_USERDATA, nftnl_udata_buf_data(udata), nftnl_udata_buf_len(udata));
    nftnl_udata_buf_free(udata);
    return t;
}

static struct nftnl_chain *address_chain(const char *name) {
    struct nftnl_chain *c = nftnl_chain_alloc();
    if (!c) return NULL;
    nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, NFPROTO_IPV4);
    nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table_name);
    nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
    nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
    nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_OUT);
    nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, -300);
    nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
    return c;
}

// A bound netfilter socket whose receives give up after 5 s; NULL with errno set.
static struct mnl_socket *nfnl_open(void) {
    struct mnl_socket *nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
    if (!nl) return NULL;
    struct timeval timeout = { .tv_sec = 5 };
    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        int e = errno;
        mnl_socket_close(nl);
        errno = e;
        return NULL;
    }
    return nl;
}

// Sends the batch and waits for the acknowledgement of each of its `expected`
// messages (sequence numbers first_seq…); returns 0 or the first error.
static int send_batch(struct mnl_nlmsg_batch *batch, uint32_t first_seq, int expected) {
    struct mnl_socket *nl = nfnl_open();
    if (!nl) return -errno;
    int result = 0;
    if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(batch), mnl_nlmsg_batch_size(batch)) < 0) result = -errno;
    char buf[16384];
    for (int answered = 0; result == 0 && answered < expected;) {
        ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
        if (n < 0) { if (errno != EINTR) result = -errno; continue; }
        const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
        for (int left = (int)n; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
            if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq < first_seq) continue;
            const struct nlmsgerr *err = mnl_nlmsg_get_payload(h);
            answered++;
            // The first error is the one to report; a later message fails for want of it.
            if (err->error != 0 && result == 0) { result = err->error; break; }
        }
    }
    mnl_socket_close(nl);
    return result;
}

static void chain_name(uint32_t ipv4, char chain[32]) {
    char address[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &ipv4, address, sizeof address);
    snprintf(chain, 32, "to_%s", address);
    for (char *c = chain; *c; c++) if (*c == '.') *c = '_';
}

struct targets { uint16_t udp, tcp; };

// One rule of the address's chain: for a query rule (it writes the destination port), which
// protocol it matches (the cmp after `meta l4proto`) and the port it writes.
static int read_rule(const struct nlmsghdr *h, void *data) {
    struct targets *found = data;
    struct nftnl_rule *r = nftnl_rule_alloc();
    if (!r) return MNL_CB_ERROR;
    struct nftnl_expr_iter *it = NULL;
    if (nftnl_rule_nlmsg_parse(h, r) < 0 || !(it = nftnl_expr_iter_create(r))) goto done;
    uint8_t proto = 0;
    uint16_t value = 0, to = 0;
    int after_meta = 0;
    for (struct nftnl_expr *e = nftnl_expr_iter_next(it); e; e = nftnl_expr_iter_next(it)) {
        const char *kind = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
        uint32_t len = 0;
        if (!strcmp(kind, "meta")) {
            after_meta = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY) == NFT_META_L4PROTO;
        } else if (!strcmp(kind, "cmp") && after_meta) {
            const uint8_t *bytes = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
            if (bytes && len == 1) proto = bytes[0];
            after_meta = 0;
        } else if (!strcmp(kind, "immediate")) {
            const uint8_t *bytes = nftnl_expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
            if (bytes && len == 2) value = (uint16_t)(bytes[0] << 8 | bytes[1]);
        } else if (!strcmp(kind, "payload") && nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_SREG)
                   && nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET) == 2) {
            to = value;
        }
    }
    if (proto == IPPROTO_UDP && to) found->udp = to;
    if (proto == IPPROTO_TCP && to) found->tcp = to;
done:
    if (it) nftnl_expr_iter_destroy(it);
    nftnl_rule_free(r);
    return MNL_CB_OK;
}

void dnsc_current_redirect(uint32_t ipv4, uint16_t *udp_port, uint16_t *tcp_port) {
    *udp_port = *tcp_port = 0;
    char chain[32];
    chain_name(ipv4, chain);
    struct nftnl_rule *filter = all_rules_of(chain);
    struct mnl_socket *nl = nfnl_open();
    if (!filter || !nl) goto done;
    char buf[16384];
    struct nlmsghdr *h = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_IPV4, NLM_F_DUMP, 1);
    nftnl_rule_nlmsg_build_payload(h, filter);
    if (mnl_socket_sendto(nl, h, h->nlmsg_len) < 0) goto done;
    struct targets found = { 0, 0 };
    uint32_t portid = mnl_socket_get_portid(nl);
    ssize_t n;
    // Until the dump's end, or an error (no such table: nothing redirected yet).
    while ((n = mnl_socket_recvfrom(nl, buf, sizeof buf)) > 0) {
        if (mnl_cb_run(buf, (size_t)n, 1, portid, read_rule, &found) <= MNL_CB_STOP) break;
    }
    *udp_port = found.udp;
    *tcp_port = found.tcp;
done:
    if (filter) nftnl_rule_free(filter);
    if (nl) mnl_socket_close(nl);
}

// The whole transaction: the table and the address's chain made if missing, its rules replaced;
// with `fresh`, the table deleted first (it holds a chain of another kind: an older dnet's).
static int replace_rules(struct nftnl_table *table, struct nftnl_chain *base, struct nftnl_rule *flush,
                         struct nftnl_rule *rules[4], int fresh) {
    char buf[8192];
    struct mnl_nlmsg_batch *batch = mnl_nlmsg_batch_start(buf, sizeof buf);
    if (!batch) return -ENOMEM;
    uint32_t seq = 1;
    nftnl_batch_begin(mnl_nlmsg_batch_current(batch), seq++);
    mnl_nlmsg_batch_next(batch);
    uint32_t first = seq;
    struct nlmsghdr *h;
    if (fresh) {
        h = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch), NFT_MSG_NEWTABLE, NFPROTO_IPV4, NLM_F_CREATE | NLM_F_ACK, seq++);
        nftnl_table_nlmsg_build_payload(h, table);
        mnl_nlmsg_batch_next(batch);
        h = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch), NFT_MSG_DELTABLE, NFPROTO_IPV4, NLM_F_ACK, seq++);
        nftnl_table_nlmsg_build_payload(h, table);
        mnl_nlmsg_batch_next(batch);
    }
    h = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch), NFT_MSG_NEWTABLE, NFPROTO_IPV4, NLM_F_CREATE | NLM_F_ACK, seq++);
    nftnl_table_nlmsg_build_payload(h, table);
    mnl_nlmsg_batch_next(batch);
    h = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch), NFT_MSG_NEWCHAIN, NFPROTO_IPV4, NLM_F_CREATE | NLM_F_ACK, seq++);
    nftnl_chain_nlmsg_build_payload(h, base);
    mnl_nlmsg_batch_next(batch);
    h = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch), NFT_MSG_DELRULE, NFPROTO_IPV4, NLM_F_ACK, seq++);
    nftnl_rule_nlmsg_build_payload(h, flush);
    mnl_nlmsg_batch_next(batch);
    for (int i = 0; i < 4; i++) {
        h = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch), NFT_MSG_NEWRULE, NFPROTO_IPV4,
                                  NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, seq++);
        nftnl_rule_nlmsg_build_payload(h, rules[i]);
        mnl_nlmsg_batch_next(batch);
    }
    int expected = (int)(seq - first);
    nftnl_batch_end(mnl_nlmsg_batch_current(batch), seq++);
    mnl_nlmsg_batch_next(batch);
    int result = send_batch(batch, first, expected);
    mnl_nlmsg_batch_stop(batch);
    return result;
}

int dnsc_redirect(uint32_t ipv4, uint16_t port, uint16_t udp_port, uint16_t tcp_port) {
    char chain[32];
    chain_name(ipv4, chain);
    struct nftnl_table *table = dns_table();
    struct nftnl_chain *base = address_chain(chain);
    struct nftnl_rule *flush = all_rules_of(chain);
    struct nftnl_rule *rules[4] = {
        rewrite_rule(chain, ipv4, IPPROTO_UDP, port, udp_port, 1), rewrite_rule(chain, ipv4, IPPROTO_UDP, port, udp_port, 0),
        rewrite_rule(chain, ipv4, IPPROTO_TCP, port, tcp_port, 1), rewrite_rule(chain, ipv4, IPPROTO_TCP, port, tcp_port, 0),
    };
    int result = -ENOMEM;
    if (table && base && flush && rules[0] && rules[1] && rules[2] && rules[3]) {
        result = replace_rules(table, base, flush, rules, 0);
        if (result < 0) result = replace_rules(table, base, flush, rules, 1);
    }
    if (table) nftnl_table_free(table);
    if (base) nftnl_chain_free(base);
    if (flush) nftnl_rule_free(flush);
    for (int i = 0; i < 4; i++) if (rules[i]) nftnl_rule_free(rules[i]);
    return result;
}
