import Foundation

extension WebhookDispatcher {
    /// The loop's own bookkeeping; nothing else touches it.
    struct LoopState {
        /// Messages claimed and not yet recorded (or given up on): the slots in use.
        var inFlight = 0
        /// Results waiting to be stored, kept across a failed `record` so the attempts are not lost.
        var unrecorded: [DeliveryCompletion] = []
        var failedRecordingsWhileStopping = 0
        /// The last claim filled its limit, or a wake-up came: messages may be due right now.
        var moreMayBeDue = true
        /// When to look for due messages again without being woken.
        var nextClaimAt = ContinuousClock.now
        /// Outbox failures in a row: each pause after one doubles, up to `maximumStorageRetryDelay`.
        var storageFailures = 0
    }

    /// Recording failures tolerated during graceful shutdown before the results are given up to their leases.
    static let recordAttemptsWhileStopping = 3
    /// The shortest idle wait, so that a due date the claim does not agree with cannot spin the loop.
    static let minimumIdleWait: TimeInterval = 0.01

    /// Records, claims and sleeps until cancelled, or until stopped with nothing left in flight.
    func dispatch(in group: inout DiscardingTaskGroup) async {
        var state = LoopState()
        let capacity = max(1, configuration.maximumConcurrentDeliveries)
        while !Task.isCancelled {
            let handed = completed.takeAll()
            state.inFlight -= handed.abandoned
            state.unrecorded += handed.completions
            if handed.transportShutDown && !stopRequested.load(ordering: .acquiring) {
                logger.error("The HTTP transport was shut down before the webhook dispatcher; the dispatcher stops claiming")
                stop()
            }
            if !state.unrecorded.isEmpty {
                guard await recordUnrecorded(&state) else {
                    await pauseAfterStorageError(&state)
                    continue
                }
            }
            counters.setInFlight(state.inFlight)
            let stopping = stopRequested.load(ordering: .acquiring)
            if stopping && state.inFlight == 0 { return }
            if wakeRequested.exchange(false, ordering: .acquiringAndReleasing) || ContinuousClock.now >= state.nextClaimAt {
                state.moreMayBeDue = true
            }
            let free = capacity - state.inFlight
            if !stopping && state.moreMayBeDue && free > 0 {
                guard await claim(limit: min(max(1, configuration.claimBatchSize), free), state: &state, group: &group) else {
                    await pauseAfterStorageError(&state)
                    continue
                }
                state.storageFailures = 0
                if state.moreMayBeDue { continue }
            }
            // Until a completion, wake(), stop or cancellation; when idle, at the latest until the next due date or poll.
            await signal.wait(until: stopping || state.moreMayBeDue ? nil : state.nextClaimAt)
        }
    }

    /// Claims up to `limit` due messages and starts sending each; false when the outbox failed.
    private func claim(limit: Int, state: inout LoopState, group: inout DiscardingTaskGroup) async -> Bool {
        let claimedAt = now()
        let tasks: [DeliveryTask]
        do {
            tasks = try await outbox.claimDueMessages(
                limit: limit, now: claimedAt,
                lease: DeliveryLease(owner: configuration.instanceId, until: claimedAt.addingTimeInterval(configuration.leaseDuration.inSeconds))
            )
        } catch {
            counters.countStorageError()
            if !Task.isCancelled { logger.error("Could not claim due webhook messages; retrying", metadata: ["error": "\(error)"]) }
            return false
        }
        state.inFlight += tasks.count
        counters.setInFlight(state.inFlight)
        for task in tasks {
            group.addTask { [self] in
                completed.hand(await deliver(task))
                signal.signal()
            }
        }
        state.moreMayBeDue = tasks.count >= limit
        if !state.moreMayBeDue { state.nextClaimAt = await nextClaimTime() }
        return true
    }

    /// The next due date, but no later than one idle poll interval from now.
    private func nextClaimTime() async -> ContinuousClock.Instant {
        let latest = ContinuousClock.now + configuration.idlePollInterval
        let due: Date?
        do {
            due = try await outbox.nextDueDate()
        } catch {
            counters.countStorageError()
            logger.warning("Could not read when the next webhook message is due; polling", metadata: ["error": "\(error)"])
            return latest
        }
        guard let due else { return latest }
        return min(latest, instant(of: due))
    }

    /// The monotonic instant of a date on the dispatcher's clock, not earlier than the minimum idle wait.
    private func instant(of date: Date) -> ContinuousClock.Instant {
        let wait = min(max(date.timeIntervalSince(now()), Self.minimumIdleWait), configuration.idlePollInterval.inSeconds)
        return ContinuousClock.now + .seconds(wait)
    }

    /// Stores every waiting result in one call; false when the outbox failed and the results are kept for later.
    private func recordUnrecorded(_ state: inout LoopState) async -> Bool {
        let batch = state.unrecorded
        do {
            try await outbox.record(batch.map(\.result), owner: configuration.instanceId)
        } catch {
            counters.countStorageError()
            guard !Task.isCancelled else { return false }
            if stopRequested.load(ordering: .acquiring) {
                state.failedRecordingsWhileStopping += 1
                if state.failedRecordingsWhileStopping >= Self.recordAttemptsWhileStopping {
                    logger.error(
                        "Could not record webhook results while shutting down; their messages will be sent again when their leases expire",
                        metadata: ["results": "\(batch.count)", "error": "\(error)"]
                    )
                    state.inFlight -= batch.count
                    state.unrecorded = []
                    return false
                }
            }
            logger.error("Could not record webhook results; retrying", metadata: ["results": "\(batch.count)", "error": "\(error)"])
            return false
        }
        state.unrecorded = []
        state.storageFailures = 0
        state.inFlight -= batch.count
        counters.count(recorded: batch)
        for completion in batch {
            switch completion.result.next {
            case .failed(let reason):
                logger.warning("Webhook message failed for good", metadata: ["message": "\(completion.result.messageId)", "reason": "\(reason)"])
            case .retry(let date):
                // A retry due before the planned wake-up moves it earlier; one due already is claimed at once.
                if date <= now() { state.moreMayBeDue = true }
                state.nextClaimAt = min(state.nextClaimAt, instant(of: date))
            case .delivered:
                break
            }
        }
        await notifyGone(batch)
        return true
    }

    /// Calls `onGone` once for each subscription whose receiver said it is gone in this batch.
    private func notifyGone(_ batch: [DeliveryCompletion]) async {
        var notified = Set<UUID>()
        for gone in batch.compactMap(\.gone) where notified.insert(gone.subscriptionId).inserted {
            logger.notice(
                "The receiver refused its messages for good; removing its subscription",
                metadata: ["subscription": "\(gone.subscriptionId)", "status": "\(gone.statusCode.map(String.init) ?? "-")"]
            )
            await onGone(gone)
        }
    }

    /// Backs off while the outbox keeps failing (the database is down), so a long outage costs little; the first
    /// success after it resets the pause. While stopping it does not back off, so shutdown is not held up.
    private func pauseAfterStorageError(_ state: inout LoopState) async {
        state.storageFailures += 1
        let stopping = stopRequested.load(ordering: .acquiring)
        try? await Task.sleep(for: stopping ? configuration.storageRetryDelay : configuration.storagePause(afterFailures: state.storageFailures))
    }
}
