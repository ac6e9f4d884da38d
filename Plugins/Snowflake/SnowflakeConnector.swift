import Foundation
import MLCCore
import MLCCrypto
import MLCHTTP

/// `snowflake`: the Snowflake SQL API v2 with key-pair JWT or a programmatic access token.
public struct SnowflakeConnector: SinkConnector {
    public static let type = "snowflake"
    public static let summary =
        "Snowflake over the SQL API v2 (key-pair JWT or PAT): batched MERGE by key and modified-at, audit table, replay"
    public static let fields: [ConfigField] = [
        ConfigField(
            "connection", .string,
            "a connection of Snowflake's connections.toml / config.toml (SNOWFLAKE_HOME): fills account, user, auth, database, schema, warehouse and role; settings given here win"
        ),
        ConfigField(
            "account", .string, required: true,
            "account identifier: myorg-myacct, myorg.myacct or a locator like xy12345.us-east-1"),
        ConfigField("user", .string, required: true, "the loading user (MLC_LOADER)"),
        ConfigField(
            "auth", .object, required: true,
            "{\"type\": \"keypair\", \"privateKey\": {secret}, \"passphrase\"?: {secret}} or {\"type\": \"pat\", \"token\": {secret}}"
        ),
        ConfigField("database", .string, required: true, "target database (case as SHOW shows it)"),
        ConfigField("schema", .string, required: true, "target schema"),
        ConfigField("warehouse", .string, "warehouse (default: the user's)"),
        ConfigField("role", .string, "role (default: the user's)"),
        ConfigField(
            "mode", .string, "merge (upsert by key and modified-at) or append (every version kept)",
            allowed: ["merge", "append"], default: "merge"),
        ConfigField(
            "endpoint", .string,
            "base URL override (a private endpoint or a test server); default https://<account>.snowflakecomputing.com"),
        ConfigField(
            "maxAttempts", .int,
            "attempts per statement on 429/5xx/network errors before the batch is parked", range: 1...100,
            default: .number("6")),
    ]

    public static func expand(config: JSON, at path: String) -> (JSON, [ManifestIssue]) {
        SnowflakeConnections.expand(config, at: path, environment: ProcessInfo.processInfo.environment)
    }

    public static func validate(config: JSON, at path: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        if let account = config["account"]?.stringValue, (try? SnowflakeAccount(account)) == nil {
            issues.append(
                ManifestIssue(
                    "\(path).account", "\"\(account)\" is not a Snowflake account identifier",
                    hint: "use myorg-myacct (Admin → Accounts) or the locator, e.g. xy12345.us-east-1"))
        }
        if let auth = config["auth"] {
            switch auth["type"]?.stringValue {
            case "keypair":
                issues += FieldValidator.validate(
                    auth,
                    fields: [
                        ConfigField("type", .string, required: true, "keypair"),
                        ConfigField("privateKey", .secret, required: true, "the PKCS#8 PEM private key"),
                        ConfigField("passphrase", .secret, "passphrase of an encrypted key"),
                    ], at: "\(path).auth")
            case "pat":
                issues += FieldValidator.validate(
                    auth,
                    fields: [
                        ConfigField("type", .string, required: true, "pat"),
                        ConfigField("token", .secret, required: true, "the programmatic access token"),
                    ], at: "\(path).auth")
            default:
                issues.append(
                    ManifestIssue(
                        "\(path).auth.type",
                        "expected \"keypair\" or \"pat\", found \(auth["type"]?.serialized() ?? "nothing")"))
            }
        }
        return issues
    }

    public static func makeSink(config: JSON, context: ConnectorContext) throws -> any Sink {
        let account = try SnowflakeAccount(config["account"]?.stringValue ?? "")
        let authConfig = config["auth"] ?? .object([])
        func secret(_ name: String) throws -> [UInt8]? {
            guard let ref = authConfig[name].flatMap(SecretReference.init(json:)) else { return nil }
            return try context.secrets.resolve(ref, at: "$.sink.auth.\(name)")
        }
        let auth: any Auth
        if context.offline {
            // Described, never connected (`mlc plan`): the key is not read, so no token can be made.
            auth = SnowflakePATAuth(token: "")
        } else if authConfig["type"]?.stringValue == "pat" {
            auth = SnowflakePATAuth(
                token: String(decoding: try secret("token") ?? [], as: UTF8.self).trimmingCharacters(
                    in: .whitespacesAndNewlines))
        } else {
            let pem = try secret("privateKey") ?? []
            let passphrase = try secret("passphrase")
            let key: RSAPrivateKey
            do { key = try RSAPrivateKey(pem: pem, passphrase: passphrase) } catch let e as MLCError {
                throw e.with(manifestPath: "$.sink.auth.privateKey")
            }
            auth = SnowflakeKeyPairAuth(account: account, user: config["user"]?.stringValue ?? "", key: key)
        }
        let client = SnowflakeSQLClient(
            baseURL: config["endpoint"]?.stringValue ?? account.baseURL, auth: auth,
            context: SnowflakeContext(
                database: config["database"]?.stringValue, schema: config["schema"]?.stringValue,
                warehouse: config["warehouse"]?.stringValue, role: config["role"]?.stringValue),
            policy: RetryPolicy(maxAttempts: fields.int("maxAttempts", in: config)))
        return SnowflakeSink(client: client, mode: config["mode"]?.stringValue == "append" ? .append : .merge)
    }
}
