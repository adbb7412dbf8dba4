import CZlib
public import NewsdropIO

#if canImport(Glibc)
    import Glibc
#endif

/// Gzip compression of finished archive segments, and streaming decompression for reading them,
/// with zlib.
public enum Gzip {
    /// Compresses `source` into `source.gz` durably (temporary file, fsync, rename, fsync of the
    /// folder), then removes `source`. Returns the compressed path.
    @discardableResult
    public static func compress(_ source: String) throws(SystemError) -> String {
        let target = source + ".gz"
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .current("open", path: source) }
        defer { close(input) }
        try FileIO.replaceAtomically(target) { (output, temporary) throws(SystemError) in
            try gzip(from: input, source: source, to: output, temporary: temporary)
        }
        guard unlink(source) == 0 else { throw .current("unlink", path: source) }
        return target
    }

    /// Compresses what `input` holds into `output`, in gzip format.
    private static func gzip(from input: Int32, source: String, to output: Int32, temporary: String) throws(SystemError) {
        var stream = z_stream()
        guard
            deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw SystemError("deflateInit", path: source, errno: EINVAL)
        }
        defer { deflateEnd(&stream) }
        var inBuffer = [UInt8](repeating: 0, count: 1 << 16)
        var outBuffer = [UInt8](repeating: 0, count: 1 << 16)
        var finished = false
        while !finished {
            let got = inBuffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard got >= 0 else { throw SystemError.current("read", path: source) }
            let flush = got == 0 ? Z_FINISH : Z_NO_FLUSH
            finished = got == 0
            try inBuffer.withUnsafeMutableBufferPointer { (inPointer) throws(SystemError) in
                stream.next_in = inPointer.baseAddress
                stream.avail_in = UInt32(got)
                repeat {
                    let produced: Int = outBuffer.withUnsafeMutableBufferPointer { outPointer in
                        stream.next_out = outPointer.baseAddress
                        stream.avail_out = UInt32(outPointer.count)
                        deflate(&stream, flush)
                        return outPointer.count - Int(stream.avail_out)
                    }
                    try FileIO.writeAll(output, Array(outBuffer[0..<produced]), path: temporary)
                } while stream.avail_out == 0
            }
        }
    }

    /// Calls `body` with successive decompressed chunks of the gzip file at `path`.
    public static func decompress(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw SystemError.current("open", path: path) }
        defer { close(input) }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SystemError("inflateInit", path: path, errno: EINVAL)
        }
        defer { inflateEnd(&stream) }
        var inBuffer = [UInt8](repeating: 0, count: 1 << 16)
        var outBuffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let got = inBuffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard got >= 0 else { throw SystemError.current("read", path: path) }
            if got == 0 { return }
            var status: Int32 = Z_OK
            try inBuffer.withUnsafeMutableBufferPointer { inPointer in
                stream.next_in = inPointer.baseAddress
                stream.avail_in = UInt32(got)
                repeat {
                    let produced: Int = outBuffer.withUnsafeMutableBufferPointer { outPointer in
                        stream.next_out = outPointer.baseAddress
                        stream.avail_out = UInt32(outPointer.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return outPointer.count - Int(stream.avail_out)
                    }
                    if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                        throw SystemError("inflate", path: path, errno: EIO)
                    }
                    try outBuffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
                    if status == Z_STREAM_END { return }
                } while stream.avail_out == 0
            }
            if status == Z_STREAM_END { return }
        }
    }
}
