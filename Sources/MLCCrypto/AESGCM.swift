import CCrypto
import MLCCore

/// AES-256-GCM with a random 96-bit nonce. Sealed form: nonce (12) ‖ ciphertext ‖ tag (16).
public enum AESGCM {
    public static func seal(
        _ plaintext: [UInt8], key: [UInt8], aad: [UInt8] = [], nonce: [UInt8]? = nil
    ) throws -> [UInt8] {
        guard key.count == 32 else {
            throw MLCError(.crypto, "AES-256-GCM needs a 32-byte key, got \(key.count) bytes")
        }
        let iv = try nonce ?? Digest.randomBytes(12)
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openssl("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(iv.count), nil) == 1,
            EVP_EncryptInit_ex(ctx, nil, nil, key, iv) == 1
        else { throw CryptoError.openssl("AES-GCM init") }
        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw CryptoError.openssl("AES-GCM aad")
            }
        }
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var total: Int32 = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(ctx, &out, &length, plaintext, Int32(plaintext.count)) == 1 else {
                throw CryptoError.openssl("AES-GCM encrypt")
            }
            total = length
        }
        let ok = out.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(ctx, $0.baseAddress! + Int(total), &length) }
        guard ok == 1 else { throw CryptoError.openssl("AES-GCM final") }
        total += length
        var tag = [UInt8](repeating: 0, count: 16)
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1 else {
            throw CryptoError.openssl("AES-GCM tag")
        }
        return iv + out[0..<Int(total)] + tag
    }

    /// Opens a sealed box; a wrong key or any tampering fails authentication (never returns garbage).
    public static func open(_ sealed: [UInt8], key: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        guard key.count == 32 else {
            throw MLCError(.crypto, "AES-256-GCM needs a 32-byte key, got \(key.count) bytes")
        }
        guard sealed.count >= 28 else {
            throw MLCError(.crypto, "sealed data is too short (\(sealed.count) bytes) to be AES-GCM")
        }
        let iv = Array(sealed[0..<12])
        let body = Array(sealed[12..<(sealed.count - 16)])
        var tag = Array(sealed[(sealed.count - 16)...])
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openssl("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, nil) == 1,
            EVP_DecryptInit_ex(ctx, nil, nil, key, iv) == 1
        else { throw CryptoError.openssl("AES-GCM init") }
        var length: Int32 = 0
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw CryptoError.openssl("AES-GCM aad")
            }
        }
        var out = [UInt8](repeating: 0, count: body.count + 16)
        var total: Int32 = 0
        if !body.isEmpty {
            guard EVP_DecryptUpdate(ctx, &out, &length, body, Int32(body.count)) == 1 else {
                throw CryptoError.openssl("AES-GCM decrypt")
            }
            total = length
        }
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, &tag) == 1 else {
            throw CryptoError.openssl("AES-GCM tag")
        }
        let ok = out.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(ctx, $0.baseAddress! + Int(total), &length) }
        ERR_clear_error()
        guard ok == 1 else {
            throw MLCError(
                .crypto, "authentication failed: wrong key, or the data was tampered with",
                hint: "check the master key (MLC_MASTER_KEY or the key file) matches the one the data was sealed with")
        }
        return Array(out[0..<Int(total + length)])
    }
}
