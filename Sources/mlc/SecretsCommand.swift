import ArgumentParser
import CloudSuite
import Foundation
import MLCCore
import MLCState

/// `mlc secrets add|list|remove`: the encrypted credential store manifests reference with {"secret": NAME}.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Store credentials encrypted (AES-256-GCM) for {\"secret\": NAME} references.",
        subcommands: [Add.self, List.self, Remove.self])

    struct StoreOptions: ParsableArguments {
        @Option(
            help:
                "The store's directory (default $MLC_HOME or ~/.mlc). The master key is MLC_MASTER_KEY or <dir>/master.key."
        )
        var home: String?

        func open() throws -> SecretStore {
            do { return try SecretStore(home: home ?? SecretStore.defaultHome) } catch {
                printError("\(error)")
                throw ExitStatus.invalidInput
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace a secret.")
        @Argument(help: "The secret's name.") var name: String
        @Option(help: "A .ionapi credentials file (checked before it is stored).") var ionapi: String?
        @Option(help: "Read the value from this environment variable.") var fromEnv: String?
        @Option(help: "Read the value from this file.") var fromFile: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let sources = [ionapi, fromEnv, fromFile].compactMap { $0 }
            guard sources.count == 1 else {
                printError("give exactly one of --ionapi FILE, --from-env VAR, --from-file FILE")
                throw ExitStatus.invalidInput
            }
            let kind: String
            let value: [UInt8]
            if let ionapi {
                guard let data = FileManager.default.contents(atPath: ionapi) else {
                    printError("cannot read \(ionapi)")
                    throw ExitStatus.invalidInput
                }
                do { _ = try IONAPICredentials.parse(Array(data), source: ionapi) } catch {
                    printError("\(error)")
                    throw ExitStatus.invalidInput
                }
                (kind, value) = ("ionapi", Array(data))
            } else if let fromEnv {
                guard let v = ProcessInfo.processInfo.environment[fromEnv], !v.isEmpty else {
                    printError("environment variable \(fromEnv) is not set or empty")
                    throw ExitStatus.invalidInput
                }
                (kind, value) = ("text", Array(v.utf8))
            } else {
                guard let data = FileManager.default.contents(atPath: fromFile!) else {
                    printError("cannot read \(fromFile!)")
                    throw ExitStatus.invalidInput
                }
                (kind, value) = ("file", Array(data))
            }
            try store.open().put(name: name, kind: kind, value: value)
            print("stored \(name) (\(kind))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored secrets (names and kinds only).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for e in try SecretStore.list(home: store.home ?? SecretStore.defaultHome) {
                print("\(e.name)\t\(e.kind)\t\(e.createdAt)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a stored secret.")
        @Argument(help: "The secret's name.") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard try store.open().remove(name) else {
                printError("no stored secret named \(name)")
                throw ExitStatus.invalidInput
            }
            print("removed \(name)")
        }
    }
}
