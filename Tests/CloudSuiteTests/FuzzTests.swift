import CloudSuite
import CloudSuiteSyteLine
import Foundation
import LocalWarehouse
import MLCCore
import MLCState
import MLCTransforms
import Snowflake
import XCTest

/// Our own fault suite: seeded, bounded mutations of valid manifests and `.ionapi` files. Whatever comes in,
/// mlc never crashes or hangs, every refusal names its JSON path, and a manifest `validate` accepts builds
/// its source, sink and transforms without an invalid-input error that `validate` should have caught.
final class FuzzTests: XCTestCase {
    /// SplitMix64: the same seed gives the same cases on every machine.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Values chosen to hit ranges, types and arithmetic: huge, negative, fractional, empty, wrong kinds.
    static let hostile: [JSON] = [
        .number("1e300"), .number("-1"), .number("0"), .number("1000000000000"), .number("2.5"),
        .number("-9223372036854775809"),
        .string(""), .string("P400D"), .string("PT-5M"), .string("ftp://x"), .string("\u{0}"),
        .string(String(repeating: "x", count: 5000)),
        .null, .bool(true), .array([]), .array([.number("1")]), .object([]),
        .object([JSONMember("env", .string("MLC_FUZZ_UNSET"))]),
    ]

    static func mutate(_ json: JSON, _ rng: inout Seeded, depth: Int = 0) -> JSON {
        switch json {
        case .object(var members) where !members.isEmpty && (depth == 0 || rng.below(3) > 0):
            let i = rng.below(members.count)
            switch rng.below(5) {
            case 0: members.remove(at: i)
            case 1: members[i].value = hostile[rng.below(hostile.count)]
            case 2: members.append(JSONMember(members[i].key + "x", members[i].value))
            default: members[i].value = mutate(members[i].value, &rng, depth: depth + 1)
            }
            return .object(members)
        case .array(var items) where !items.isEmpty:
            let i = rng.below(items.count)
            if rng.below(3) == 0 { items.remove(at: i) } else { items[i] = mutate(items[i], &rng, depth: depth + 1) }
            return .array(items)
        default:
            return hostile[rng.below(hostile.count)]
        }
    }

    let registry = Registry(connectors: [
        SyteLineConnector.self, LocalWarehouseConnector.self, SnowflakeConnector.self, MaskTransform.self,
        HashTransform.self, DropTransform.self, RenameTransform.self, CastTransform.self, ConstantTransform.self,
    ])

    func testMutatedManifestsAreRefusedWithPathsOrBuildCleanly() throws {
        let h = try SandboxHarness()
        try "not a key".write(toFile: h.dir + "/k.p8", atomically: true, encoding: .utf8)
        let seeds: [JSON] = [
            try JSONParser.parse(
                String(
                    contentsOfFile: try h.manifest(#"["suppliers", {"name": "ap_invoices", "pageSize": 100}]"#),
                    encoding: .utf8)),
            try JSONParser.parse(
                #"""
                {"version": 1, "name": "sf", "source": {"type": "cloudsuite.syteline", "credentials": {"file": "tenant.ionapi"},
                 "mongooseConfig": "X", "lookback": "PT15M", "settle": 60, "rateLimit": {"requestsPerMinute": 300}, "entities": ["suppliers"]},
                 "sink": {"type": "snowflake", "account": "acme", "user": "u", "database": "D", "schema": "S", "maxAttempts": 3,
                          "auth": {"type": "keypair", "privateKey": {"file": "k.p8"}}},
                 "transforms": [{"type": "mask", "entity": "suppliers", "fields": ["tax_id"], "keepLast": 2},
                                {"type": "cast", "field": "status", "to": "string"}],
                 "pipeline": {"batchRecords": 500, "concurrency": 2}}
                """#),
        ]
        var rng = Seeded(state: 20261202)
        var refused = 0
        var accepted = 0
        var built = 0
        let context = ConnectorContext(
            manifestDirectory: h.dir, secrets: SecretResolver(manifestDirectory: h.dir), log: EventLog(format: .quiet))
        for n in 0..<3000 {
            var json = seeds[n % seeds.count]
            for _ in 0...rng.below(3) { json = Self.mutate(json, &rng) }
            let text = json.serialized()
            let manifest: Manifest
            do {
                manifest = try ManifestLoader(registry: registry).parse(
                    Array(text.utf8), file: "fuzz.json", directory: h.dir)
            } catch let e as ManifestError {
                refused += 1
                XCTAssertFalse(e.issues.isEmpty, text)
                for issue in e.issues {
                    XCTAssertTrue(issue.path.hasPrefix("$"), "an issue without a path: \(issue) in \(text)")
                }
                continue
            }
            accepted += 1
            // What validate accepted builds, or fails only on what it cannot know (files, keys), with a path.
            do {
                _ = try registry.source(manifest.source.type)!.makeSource(
                    config: manifest.source.config, entities: manifest.entities, context: context)
                _ = try registry.sink(manifest.sink.type)!.makeSink(config: manifest.sink.config, context: context)
                for t in manifest.transforms {
                    _ = try registry.transform(t.type)!.makeTransform(config: t.config, context: context)
                }
                built += 1
            } catch let e as MLCError {
                XCTAssertNotEqual(e.code, .invalidManifest, "validate accepted what building refused: \(e) in \(text)")
                XCTAssertTrue(
                    e.context.manifestPath != nil || e.description.contains("$."),
                    "an error without a path: \(e) in \(text)")
            }
        }
        XCTAssertGreaterThan(refused, 1000)
        XCTAssertGreaterThan(accepted, 100)
        print("manifest fuzz: 3000 cases, \(refused) refused with paths, \(accepted) accepted, \(built) built")
    }

    func testMutatedIonapiFilesParseOrAreRefusedClearly() throws {
        let valid = try JSONParser.parse(
            #"""
            {"ti": "ACME_TST", "cn": "mlc", "ci": "ACME_TST~c", "cs": "client-secret-value", "iu": "https://mingle-ionapi.example.com",
             "pu": "https://mingle-sso.example.com:443/ACME_TST/as/", "oa": "authorization.oauth2", "ot": "token.oauth2",
             "or": "revoke_token.oauth2", "saak": "ACME_TST#key", "sask": "secret-key-value", "sc": ["Infor-ION"]}
            """#)
        var rng = Seeded(state: 1202)
        var refused = 0
        for n in 0..<800 {
            var bytes: [UInt8]
            if n % 4 == 3 {
                // Byte-level damage: cut short, flipped, or not UTF-8.
                bytes = Array(valid.serialized().utf8)
                switch rng.below(3) {
                case 0: bytes = Array(bytes.prefix(rng.below(bytes.count)))
                case 1: bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8))
                default: bytes.insert(0xFF, at: rng.below(bytes.count))
                }
            } else {
                var json = valid
                for _ in 0...rng.below(3) { json = Self.mutate(json, &rng) }
                bytes = Array(json.serialized().utf8)
            }
            do {
                let c = try IONAPICredentials.parse(bytes, source: "the .ionapi")
                XCTAssertTrue(
                    c.gatewayURL.lowercased().hasPrefix("http") && c.authServerURL.lowercased().hasPrefix("http"))
                // Both service-account keys, or neither (an app for the client-credentials grant).
                XCTAssertFalse(c.clientSecret.isEmpty || c.secretKey.isEmpty != c.accessKey.isEmpty)
            } catch let e as MLCError {
                refused += 1
                XCTAssertEqual(e.code, .configuration)
                XCTAssertTrue(e.message.contains("the .ionapi"), e.message)
                for secret in ["client-secret-value", "secret-key-value"] {
                    XCTAssertFalse(e.description.contains(secret), "\(e)")
                }
            }
        }
        XCTAssertGreaterThan(refused, 300)
        print("ionapi fuzz: 800 cases, \(refused) refused clearly")
    }
}
