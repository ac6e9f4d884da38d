import CCrypto
import MLCCore

/// An RSA private key from PKCS#8 PEM (`BEGIN PRIVATE KEY`, or `BEGIN ENCRYPTED PRIVATE KEY` with a
/// passphrase), for RS256 signatures (Snowflake key-pair JWT).
public final class RSAPrivateKey: @unchecked Sendable {
    let pkey: OpaquePointer

    public init(pem: [UInt8], passphrase: [UInt8]? = nil) throws {
        let text = String(decoding: pem, as: UTF8.self)
        guard text.contains("-----BEGIN") else {
            throw MLCError(
                .crypto, "the private key is not PEM",
                hint:
                    "expected a PKCS#8 file starting with -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----"
            )
        }
        let encrypted = text.contains("BEGIN ENCRYPTED PRIVATE KEY")
        if encrypted && (passphrase?.isEmpty ?? true) {
            throw MLCError(
                .crypto, "the private key is encrypted and no passphrase was given",
                hint: "add a passphrase reference, e.g. {\"env\": \"MLC_KEY_PASS\"}")
        }
        // An empty passphrase string stops OpenSSL from prompting on a terminal.
        var pass: [CChar] = (passphrase ?? []).map { CChar(bitPattern: $0) } + [0]
        // A memory BIO borrows the bytes: read the key while they are guaranteed alive.
        let key: OpaquePointer? = try pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else {
                throw CryptoError.openssl("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return pass.withUnsafeMutableBytes { PEM_read_bio_PrivateKey(bio, nil, nil, $0.baseAddress) }
        }
        guard let key else {
            ERR_clear_error()
            throw MLCError(
                .crypto,
                encrypted
                    ? "cannot decrypt the private key: wrong passphrase, or the key is damaged"
                    : "cannot read the private key: malformed PEM",
                hint: encrypted
                    ? "check the passphrase secret"
                    : "export it with `openssl pkcs8 -topk8 -in key.pem -out key.p8 -nocrypt`")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw MLCError(
                .crypto, "the private key is not an RSA key",
                hint: "Snowflake key-pair auth needs RSA (2048 bits or more)")
        }
        pkey = key
    }

    deinit { EVP_PKEY_free(pkey) }

    /// RSASSA-PKCS1-v1_5 with SHA-256 (JWT "RS256").
    public func signRS256(_ message: [UInt8]) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError.openssl("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else { throw CryptoError.openssl("sign init") }
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, message, message.count) == 1 else { throw CryptoError.openssl("sign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &signature, &length, message, message.count) == 1 else {
            throw CryptoError.openssl("sign")
        }
        return Array(signature[0..<length])
    }

    /// The public key as DER SubjectPublicKeyInfo.
    public var publicKeyDER: [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        let n = i2d_PUBKEY(pkey, &buffer)
        guard n > 0, let buffer else { return [] }
        defer { CRYPTO_free(buffer, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(n)))
    }

    /// `SHA256:<base64 of SHA-256 of the public key DER>`, as Snowflake shows in `RSA_PUBLIC_KEY_FP`.
    public var publicKeyFingerprint: String { "SHA256:" + Base64.encode(Digest.sha256(publicKeyDER)) }

    public var publicKey: RSAPublicKey { get throws { try RSAPublicKey(der: publicKeyDER) } }
}

/// An RSA public key (DER SubjectPublicKeyInfo or PEM `BEGIN PUBLIC KEY`) to verify RS256 signatures.
public final class RSAPublicKey: @unchecked Sendable {
    let pkey: OpaquePointer

    public init(der: [UInt8]) throws {
        var p: UnsafePointer<UInt8>? = nil
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buf in
            p = buf.baseAddress
            return d2i_PUBKEY(nil, &p, buf.count)
        }
        guard let key else {
            ERR_clear_error()
            throw MLCError(.crypto, "malformed public key DER")
        }
        pkey = key
    }

    public convenience init(pem: String) throws {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        try self.init(der: try Base64.decode(body))
    }

    deinit { EVP_PKEY_free(pkey) }

    public func verifyRS256(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(ctx)
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else { return false }
        return EVP_DigestVerify(ctx, signature, signature.count, message, message.count) == 1
    }

    public var fingerprint: String {
        var buffer: UnsafeMutablePointer<UInt8>?
        let n = i2d_PUBKEY(pkey, &buffer)
        guard n > 0, let buffer else { return "" }
        defer { CRYPTO_free(buffer, #fileID, #line) }
        return "SHA256:" + Base64.encode(Digest.sha256(Array(UnsafeBufferPointer(start: buffer, count: Int(n)))))
    }
}
