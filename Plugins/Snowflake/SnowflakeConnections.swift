import Foundation
import MLCCore
import TOMLKit

/// `"connection": "NAME"` in a Snowflake sink: the connection as Snowflake's own tools configure it, with their
/// precedence — the manifest's settings over `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` variables over the
/// connection's table in `connections.toml` (or, when that file defines none, `[connections.NAME]` in
/// `config.toml`), both in `SNOWFLAKE_HOME` (default `~/.snowflake`). A key file becomes the key pair's
/// `privateKey`, `PRIVATE_KEY_PASSPHRASE` (or `private_key_file_pwd`) its passphrase, a token (or
/// `token_file_path`) a programmatic access token.
enum SnowflakeConnections {
    static let plainKeys = ["account", "user", "database", "schema", "warehouse", "role"]
    static let knownKeys =
        plainKeys + [
            "authenticator", "private_key_file", "private_key_path", "private_key_file_pwd", "token", "token_file_path",
            "host", "port", "protocol", "password",
        ]

    static func expand(_ config: JSON, at path: String, environment: [String: String]) -> (JSON, [ManifestIssue]) {
        guard let name = config["connection"]?.stringValue else { return (config, []) }
        let home = environment["SNOWFLAKE_HOME"] ?? (NSHomeDirectory() + "/.snowflake")
        var settings: [String: String]
        do { settings = try fileSettings(name, home: home) } catch let issue as ManifestIssue {
            return (config, [ManifestIssue("\(path).connection", issue.message, hint: issue.hint)])
        } catch {
            return (config, [ManifestIssue("\(path).connection", "\(error)")])
        }
        let prefix = "SNOWFLAKE_CONNECTIONS_\(name.uppercased())_"
        for (variable, value) in environment where variable.hasPrefix(prefix) {
            settings[String(variable.dropFirst(prefix.count)).lowercased()] = value
        }
        var members = config.objectValue?.filter { $0.key != "connection" } ?? []
        func has(_ key: String) -> Bool { members.contains { $0.key == key } }
        for key in plainKeys where !has(key) {
            if let value = settings[key] { members.append(JSONMember(key, .string(value))) }
        }
        if !has("endpoint"), let host = settings["host"] {
            let port = settings["port"].map { ":\($0)" } ?? ""
            members.append(JSONMember("endpoint", .string("\(settings["protocol"] ?? "https")://\(host)\(port)")))
        }
        if !has("auth") {
            switch auth(settings, name: name, environment: environment) {
            case .success(let auth): members.append(JSONMember("auth", auth))
            case .failure(let issue):
                return (config, [ManifestIssue("\(path).connection", issue.message, hint: issue.hint)])
            }
        }
        return (.object(members), [])
    }

    /// The connection's keys from the files: connections.toml first, config.toml's [connections] otherwise.
    static func fileSettings(_ name: String, home: String) throws -> [String: String] {
        let connections = home + "/connections.toml"
        let config = home + "/config.toml"
        var tables: [String: [String: String]] = [:]
        var searched: [String] = []
        if let text = try? String(contentsOfFile: connections, encoding: .utf8) {
            searched.append(connections)
            tables = try parse(text, file: connections)
        }
        if tables.isEmpty, let text = try? String(contentsOfFile: config, encoding: .utf8) {
            searched.append(config)
            let table = try parse(text, file: config, section: "connections")
            tables = table
        }
        guard let found = tables[name] else {
            throw ManifestIssue(
                "",
                "no Snowflake connection \"\(name)\" in \(searched.isEmpty ? "\(home) (no connections.toml or config.toml there)" : searched.joined(separator: " or "))",
                hint: tables.isEmpty
                    ? "create \(connections) with a [\(name)] table (account, user, private_key_file …), or set SNOWFLAKE_HOME"
                    : "connections there: \(tables.keys.sorted().joined(separator: ", "))")
        }
        return found
    }

    /// Each connection's string (and number) values; `section` is config.toml's `connections`.
    static func parse(_ text: String, file: String, section: String? = nil) throws -> [String: [String: String]] {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch {
            throw ManifestIssue("", "\(file) is not valid TOML: \(error)", hint: "check the file with any TOML linter")
        }
        let tables = section.map { root[$0]?.table } ?? root
        var out: [String: [String: String]] = [:]
        for (name, value) in tables ?? TOMLTable() {
            guard let table = value.table else { continue }
            var settings: [String: String] = [:]
            for (key, value) in table {
                if let text = value.string {
                    settings[key] = text
                } else if let number = value.int {
                    settings[key] = String(number)
                }
            }
            out[name] = settings
        }
        return out
    }

    /// The sink's `auth` from the connection: a key pair or a programmatic access token, every secret by
    /// reference (a file, or a variable of this process for a value written in the file).
    static func auth(
        _ settings: [String: String], name: String, environment: [String: String]
    ) -> Result<JSON, ManifestIssue> {
        func literal(_ value: String, _ what: String) -> JSON {
            // The value stays in this process: it is referred to, never written to the manifest or a log.
            let variable = "MLC_CONNECTION_\(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })_\(what)"
            setenv(String(variable), value, 1)
            return .object([JSONMember("env", .string(String(variable)))])
        }
        let authenticator = settings["authenticator"]?.uppercased()
        if authenticator == "PROGRAMMATIC_ACCESS_TOKEN"
            || (authenticator == nil && settings["private_key_file"] == nil
                && settings["private_key_path"] == nil
                && (settings["token"] != nil || settings["token_file_path"] != nil))
        {
            let token =
                settings["token_file_path"].map { JSON.object([JSONMember("file", .string($0))]) }
                ?? settings["token"].map { literal($0, "TOKEN") }
            guard let token else {
                return .failure(
                    ManifestIssue("", "connection \(name) has no token", hint: "add token_file_path (or token)"))
            }
            return .success(.object([JSONMember("type", "pat"), JSONMember("token", token)]))
        }
        guard let file = settings["private_key_file"] ?? settings["private_key_path"] else {
            return .failure(
                ManifestIssue(
                    "",
                    "connection \(name) has no private_key_file (mlc signs in with a key pair or a programmatic access token)",
                    hint:
                        "add private_key_file = \"/path/rsa_key.p8\", or authenticator = \"PROGRAMMATIC_ACCESS_TOKEN\" with token_file_path"
                ))
        }
        var members = [
            JSONMember("type", "keypair"), JSONMember("privateKey", .object([JSONMember("file", .string(file))])),
        ]
        if environment["PRIVATE_KEY_PASSPHRASE"] != nil {
            members.append(JSONMember("passphrase", .object([JSONMember("env", "PRIVATE_KEY_PASSPHRASE")])))
        } else if let pwd = settings["private_key_file_pwd"] {
            members.append(JSONMember("passphrase", literal(pwd, "PASSPHRASE")))
        }
        return .success(.object(members))
    }
}

extension ManifestIssue: Error {}
