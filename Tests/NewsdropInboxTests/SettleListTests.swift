import Foundation
import NewsdropInbox
import Testing

@Suite("The settle list")
struct SettleListTests {
    let start = ContinuousClock.now
    let first = EntryStamp(size: 10, modifiedNanoseconds: 1)
    let grown = EntryStamp(size: 20, modifiedNanoseconds: 2)

    @Test("an entry is due only once the interval from its addition is over")
    func due() {
        var list = SettleList<String>(interval: .milliseconds(100))
        list.add("a", stamp: first, at: start)
        #expect(list.due(at: start + .milliseconds(99)).isEmpty)
        let due = list.due(at: start + .milliseconds(100))
        #expect(due.map(\.key) == ["a"])
        #expect(due.map(\.stamp) == [first])
    }

    @Test("a due entry whose stamp held still is settled, one that changed waits another interval, one that is gone leaves")
    func verdicts() {
        var list = SettleList<String>(interval: .milliseconds(100))
        for key in ["still", "growing", "gone"] { list.add(key, stamp: first, at: start) }
        let later = start + .milliseconds(100)
        #expect(list.judge("still", before: first, current: first, at: later) == .settled)
        #expect(list.judge("growing", before: first, current: grown, at: later) == .changed)
        #expect(list.judge("gone", before: first, current: nil, at: later) == .gone)
        #expect(list.count == 1)
        // The changed entry starts over from the stamp it has now.
        #expect(list.due(at: later + .milliseconds(99)).isEmpty)
        #expect(list.due(at: later + .milliseconds(100)).map(\.stamp) == [grown])
    }

    @Test("takeSettled hands out at most the limit of the entries that held still and keeps the others")
    func takeSettled() {
        var list = SettleList<Int>(interval: .zero)
        list.add(contentsOf: (0..<5).map { ($0, first) })
        #expect(list.takeSettled(upTo: 3) { _ in first }.count == 3)
        #expect(list.count == 2)
        #expect(list.takeSettled(upTo: 10) { _ in grown }.isEmpty)
        #expect(list.takeSettled(upTo: 10) { _ in grown }.count == 2)
        #expect(list.count == 0)
    }

    @Test("a file modified within the interval may still be written; an older one may not")
    func freshness() {
        let list = SettleList<String>(interval: .seconds(2))
        let now = Date(timeIntervalSince1970: 1_000)
        let modified = { (seconds: Double) in EntryStamp(size: 1, modifiedNanoseconds: Int64(seconds * 1e9)) }
        #expect(list.mayStillBeWritten(modified(999), at: now))
        #expect(!list.mayStillBeWritten(modified(998), at: now))
    }
}
