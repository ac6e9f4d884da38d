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

    /// Resolves a path from the manifest relative to the manifest's own directory.
    public func path(_ p: String) -> String {
        p.hasPrefix("/") ? p : manifestDirectory + "/" + p
    }
}
