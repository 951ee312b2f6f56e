import DnetKernel

/// Applies kernel steps in order and remembers how to undo each, so that a command that
/// fails part-way leaves the kernel exactly as it found it.
final class KernelPlan {
    private let backend: KernelBackend
    private var undoSteps: [KernelStep] = []
    /// Undos of work outside the kernel (the name files), run after the kernel's.
    private var undoActions: [() throws -> Void] = []
    /// Where namespaces are written down before they are made (nil: a dry run).
    private let journal: CreationJournal?
    private var journaled: [String] = []
    private var laterSteps: [KernelStep] = []

    init(_ backend: KernelBackend, journal: CreationJournal? = nil) {
        self.backend = backend
        self.journal = journal
    }

    /// Applies `step`; its undo (given, or the step's own inverse) runs if a later step fails.
    func apply(_ step: KernelStep, undo: KernelStep? = nil) throws {
        if let journal, case .createNamespace(let name, _) = step {
            try journal.record(name)
            journaled.append(name)
        }
        do {
            try backend.apply(step)
        } catch let error as KernelError {
            throw Self.engineError(error, step: step)
        }
        if let inverse = undo ?? step.undo { undoSteps.append(inverse) }
    }

    /// Deletes a stray object (no undo) that may be going away on its own: a veth whose
    /// namespace was deleted a moment ago lives until the kernel's cleanup gets to it.
    func deleteStray(_ step: KernelStep) throws {
        do {
            try backend.apply(step)
        } catch let error as KernelError where error.isNotFound {
            return
        } catch let error as KernelError {
            throw Self.engineError(error, step: step)
        }
    }

    /// A failed step as the engine reports it. A link that cannot be made because its name
    /// is taken is a conflict the user can resolve, found by the kernel itself: no need to
    /// list every link beforehand.
    static func engineError(_ error: KernelError, step: KernelStep) -> EngineError {
        switch step {
        case .createBridge, .createHostLink, .addContainerVeth:
            if error.isAlreadyExists {
                return .conflict("cannot \(error.action): a network interface with that name already exists")
            }
        default:
            break
        }
        return .system(error.message)
    }

    /// Adds steps that undo work already applied (a deletion's re-creation).
    func onUndo(_ steps: [KernelStep]) {
        undoSteps += steps.reversed()
    }

    /// Adds work that undoes a change outside the kernel (a file written or removed).
    func onUndo(_ action: @escaping () throws -> Void) {
        undoActions.append(action)
    }

    /// Undoes every applied step, newest first; keeps going past failures (a half-undone
    /// plan is worse than a noisy one) and returns what could not be undone.
    @discardableResult
    func rollback() -> [String] {
        var failures: [String] = []
        for step in Self.needed(undoSteps.reversed()) {
            do { try backend.apply(step) } catch { failures.append("\(error)") }
        }
        for action in undoActions.reversed() {
            do { try action() } catch { failures.append("\(error)") }
        }
        undoSteps.removeAll()
        undoActions.removeAll()
        laterSteps.removeAll()
        // What could not be undone stays written down, for the next start to remove.
        if failures.isEmpty { finishJournal() }
        return failures
    }

    /// Steps for once the command has committed (deletions the command need not wait for):
    /// nothing to undo, as they run only after the commit.
    func afterCommit(_ step: KernelStep) {
        laterSteps.append(step)
    }

    /// Forgets the undo steps once the command has committed; returns the steps left for
    /// after the commit.
    @discardableResult
    func commit() -> [KernelStep] {
        undoSteps.removeAll()
        undoActions.removeAll()
        finishJournal()
        defer { laterSteps.removeAll() }
        return laterSteps
    }

    /// Strikes off, with this plan's own entries, entries a crashed command left (the
    /// start's reconcile has removed what they named).
    func strikeOnCommit(_ names: [String]) {
        journaled += names
    }

    private func finishJournal() {
        journal?.strike(journaled)
        journaled.removeAll()
    }

    /// The undo steps worth running, in order: removing an address from a link that a
    /// later undo step deletes anyway is left out (the link takes its addresses with it).
    static func needed(_ steps: [KernelStep]) -> [KernelStep] {
        var deletedLater = Set<String>()
        var kept: [KernelStep] = []
        for step in steps.reversed() {
            switch step {
            case .deleteLink(let name, .host):
                deletedLater.insert(name)
            case .createBridge(let spec):
                // A link made again by the undo is not the one its addresses were on.
                deletedLater.remove(spec.name)
            case .deleteAddress(_, let link, .host) where deletedLater.contains(link):
                continue
            default:
                break
            }
            kept.append(step)
        }
        return kept.reversed()
    }
}
