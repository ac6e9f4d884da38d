/// What every connector gets when it is built: where the manifest lives, how to resolve secrets, how to log.
public struct ConnectorContext {
    public var manifestDirectory: String
    public var secrets: SecretResolver
    public var log: EventLog

    public init(manifestDirectory: String, secrets: SecretResolver, log: EventLog) {
        self.manifestDirectory = manifestDirectory
        self.secrets = secrets
        self.log = log
    }

    /// Built to describe the pipeline (`plan`, `validate`), never to connect: every secret resolves to
    /// placeholder bytes, so a connector must not parse one (a key, a credentials file) and opens nothing.
    public var offline: Bool { secrets.placeholders }

    /// A context for describing a pipeline without its credentials: see `offline`.
    public static func offline(manifestDirectory: String, log: EventLog = .quiet) -> ConnectorContext {
        ConnectorContext(
            manifestDirectory: manifestDirectory, secrets: .placeholders(manifestDirectory: manifestDirectory), log: log
        )
    }

    /// Resolves a path from the manifest relative to the manifest's own directory.
    public func path(_ p: String) -> String {
        p.hasPrefix("/") ? p : manifestDirectory + "/" + p
    }
}
