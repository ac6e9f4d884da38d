import Foundation
import MLCCore
import XCTest

@testable import MLCCrypto

final class CryptoTests: XCTestCase {
    func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    // FIPS 180-2 / NIST examples.
    func testSHA256Vectors() {
        XCTAssertEqual(
            Digest.hex(Digest.sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            Digest.hex(Digest.sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            Digest.hex(Digest.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    // RFC 4231 test cases 1 and 2.
    func testHMACSHA256Vectors() {
        XCTAssertEqual(
            Digest.hex(Digest.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(
            Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    // RFC 4648 §10 vectors, both alphabets.
    func testBase64() throws {
        let vectors = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
            "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(try Base64.decode(encoded), Array(plain.utf8))
        }
        XCTAssertEqual(Base64.url([0xfb, 0xff, 0xfe]), "-__-")
        XCTAssertEqual(try Base64.decode("-__-"), [0xfb, 0xff, 0xfe])
        XCTAssertThrowsError(try Base64.decode("ab$c"))
    }

    // NIST GCM test case 16 (McGrew & Viega): AES-256, 96-bit IV, with AAD.
    func testAESGCMVectorAndTamperDetection() throws {
        let key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        let iv = hex("cafebabefacedbaddecaf888")
        let plaintext = hex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
        )
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let sealed = try AESGCM.seal(plaintext, key: key, aad: aad, nonce: iv)
        XCTAssertEqual(
            Digest.hex(Array(sealed[12..<(sealed.count - 16)])),
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
        )
        XCTAssertEqual(Digest.hex(Array(sealed.suffix(16))), "76fc6ece0f4e1768cddf8853bb2d551b")
        XCTAssertEqual(try AESGCM.open(sealed, key: key, aad: aad), plaintext)

        var tampered = sealed
        tampered[20] ^= 1
        XCTAssertThrowsError(try AESGCM.open(tampered, key: key, aad: aad)) {
            XCTAssertTrue("\($0)".contains("authentication failed"))
        }
        var otherKey = key
        otherKey[0] ^= 1
        XCTAssertThrowsError(try AESGCM.open(sealed, key: otherKey, aad: aad))
        XCTAssertThrowsError(try AESGCM.open(sealed, key: key, aad: []))
        // Random nonces: sealing twice gives different boxes that both open.
        let a = try AESGCM.seal(Array("secret".utf8), key: key)
        let b = try AESGCM.seal(Array("secret".utf8), key: key)
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(try AESGCM.open(b, key: key), Array("secret".utf8))
    }

    // Cross-checks with the openssl command: same signature bytes (PKCS#1 v1.5 is deterministic),
    // same public-key fingerprint, and an encrypted PKCS#8 key opened with its passphrase.
    func testRSAAgainstTheOpenSSLCommand() throws {
        let dir = NSTemporaryDirectory() + "mlc-rsa-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "\(dir)/key.p8"])
        try openssl([
            "pkcs8", "-topk8", "-in", "\(dir)/key.p8", "-out", "\(dir)/enc.p8", "-v2", "aes-256-cbc", "-passout",
            "pass:correct horse",
        ])
        let message = "header.claims"
        try message.write(toFile: "\(dir)/msg", atomically: true, encoding: .utf8)
        try openssl(["dgst", "-sha256", "-sign", "\(dir)/key.p8", "-out", "\(dir)/sig", "\(dir)/msg"])
        try openssl(["pkey", "-in", "\(dir)/key.p8", "-pubout", "-outform", "DER", "-out", "\(dir)/pub.der"])

        let key = try RSAPrivateKey(pem: Array(FileManager.default.contents(atPath: "\(dir)/key.p8")!))
        let signature = try key.signRS256(Array(message.utf8))
        XCTAssertEqual(signature, Array(FileManager.default.contents(atPath: "\(dir)/sig")!))
        let der = Array(FileManager.default.contents(atPath: "\(dir)/pub.der")!)
        XCTAssertEqual(key.publicKeyDER, der)
        XCTAssertEqual(key.publicKeyFingerprint, "SHA256:" + Base64.encode(Digest.sha256(der)))
        XCTAssertTrue(try key.publicKey.verifyRS256(signature, for: Array(message.utf8)))
        XCTAssertFalse(try key.publicKey.verifyRS256(signature, for: Array("header.claimz".utf8)))

        let encrypted = Array(FileManager.default.contents(atPath: "\(dir)/enc.p8")!)
        let opened = try RSAPrivateKey(pem: encrypted, passphrase: Array("correct horse".utf8))
        XCTAssertEqual(opened.publicKeyFingerprint, key.publicKeyFingerprint)
        XCTAssertThrowsError(try RSAPrivateKey(pem: encrypted, passphrase: Array("wrong".utf8))) {
            XCTAssertTrue("\($0)".contains("wrong passphrase"))
        }
        XCTAssertThrowsError(try RSAPrivateKey(pem: encrypted)) { XCTAssertTrue("\($0)".contains("no passphrase")) }
        XCTAssertThrowsError(
            try RSAPrivateKey(pem: Array("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n".utf8))
        ) {
            XCTAssertTrue("\($0)".contains("malformed"))
        }

        let token = try JWT.signRS256(claims: ["iss": "ACME.MLC.SHA256:x", "exp": 1], key: key)
        XCTAssertEqual(try JWT.verifyRS256(token, key: try key.publicKey)["iss"], .string("ACME.MLC.SHA256:x"))
        let other = try RSAPublicKey(der: der)
        XCTAssertEqual(other.fingerprint, key.publicKeyFingerprint)
        XCTAssertThrowsError(try JWT.verifyRS256(token.dropLast(2) + "AA", key: other))
    }

    func openssl(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "openssl \(arguments.joined(separator: " "))")
    }
}
