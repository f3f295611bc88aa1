import Glibc

/// Connecting, sending and reading for `FleetSimulator`; tag `2i` is agent i's heartbeat
/// connection, `2i+1` its poll connection.
extension FleetSimulator {
    /// A heartbeat is due for `agent`: send it, or note an overrun if the last one is unanswered.
    func beat(agent: Int, _ now: Int64) {
        let tag = 2 * agent
        guard !connections[tag].isAwaiting, !connections[tag].wantsRequest else {
            summary.overruns += 1
            return
        }
        if connections[tag].isReady {
            send(tag, requests.heartbeats[agent], startedAt: now)
        } else {
            connections[tag].wantsRequest = true
            if settings.connectionPerHeartbeat { enqueue(tag) }
        }
    }

    func open(_ tag: Int, _ now: Int64) {
        let source = "127.0.0.\(2 + tag / Self.perSourceAddress)"
        do {
            let fd = try FleetConnection.connect(from: source, to: settings.port)
            if tag % 2 == 1 { ReceiveTimestamps.enable(fd) }
            connections[tag].fd = fd
            connections[tag].isConnecting = true
            connections[tag].isWatchingOutput = true
            connections[tag].startedAt = now
            try epoll.add(fd, tag: tag, writable: true)
            connecting += 1
        } catch {
            if summary.connectFailures < 5 { FleetOutput.emit("connect failed: \(error)") }
            summary.connectFailures += 1
            if connections[tag].isOpen { connections[tag].isConnecting = false }
            drop(tag)
        }
    }

    func handle(_ tag: Int, readable: Bool, writable: Bool) {
        guard connections[tag].isOpen else { return }
        if connections[tag].isConnecting {
            guard writable else { return }
            connecting -= 1
            connections[tag].isConnecting = false
            guard connections[tag].connectError == 0 else {
                summary.connectFailures += 1
                return drop(tag)
            }
            return connected(tag)
        }
        if writable, connections[tag].hasOutput {
            guard connections[tag].flush() else { return drop(tag) }
        }
        watchOutput(tag)
        if readable { receive(tag) }
    }

    private func connected(_ tag: Int) {
        let agent = tag / 2
        if tag % 2 == 1 {
            guard !hasFailedPolling[agent] else { return connections[tag].reset() }
            let isFirst = !hasPolled[agent]
            hasPolled[agent] = true
            let request = isFirst ? requests.poll(agent: agent, wait: 30 + 30 * agent / agentCount) : requests.polls[agent]
            send(tag, request, startedAt: MonotonicClock.now())
            if isFirst {
                firstPolls += 1
                if firstPolls == agentCount { announceReady() }
            }
        } else if connections[tag].wantsRequest {
            connections[tag].wantsRequest = false
            let now = MonotonicClock.now()
            send(tag, requests.heartbeats[agent], startedAt: settings.connectionPerHeartbeat ? connections[tag].startedAt : now)
        } else {
            watchOutput(tag)
            sendPendingReport(agent, MonotonicClock.now())
        }
    }

    private func announceReady() {
        FleetOutput.emit("ready \(connections.lazy.filter(\.isReady).count) \(firstPolls)")
    }

    func send(_ tag: Int, _ bytes: [UInt8], startedAt: Int64) {
        connections[tag].outbox = bytes
        connections[tag].sent = 0
        connections[tag].isAwaiting = true
        connections[tag].startedAt = startedAt
        guard connections[tag].flush() else { return drop(tag) }
        watchOutput(tag)
    }

    private func watchOutput(_ tag: Int) {
        let wanted = connections[tag].hasOutput
        guard wanted != connections[tag].isWatchingOutput else { return }
        epoll.modify(connections[tag].fd, tag: tag, writable: wanted)
        connections[tag].isWatchingOutput = wanted
    }

    private func receive(_ tag: Int) {
        let fd = connections[tag].fd
        var isAtEnd = false
        var receivedAt: Int64?
        while true {
            let (n, at) = chunk.withUnsafeMutableBytes { ReceiveTimestamps.receive(fd, into: $0) }
            if n > 0 {
                connections[tag].inbox.append(contentsOf: chunk[..<n])
                receivedAt = at
                continue
            }
            if n < 0, errno == EINTR { continue }
            isAtEnd = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break
        }
        do {
            while connections[tag].fd == fd, let answer = try connections[tag].takeAnswer() {
                answered(tag, answer, MonotonicClock.now(), receivedAt: receivedAt)
            }
        } catch {
            FleetOutput.emit("bad answer on connection \(tag): \(error)")
            return drop(tag)
        }
        if isAtEnd, connections[tag].fd == fd { drop(tag) }
    }

    /// `receivedAt`: when the answer had reached the socket (the kernel's stamp, if it gave one), for
    /// job receipts.
    private func answered(_ tag: Int, _ answer: FleetConnection.Answer, _ now: Int64, receivedAt: Int64?) {
        connections[tag].isAwaiting = false
        let agent = tag / 2
        if tag % 2 == 0 {
            summary.heartbeats.append(.init(at: connections[tag].startedAt, nanoseconds: now - connections[tag].startedAt,
                                            isOK: answer.status == 200))
            if settings.connectionPerHeartbeat { return connections[tag].reset() }
            if answer.closes { return drop(tag) }
            sendPendingReport(agent, now)
            return
        }
        guard answer.status == 200 || answer.status == 204 else {
            if summary.pollFailures < 5 { FleetOutput.emit("poll of agent \(agent): \(answer.status) \(String(decoding: answer.body.prefix(200), as: UTF8.self))") }
            summary.pollFailures += 1
            hasFailedPolling[agent] = true
            return connections[tag].reset()
        }
        if answer.status == 200 {
            if receivedAt != nil { summary.kernelStampedReceipts += 1 }
            bodies.append((agent, receivedAt ?? now, now, answer.body))
            receiptCount += 1
            if receiptCount == agentCount { FleetOutput.emit("all-received") }
            if settings.reportsResults { report(answer.body, agent: agent, now) }
        }
        if answer.closes { return drop(tag) }
        send(tag, requests.polls[agent], startedAt: now)
    }

    /// The connection ended or failed: a heartbeat in flight counts as failed; keep-alive
    /// connections and live polls connect again.
    /// A heartbeat still waiting for its connection survives a keep-alive reconnect; in
    /// per-heartbeat mode it counts as failed with the connection.
    func drop(_ tag: Int) {
        let isPoll = tag % 2 == 1
        let connection = connections[tag]
        if !isPoll, connection.isAwaiting || (connection.wantsRequest && settings.connectionPerHeartbeat) {
            summary.failedHeartbeats.append(connection.startedAt)
        }
        if connection.isConnecting { connecting -= 1 }
        connections[tag].reset()
        guard isPoll ? !hasFailedPolling[tag / 2] : !settings.connectionPerHeartbeat else { return }
        connections[tag].wantsRequest = connection.wantsRequest && !connection.isAwaiting
        if connection.isOpen { summary.reconnects += 1 }
        enqueue(tag)
    }
}
