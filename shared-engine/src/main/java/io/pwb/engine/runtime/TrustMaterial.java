package io.pwb.engine.runtime;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.Optional;

/**
 * The certificates a client of a platform API trusts: exactly those of a PEM CA bundle, or the trusted entries of a
 * JKS/PKCS12 trust store. Both are checked when read, so that an empty or unreadable source is a clear configuration
 * error naming the file rather than a PKIX failure at the first request. Errors never show a password.
 */
public final class TrustMaterial {

    private TrustMaterial() {
    }

    /** Trusts the certificates of a PEM (or DER) CA bundle. */
    public static SSLContext fromCaFile(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalStateException("no certificate in CA file " + caFile);
            }
            return trusting(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use CA file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Trusts the certificate entries of a JKS or PKCS12 trust store (the type is read from the file). A store read
     * without its password may show no certificates at all (keytool's PKCS12 stores encrypt them), so a store with
     * none is refused.
     *
     * @param password the store's password; empty to read it without one
     */
    public static SSLContext fromTrustStore(Path trustStore, Optional<String> password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(trustStore.toFile(), password.map(String::toCharArray).orElse(null));
        } catch (IOException | GeneralSecurityException e) {
            // KeyStore reports a wrong password as an IOException; say which file, never the password.
            throw new IllegalStateException("cannot read the trust store " + trustStore
                    + " (not JKS or PKCS12, or a wrong password): " + e.getMessage(), e);
        }
        try {
            if (certificateEntries(store) == 0) {
                throw new IllegalStateException("the trust store " + trustStore + " has no certificates"
                        + (password.isEmpty() ? "; is its password file set? (without its password a PKCS12 store"
                        + " shows none)" : ""));
            }
            return trusting(store);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    static int certificateEntries(KeyStore store) throws GeneralSecurityException {
        int n = 0;
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                n++;
            }
        }
        return n;
    }

    private static SSLContext trusting(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
