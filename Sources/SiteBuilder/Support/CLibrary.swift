#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#else
#error("SiteBuilder calls the C library: Glibc (Linux) or Darwin (macOS)")
#endif

/// The C library, behind this one file: Glibc on Linux, Darwin on macOS, which name the same calls.
/// The file layer (`FileBytes`, `FileTree`, `OutputFolder`) and `containsBytes` use it only through
/// these. Each does what its call does; a call that fails leaves its code in `lastError`.
enum CLibrary {
    // MARK: Errors

    /// `errno`: why the last call failed.
    static var lastError: Int32 { errno }
    static let interrupted = EINTR
    static let noSuchFile = ENOENT
    static let alreadyExists = EEXIST

    /// `strerror`: "No such file or directory".
    static func message(for code: Int32) -> String {
        String(cString: strerror(code))
    }

    // MARK: Files

    /// A descriptor, or -1.
    static func openForReading(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_CLOEXEC)
    }

    /// A descriptor for a new or emptied file, or -1. A relative `path` is resolved in `folder`.
    static func openForWriting(_ path: String, in folder: Int32 = currentFolder) -> Int32 {
        openat(folder, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    }

    /// Stands for the working folder where a call takes a folder to resolve a relative path in.
    static let currentFolder = AT_FDCWD

    /// A descriptor of the folder at `path`, to resolve paths in (`openForWriting(_:in:)`), or -1.
    static func openFolder(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    /// Bytes read (0 at the end of the file), or -1.
    static func readBytes(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        read(descriptor, buffer, count)
    }

    /// Bytes written, or -1.
    static func writeBytes(_ descriptor: Int32, from buffer: UnsafeRawPointer, count: Int) -> Int {
        write(descriptor, buffer, count)
    }

    static func closeFile(_ descriptor: Int32) -> Bool {
        close(descriptor) == 0
    }

    /// The open file's size in bytes, nil if `fstat` fails.
    static func size(of descriptor: Int32) -> Int? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : nil
    }

    static func makeFolder(_ path: String, in folder: Int32 = currentFolder) -> Bool {
        mkdirat(folder, path, 0o755) == 0
    }

    /// `rename`: replaces whatever is at `destination` at once, so a reader sees the old file or the new one.
    static func moveFile(_ source: String, to destination: String) -> Bool {
        rename(source, destination) == 0
    }

    static func removeFile(_ path: String) -> Bool {
        unlink(path) == 0
    }

    /// Fails on a folder that is not empty.
    static func removeFolderIfEmpty(_ path: String) -> Bool {
        rmdir(path) == 0
    }

    static var processID: Int32 { getpid() }

    /// CPU time (user + system) this process has used so far, on all its threads, in seconds.
    static var processCPUSeconds: Double {
        var usage = rusage()
        #if canImport(Glibc)
        let who = RUSAGE_SELF.rawValue
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(Int32(who), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    // MARK: Folders

    enum EntryKind {
        case file
        case folder
        /// A symbolic link that leads to a folder.
        case linkToFolder
    }

    /// Each entry of `folder` but `.` and `..`, with what it is; nothing if the folder cannot be read.
    /// A link to a file, a dangling link and anything else that is not a folder count as files.
    static func forEachEntry(in folder: String, _ body: (_ name: String, _ kind: EntryKind) -> Void) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            // The name is read in place: the record may end before d_name's declared size does.
            let name = String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): body(name, .folder)
            case Int32(DT_REG): body(name, .file)
            default:
                // A link, or a file system that does not say: ask stat where it leads.
                var info = stat()
                if stat(folder + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    body(name, Int32(entry.pointee.d_type) == Int32(DT_LNK) ? .linkToFolder : .folder)
                } else {
                    body(name, .file)
                }
            }
        }
    }

    // MARK: Memory

    /// `memchr`: where `byte` first occurs, at machine speed.
    static func firstOffset(of byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, let found = memchr(base, Int32(byte), bytes.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// `memcmp`: whether `count` bytes at both places are equal.
    static func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(a, b, count) == 0
    }
}
