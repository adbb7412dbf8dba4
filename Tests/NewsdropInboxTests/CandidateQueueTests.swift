import NewsdropInbox
import Testing

@Suite("The candidate queue")
struct CandidateQueueTests {
    let stamp = EntryStamp(size: 10, modifiedNanoseconds: 1)

    func names(_ list: [String]) -> [EntryName] { list.map(EntryName.init) }

    @Test("ready names come out in arrival order, at most the limit at a time, each once however often it is offered")
    func order() async {
        let queue = CandidateQueue(settleInterval: .milliseconds(10))
        for name in ["a", "b", "a", "c", "b", "d"] { queue.offer(EntryName(name), .ready) }
        #expect(await queue.take(upTo: 3) == names(["a", "b", "c"]))
        #expect(queue.takeReady(upTo: 3) == names(["d"]))
        #expect(queue.takeReady(upTo: 3).isEmpty)
        #expect(queue.backlog == 0)
    }

    @Test("a name offered while it is being claimed is offered again, to settle, once it is finished")
    func recheck() async {
        let queue = CandidateQueue(settleInterval: .zero)
        queue.offer(EntryName("a"), .ready)
        #expect(await queue.take(upTo: 10) == names(["a"]))
        // A producer renames a new file over the name while the old one is being claimed.
        #expect(queue.offer(EntryName("a"), .ready) == false)
        queue.finished(names(["a"])) { _ in stamp }
        #expect(queue.backlog == 1)
        queue.promoteSettled { _ in stamp }
        #expect(queue.takeReady(upTo: 10) == names(["a"]))
        // Finished without a new offer: nothing comes back.
        queue.finished(names(["a"])) { _ in stamp }
        queue.promoteSettled { _ in stamp }
        #expect(queue.backlog == 0)
    }

    @Test("a name still being written becomes ready only once its stamp held still; one that vanished is forgotten")
    func settling() async throws {
        let queue = CandidateQueue(settleInterval: .milliseconds(30))
        queue.offer(EntryName("growing"), .settle(stamp))
        queue.offer(EntryName("gone"), .settle(stamp))
        queue.promoteSettled { _ in stamp }
        #expect(queue.takeReady(upTo: 10).isEmpty)
        try await Task.sleep(for: .milliseconds(40))
        let grown = EntryStamp(size: 20, modifiedNanoseconds: 2)
        queue.promoteSettled { $0 == EntryName("gone") ? nil : grown }
        #expect(queue.takeReady(upTo: 10).isEmpty)
        #expect(queue.backlog == 1)
        try await Task.sleep(for: .milliseconds(40))
        queue.promoteSettled { _ in grown }
        #expect(queue.takeReady(upTo: 10) == names(["growing"]))
        // The vanished name is no longer known: a new file under it is taken.
        #expect(queue.offer(EntryName("gone"), .ready))
    }

    @Test("a nudge wakes a waiting take with an empty batch; closing ends it with nil and keeps what was not taken")
    func wakeAndClose() async throws {
        let queue = CandidateQueue(settleInterval: .milliseconds(10))
        async let woken = queue.take(upTo: 5)
        try await Task.sleep(for: .milliseconds(20))
        queue.nudge()
        #expect(await woken == [])
        async let closed = queue.take(upTo: 5)
        try await Task.sleep(for: .milliseconds(20))
        queue.close()
        #expect(await closed == nil)
        queue.offer(EntryName("late"), .ready)
        #expect(await queue.take(upTo: 5) == nil)
        #expect(queue.takeReady(upTo: 5).isEmpty)
        #expect(queue.backlog == 1)
    }
}
