import ArgumentParser
import Foundation
import MLCCore

/// `mlc check`: pings the source and the sink and says per entity what is fine and what to fix.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Check connectivity: a token, one tiny read per entity, the sink.")
    @OptionGroup var options: ManifestOptions

    func run() async throws {
        let runtime = try makeRuntime(options)
        let results = await runtime.source.check() + runtime.sink.check()
        await runtime.source.close()
        for r in results { print("\(r.ok ? "ok  " : "FAIL") \(r.subject): \(r.detail)") }
        if results.contains(where: { !$0.ok }) { throw ExitCode.failure }
    }
}

/// `mlc discover`: the entities a manifest's source offers and their fields.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "discover", abstract: "List the source's entities and their fields (after manifest overrides).")
    @OptionGroup var options: ManifestOptions

    func run() async throws {
        let runtime = try makeRuntime(options)
        print(JSON.array(runtime.source.entities.map(\.json)).serialized())
    }
}
