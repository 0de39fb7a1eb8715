import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and writes with plain system calls. Foundation's `Data(contentsOf:)` and
/// `Data.write(to:)` cost several times more per file, which adds up over 10,000 pages.
enum FileBytes {
    struct Failure: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    static func read(_ path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(code: errno)) }
        defer { close(descriptor) }
        var info = stat()
        var bytes = [UInt8](repeating: 0, count: fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(code: errno))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    /// Writes `bytes` to `path`, creating missing folders on the way.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) -> Failure? {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            if let failure = makeFolders(upTo: path) { return failure }
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { return Failure(code: errno) }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                let failure = Failure(code: errno)
                close(descriptor)
                return failure
            }
            written += count
        }
        return close(descriptor) == 0 ? nil : Failure(code: errno)
    }

    static func write(_ text: String, to path: String) -> Failure? {
        var text = text
        return text.withUTF8 { write(UnsafeRawBufferPointer($0), to: path) }
    }

    /// Whether the file at `path` holds exactly `bytes` (false when it is missing or unreadable):
    /// a size check first, then one read and a byte comparison.
    static func holds(_ path: String, exactly bytes: UnsafeRawBufferPointer) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) == bytes.count else { return false }
        guard let expected = bytes.baseAddress, bytes.count > 0 else { return true }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < bytes.count {
            let count = Glibc.read(descriptor, buffer.baseAddress! + filled, bytes.count - filled)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            filled += count
        }
        return memcmp(buffer.baseAddress!, expected, bytes.count) == 0
    }

    /// `mkdir -p` of the folder holding `path`.
    static func makeFolders(upTo path: String) -> Failure? {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return nil }
        if mkdir(folder, 0o755) == 0 || errno == EEXIST { return nil }
        guard errno == ENOENT else { return Failure(code: errno) }
        if let failure = makeFolders(upTo: folder) { return failure }
        return mkdir(folder, 0o755) == 0 || errno == EEXIST ? nil : Failure(code: errno)
    }
}
