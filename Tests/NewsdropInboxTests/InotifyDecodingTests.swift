import Glibc
import NewsdropInbox
import Testing

@Suite("Decoding inotify events")
struct InotifyDecodingTests {
    /// One `struct inotify_event` with its name padded to a multiple of 16 bytes, as the kernel pads it.
    func event(mask: Int32, name: String) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: MemoryLayout<inotify_event>.size)
        let padded = name.isEmpty ? 0 : (name.utf8.count / 16 + 1) * 16
        withUnsafeBytes(of: UInt32(bitPattern: mask)) { bytes.replaceSubrange(4..<8, with: $0) }
        withUnsafeBytes(of: UInt32(padded)) { bytes.replaceSubrange(12..<16, with: $0) }
        var name = Array(name.utf8)
        name += [UInt8](repeating: 0, count: padded - name.count)
        return bytes + name
    }

    @Test("each kind of event becomes its inbox event, in order")
    func kinds() {
        let buffer =
            event(mask: Int32(IN_MOVED_TO), name: "moved.txt") + event(mask: Int32(IN_CLOSE_WRITE), name: "written.txt")
            + event(mask: Int32(IN_CREATE), name: "fifo") + event(mask: Int32(IN_CREATE | IN_ISDIR), name: "folder")
            + event(mask: Int32(IN_Q_OVERFLOW), name: "") + event(mask: Int32(IN_DELETE_SELF), name: "")
        #expect(
            InotifyWatcher.decodeForTesting(buffer) == [
                .movedIn(EntryName("moved.txt")), .closedAfterWrite(EntryName("written.txt")), .created(EntryName("fifo")),
                .created(EntryName("folder")), .overflow, .watchLost,
            ])
    }

    @Test("a name of exactly 16 bytes keeps all its bytes")
    func paddedName() {
        let buffer = event(mask: Int32(IN_MOVED_TO), name: "sixteen-bytes.md")
        #expect(InotifyWatcher.decodeForTesting(buffer) == [.movedIn(EntryName("sixteen-bytes.md"))])
    }
}
