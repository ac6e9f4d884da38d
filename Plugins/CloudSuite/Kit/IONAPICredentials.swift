import MLCCore

/// A `.ionapi` file (Infor OS Portal → API Gateway → Authorized Apps → Backend Service → Download
/// Credentials). `description` never shows `cs`, `saak` or `sask`.
public struct IONAPICredentials: Sendable, CustomStringConvertible {
    public var tenant: String  // ti
    public var clientName: String?  // cn
    public var clientID: String  // ci
    public var clientSecret: String  // cs
    public var gatewayURL: String  // iu
    public var authServerURL: String  // pu
    public var tokenPath: String  // ot
    public var revokePath: String?  // or
    public var accessKey: String  // saak (OAuth username)
    public var secretKey: String  // sask (OAuth password)
    public var scopes: [String]  // sc
    /// A file without service-account keys is an app registered for the client-credentials grant (newer Infor OS
    /// releases; whether a product honours it is unconfirmed): its token is asked for with ci/cs alone.
    public var usesClientCredentials: Bool { accessKey.isEmpty && secretKey.isEmpty }

    public var tokenURL: String { authServerURL + tokenPath }
    public var revokeURL: String? { revokePath.map { authServerURL + $0 } }
    /// The tenant's API base: `iu/ti`.
    public var tenantURL: String {
        (gatewayURL.hasSuffix("/") ? String(gatewayURL.dropLast()) : gatewayURL) + "/" + tenant
    }

    public var description: String { "ionapi(tenant: \(tenant), client: \(clientName ?? "?"), token URL: \(tokenURL))" }

    public init(
        tenant: String, clientName: String? = nil, clientID: String, clientSecret: String, gatewayURL: String,
        authServerURL: String, tokenPath: String, revokePath: String?, accessKey: String, secretKey: String,
        scopes: [String] = []
    ) {
        self.tenant = tenant
        self.clientName = clientName
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.gatewayURL = gatewayURL
        self.authServerURL = authServerURL
        self.tokenPath = tokenPath
        self.revokePath = revokePath
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.scopes = scopes
    }

    /// Stands in for the tenant's file where the pipeline is only described (`mlc plan`), never run.
    static let offline = IONAPICredentials(
        tenant: "OFFLINE", clientID: "-", clientSecret: "-", gatewayURL: "https://offline.invalid/",
        authServerURL: "https://offline.invalid/", tokenPath: "token.oauth2", revokePath: nil, accessKey: "-",
        secretKey: "-")

    /// Parses the file; every missing or empty required key is named in one error.
    public static func parse(_ bytes: [UInt8], source: String = ".ionapi") throws -> IONAPICredentials {
        let json: JSON
        do { json = try JSONParser.parse(bytes) } catch let e as JSONSyntaxError {
            throw MLCError(
                .configuration, "\(source) is not valid JSON (line \(e.line), column \(e.column): \(e.message))",
                hint: "download the credentials file again from the Infor OS Portal (API Gateway → Authorized Apps)")
        }
        guard case .object = json else { throw MLCError(.configuration, "\(source) must be a JSON object") }
        func value(_ key: String) -> String? { json[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        let required = ["ti", "ci", "cs", "iu", "pu", "ot"]
        let missing = required.filter { value($0) == nil }
        if !missing.isEmpty {
            throw MLCError(
                .configuration, "\(source) is missing or has empty keys: \(missing.joined(separator: ", "))",
                hint:
                    "a complete file has ti, ci, cs, iu, pu, ot (and saak, sask for a backend service); download it again"
            )
        }
        let serviceAccount = ["saak", "sask"].filter { value($0) == nil }
        // Neither key: a client-credentials app. One without the other: a damaged file.
        if serviceAccount.count == 1 {
            throw MLCError(
                .configuration, "\(source) has no service account keys (\(serviceAccount.joined(separator: ", ")))",
                hint:
                    "backend access needs a service account: in the Infor OS Portal open API Gateway → Authorized Apps → your Backend Service app → Download Credentials with \"Create Service Account\" switched on"
            )
        }
        for key in ["iu", "pu"] {
            let url = value(key)!.lowercased()
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count > 8, !url.contains(" ") else {
                // The value is a URL of the tenant, not a secret, but a wrong file is better named than shown whole.
                throw MLCError(
                    .configuration,
                    "\(source): \(key) must be an http(s) URL, found \(value(key)!.prefix(40).debugDescription)",
                    hint: key == "iu"
                        ? "iu is the ION API gateway, e.g. https://mingle-ionapi.inforcloudsuite.com"
                        : "pu is the token server, e.g. https://mingle-sso.inforcloudsuite.com:443/TENANT/as/")
            }
        }
        var scopes: [String] = []
        if case .array(let items)? = json["sc"] { scopes = items.compactMap(\.stringValue) }
        return IONAPICredentials(
            tenant: value("ti")!, clientName: value("cn"), clientID: value("ci")!, clientSecret: value("cs")!,
            gatewayURL: value("iu")!, authServerURL: value("pu")!, tokenPath: value("ot")!, revokePath: value("or"),
            accessKey: value("saak") ?? "", secretKey: value("sask") ?? "", scopes: scopes)
    }

    /// The file's JSON form (used by the sandbox to write a file for its own tenant).
    public var json: JSON {
        var m: [JSONMember] = [
            JSONMember("ti", .string(tenant)), JSONMember("cn", .string(clientName ?? "mlc")),
            JSONMember("ci", .string(clientID)), JSONMember("cs", .string(clientSecret)),
            JSONMember("iu", .string(gatewayURL)), JSONMember("pu", .string(authServerURL)),
            JSONMember("oa", .string("authorization.oauth2")), JSONMember("ot", .string(tokenPath)),
        ]
        if let revokePath { m.append(JSONMember("or", .string(revokePath))) }
        if !usesClientCredentials {
            m += [JSONMember("saak", .string(accessKey)), JSONMember("sask", .string(secretKey))]
        }
        m.append(JSONMember("v", .string("1.1")))
        if !scopes.isEmpty { m.append(JSONMember("sc", .array(scopes.map(JSON.string)))) }
        return .object(m)
    }
}
