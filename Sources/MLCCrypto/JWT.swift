import MLCCore

/// Compact JWS with RS256 (RFC 7515/7519): header and claims as JSON, base64url, signed.
public enum JWT {
    public static func signRS256(claims: JSON, key: RSAPrivateKey) throws -> String {
        let header: JSON = ["alg": "RS256", "typ": "JWT"]
        let signingInput =
            Base64.url(Array(header.serialized().utf8)) + "." + Base64.url(Array(claims.serialized().utf8))
        return signingInput + "." + Base64.url(try key.signRS256(Array(signingInput.utf8)))
    }

    /// Verifies the signature and returns the claims.
    public static func verifyRS256(_ token: String, key: RSAPublicKey) throws -> JSON {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw MLCError(.auth, "a JWT has three dot-separated parts, this has \(parts.count)")
        }
        guard key.verifyRS256(try Base64.decode(String(parts[2])), for: Array("\(parts[0]).\(parts[1])".utf8)) else {
            throw MLCError(.auth, "JWT signature does not verify with the given public key")
        }
        let header = try JSONParser.parse(try Base64.decode(String(parts[0])))
        guard header["alg"]?.stringValue == "RS256" else { throw MLCError(.auth, "JWT alg is not RS256") }
        return try JSONParser.parse(try Base64.decode(String(parts[1])))
    }
}
