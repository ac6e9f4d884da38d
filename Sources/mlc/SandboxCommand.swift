import ArgumentParser
import CloudSuiteSandbox
import Foundation
import MLCCore

/// `mlc sandbox`: serves the simulated ION API gateway until interrupted.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve the CloudSuite sandbox: a simulated ION API gateway with a seeded dataset.")

    @Option(help: "Port to listen on (0 picks a free one).") var port: UInt16 = 0
    @Option(help: "Tenant identifier (ti).") var tenant = "ACME_TST"
    @Option(help: "Access-token lifetime in seconds.") var tokenLifetime = 7200
    @Option(help: "The tenant's request limit per minute (none when omitted).") var rpm: Int?
    @Option(help: "Dataset seed.") var seed: UInt64 = 1
    @Option(help: "Rows per canonical entity, e.g. suppliers=10000,ap_invoices=100000.") var size: String?
    @Option(help: "Write the tenant's .ionapi file here once listening.") var writeIonapi: String?
    @Option(help: "Form of date-time values: mongoose (yyyyMMdd HH:mm:ss.fff, default), sql, iso or wcf (/Date(ms)/).")
    var dateForm =
        "mongoose"
    @Option(help: "Spelling of property names in answers: cataloged (default), lower or upper.") var propertyCase =
        "cataloged"
    @Option(help: "How load answers list an item: objects (default), nameValue ({Name, Value} pairs) or values.")
    var itemForm = "objects"
    @Flag(help: "Load answers without MoreRowsExist (a full page is followed by another request).")
    var noMoreRowsExist = false
    @Flag(help: "An app for the client-credentials grant: the .ionapi has no saak/sask.")
    var clientCredentials = false
    @Option(help: "Catalog properties this tenant lacks, e.g. SLVendors=TaxRegNum1+VadCity,SLItems=ProductCode.")
    var drop: String?
    @Option(help: "Properties this tenant has beyond the catalog, e.g. SLVendors=Uf_Rating.") var extra: String?

    /// One of a switch's named cases, or the error listing them.
    static func choice<T: RawRepresentable & CaseIterable>(_ flag: String, _ text: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            printError(
                "\(flag) expects one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            throw ExitStatus.invalidInput
        }
        return value
    }

    func run() async throws {
        var options = CloudSuiteSandbox.Options()
        options.port = port
        options.tenant = tenant
        options.tokenLifetime = tokenLifetime
        options.requestsPerMinute = rpm
        options.seed = seed
        for pair in (size ?? "").split(separator: ",") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let n = Int(kv[1]), n >= 0 else {
                printError(
                    "--size expects entity=N pairs separated by commas (entities: \(CloudSuiteSandbox.entities.joined(separator: ", "))), found \"\(pair)\""
                )
                throw ExitStatus.invalidInput
            }
            options.sizes[String(kv[0])] = n
        }
        options.shape.dateForm = try Self.choice("--date-form", dateForm)
        options.shape.propertyCase = try Self.choice("--property-case", propertyCase)
        options.shape.itemForm = try Self.choice("--item-form", itemForm)
        options.shape.sendsMoreRowsExist = !noMoreRowsExist
        options.clientCredentialsApp = clientCredentials
        for (flag, text) in [("--drop", drop), ("--extra", extra)] {
            guard let text else { continue }
            guard let lists = TenantShape.propertyLists(text) else {
                printError("\(flag) expects IDO=Property+Property pairs separated by commas, found \"\(text)\"")
                throw ExitStatus.invalidInput
            }
            if flag == "--drop" { options.shape.dropped = lists } else { options.shape.extra = lists }
        }
        let sandbox: CloudSuiteSandbox
        do { sandbox = try CloudSuiteSandbox(options: options) } catch {
            printError("--size: \(error)")
            throw ExitStatus.invalidInput
        }
        try sandbox.start()
        if let path = writeIonapi {
            try? FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            let temporary = path + ".tmp"
            try sandbox.ionapi.serialized().write(toFile: temporary, atomically: false, encoding: .utf8)
            chmod(temporary, 0o600)
            _ = rename(temporary, path)  // appears whole: scripts wait for it
        }
        print(
            "sandbox listening on \(sandbox.baseURL) (tenant \(tenant), Mongoose config \(options.mongooseConfig), dates \(options.shape.dateForm.rawValue), items as \(options.shape.itemForm.rawValue))"
        )
        fflush(nil)  // every stream: the line above must reach a script reading the pipe
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
