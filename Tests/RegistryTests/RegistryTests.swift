import Foundation
import XCTest

@testable import MLCRegistryGenerator

final class RegistryScannerTests: XCTestCase {
    func testFindsPublicConnectorConformancesOnly() {
        let source = """
            public struct Alpha: SourceConnector {
            public final class Beta: Base, SinkConnector, Sendable {
            public enum Gamma : TransformConnector {}
            struct Hidden: SourceConnector {}
            public struct NotAConnector: Source {
            public protocol SourceConnector: Connector {
            // public struct Commented: SourceConnector {
            """
        let found = RegistryScanner.declarations(in: source, module: "M").map(\.name)
        XCTAssertEqual(found, ["Alpha", "Beta", "Gamma"])
        let rendered = RegistryScanner.render(RegistryScanner.declarations(in: source, module: "M"))
        XCTAssertTrue(rendered.contains("import M\n"))
        XCTAssertTrue(rendered.contains("    Alpha.self, // M"))
    }
}

final class RegistryScannerProblemTests: XCTestCase {
    func testADeclarationTheScannerCannotRegisterIsNamed() {
        let source = """
            public struct Alpha: SourceConnector {
            struct Hidden: SinkConnector {}
            extension Beta: TransformConnector {}
            public struct Split:
                SourceConnector
            {
            public protocol SourceConnector: Connector {
            public var sources: [any SourceConnector.Type]
            // struct Commented: SourceConnector {
            """
        let problems = RegistryScanner.problems(in: source)
        XCTAssertEqual(problems.map(\.line), [2, 3, 4])
        XCTAssertTrue(
            problems[0].reason.contains("Hidden conforms to a connector protocol but is not public"), problems[0].reason
        )
        XCTAssertTrue(problems[1].reason.contains("in an extension"), problems[1].reason)
        XCTAssertTrue(problems[2].reason.contains("Split is not on one line"), problems[2].reason)
    }
}

/// Builds a throwaway package that uses this repository's ConnectorRegistry plugin: a connector target
/// added as a dependency shows up in the generated registry, with no list kept by hand anywhere.
final class RegistryPluginTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func testANewConnectorTargetIsPickedUpByTheBuild() throws {
        let dir = NSTemporaryDirectory() + "mlc-registry-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(dir + "/Sources/Acme/Acme.swift", connector("AcmeConnector", "acme"))
        try write(
            dir + "/Sources/app/main.swift",
            "import MLCCore\nprint(generatedConnectors.map { $0.type }.sorted().joined(separator: \",\"))\n")
        try write(dir + "/Package.swift", manifest(["Acme"]))
        XCTAssertEqual(try buildAndRun(dir), "acme")

        // Adding a connector = a new target + a dependency of the executable. Nothing else.
        try write(dir + "/Sources/Beta/Beta.swift", connector("BetaConnector", "beta"))
        try write(dir + "/Package.swift", manifest(["Acme", "Beta"]))
        XCTAssertEqual(try buildAndRun(dir), "acme,beta")
    }

    func connector(_ name: String, _ type: String) -> String {
        """
        import MLCCore
        public struct \(name): SinkConnector {
            public static let type = "\(type)"
            public static let summary = "test connector"
            public static let fields: [ConfigField] = []
            public static func makeSink(config: JSON, context: ConnectorContext) throws -> any Sink { fatalError("not used") }
        }
        """
    }

    func manifest(_ connectors: [String]) -> String {
        // A path dependency's identity is its directory name, whatever the clone is called.
        let identity = URL(fileURLWithPath: repository).lastPathComponent.lowercased()
        let targets = connectors.map {
            #".target(name: "\#($0)", dependencies: [.product(name: "MLCCore", package: "\#(identity)")]),"#
        }.joined(separator: "\n        ")
        let deps = connectors.map { #""\#($0)""# }.joined(separator: ", ")
        return """
            // swift-tools-version:6.1
            import PackageDescription
            let package = Package(
                name: "registry-probe",
                dependencies: [.package(path: "\(repository)")],
                targets: [
                    \(targets)
                    .executableTarget(name: "app", dependencies: [\(deps), .product(name: "MLCCore", package: "\(identity)")],
                                      plugins: [.plugin(name: "ConnectorRegistry", package: "\(identity)")]),
                ],
                swiftLanguageModes: [.v5]
            )
            """
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func buildAndRun(_ dir: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["swift", "run", "--package-path", dir, "--scratch-path", dir + "/.build", "app"]
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, String(decoding: stderr, as: UTF8.self).suffix(3000).description)
        return String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).components(
            separatedBy: "\n"
        ).last ?? ""
    }
}
