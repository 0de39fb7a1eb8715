import Foundation

/// Whole-file reads and writes with plain system calls (`CLibrary`). Foundation's `Data(contentsOf:)`
/// and `Data.write(to:)` cost several times more per file, which adds up over 10,000 pages.
enum FileBytes {
    struct Failure: Error {
        var code: Int32
        var reason: String { CLibrary.message(for: code) }
        var isNoSuchFile: Bool { code == CLibrary.noSuchFile }

        /// The failure the last call left.
        static var last: Failure { Failure(code: CLibrary.lastError) }
    }

    static func read(_ path: String) -> Result<[UInt8], Failure> {
        let descriptor = CLibrary.openForReading(path)
        guard descriptor >= 0 else { return .failure(.last) }
        defer { _ = CLibrary.closeFile(descriptor) }
        var bytes = [UInt8](repeating: 0, count: CLibrary.size(of: descriptor) ?? 0)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { CLibrary.readBytes(descriptor, into: $0.baseAddress! + filled, count: $0.count - filled) }
            if count < 0 {
                if CLibrary.lastError == CLibrary.interrupted { continue }
                return .failure(.last)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    /// Writes `bytes` to `path`, creating missing folders on the way. A relative `path` is resolved in
    /// `folder` (a descriptor from `CLibrary.openFolder`): the kernel then walks only the path's own
    /// folders, not the output folder's path again for each of 10,000 pages.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String, in folder: Int32 = CLibrary.currentFolder) -> Failure? {
        var descriptor = CLibrary.openForWriting(path, in: folder)
        if descriptor < 0 && CLibrary.lastError == CLibrary.noSuchFile {
            if let failure = makeFolders(upTo: path, in: folder) { return failure }
            descriptor = CLibrary.openForWriting(path, in: folder)
        }
        guard descriptor >= 0 else { return .last }
        var written = 0
        while written < bytes.count {
            let count = CLibrary.writeBytes(descriptor, from: bytes.baseAddress! + written, count: bytes.count - written)
            if count < 0 {
                if CLibrary.lastError == CLibrary.interrupted { continue }
                let failure = Failure.last
                _ = CLibrary.closeFile(descriptor)
                return failure
            }
            written += count
        }
        return CLibrary.closeFile(descriptor) ? nil : .last
    }

    static func write(_ text: String, to path: String) -> Failure? {
        var text = text
        return text.withUTF8 { write(UnsafeRawBufferPointer($0), to: path) }
    }

    /// Whether the file at `path` holds exactly `bytes` (false when it is missing or unreadable):
    /// a size check first, then one read and a byte comparison.
    static func holds(_ path: String, exactly bytes: UnsafeRawBufferPointer) -> Bool {
        let descriptor = CLibrary.openForReading(path)
        guard descriptor >= 0 else { return false }
        defer { _ = CLibrary.closeFile(descriptor) }
        guard CLibrary.size(of: descriptor) == bytes.count else { return false }
        guard let expected = bytes.baseAddress, bytes.count > 0 else { return true }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < bytes.count {
            let count = CLibrary.readBytes(descriptor, into: buffer.baseAddress! + filled, count: bytes.count - filled)
            if count < 0 && CLibrary.lastError == CLibrary.interrupted { continue }
            guard count > 0 else { return false }
            filled += count
        }
        return CLibrary.sameBytes(buffer.baseAddress!, expected, count: bytes.count)
    }

    /// `mkdir -p` of the folder holding `path`.
    static func makeFolders(upTo path: String, in base: Int32 = CLibrary.currentFolder) -> Failure? {
        let folder = ParentFolder.of(path)
        guard !folder.isEmpty else { return nil }
        if CLibrary.makeFolder(folder, in: base) || CLibrary.lastError == CLibrary.alreadyExists { return nil }
        guard CLibrary.lastError == CLibrary.noSuchFile else { return .last }
        if let failure = makeFolders(upTo: folder, in: base) { return failure }
        return CLibrary.makeFolder(folder, in: base) || CLibrary.lastError == CLibrary.alreadyExists ? nil : .last
    }
}
