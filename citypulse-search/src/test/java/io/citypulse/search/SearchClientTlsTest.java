package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a private CA: a local HTTPS server whose self-signed certificate (made by the JDK's
 * keytool for 127.0.0.1) is trusted through {@link SearchClient.Options#caCertificate()}, and
 * refused with a clear message when it is not.
 */
class SearchClientTlsTest {
  private static final char[] PASSWORD = "test-only".toCharArray();

  @TempDir
  static Path dir;

  private static HttpsServer server;
  private static Path caPem;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    caPem = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        new String(PASSWORD));
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "node",
        "-keystore",
        keystore.toString(),
        "-storepass",
        new String(PASSWORD),
        "-file",
        caPem.toString());

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      byte[] body =
          "{\"cluster_name\":\"tls\",\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}"
              .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static URI uri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void aClusterWhoseCaIsGivenIsTrusted() {
    SearchClient client = new SearchClient(
        uri(),
        Credentials.none(),
        new SearchClient.Options(Duration.ofSeconds(5), Duration.ofSeconds(5), caPem));
    assertThat(client.info().clusterName()).isEqualTo("tls");
  }

  @Test
  void anUnknownCaIsRefusedWithAHintAtTheTruststore() {
    SearchClient client = new SearchClient(uri(), Credentials.basic("u", "tls-secret"));
    assertThatThrownBy(client::info)
        .isInstanceOfSatisfying(
            SearchException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("javax.net.ssl.trustStore")
        .hasMessageNotContaining("tls-secret");
  }

  @Test
  void aCaFileWithoutCertificatesIsAConfigurationError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> new SearchClient(
            uri(),
            Credentials.none(),
            new SearchClient.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), empty)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty.pem");
  }
}
