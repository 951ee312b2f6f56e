/// The subnets that networks without `--subnet` get, and where the next search starts.
///
/// The candidates are the pools' subnets in order (Docker's 31 defaults, or the
/// `--default-address-pool`s). Allocation is next-fit exactly as Docker 20.10 does it: the
/// search starts at `cursor`, skips candidates that overlap an existing network, and moves
/// the cursor past the chosen candidate (back to 0 once it passes the end), so a freed subnet
/// is not handed out again until the search wraps. Candidates that overlap a host route or
/// address are refused after the cursor has moved past them, as Docker's retry loop does.
///
/// The value is the whole allocator state: the networks themselves are passed in, so the
/// engine stores only this (pools + cursor) and recomputes the rest from its networks.
public struct AddressPools: Hashable, Sendable {
    public let pools: [DefaultAddressPool]
    /// Index of the candidate where the next search starts.
    public private(set) var cursor: Int
    /// Number of candidate subnets over all pools.
    public let count: Int

    public init(_ pools: [DefaultAddressPool] = DefaultAddressPool.dockerDefaults, cursor: Int = 0) throws {
        let total = pools.reduce(0) { $0 + $1.subnetCount }
        guard total <= 1 << 62 else {
            throw IPAMError("default address pools hold too many subnets (more than 2^62)")
        }
        self.pools = pools
        self.cursor = cursor
        count = total
    }

    /// The candidate at `index` (0 ..< count).
    public func candidate(at index: Int) -> CIDR {
        let (pool, local) = locate(index)
        return pools[pool].subnet(at: local)
    }

    /// Picks the next free subnet of `family` and advances the cursor.
    ///
    /// - Parameters:
    ///   - existingSubnets: subnets of every existing network (any overlap disqualifies a candidate).
    ///   - hostRoutes: the host's route destinations and interface addresses (a /32 or /128 for
    ///     an address, a nameserver included); default routes (prefix length 0) are ignored.
    /// - Throws: Docker's `could not find an available, non-overlapping IPv4 address pool …`.
    public mutating func allocate(_ family: IPAddress.Family, existingSubnets: [CIDR],
                                  hostRoutes: [CIDR] = []) throws -> CIDR {
        let total = count
        let routes = Blockers(hostRoutes.filter { $0.prefixLength > 0 }, family)
        let networks = Blockers(existingSubnets, family)
        var start = cursor < total ? cursor : 0
        // The search is a function of the cursor alone: a cursor seen twice means a loop
        // (every remaining candidate hits a host route), where Docker would spin forever.
        var seen = Set<Int>()
        while seen.insert(start).inserted, let (index, distance) = scan(family, from: start, skipping: networks) {
            let subnet = candidate(at: index)
            guard let route = routes.firstOverlap(subnet) else {
                cursor = AddressPools.advance(start, by: distance + 1, total: total)
                return subnet
            }
            // Docker refuses these one by one, moving the cursor each time; skip them together.
            start = AddressPools.advance(start, by: distance + skipCount(at: index, past: route), total: total)
        }
        throw IPAMError.poolsExhausted(family)
    }

    /// The first candidate of `family`, from the start of the list, that overlaps nothing in
    /// `avoiding`; the cursor does not move. Docker picks the default bridge's subnet this way.
    public func firstAvailable(_ family: IPAddress.Family, avoiding: [CIDR]) throws -> CIDR {
        let blockers = Blockers(avoiding.filter { $0.prefixLength > 0 }, family)
        guard let (index, _) = scan(family, from: 0, skipping: blockers) else {
            throw IPAMError.poolsExhausted(family)
        }
        return candidate(at: index)
    }

    /// Docker's `updateStartIndex`: past the end means back to 0 (not modulo).
    static func advance(_ start: Int, by amount: Int, total: Int) -> Int {
        let next = start + amount
        return next >= total ? 0 : next
    }

    /// The first candidate of `family` at or after `start` (wrapping once around the list)
    /// that overlaps none of `blockers`: its index and its distance from `start`.
    private func scan(_ family: IPAddress.Family, from start: Int, skipping blockers: Blockers) -> (Int, Int)? {
        let total = count
        var distance = 0
        while distance < total {
            let index = (start + distance) % total
            let (pool, local) = locate(index)
            guard pools[pool].base.family == family else {
                distance += pools[pool].subnetCount - local
                continue
            }
            if let blocker = blockers.firstOverlap(pools[pool].subnet(at: local)) {
                distance += skipCount(at: index, past: blocker)
                continue
            }
            return (index, distance)
        }
        return nil
    }

    /// How many candidates from `index` on lie inside `blocker` (at least 1), within one pool.
    private func skipCount(at index: Int, past blocker: CIDR) -> Int {
        let (pool, local) = locate(index)
        guard blocker.prefixLength <= pools[pool].size else { return 1 }
        return max(1, pools[pool].index(after: blocker.lastAddress) - local)
    }

    /// The pool holding candidate `index`, and the index within that pool.
    private func locate(_ index: Int) -> (Int, Int) {
        var rest = index
        for (i, pool) in pools.enumerated() {
            if rest < pool.subnetCount { return (i, rest) }
            rest -= pool.subnetCount
        }
        preconditionFailure("candidate index \(index) out of range")
    }
}

/// Subnets of one family as sorted address spans, for quick overlap tests.
private struct Blockers {
    private let spans: [(first: UInt128, last: UInt128, cidr: CIDR)]
    /// `maxLast[i]` is the highest `last` among `spans[0...i]`.
    private let maxLast: [UInt128]

    init(_ subnets: [CIDR], _ family: IPAddress.Family) {
        spans = subnets.filter { $0.family == family }
            .map { (first: $0.firstAddress.value, last: $0.lastAddress.value, cidr: $0) }
            .sorted { $0.first < $1.first }
        var highest: UInt128 = 0
        maxLast = spans.map { highest = max(highest, $0.last); return highest }
    }

    /// A subnet that shares an address with `subnet`, the widest one first among equals.
    func firstOverlap(_ subnet: CIDR) -> CIDR? {
        let first = subnet.firstAddress.value, last = subnet.lastAddress.value
        // Spans starting after `last` cannot overlap: binary search the end of the rest.
        var lo = 0, hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans[mid].first <= last { lo = mid + 1 } else { hi = mid }
        }
        var i = lo - 1
        var found: CIDR?
        while i >= 0, maxLast[i] >= first {
            if spans[i].last >= first, found.map({ spans[i].cidr.prefixLength < $0.prefixLength }) ?? true {
                found = spans[i].cidr
            }
            i -= 1
        }
        return found
    }
}

extension AddressPools: Codable {
    enum CodingKeys: String, CodingKey { case pools, cursor }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(try c.decode([DefaultAddressPool].self, forKey: .pools),
                          cursor: try c.decode(Int.self, forKey: .cursor))
        } catch let error as IPAMError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pools, forKey: .pools)
        try c.encode(cursor, forKey: .cursor)
    }
}
