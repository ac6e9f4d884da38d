import ArgumentParser
import Foundation
import MLCCore

@main
struct MLC: AsyncParsableCommand {
    static let version = mlcVersion
    static let configuration = CommandConfiguration(
        commandName: "mlc",
        abstract: "Keeps a Snowflake (or local) warehouse fresh with Infor CloudSuite data.",
        discussion: "Exit codes: 0 ok, 1 failed, 2 invalid input, 3 partial (records parked for replay).",
        version: version,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ConnectorsCommand.self, SpecCommand.self,
            StateCommand.self, ReplayCommand.self, BenchCommand.self, SandboxCommand.self,
            SecretsCommand.self, CheckCommand.self, DiscoverCommand.self, PlanCommand.self, ScheduleCommand.self,
            NextCommand.self, RunsCommand.self, ResyncCommand.self,
        ])

    /// ArgumentParser exits 64 (EX_USAGE) on a usage error; mlc's contract is 2 for every invalid input.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(ExitStatus.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// The connectors compiled into this binary, from the generated registry.
let registry = Registry(connectors: generatedConnectors)

/// Exit codes of the CLI contract.
enum ExitStatus {
    static let invalidInput = ExitCode(2)
}

struct ManifestOptions: ParsableArguments {
    @Argument(help: "The pipeline manifest (JSON).")
    var manifest: String

    @Option(help: "Event output: text (progress on a terminal) or json (one line per event).")
    var logFormat: EventLog.Format = .text

    @OptionGroup var verbosity: Verbosity
}

/// How much the event log says: `--log-level`, or `-v` (debug) and `-q` (warnings and errors only).
struct Verbosity: ParsableArguments {
    @Option(help: "debug, info (default), warning or error.") var logLevel: EventLog.Level?
    @Flag(name: .shortAndLong, help: "Debug events too (--log-level debug).") var verbose = false
    @Flag(name: .shortAndLong, help: "Warnings and errors only (--log-level warning).") var quiet = false

    var level: EventLog.Level? { logLevel ?? (verbose ? .debug : quiet ? .warning : nil) }
}

extension EventLog.Format: ExpressibleByArgument {}
extension EventLog.Level: ExpressibleByArgument {}

/// Prints to standard error, where logs and errors go (stdout is for results).
func printError(_ text: String) {
    FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
}

/// Loads and validates a manifest or exits 2 with every problem listed.
func loadManifest(_ path: String) throws -> Manifest {
    do {
        return try ManifestLoader(registry: registry).load(file: path)
    } catch let error as ManifestError {
        printError(error.description)
        throw ExitStatus.invalidInput
    }
}
