import CLinux
import Foundation
import Glibc
public import NewsdropIO

/// Something the kernel reported about the inbox folder.
public enum InboxEvent: Sendable, Equatable {
    /// A file opened for writing in the inbox was closed: it may still be written again.
    case closedAfterWrite(EntryName)
    /// An entry was renamed into the inbox: complete by the writers' convention.
    case movedIn(EntryName)
    /// An entry was created in place: a file about to be written, or a link, FIFO, socket,
    /// device node or folder, for which no other event will come.
    case created(EntryName)
    /// The kernel's event queue overflowed: events were lost, the inbox must be rescanned.
    case overflow
    /// The inbox folder itself was deleted or moved away.
    case watchLost
}

/// Watches one folder with inotify on a dedicated thread blocked in `poll(2)`.
///
/// The thread wakes only for inotify events or for the eventfd that ``events()`` signals when its
/// consumer goes away, so it never spins and always ends.
public final class InotifyWatcher: Sendable {
    public let directory: String
    private let inotifyFD: Int32
    private let wakeFD: Int32

    /// Arms the watch. Events that arrive before ``events()`` is iterated are kept by the kernel.
    public init(directory: String) throws(SystemError) {
        self.directory = directory
        let inotifyFD = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotifyFD >= 0 else { throw .current("inotify_init1", path: directory) }
        let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        guard inotify_add_watch(inotifyFD, directory, mask) >= 0 else {
            let error = SystemError.current("inotify_add_watch", path: directory)
            close(inotifyFD)
            throw error
        }
        let wakeFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wakeFD >= 0 else {
            let error = SystemError.current("eventfd", path: directory)
            close(inotifyFD)
            throw error
        }
        self.inotifyFD = inotifyFD
        self.wakeFD = wakeFD
    }

    deinit {
        close(inotifyFD)
        close(wakeFD)
    }

    /// The events, in batches as the kernel delivers them. The watching thread starts here and
    /// stops when the consumer stops iterating (or its task is cancelled). Call this once.
    public func events() -> AsyncStream<[InboxEvent]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [InboxEvent].self, bufferingPolicy: .unbounded)
        continuation.onTermination = { [self] _ in
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
        let thread = Thread { [self] in
            self.pump(into: continuation)
            continuation.finish()
        }
        thread.name = "newsdrop-inotify"
        thread.start()
        return stream
    }

    private func pump(into continuation: AsyncStream<[InboxEvent]>.Continuation) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                continuation.yield([.watchLost])
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            while true {
                let got = buffer.withUnsafeMutableBytes { read(inotifyFD, $0.baseAddress!, $0.count) }
                if got <= 0 { break }
                let events = Self.decode(buffer, count: got)
                if !events.isEmpty, case .terminated = continuation.yield(events) { return }
                if events.contains(.watchLost) { return }
            }
        }
    }

    /// ``decode(_:count:)`` over a whole buffer, for tests.
    package static func decodeForTesting(_ buffer: [UInt8]) -> [InboxEvent] {
        decode(buffer, count: buffer.count)
    }

    /// Decodes a buffer of `struct inotify_event` records.
    static func decode(_ buffer: [UInt8], count: Int) -> [InboxEvent] {
        var events: [InboxEvent] = []
        let headerSize = MemoryLayout<inotify_event>.size
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset + headerSize <= count {
                let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let nameLength = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let nameBytes = UnsafeRawBufferPointer(rebasing: raw[(offset + headerSize)..<(offset + headerSize + nameLength)])
                let name = EntryName(bytes: nameBytes.prefix { $0 != 0 })
                offset += headerSize + nameLength
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    events.append(.overflow)
                } else if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                    events.append(.watchLost)
                } else if mask & UInt32(IN_MOVED_TO) != 0 {
                    events.append(.movedIn(name))
                } else if mask & UInt32(IN_CLOSE_WRITE) != 0 {
                    events.append(.closedAfterWrite(name))
                } else if mask & UInt32(IN_CREATE) != 0 {
                    events.append(.created(name))
                }
            }
        }
        return events
    }
}
