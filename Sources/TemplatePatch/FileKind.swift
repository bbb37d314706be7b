#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a path names, as `stat` tells it. tplpatch reads only regular
/// files: reading a FIFO blocks until a writer comes (forever, in CI), and a
/// device such as `/dev/zero` or `/dev/urandom` never ends.
public enum FileKind: Sendable, Equatable {
    case regular, directory, fifo, characterDevice, blockDevice, socket, symbolicLink, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }

    /// The kind with its article, as a message says it: "a FIFO".
    public var name: String {
        switch self {
        case .regular: return "a regular file"
        case .directory: return "a directory"
        case .fifo: return "a FIFO"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .socket: return "a socket"
        case .symbolicLink: return "a symbolic link"
        case .other: return "not a file of a known kind"
        }
    }

    /// Why a file of this kind is not read: "is a FIFO, not a regular file".
    public var message: String {
        switch self {
        case .directory: return "is a directory, not a file"
        case .other: return "is not a regular file"
        default: return "is \(name), not a regular file"
        }
    }

    /// Self, when tplpatch refuses to read this kind; nil for a regular file.
    var refusal: FileKind? { self == .regular ? nil : self }
}
