/// The leading bytes of the binary formats most often dropped by mistake (documents, images,
/// archives, programs), for `TextDecoding`: such a file is binary even when its first bytes hold
/// few NULs (a PDF starts with text objects).
///
/// A short table rather than libmagic: it is asked of every file, and only has to tell these
/// from text, not name every format.
enum BinarySignature {
    /// The format whose signature `bytes` start with, if any.
    static func format(of bytes: ArraySlice<UInt8>) -> String? {
        signatures.first { bytes.starts(with: $0.bytes) }?.format
    }

    private static let signatures: [(bytes: [UInt8], format: String)] = [
        (Array("%PDF-".utf8), "PDF"),
        ([0x89, 0x50, 0x4E, 0x47], "PNG"),
        (Array("GIF8".utf8), "GIF"),
        ([0xFF, 0xD8, 0xFF], "JPEG"),
        ([0x50, 0x4B, 0x03, 0x04], "ZIP"),
        ([0x1F, 0x8B], "gzip"),
        ([0x28, 0xB5, 0x2F, 0xFD], "Zstandard"),
        ([0x7F, 0x45, 0x4C, 0x46], "ELF"),
        ([0xD0, 0xCF, 0x11, 0xE0], "OLE2 (an old Office document)"),
        (Array("Rar!".utf8), "RAR"),
        ([0x37, 0x7A, 0xBC, 0xAF], "7-Zip"),
    ]
}
