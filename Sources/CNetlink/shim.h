#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/route/link/vlan.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/neighbour.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/veth.h>
#include <string.h>
#include <sys/socket.h>

// One netlink request/answer round trip, with what the kernel said.
// Swift cannot hand closures with context to libnl's callbacks conveniently, so the
// receive loop lives here.

/// What the kernel answered to one request.
struct dnet_nl_outcome {
    int error;          // positive errno from the kernel's NLMSG_ERROR, 0 on success
    int libnl_error;    // negative libnl code when sending or receiving failed locally
    char message[256];  // the kernel's extended-ack text ("Unknown device type"), or ""
    int ifindex;        // ifi_index of an RTM_NEWLINK in the answer (echo or GETLINK reply)
    int link;           // IFLA_LINK of that message (a veth's peer ifindex), 0 if absent
    int done;
};

static inline int dnet_nl__valid(struct nl_msg *msg, void *arg) {
    struct dnet_nl_outcome *o = (struct dnet_nl_outcome *)arg;
    struct nlmsghdr *h = nlmsg_hdr(msg);
    if (h->nlmsg_type == RTM_NEWLINK && o->ifindex == 0) {
        struct ifinfomsg *ifi = (struct ifinfomsg *)nlmsg_data(h);
        o->ifindex = ifi->ifi_index;
        struct nlattr *a = nlmsg_find_attr(h, sizeof(struct ifinfomsg), IFLA_LINK);
        if (a) o->link = (int)nla_get_u32(a);
    }
    return NL_OK;
}

static inline int dnet_nl__ack(struct nl_msg *msg, void *arg) {
    (void)msg;
    ((struct dnet_nl_outcome *)arg)->done = 1;
    return NL_STOP;
}

static inline int dnet_nl__error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg) {
    (void)who;
    struct dnet_nl_outcome *o = (struct dnet_nl_outcome *)arg;
    o->error = -e->error;
    o->done = 1;
    // Extended ack attributes follow the error header (the request is not echoed: CAP_ACK).
    struct nlmsghdr *h = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
    if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
        size_t offset = sizeof(struct nlmsgerr);
        if (!(h->nlmsg_flags & NLM_F_CAPPED)) offset += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
        int remaining = (int)(h->nlmsg_len - NLMSG_HDRLEN) - (int)offset;
        struct nlattr *a;
        int rem;
        if (remaining > 0) {
            nla_for_each_attr(a, (struct nlattr *)((char *)e + offset), remaining, rem) {
                if (nla_type(a) == NLMSGERR_ATTR_MSG) {
                    strncpy(o->message, (const char *)nla_data(a), sizeof(o->message) - 1);
                    o->message[sizeof(o->message) - 1] = 0;
                }
            }
        }
    }
    return NL_STOP;
}

/// Sends `msg` (with NLM_F_ACK) and reads until the kernel's ack or error.
static inline void dnet_nl_transact(struct nl_sock *sk, struct nl_msg *msg, struct dnet_nl_outcome *o) {
    memset(o, 0, sizeof(*o));
    struct nl_cb *cb = nl_cb_clone(nl_socket_get_cb(sk));
    if (!cb) { o->libnl_error = -NLE_NOMEM; return; }
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, dnet_nl__valid, o);
    nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, dnet_nl__ack, o);
    nl_cb_err(cb, NL_CB_CUSTOM, dnet_nl__error, o);
    int err = nl_send_auto(sk, msg);
    while (err >= 0 && !o->done) err = nl_recvmsgs(sk, cb);
    if (err < 0 && !o->done) o->libnl_error = err;
    nl_cb_put(cb);
}

/// Opens a routing socket in the calling thread's network namespace, with extended acks on.
static inline struct nl_sock *dnet_nl_open_route_socket(int *libnl_error) {
    struct nl_sock *sk = nl_socket_alloc();
    if (!sk) { *libnl_error = -NLE_NOMEM; return NULL; }
    int err = nl_connect(sk, NETLINK_ROUTE);
    if (err < 0) { nl_socket_free(sk); *libnl_error = err; return NULL; }
    // One read per answer: a 32 KiB buffer holds any rtnetlink message, so libnl's
    // peek-then-read (two syscalls per message) is not needed.
    nl_socket_disable_msg_peek(sk);
    nl_socket_set_msg_buf_size(sk, 32768);
    int on = 1;
    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
    *libnl_error = 0;
    return sk;
}
