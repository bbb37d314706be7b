#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Copies a file's extended attributes (user.*, security.*, and the POSIX
/// ACLs, which Linux keeps as `system.posix_acl_access` and
/// `system.posix_acl_default`) to the temporary file that replaces it, so
/// the rename does not drop them.
enum ExtendedAttributes {
    // Swift's Glibc module leaves out <sys/xattr.h>; the four calls are
    // looked up in the C library by name, with their C signatures.
    private typealias List = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int
    private typealias Get = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int
    private typealias FileSet = @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32
    private typealias FileGet = @convention(c) (Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    nonisolated(unsafe) private static let listCall = symbol("listxattr", as: List.self)
    nonisolated(unsafe) private static let getCall = symbol("getxattr", as: Get.self)
    nonisolated(unsafe) private static let fileSetCall = symbol("fsetxattr", as: FileSet.self)
    nonisolated(unsafe) private static let fileGetCall = symbol("fgetxattr", as: FileGet.self)

    private static func listxattr(_ path: String, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int {
        guard let call = listCall else {
            errno = ENOTSUP
            return -1
        }
        return call(path, buffer, size)
    }

    private static func getxattr(_ path: String, _ name: String, _ buffer: UnsafeMutableRawPointer?, _ size: Int) -> Int {
        guard let call = getCall else {
            errno = ENOTSUP
            return -1
        }
        return call(path, name, buffer, size)
    }

    private static func fsetxattr(_ fd: Int32, _ name: String, _ value: UnsafeRawPointer?, _ size: Int, _ flags: Int32) -> Int32 {
        guard let call = fileSetCall else {
            errno = ENOTSUP
            return -1
        }
        return call(fd, name, value, size, flags)
    }

    private static func fgetxattr(_ fd: Int32, _ name: String, _ buffer: UnsafeMutableRawPointer?, _ size: Int) -> Int {
        guard let call = fileGetCall else {
            errno = ENOTSUP
            return -1
        }
        return call(fd, name, buffer, size)
    }

    /// Why an attribute could not be copied.
    struct Failure: Error {
        var message: String
    }

    /// The names of `path`'s extended attributes (not following a final link:
    /// the path given is already the real one).
    static func names(_ path: String) throws(Failure) -> [String] {
        var size = listxattr(path, nil, 0)
        if size < 0 {
            if errno == ENOTSUP || errno == ENOSYS { return [] }
            throw Failure(message: "cannot list its extended attributes: \(FileIO.errnoText(errno))")
        }
        if size == 0 { return [] }
        var buffer = [CChar](repeating: 0, count: size)
        // The list may grow between the two calls; ask again with room to spare.
        while true {
            size = buffer.withUnsafeMutableBufferPointer { listxattr(path, $0.baseAddress, $0.count) }
            if size >= 0 { break }
            guard errno == ERANGE else {
                throw Failure(message: "cannot list its extended attributes: \(FileIO.errnoText(errno))")
            }
            buffer = [CChar](repeating: 0, count: buffer.count * 2)
        }
        return buffer[0..<size].split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }

    /// The value of attribute `name` of `path`.
    static func value(_ name: String, of path: String) throws(Failure) -> [UInt8] {
        var size = getxattr(path, name, nil, 0)
        guard size >= 0 else { throw Failure(message: "cannot read its extended attribute \(name): \(FileIO.errnoText(errno))") }
        var buffer = [UInt8](repeating: 0, count: max(size, 1))
        while true {
            size = buffer.withUnsafeMutableBytes { getxattr(path, name, $0.baseAddress, $0.count) }
            if size >= 0 { break }
            guard errno == ERANGE else {
                throw Failure(message: "cannot read its extended attribute \(name): \(FileIO.errnoText(errno))")
            }
            buffer = [UInt8](repeating: 0, count: buffer.count * 2)
        }
        return Array(buffer[0..<size])
    }

    /// Gives the open file `fd` every extended attribute of `source`. An
    /// attribute the new file already holds with the same value (one the
    /// kernel set on creation, such as an SELinux label) is left alone; any
    /// other that cannot be set is an error, so no file loses one silently.
    static func copy(from source: String, to fd: Int32) throws(Failure) {
        for name in try names(source) {
            let bytes = try value(name, of: source)
            let status = bytes.withUnsafeBytes { fsetxattr(fd, name, $0.baseAddress, $0.count, 0) }
            if status == 0 { continue }
            let code = errno
            if let present = try? valueOfOpenFile(name, fd), present == bytes { continue }
            throw Failure(message: "cannot copy its extended attribute \(name) to the new file: \(FileIO.errnoText(code))")
        }
    }

    private static func valueOfOpenFile(_ name: String, _ fd: Int32) throws(Failure) -> [UInt8] {
        let size = fgetxattr(fd, name, nil, 0)
        guard size >= 0 else { throw Failure(message: FileIO.errnoText(errno)) }
        var buffer = [UInt8](repeating: 0, count: max(size, 1))
        let read = buffer.withUnsafeMutableBytes { fgetxattr(fd, name, $0.baseAddress, $0.count) }
        guard read >= 0 else { throw Failure(message: FileIO.errnoText(errno)) }
        return Array(buffer[0..<read])
    }
}
