import CloudSuite
import CloudSuiteSandbox
import MLCCore

@testable import CloudSuiteSyteLine

/// A product line as the conformance suite drives it: its connector type, the source settings its sandbox
/// tenant needs, its catalog, and a setting that makes the product refuse every call with its own error
/// envelope. Adding a line to `all` runs the whole suite against it.
struct ProductLineUnderTest {
    var type: String
    var catalog: IONCatalog
    var settings: (CloudSuiteSandbox) -> [String: JSON]
    /// The company the line writes for the sandbox's tenant (SyteLine: its Mongoose configuration).
    var company: (CloudSuiteSandbox) -> String
    /// Source settings the product answers with its error envelope, and words the error must carry.
    var refusing: [String: JSON]
    var refusalWords: [String]
    /// The tenant variants the line's sandbox serves as switches (date forms, name casing …): the suite's full
    /// sync runs against each.
    var variants: [(name: String, configure: (inout CloudSuiteSandbox.Options) -> Void)]

    static let syteLine = ProductLineUnderTest(
        type: "cloudsuite.syteline", catalog: SyteLineCatalog.catalog,
        settings: { ["mongooseConfig": .string($0.options.mongooseConfig)] },
        company: { $0.options.mongooseConfig },
        refusing: ["mongooseConfig": "NOT_A_CONFIG"],
        refusalWords: ["refused the load", "X-Infor-MongooseConfig", "hint: set source.mongooseConfig"],
        variants: TenantShape.DateForm.allCases.map { form in ("dates \(form)", { $0.shape.dateForm = form }) }
            + TenantShape.PropertyCase.allCases.map { spelling in
                ("property names \(spelling)", { $0.shape.propertyCase = spelling })
            })

    static let all: [ProductLineUnderTest] = [.syteLine]

    /// The catalog's entities, as a manifest lists them.
    var entityList: String { "[" + catalog.entities.map { "\"\($0.name)\"" }.joined(separator: ", ") + "]" }
}
