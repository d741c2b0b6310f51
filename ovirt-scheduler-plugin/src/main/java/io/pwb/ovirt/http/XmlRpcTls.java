package io.pwb.ovirt.http;

import io.pwb.engine.runtime.SecretFile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.Locale;

/**
 * TLS for the external-scheduler endpoint: the server certificate and key from a key store file, its password from
 * another file. The type follows the extension: {@code .p12}/{@code .pfx} is PKCS12, {@code .jks} is JKS.
 * {@link #toString()} never shows the password.
 */
public record XmlRpcTls(Path keyStoreFile, Path keyStorePasswordFile) {

    public XmlRpcTls {
        if (keyStoreFile == null) {
            throw new IllegalArgumentException("a TLS key store file is required");
        }
        if (keyStorePasswordFile == null) {
            throw new IllegalArgumentException("a TLS key store needs a password file (key-store-password-file)");
        }
        type(keyStoreFile);
    }

    /** {@code PKCS12} or {@code JKS}, from the file name. */
    public static String type(Path keyStoreFile) {
        String name = keyStoreFile.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return "PKCS12";
        }
        if (name.endsWith(".jks")) {
            return "JKS";
        }
        throw new IllegalArgumentException("cannot tell the key store type of " + keyStoreFile
                + ": name it .p12 or .pfx (PKCS12) or .jks (JKS)");
    }

    /**
     * Reads and checks the key store (so a wrong password or a store without a key is reported here, clearly, rather
     * than as a handshake failure later) and turns the options into an HTTPS listener.
     */
    void applyTo(HttpServerOptions options) throws IOException {
        byte[] bytes = Files.readAllBytes(keyStoreFile);
        String password = SecretFile.read(keyStorePasswordFile);
        String type = type(keyStoreFile);
        KeyStore loaded;
        try {
            loaded = KeyStore.getInstance(type);
            loaded.load(new ByteArrayInputStream(bytes), password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the " + type + " key store " + keyStoreFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException; say which file, never the password.
            throw new IOException("cannot open the " + type + " key store " + keyStoreFile
                    + " (wrong password or not a " + type + " file): " + e.getMessage(), e);
        }
        if (!hasPrivateKey(loaded)) {
            throw new IOException("the key store " + keyStoreFile + " holds no private key");
        }
        KeyStoreOptionsBase store = "JKS".equals(type) ? new JksOptions() : new PfxOptions();
        store.setValue(Buffer.buffer(bytes)).setPassword(password);
        options.setSsl(true).setKeyCertOptions(store);
    }

    private static boolean hasPrivateKey(KeyStore store) throws IOException {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "XmlRpcTls[keyStoreFile=" + keyStoreFile + ", keyStorePasswordFile=" + keyStorePasswordFile + "]";
    }
}
