import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `yibao` child process with a fixed date, its stderr (and stdout unless piped) in files, killed by SIGKILL.
final class Child {
    let process = Process()
    let stdin: Pipe?
    let stdout: Pipe?
    let errorFile: URL
    let outputFile: URL

    init(arguments: [String], today: String, folder: URL, name: String, pipes: Bool = false) throws {
        let binary = try #require(YibaoBinary.url)
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["YIBAO_TODAY"] = today
        environment["YIBAO_DB"] = nil
        process.environment = environment
        errorFile = folder.appendingPathComponent("\(name).stderr")
        outputFile = folder.appendingPathComponent("\(name).stdout")
        for file in [errorFile, outputFile] {
            try #require(FileManager.default.createFile(atPath: file.path, contents: nil), "cannot create \(file.path)")
        }
        process.standardError = try FileHandle(forWritingTo: errorFile)
        if pipes {
            stdin = Pipe()
            stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
        } else {
            stdin = nil
            stdout = nil
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outputFile)
        }
        // Writing to the pipe of a child that was just killed must fail with EPIPE, not kill the test run.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var wasKilled: Bool {
        !process.isRunning && process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }
    var exitedNormally: Bool {
        !process.isRunning && process.terminationReason == .exit && process.terminationStatus == 0
    }

    /// What the child printed, for failure messages.
    var log: String {
        let err = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let out = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let status = process.isRunning ? "running" : String(process.terminationStatus)
        return "status \(status); stdout: \(out.suffix(500)); stderr: \(err.suffix(500))"
    }

    /// Sends SIGKILL; false if the child had already ended.
    @discardableResult
    func kill() -> Bool {
        guard process.isRunning else { return false }
        return sendSignal(process.processIdentifier, SIGKILL) == 0
    }

    /// Waits for the child to end, at most `seconds`; kills it and fails if it does not.
    func wait(seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill()
            while process.isRunning { usleep(5_000) }
            try #require(Bool(false), "the child did not end within \(seconds) s: \(log)")
        }
    }

    /// Writes one line to the child's stdin; false once the pipe is closed.
    func send(_ line: String) -> Bool {
        guard let fd = stdin?.fileHandleForWriting.fileDescriptor else { return false }
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.kill(pid, signal)
    #else
        Darwin.kill(pid, signal)
    #endif
}

/// Reads lines from a file descriptor, waiting at most a given time for each.
final class LineReader {
    enum Next: Equatable {
        case line(String)
        case end
        case timedOut
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private var ended = false
    static let chunkBytes = 4_096

    init(_ handle: FileHandle) { fd = handle.fileDescriptor }

    func next(timeoutSeconds: Double) -> Next {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            if ended { return .end }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return .timedOut }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1_000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: LineReader.chunkBytes)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, LineReader.chunkBytes) }
            if n <= 0 { ended = true } else { buffer += chunk[..<n] }
        }
    }
}
