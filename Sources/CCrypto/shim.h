#ifndef MLC_CCRYPTO_SHIM_H
#define MLC_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/rsa.h>

// BIO_get_mem_data is a macro.
static inline long mlc_bio_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
#endif
