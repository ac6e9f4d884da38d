import ArgumentParser
import Foundation
import MLCCore

/// `mlc resync`: the repair for a table that cannot take the pipeline's rows any more (a `cast` that gave a
/// column the wrong type, a key changed): drop the entity's table and column catalog, forget its cursor, and
/// load it again from the source. Parked records stay in the journal and are sent first, as in any run.
struct ResyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resync",
        abstract: "Drop and recreate an entity's table and column catalog, reset its cursor, and reload it.")
    @OptionGroup var options: ManifestOptions
    @Option(name: .customLong("entity"), help: "The entity to resync (repeatable); default: every entity.")
    var entities: [String] = []
    @Flag(help: "Say what would be dropped and reloaded, and change nothing.") var dryRun = false
    @Flag(help: "Do it without asking.") var yes = false

    func run() async throws {
        let manifest = try loadManifest(options.manifest)
        let names = entities.isEmpty ? manifest.entities.map(\.name) : entities
        try requireEntities(names, of: manifest)
        let plan = names.map {
            "\($0): drop its table and column catalog in \(manifest.sink.type), forget its cursor, reload it"
        }
        if dryRun {
            print(
                (["resync of \(manifest.name) would, for each entity:"] + plan.map { "  " + $0 }).joined(
                    separator: "\n"))
            return
        }
        if !yes {
            guard confirm("drop and reload \(names.joined(separator: ", ")) of \(manifest.name)?") else {
                printError(
                    "not resynced: the tables would be dropped\n  hint: add --yes (or look first with --dry-run)")
                throw ExitStatus.invalidInput
            }
        }
        let runtime = try makeRuntime(options, only: names)
        // Under the pipeline's lease, so no run commits a cursor into a table being dropped; the cursor is
        // forgotten first, so a resync cut short leaves a full read to do, never an incremental one into an
        // empty table.
        let lease = "resync-" + Pipeline.newRunID()
        do {
            try runtime.state.beginRun(runID: lease, pipeline: manifest.name)
            for name in names {
                try runtime.state.reset(entity: name)
                try await runtime.sink.drop(entity: name)
                runtime.log.info("resync.dropped", [("entity", name)])
            }
            try runtime.state.endRun(
                runID: lease, status: "resynced",
                summary: .object([JSONMember("dropped", .array(names.map(JSON.string)))]))
        } catch let error as MLCError where error.code == .busy {
            printError("\(error)")
            await runtime.close()
            throw ExitStatus.invalidInput
        } catch {
            try? runtime.state.endRun(runID: lease, status: "failed", summary: .object([]))
            printError("\(error)")
            await runtime.close()
            throw ExitCode(1)
        }
        let code = await execute(runtime, options: options, replayOnly: false)
        if code != 0 { throw ExitCode(code) }
    }
}
