import ArgumentParser
import Foundation
import MLCCore
import MLCState

/// `mlc check`: pings the source and the sink and says per entity what is fine and what to fix.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check connectivity: a token, one tiny read per entity, the sink.")
    @OptionGroup var options: ManifestOptions

    func run() async throws {
        let manifest = try loadManifest(options.manifest)
        let unresolved = unresolvedSecrets(manifest)
        guard unresolved.isEmpty else {
            for problem in unresolved { print("FAIL secrets: \(problem)") }
            throw ExitStatus.invalidInput
        }
        let runtime = try makeRuntime(options)
        let results = await runtime.source.check() + runtime.sink.check()
        await runtime.close()
        // Identical failures (a wrong Mongoose configuration fails every entity alike) are one cause.
        var failures: [(cause: String, results: [CheckResult])] = []
        for r in results {
            if r.ok {
                print("ok   \(r.subject): \(r.detail)")
                for w in r.warnings { print("warn \(r.subject): \(w)") }
            } else if let i = failures.firstIndex(where: { $0.cause == r.cause ?? r.detail }) {
                failures[i].results.append(r)
            } else {
                failures.append((r.cause ?? r.detail, [r]))
            }
        }
        for f in failures {
            print(
                "FAIL \(f.results.map(\.subject).joined(separator: ", ")): \(f.results.count == 1 ? f.results[0].detail : f.cause)"
            )
        }
        if results.contains(where: { !$0.ok }) { throw ExitCode.failure }
    }
}

/// Every secret reference that does not resolve (unset variable, unreadable file, unknown stored name), all at
/// once: a newcomer fixes the environment in one go, not one error per attempt. Values are read, never shown.
func unresolvedSecrets(_ manifest: Manifest) -> [String] {
    // A check must not create a store or a master key: with no store there is no stored secret.
    let home = SecretStore.defaultHome
    let resolver = SecretResolver(manifestDirectory: manifest.directory) { name in
        guard FileManager.default.fileExists(atPath: home + "/secrets.sqlite") else { return nil }
        return try SecretStore(home: home).get(name)
    }
    return manifest.secretReferences.compactMap { path, reference in
        do {
            _ = try resolver.resolve(reference, at: path)
            return nil
        } catch { return "\(error)" }
    }
}

/// `mlc discover`: the entities a manifest's source offers and their fields.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover", abstract: "List the source's entities and their fields (after manifest overrides).")
    @OptionGroup var options: ManifestOptions

    @Option(help: "table or json (default: table on a terminal, JSON otherwise).") var format: String?

    func run() async throws {
        let runtime = try makeRuntime(options)
        let found = await runtime.source.discover()
        await runtime.close()
        if (format ?? (isatty(1) == 1 ? "table" : "json")) == "table" {
            for e in found {
                print("\(e.schema.name)  (\(e.locator))")
                if let error = e.error { print("  could not ask the tenant: \(error)") }
                print("  mapped:  \(e.mapped.joined(separator: ", "))")
                if !e.missing.isEmpty { print("  missing: \(e.missing.joined(separator: ", "))  (columns stay null)") }
                if !e.extra.isEmpty {
                    print(
                        "  extra:   \(e.extra.joined(separator: ", "))  (add them to the entity's \"properties\" to load them)"
                    )
                }
            }
        } else {
            print(JSON.array(found.map(\.json)).serialized())
        }
    }
}
