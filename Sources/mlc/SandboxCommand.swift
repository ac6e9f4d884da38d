import ArgumentParser
import CloudSuiteSandbox
import Foundation
import MLCCore

/// `mlc sandbox`: serves the simulated ION API gateway until interrupted.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Serve the CloudSuite sandbox: a simulated ION API gateway with a seeded dataset.")

    @Option(help: "Port to listen on (0 picks a free one).") var port: UInt16 = 0
    @Option(help: "Tenant identifier (ti).") var tenant = "ACME_TST"
    @Option(help: "Access-token lifetime in seconds.") var tokenLifetime = 7200
    @Option(help: "The tenant's request limit per minute (none when omitted).") var rpm: Int?
    @Option(help: "Dataset seed.") var seed: UInt64 = 1
    @Option(help: "Rows per IDO, e.g. SLVendors=10000,SLAptrxps=100000.") var size: String?
    @Option(help: "Write the tenant's .ionapi file here once listening.") var writeIonapi: String?

    func run() async throws {
        var options = CloudSuiteSandbox.Options()
        options.port = port
        options.tenant = tenant
        options.tokenLifetime = tokenLifetime
        options.requestsPerMinute = rpm
        options.seed = seed
        for pair in (size ?? "").split(separator: ",") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let n = Int(kv[1]), n >= 0 else {
                printError("--size expects IDO=N pairs separated by commas, found \"\(pair)\"")
                throw ExitStatus.invalidInput
            }
            options.sizes[String(kv[0])] = n
        }
        let sandbox = CloudSuiteSandbox(options: options)
        try sandbox.start()
        if let path = writeIonapi {
            try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            let temporary = path + ".tmp"
            try sandbox.ionapi.serialized().write(toFile: temporary, atomically: false, encoding: .utf8)
            chmod(temporary, 0o600)
            _ = rename(temporary, path)  // appears whole: scripts wait for it
        }
        print("sandbox listening on \(sandbox.baseURL) (tenant \(tenant), Mongoose config \(options.mongooseConfig))")
        fflush(stdout)
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
